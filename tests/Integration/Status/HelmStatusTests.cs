using KPops.Engine.Status;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Status;

/// <summary>The status of releases and their workloads with helm 3.</summary>
public sealed class HelmStatusHelm3Tests(TestWorldFixture fixture, ITestOutputHelper output) : HelmStatusTests(fixture, output, 3), IClassFixture<TestWorldFixture>;

/// <summary>The status of releases and their workloads with helm 4.</summary>
public sealed class HelmStatusHelm4Tests(TestWorldFixture fixture, ITestOutputHelper output) : HelmStatusTests(fixture, output, 4), IClassFixture<TestWorldFixture>;

/// <summary>
/// The status flow where helm is involved, run with both helm majors: a freshly deployed pipeline is InSync in every
/// resource of every component type; uninstalled releases, values changed by hand, failed Jobs and deleted
/// Deployments are reported.
/// </summary>
public abstract class HelmStatusTests(TestWorldFixture fixture, ITestOutputHelper output, int helmMajor) : StatusTest(fixture, output, helmMajor)
{
    [DoubleOnlyFact]
    public async Task A_deployed_pipeline_is_InSync_in_every_resource()
    {
        var pipeline = Load();
        await DeployAsync(pipeline);

        var report = await CheckAsync(pipeline);

        Assert.Empty(report.Problems);
        // The status of every release comes from one helm list of the namespace (its flags depend on the helm version);
        // values and manifest are read per release.
        Assert.Equal(["get manifest", "get values", "list", "version"], LastHelmCommands.Order());
        Assert.Equal(1, LastHelmCommandCounts["list"]);
        Assert.Equal(LastHelmCommandCounts["get values"], LastHelmCommandCounts["get manifest"]);
        var expected = new List<(string, StatusKind, string)>
        {
            ("producer", StatusKind.HelmRelease, Full("producer")),
            ("producer", StatusKind.Workload, $"Job/{Full("producer")}"),
            ("producer", StatusKind.Topic, Topic("producer")),
            ("producer", StatusKind.Subject, Topic("producer") + "-value"),
            ("cron-producer", StatusKind.HelmRelease, Full("cron-producer")),
            ("cron-producer", StatusKind.Workload, $"CronJob/{Full("cron-producer")}"),
            ("cron-producer", StatusKind.Topic, Topic("cron-producer")),
            ("cron-producer", StatusKind.Topic, Topic("cron-producer-audit")),
            ("streams", StatusKind.HelmRelease, Full("streams")),
            ("streams", StatusKind.Workload, $"Deployment/{Full("streams")}"),
            ("streams", StatusKind.Topic, Topic("streams")),
            ("streams", StatusKind.Topic, Topic("streams-totals")),
            ("streams", StatusKind.Topic, Topic("streams-error")),
            ("streams", StatusKind.ConsumerGroup, Topic("streams")),
            ("consumer", StatusKind.HelmRelease, Full("consumer")),
            ("consumer", StatusKind.Workload, $"Deployment/{Full("consumer")}"),
            ("consumer", StatusKind.ConsumerGroup, Topic("consumer")),
            ("web", StatusKind.HelmRelease, Full("web")),
            ("web", StatusKind.Workload, $"Deployment/{Full("web")}"),
            ("sink", StatusKind.Connector, Full("sink")),
            ("sink", StatusKind.ConsumerGroup, "connect-" + Full("sink")),
            ("source", StatusKind.Topic, Topic("source")),
            ("source", StatusKind.Connector, Full("source")),
        };
        Assert.Equal(expected.Order(), report.Results.Select(r => (r.Component, r.Kind, r.Resource)).Order());

        var release = report.One("streams", StatusKind.HelmRelease);
        Assert.Equal(1, release.Details["Revision"]);
        Assert.Equal("streams-app-3.6.1", release.Details["Chart"]);
        Assert.Equal("deployed", release.Details["ReleaseStatus"]);
        Assert.Null(release.Diff);
        Assert.Equal("Complete", report.One("producer", StatusKind.Workload).Details["State"]);
        Assert.Equal("Ready", report.One("streams", StatusKind.Workload).Details["State"]);
        var topic = report.One("producer", StatusKind.Topic);
        Assert.Equal(3, topic.Details["Partitions"]);
        Assert.Equal("RUNNING", report.One("sink", StatusKind.Connector).Details["State"]);
        Assert.Null(report.One("consumer", StatusKind.ConsumerGroup).Details["Lag"]);
        foreach (var component in pipeline.Components)
        {
            var summary = ComponentStatus.Of(component, report.Of(component.Name));
            Assert.Equal(ResourceStatus.InSync, summary.Status);
            Assert.Empty(summary.Problems);
        }
    }

