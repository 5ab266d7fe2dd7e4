using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KPops.TestWorld.Kubernetes;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>The simulated controllers, observed through KubernetesClient and the state API.</summary>
public sealed class ControllerTests : IClassFixture<KubernetesFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly KubernetesFixture _fixture;

    public ControllerTests(KubernetesFixture fixture)
    {
        _fixture = fixture;
        fixture.Kube.Reset();
    }

    private IKubernetes Client => _fixture.Client;

    private KubernetesDouble Kube => _fixture.Kube;

    [Fact]
    public async Task A_deployment_gets_a_controlled_replicaset_and_a_finished_rollout()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesClientTests.Deployment("d", ("app", "app:1")), "default");

        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("d", "default");
        var replicaSet = Assert.Single((await Client.AppsV1.ListNamespacedReplicaSetAsync("default", labelSelector: "app=d")).Items);
        var owner = Assert.Single(replicaSet.Metadata.OwnerReferences);
        Assert.Equal(created.Metadata.Uid, owner.Uid);
        Assert.True(owner.Controller);
        Assert.Equal($"d-{replicaSet.Metadata.Labels["pod-template-hash"]}", replicaSet.Metadata.Name);
        Assert.Equal(1, replicaSet.Status.ReadyReplicas);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);
        Assert.Equal((1, 1, 1), (deployment.Status.UpdatedReplicas, deployment.Status.ReadyReplicas, deployment.Status.AvailableReplicas));
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Available", Status: "True" });
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Progressing", Status: "True", Reason: "NewReplicaSetAvailable" });
    }

    [Fact]
    public async Task A_template_change_rolls_to_a_new_replicaset_and_scales_the_old_one_down()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesClientTests.Deployment("d", ("app", "app:1")), "default");

        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "d", "default");

        var replicaSets = (await Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items;
        Assert.Equal(2, replicaSets.Count);
        Assert.Equal(1, replicaSets.Single(rs => rs.Spec.Template.Spec.Containers[0].Image == "app:2").Spec.Replicas);
        Assert.Equal(0, replicaSets.Single(rs => rs.Spec.Template.Spec.Containers[0].Image == "app:1").Spec.Replicas);
    }

    [Fact]
    public async Task A_statefulset_gets_bound_claims_per_template_and_replica_labelled_with_its_selector()
    {
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("s", replicas: 2), "default");

        var claims = (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("default", labelSelector: "app=s")).Items;
        Assert.Equal(["datadir-s-0", "datadir-s-1"], claims.Select(c => c.Metadata.Name));
        Assert.All(claims, c => Assert.Equal("Bound", c.Status.Phase));
        Assert.All(claims, c => Assert.Equal("1Gi", c.Status.Capacity["storage"].ToString()));
    }

    [Fact]
    public async Task A_statefulset_reports_all_replicas_ready_on_one_revision()
    {
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("s", replicas: 2), "default");

        var set = await Client.AppsV1.ReadNamespacedStatefulSetAsync("s", "default");

        Assert.Equal("RollingUpdate", set.Spec.UpdateStrategy.Type);
        Assert.Equal((2, 2, 2), (set.Status.Replicas, set.Status.ReadyReplicas, set.Status.UpdatedReplicas));
        Assert.Equal(set.Status.CurrentRevision, set.Status.UpdateRevision);
        Assert.Equal(set.Metadata.Generation, set.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Claims_outlive_their_statefulset()
    {
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("s", replicas: 1), "default");

        await Client.AppsV1.DeleteNamespacedStatefulSetAsync("s", "default");

        Assert.Equal("datadir-s-0", Assert.Single((await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("default")).Items).Metadata.Name);
    }

    [Fact]
    public async Task A_job_gets_the_api_server_defaults()
    {
        var job = await Client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default");

        Assert.Equal((6, 1, 1), (job.Spec.BackoffLimit, job.Spec.Completions, job.Spec.Parallelism));
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
    }

    [Fact]
    public async Task A_job_runs_a_pod_then_completes()
    {
        var job = await Client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default");

        await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);
        var pod = Assert.Single((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=j")).Items);
        Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["controller-uid"]);
        Assert.Equal(job.Metadata.Uid, Assert.Single(pod.Metadata.OwnerReferences).Uid);
        Assert.Equal("Succeeded", pod.Status.Phase);
        var read = await Client.BatchV1.ReadNamespacedJobAsync("j", "default");
        Assert.Equal(1, read.Status.Succeeded);
        Assert.NotNull(read.Status.StartTime);
        Assert.Contains(read.Status.Conditions, c => c is { Type: "Complete", Status: "True" });
    }

    [Fact]
    public async Task A_job_pod_logs_its_args_and_env_by_default()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("j", args: ["clean"], env: ("APP_OUTPUT_TOPIC", "out")), "default");
        await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);
        var pod = Assert.Single((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=j")).Items);

        using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, "default");
        var log = await new StreamReader(stream).ReadToEndAsync();

        Assert.Contains("args: clean", log);
        Assert.Contains("env: APP_OUTPUT_TOPIC=out", log);
        Assert.Contains("finished successfully", log);
    }

    [Fact]
    public async Task A_job_chosen_to_fail_exhausts_its_backoff_limit_and_logs_the_given_text()
    {
        Kube.SetJobOutcome("^bad-", JobOutcome.Failed, "boom: topic not found");

        await Client.BatchV1.CreateNamespacedJobAsync(Job("bad-job"), "default");

        await Kube.WaitForAsync("batch/v1", "Job", "default", "bad-job", j => j["status"]?["failed"] is not null, Timeout);
        var job = await Client.BatchV1.ReadNamespacedJobAsync("bad-job", "default");
        Assert.Equal(7, job.Status.Failed);
        Assert.Contains(job.Status.Conditions, c => c is { Type: "Failed", Status: "True", Reason: "BackoffLimitExceeded" });
        var pod = Assert.Single((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=bad-job")).Items);
        Assert.Equal("Failed", pod.Status.Phase);
        Assert.Equal("boom: topic not found", Kube.ReadPodLog("default", pod.Metadata.Name));
    }

    [Fact]
    public async Task The_outcome_annotation_wins_over_rules()
    {
        Kube.SetJobOutcome(".*", JobOutcome.Failed);
        var job = Job("j");
        job.Metadata.Annotations = new Dictionary<string, string> { [KubernetesDouble.JobOutcomeAnnotation] = "Succeeded" };

        await Client.BatchV1.CreateNamespacedJobAsync(job, "default");

        var done = await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null || j["status"]?["failed"] is not null, Timeout);
        Assert.Equal(1, done["status"]!["succeeded"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_running_job_stays_active()
    {
        Kube.SetJobOutcome("^forever$", JobOutcome.Running);

        await Client.BatchV1.CreateNamespacedJobAsync(Job("forever"), "default");
        await Task.Delay(Kube.JobDuration * 4);

        var job = await Client.BatchV1.ReadNamespacedJobAsync("forever", "default");
        Assert.Equal(1, job.Status.Active);
        Assert.Null(job.Status.CompletionTime);
        Assert.Null(job.Status.Conditions);
    }

    [Fact]
    public async Task JobFinished_is_raised_with_the_job_and_its_outcome()
    {
        var finished = new TaskCompletionSource<JobFinishedEventArgs>();
        Kube.JobFinished += (_, e) => finished.TrySetResult(e);
        Kube.SetJobOutcome("^j$", JobOutcome.Failed);

        await Client.BatchV1.CreateNamespacedJobAsync(Job("j", args: ["reset"]), "default");

        var e = await finished.Task.WaitAsync(Timeout);
        Assert.Equal(("default", "j", JobOutcome.Failed), (e.Namespace, e.Name, e.Outcome));
        Assert.Equal("reset", e.Job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task JobFinished_handlers_run_before_anyone_can_see_the_job_finished()
    {
        JsonNode? storedStatusSeenByHandler = null;
        void OnFinished(object? sender, JobFinishedEventArgs e)
        {
            storedStatusSeenByHandler = Kube.Get("batch/v1", "Job", "default", "j")!["status"]!.DeepClone();
            Assert.NotNull(e.Job["status"]!["completionTime"]);
        }
        Kube.JobFinished += OnFinished;
        try
        {
            await Client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default");

            await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);
            Assert.NotNull(storedStatusSeenByHandler);
            Assert.Null(storedStatusSeenByHandler["completionTime"]);
            Assert.Empty(Kube.ControllerErrors);
        }
        finally
        {
            Kube.JobFinished -= OnFinished;
        }
    }

    [Fact]
    public async Task A_throwing_JobFinished_handler_neither_stops_the_job_nor_the_other_handlers()
    {
        var others = 0;
        void Throwing(object? sender, JobFinishedEventArgs e) => throw new InvalidOperationException("handler bug");
        void Counting(object? sender, JobFinishedEventArgs e) => Interlocked.Increment(ref others);
        Kube.JobFinished += Throwing;
        Kube.JobFinished += Counting;
        try
        {
            await Client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default");

            await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);
            Assert.Equal(1, others);
            Assert.Equal("handler bug", Assert.Single(Kube.ControllerErrors).Message);
        }
        finally
        {
            Kube.JobFinished -= Throwing;
            Kube.JobFinished -= Counting;
        }
    }

    [Fact]
    public async Task Finished_jobs_are_deleted_after_their_ttl_when_enabled()
    {
        Kube.DeleteFinishedJobsAfterTtl = true;
        Kube.TtlScale = 0.001;
        var job = Job("j");
        job.Spec.TtlSecondsAfterFinished = 30;

        await Client.BatchV1.CreateNamespacedJobAsync(job, "default");

        await WaitUntilAsync(() => Kube.Get("batch/v1", "Job", "default", "j") is null);
        await WaitUntilAsync(() => Kube.List("v1", "Pod", "default").Count == 0);
    }

    [Fact]
    public async Task Finished_jobs_stay_by_default()
    {
        var job = Job("j");
        job.Spec.TtlSecondsAfterFinished = 0;

        await Client.BatchV1.CreateNamespacedJobAsync(job, "default");
        await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);
        await Task.Delay(100);

        Assert.NotNull(Kube.Get("batch/v1", "Job", "default", "j"));
    }

    [Fact]
    public async Task A_service_gets_a_cluster_ip_that_survives_updates()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        };
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");

        var replaced = await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "svc", "default");

        Assert.StartsWith("10.96.", created.Spec.ClusterIP);
        Assert.Equal(created.Spec.ClusterIP, replaced.Spec.ClusterIP);
        Assert.Equal("TCP", replaced.Spec.Ports[0].Protocol);
    }

    [Fact]
    public async Task A_custom_resource_definition_makes_its_kind_served()
    {
        Kube.Put(JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                     "versions":[{"name":"v1","served":true,"storage":true}]}}
            """)!.AsObject());

        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = "example.com/v1", kind = "Widget", metadata = new { name = "w" }, spec = new { size = 3 } }, "example.com", "v1", "default", "widgets");

        var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com");
        Assert.Contains(crd.Status.Conditions, c => c is { Type: "Established", Status: "True" });
        Assert.Equal(3, Kube.Get("example.com/v1", "Widget", "default", "w")!["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Controllers_stay_healthy()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesClientTests.Deployment("d", ("app", "app:1")), "default");
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(StatefulSet("s", replicas: 1), "default");
        await Client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default");
        await Kube.WaitForAsync("batch/v1", "Job", "default", "j", j => j["status"]?["completionTime"] is not null, Timeout);

        Assert.Empty(Kube.ControllerErrors);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    private static V1StatefulSet StatefulSet(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "app:1" }] },
            },
            VolumeClaimTemplates =
            [
                new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "datadir" },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = ["ReadWriteOnce"],
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                    },
                },
            ],
        },
    };

    private static V1Job Job(string name, string[]? args = null, params (string Name, string Value)[] env) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "OnFailure",
                    Containers = [new V1Container { Name = "job", Image = "tool:1", Args = args, Env = env.Select(e => new V1EnvVar { Name = e.Name, Value = e.Value }).ToList() }],
                },
            },
        },
    };
}
