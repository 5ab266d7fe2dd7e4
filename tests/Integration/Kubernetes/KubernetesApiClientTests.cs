using k8s;
using k8s.Models;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Kubernetes;
using KPops.Engine.Errors;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Kubernetes;

/// <summary>
/// <see cref="KubernetesApiClient"/> against the world's cluster. State is set up through a KubernetesClient of the
/// test's own, so the tests run against a real cluster too; what needs the double is guarded.
/// </summary>
public sealed class KubernetesApiClientTests : IClassFixture<ClusterWorld>, IAsyncLifetime, IDisposable
{
    private readonly ClusterWorld _world;
    private readonly string _namespace = ClusterWorld.NewNamespace();
    private readonly ClusterTestLog _log;
    private readonly KubernetesApiClient _client;

    public KubernetesApiClientTests(ClusterWorld world, ITestOutputHelper output)
    {
        _world = world;
        world.Reset();
        _log = new ClusterTestLog(output);
        _client = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = world.Kubeconfig, Context = world.Context }, _log);
    }

    private k8s.Kubernetes Raw => _world.Raw;

    private KubernetesDouble RequireDouble() => _world.RequireDouble();

    public Task InitializeAsync() => _world.CreateNamespaceAsync(_namespace);

    public Task DisposeAsync() => _world.DeleteNamespaceAsync(_namespace);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Persistent_volume_claims_are_listed_and_deleted_by_label_selector()
    {
        await CreateClaimAsync("data-b", "app.kubernetes.io/name=app");
        await CreateClaimAsync("data-a", "app.kubernetes.io/name=app");
        await CreateClaimAsync("other", "app.kubernetes.io/name=other");

        Assert.Equal(["data-a", "data-b"], await _client.ListPersistentVolumeClaimsAsync(_namespace, "app.kubernetes.io/name=app", default));
        Assert.True(await _client.DeletePersistentVolumeClaimAsync(_namespace, "data-a", default));
        Assert.False(await _client.DeletePersistentVolumeClaimAsync(_namespace, "data-a", default));
        Assert.Equal(["data-b"], await _client.ListPersistentVolumeClaimsAsync(_namespace, "app.kubernetes.io/name=app", default));
        Assert.Empty(await _client.ListPersistentVolumeClaimsAsync(_namespace, "app.kubernetes.io/name=none", default));
        Assert.Empty(await _client.ListPersistentVolumeClaimsAsync(ClusterWorld.NewNamespace(), "app.kubernetes.io/name=app", default));

        Assert.Contains(_log.Verboses, l => l == $"Kubernetes GET {_world.Server.TrimEnd('/')}/api/v1/namespaces/{_namespace}/persistentvolumeclaims?labelSelector=app.kubernetes.io%2Fname%3Dapp&watch=false -> 200");
        Assert.Contains(_log.Verboses, l => l == $"Kubernetes DELETE {_world.Server.TrimEnd('/')}/api/v1/namespaces/{_namespace}/persistentvolumeclaims/data-a -> 404");
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task The_claims_of_a_statefulset_are_found_by_its_name_label()
    {
        RequireDouble(); // the double's StatefulSet controller creates the claims at once
        var set = StatefulSet("kafka-streams", replicas: 2);
        set.Spec.VolumeClaimTemplates =
        [
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "datadir", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "kafka-streams" } },
                Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
            },
        ];
        await Raw.AppsV1.CreateNamespacedStatefulSetAsync(set, _namespace);

        var claims = await _client.ListPersistentVolumeClaimsAsync(_namespace, "app.kubernetes.io/name=kafka-streams", default);

        Assert.Equal(["datadir-kafka-streams-0", "datadir-kafka-streams-1"], claims);
    }

    [Fact]
    public async Task The_log_of_a_failed_jobs_newest_pod_is_returned_under_a_header()
    {
        const string job = "app-clean";
        await Raw.BatchV1.CreateNamespacedJobAsync(Job(job, "Failed", "cleaning output topics\nerror: topic deletion failed\n", "echo cleaning output topics; echo 'error: topic deletion failed'; exit 1"), _namespace);
        await WaitForJobAsync(job, j => j.Status?.Conditions?.Any(c => c is { Type: "Failed", Status: "True" }) == true);

        var logs = await _client.GetJobLogsAsync(_namespace, $"job-name={job}", default);

        Assert.Matches($"^==> pod {job}-\\S+ \\(job {job}, Failed\\) <==\n", logs);
        Assert.Contains("error: topic deletion failed\n", logs, StringComparison.Ordinal);
        Assert.Equal("", await _client.GetJobLogsAsync(_namespace, "job-name=none", default));
        Assert.Contains(_log.Verboses, l => l.StartsWith($"Kubernetes GET {_world.Server.TrimEnd('/')}/api/v1/namespaces/{_namespace}/pods/{job}-", StringComparison.Ordinal) && l.Contains("/log?tailLines=200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workloads_matching_a_selector_report_their_state()
    {
        var workloads = await CreateWorkloadsAsync();

        Assert.Equal(
            ["Deployment/web", "StatefulSet/store", "Job/job-done", "Job/job-failed", "Job/job-running", "CronJob/cron-off", "CronJob/cron-on"],
            workloads.Select(w => $"{w.Kind}/{w.Name}"));
        var byName = workloads.ToDictionary(w => w.Name);
        Assert.Equal(("Complete", 1, 1), (byName["job-done"].State, byName["job-done"].Desired, byName["job-done"].Ready));
        Assert.Equal("Failed", byName["job-failed"].State);
        Assert.Contains("BackoffLimitExceeded", byName["job-failed"].Message, StringComparison.Ordinal);
        Assert.Equal(new WorkloadStatus("CronJob", "cron-off", 0, 0, "Suspended", "the CronJob is suspended"), byName["cron-off"]);
        Assert.Equal("Scheduled", byName["cron-on"].State);
        Assert.Contains("schedule '0 3 * * *'", byName["cron-on"].Message, StringComparison.Ordinal);
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task Started_workloads_report_their_ready_replicas()
    {
        // The double's controllers start pods at once; on a real cluster they may still be starting.
        RequireDouble();
        var byName = (await CreateWorkloadsAsync()).ToDictionary(w => w.Name);

        Assert.Equal(new WorkloadStatus("Deployment", "web", 1, 1, "Ready", null), byName["web"]);
        Assert.Equal(new WorkloadStatus("StatefulSet", "store", 1, 1, "Ready", null), byName["store"]);
        Assert.Equal(("Running", 0), (byName["job-running"].State, byName["job-running"].Ready));
    }

    // Workloads of every kind and state, labelled kpops.test/suite=workloads, and one unrelated Deployment; read back by label.
    private async Task<IReadOnlyList<WorkloadStatus>> CreateWorkloadsAsync()
    {
        await Raw.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), _namespace);
        await Raw.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("store", replicas: 1), _namespace);
        await Raw.BatchV1.CreateNamespacedJobAsync(Job("job-done", "Succeeded", "done\n", "echo done"), _namespace);
        await Raw.BatchV1.CreateNamespacedJobAsync(Job("job-failed", "Failed", "boom\n", "exit 1"), _namespace);
        await Raw.BatchV1.CreateNamespacedJobAsync(Job("job-running", "Running", null, "sleep 3600"), _namespace);
        await Raw.BatchV1.CreateNamespacedCronJobAsync(CronJob("cron-on", suspend: false), _namespace);
        await Raw.BatchV1.CreateNamespacedCronJobAsync(CronJob("cron-off", suspend: true), _namespace);
        var unrelated = Deployment("unrelated");
        unrelated.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };
        unrelated.Spec.Selector.MatchLabels = unrelated.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };
        await Raw.AppsV1.CreateNamespacedDeploymentAsync(unrelated, _namespace);
        await WaitForJobAsync("job-done", j => j.Status?.Succeeded == 1);
        await WaitForJobAsync("job-failed", j => j.Status?.Conditions?.Any(c => c.Type == "Failed") == true);
        return await _client.GetWorkloadsAsync(_namespace, "kpops.test/suite=workloads", default);
    }

    [Fact]
    public async Task The_context_of_the_kubeconfig_chooses_the_cluster()
    {
        var (kubeconfig, closed) = _world.WriteKubeconfigWithClosedContext("kpops-good");
        await CreateClaimAsync("data", "app=ctx");
        using var good = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = kubeconfig, Context = "kpops-good" });
        using var current = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = kubeconfig });
        using var unknown = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = kubeconfig, Context = "kpops-nope" });

        Assert.Equal(["data"], await good.ListPersistentVolumeClaimsAsync(_namespace, "app=ctx", default));
        Assert.Equal(_world.Server.TrimEnd('/') + "/", good.Endpoint);

        var refused = await Assert.ThrowsAsync<ServiceException>(() => current.ListPersistentVolumeClaimsAsync(_namespace, "app=ctx", default));
        Assert.Equal(ErrorKind.ConnectionError, refused.Kind);
        Assert.Equal("KubernetesConnectionFailed", refused.ErrorId);
        Assert.Equal(closed + "/", refused.Endpoint);
        Assert.Equal(closed + "/", current.Endpoint);
        Assert.Contains("helm_config.context", refused.FullMessage, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<ServiceException>(() => unknown.ListPersistentVolumeClaimsAsync(_namespace, "app=ctx", default));
        Assert.Equal(ErrorKind.InvalidArgument, missing.Kind);
        Assert.Contains("kpops-nope", missing.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_named()
    {
        var path = Path.Combine(_world.Directory, "no-such-kubeconfig");
        using var client = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = path });

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.ListPersistentVolumeClaimsAsync(_namespace, "app=x", default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, client.Endpoint);
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task Refusals_carry_the_status_and_the_servers_message()
    {
        var kube = RequireDouble(); // the fault is injected into the double
        kube.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/persistentvolumeclaims$", Status = 403, Message = "persistentvolumeclaims is forbidden: User cannot list", Times = int.MaxValue });
        kube.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/apis/batch/v1/namespaces/.*/cronjobs$", Status = 500, Message = "etcd is sad" });

        var forbidden = await Assert.ThrowsAsync<ServiceException>(() => _client.ListPersistentVolumeClaimsAsync(_namespace, "app=x", default));
        var broken = await Assert.ThrowsAsync<ServiceException>(() => _client.GetWorkloadsAsync(_namespace, "app=x", default));

        Assert.Equal((ErrorKind.ServiceError, 403, "KubernetesRequestFailed"), (forbidden.Kind, forbidden.StatusCode, forbidden.ErrorId));
        Assert.Contains("persistentvolumeclaims is forbidden: User cannot list", forbidden.Message, StringComparison.Ordinal);
        Assert.Equal(_world.Server.TrimEnd('/') + "/", forbidden.Endpoint);
        Assert.NotNull(forbidden.Hint);
        Assert.Equal(500, broken.StatusCode);
        Assert.Contains("etcd is sad", broken.Message, StringComparison.Ordinal);
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task A_server_that_drops_connections_is_a_connection_error()
    {
        var kube = RequireDouble(); // the double refuses on request
        kube.Faults.RefuseConnections = true;

        var error = await Assert.ThrowsAsync<ServiceException>(() => _client.GetJobLogsAsync(_namespace, "job-name=x", default));

        Assert.Equal(ErrorKind.ConnectionError, error.Kind);
        Assert.Equal(_world.Server.TrimEnd('/') + "/", error.Endpoint);
    }

    private static readonly Dictionary<string, string> SuiteLabels = new() { ["kpops.test/suite"] = "workloads" };

    private async Task CreateClaimAsync(string name, string label)
    {
        var (key, value) = (label.Split('=')[0], label.Split('=')[1]);
        await Raw.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [key] = value } },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
        }, _namespace);
    }

    private async Task WaitForJobAsync(string name, Func<V1Job, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(_world.Kube is null ? 120 : 10);
        while (!condition(await Raw.BatchV1.ReadNamespacedJobAsync(name, _namespace)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {name} did not get there");
            await Task.Delay(50);
        }
    }

    private static V1Deployment Deployment(string name, int replicas = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(SuiteLabels) },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = PodTemplate(name, "sleep 3600", "Always"),
        },
    };

    private static V1StatefulSet StatefulSet(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(SuiteLabels) },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = PodTemplate(name, "sleep 3600", "Always"),
        },
    };

    // The outcome and log annotations steer the double; a real cluster runs the command.
    private static V1Job Job(string name, string outcome, string? log, string command) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string>(SuiteLabels),
            Annotations = log is null
                ? new Dictionary<string, string> { [KubernetesDouble.JobOutcomeAnnotation] = outcome }
                : new Dictionary<string, string> { [KubernetesDouble.JobOutcomeAnnotation] = outcome, [KubernetesDouble.JobLogAnnotation] = log },
        },
        Spec = new V1JobSpec { BackoffLimit = 0, Template = PodTemplate(name, command, "Never") },
    };

    private static V1CronJob CronJob(string name, bool suspend) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(SuiteLabels) },
        Spec = new V1CronJobSpec
        {
            Schedule = "0 3 * * *",
            Suspend = suspend,
            JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = PodTemplate(name, "echo nightly", "Never") } },
        },
    };

    private static V1PodTemplateSpec PodTemplate(string name, string command, string restartPolicy) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = "busybox:1.37", Command = ["sh", "-c", command] }],
        },
    };
}