    [DoubleOnlyFact]
    public async Task An_uninstalled_release_is_Missing_and_the_component_s_other_resources_are_still_checked()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "streams");
        (await World.Helm(HelmMajor).RunAsync("uninstall", Full("streams"), "--namespace", Namespace)).EnsureSuccess();

        var report = await CheckAsync(pipeline, null, "streams");

        var release = report.One("streams", StatusKind.HelmRelease);
        Assert.Equal(ResourceStatus.Missing, release.Status);
        Assert.Equal($"Release {Full("streams")} is not installed in {Namespace}.", release.Reason);
        Assert.DoesNotContain(report.Results, r => r.Kind == StatusKind.Workload);
        Assert.Equal(3, report.Results.Count(r => r.Kind == StatusKind.Topic && r.Status == ResourceStatus.InSync));
        // Without the app its consumer group is missing too, not InSync for having no offsets.
        var group = report.One("streams", StatusKind.ConsumerGroup);
        Assert.Equal(ResourceStatus.Missing, group.Status);
        var summary = ComponentStatus.Of(pipeline.Find("streams")!, report.Results);
        Assert.Equal(ResourceStatus.Missing, summary.Status);
        Assert.Equal([$"HelmRelease {Full("streams")}: Missing — {release.Reason}", $"ConsumerGroup {group.Resource}: Missing — {group.Reason}"],
            summary.Problems);
    }

    [DoubleOnlyFact]
    public async Task Release_values_changed_behind_our_back_are_Drifted_with_a_values_diff()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "streams");
        (await World.Helm(HelmMajor).RunAsync("upgrade", Full("streams"), "streams-app", "--repo", World.ChartRepositoryUrl, "--version", "3.6.1",
            "--namespace", Namespace, "--reuse-values", "--set", "replicaCount=2", "--set", @"kafka.config.processing\.guarantee=at_least_once", "--wait")).EnsureSuccess();

        var report = await CheckAsync(pipeline, null, "streams");

        var release = report.One("streams", StatusKind.HelmRelease);
        Assert.Equal(ResourceStatus.Drifted, release.Status);
        Assert.Equal("Its values differ from the pipeline.", release.Reason);
        Assert.Equal(2, release.Details["Revision"]);
        Assert.Equal("deployed", release.Details["ReleaseStatus"]);
        var diff = Assert.IsType<string>(release.Diff).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["~ kafka.config.processing.guarantee: at_least_once → exactly_once_v2", "- replicaCount: 2"], diff);
        // The workload follows the release: it is ready, with the replicas set by hand.
        var workload = report.One("streams", StatusKind.Workload);
        Assert.Equal(ResourceStatus.InSync, workload.Status);
        Assert.Equal(2, workload.Details["Desired"]);
        Assert.Equal(ResourceStatus.Drifted, ComponentStatus.Of(pipeline.Find("streams")!, report.Results).Status);
    }

    [DoubleOnlyFact]
    public async Task A_failed_producer_Job_is_a_Degraded_workload()
    {
        var pipeline = Load();
        D.Kubernetes.SetJobOutcome($"^{Full("producer")}$", JobOutcome.Failed);

        // helm 3's --wait leaves Jobs alone; helm 4's waits for them, so there the upgrade fails and the release with it.
        var failed = await TryDeployAsync(pipeline, "producer");
        Assert.Equal(HelmMajor == 4, failed is not null);
        if (failed is not null) Assert.Contains($"Job/{Namespace}/{Full("producer")} not ready", failed.Error.Message, StringComparison.Ordinal);

        var report = await CheckAsync(pipeline, null, "producer");

        var job = report.One("producer", StatusKind.Workload, $"Job/{Full("producer")}");
        Assert.Equal(ResourceStatus.Degraded, job.Status);
        Assert.Equal("Failed", job.Details["State"]);
        Assert.StartsWith("Failed: 0/1 ready; ", job.Reason, StringComparison.Ordinal);
        Assert.Contains("BackoffLimitExceeded", job.Reason, StringComparison.Ordinal);
        var release = report.One("producer", StatusKind.HelmRelease);
        if (HelmMajor == 4)
        {
            Assert.Equal(ResourceStatus.Degraded, release.Status);
            Assert.Equal("The release is failed.", release.Reason);
            Assert.Equal("failed", release.Details["ReleaseStatus"]);
        }
        else
        {
            Assert.Equal(ResourceStatus.InSync, release.Status);
        }
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.Topic).Status);
        Assert.Equal(ResourceStatus.Degraded, ComponentStatus.Of(pipeline.Find("producer")!, report.Results).Status);
    }

    [DoubleOnlyFact]
    public async Task A_deleted_Deployment_is_a_Missing_workload_of_a_release_that_is_still_installed()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "web");
        Assert.True(D.Kubernetes.Delete("apps/v1", "Deployment", Namespace, Full("web")));

        var report = await CheckAsync(pipeline, null, "web");

        var deployment = report.One("web", StatusKind.Workload);
        Assert.Equal($"Deployment/{Full("web")}", deployment.Resource);
        Assert.Equal(ResourceStatus.Missing, deployment.Status);
        Assert.Equal($"Deployment/{Full("web")} is part of the release but does not exist.", deployment.Reason);
        Assert.Equal(ResourceStatus.InSync, report.One("web", StatusKind.HelmRelease).Status);
        Assert.Equal(ResourceStatus.Missing, ComponentStatus.Of(pipeline.Find("web")!, report.Results).Status);
    }

    [DoubleOnlyFact]
    public async Task A_failing_Kubernetes_API_makes_the_release_Unknown_while_topics_and_subjects_are_still_checked()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "producer");
        // Every request refused with 503 (RefuseConnections works too, but client-go retries reset connections for 10 s).
        D.Kubernetes.Faults.Add(new FaultRule { Status = 503, Times = int.MaxValue, Message = "the API server is down for maintenance" });

        var report = await CheckAsync(pipeline, null, "producer");

        var release = report.One("producer", StatusKind.HelmRelease);
        Assert.Equal(ResourceStatus.Unknown, release.Status);
        Assert.Contains("helm history failed", release.Reason, StringComparison.Ordinal);
        Assert.Contains("cluster unreachable: the server is currently unable to handle the request", release.Reason, StringComparison.OrdinalIgnoreCase);   // helm 3 capitalises "Kubernetes"
        Assert.DoesNotContain(report.Results, r => r.Kind == StatusKind.Workload);
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.Topic).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.Subject).Status);
        Assert.Equal(ResourceStatus.Unknown, ComponentStatus.Of(pipeline.Find("producer")!, report.Results).Status);
    }

    [DoubleOnlyFact]
    public async Task A_workload_that_cannot_be_read_is_Unknown_and_the_release_keeps_its_own_status()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "web");
        // helm reads its release records (Secrets); only the read of the Deployment fails.
        D.Kubernetes.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^/apis/apps/v1/namespaces/[^/]+/deployments/", Status = 403, Times = int.MaxValue, Message = "deployments are off limits" });

        var report = await CheckAsync(pipeline, null, "web");

        var release = report.One("web", StatusKind.HelmRelease);
        Assert.Equal(ResourceStatus.InSync, release.Status);
        var workload = report.One("web", StatusKind.Workload);
        Assert.Equal($"Deployment/{Full("web")}", workload.Resource);
        Assert.Equal(ResourceStatus.Unknown, workload.Status);
        Assert.Contains("deployments are off limits", workload.Reason, StringComparison.Ordinal);
        Assert.Equal(ResourceStatus.Unknown, ComponentStatus.Of(pipeline.Find("web")!, report.Results).Status);
    }

    [DoubleOnlyFact]
    public async Task When_the_release_manifest_cannot_be_read_its_workloads_are_Unknown_and_the_release_keeps_its_own_status()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "web");
        // helm history, get values and get manifest each list the release's Secrets once (helm 3 and 4): fail the third.
        D.Kubernetes.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/secrets$", Nth = 3, Status = 403, Message = "secrets are off limits" });

        var report = await CheckAsync(pipeline, null, "web");

        Assert.Equal(ResourceStatus.InSync, report.One("web", StatusKind.HelmRelease).Status);
        var workloads = report.One("web", StatusKind.Workload);
        Assert.Equal("?", workloads.Resource);
        Assert.Equal(ResourceStatus.Unknown, workloads.Status);
        Assert.StartsWith($"The workloads of release {Full("web")} are not known: [Helm] helm get manifest failed", workloads.Reason, StringComparison.Ordinal);
        Assert.Contains("secrets are off limits", workloads.Reason, StringComparison.Ordinal);
    }
}
