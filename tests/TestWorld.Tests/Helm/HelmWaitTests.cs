using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Kubernetes;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.Helm;

/// <summary><c>--wait</c> and <c>--wait-for-jobs</c> of real helm against the simulated controllers, once per helm version.</summary>
public abstract class HelmWaitTests(HelmWorldFixture world, string version, ITestOutputHelper output) : HelmTestBase(world, version, output)
{
    private static readonly string[] StatefulValues = ["--set", "statefulSet=true,persistence.enabled=true,persistence.size=1Gi"];

    [Fact]
    public async Task Wait_returns_once_the_deployment_is_rolled_out()
    {
        var mark = Mark();

        (await InstallAsync("rel", "generic-app", "--wait", "--timeout", "30s")).EnsureSuccess();

        var requests = RequestsSince(mark);
        if (IsHelm4)
        {
            // kstatus watches with WatchList; without the initial-events-end bookmark this would hang until the timeout.
            Assert.Contains(requests, r => r.Path == $"/apis/apps/v1/namespaces/{Namespace}/deployments" && r.Query!.Contains("sendInitialEvents=true", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(requests, r => r.Path == $"/apis/apps/v1/namespaces/{Namespace}/replicasets" && r.Method == "GET");
        }
        Assert.Equal([("1", "deployed")], ReleaseSecrets("rel"));
    }

    [Fact]
    public async Task Wait_returns_once_the_statefulset_is_ready_with_bound_claims()
    {
        (await InstallAsync("rel", "streams-app", [.. StatefulValues, "--wait", "--timeout", "30s"])).EnsureSuccess();

        var claim = Get("v1", "PersistentVolumeClaim", "datadir-rel-streams-app-0");
        Assert.NotNull(claim);
        Assert.Equal("Bound", claim["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("streams-app", claim["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal("rel", claim["metadata"]!["labels"]!["app.kubernetes.io/instance"]!.GetValue<string>());
    }

    [Fact]
    public async Task Uninstalling_a_statefulset_release_leaves_its_claims()
    {
        (await InstallAsync("rel", "streams-app", [.. StatefulValues, "--wait", "--timeout", "30s"])).EnsureSuccess();

        (await RunAsync("uninstall", "rel", "-n", Namespace)).EnsureSuccess();

        Assert.Null(Get("apps/v1", "StatefulSet", "rel-streams-app"));
        Assert.NotNull(Get("v1", "PersistentVolumeClaim", "datadir-rel-streams-app-0"));
    }

    [Fact]
    public async Task Wait_for_jobs_returns_once_the_job_completed()
    {
        (await InstallAsync("rel", "producer-app", "--wait", "--wait-for-jobs", "--timeout", "30s")).EnsureSuccess();

        var job = Get("batch/v1", "Job", "rel-producer-app")!;
        Assert.Equal(1, job["status"]!["succeeded"]!.GetValue<long>());
    }

    [Fact]
    public async Task Wait_for_jobs_fails_when_the_job_fails()
    {
        // Helm 4 gives up as soon as the Job is Failed; helm 3 keeps polling until the timeout.
        Kube.SetJobOutcome($"^{Namespace}-failing$", JobOutcome.Failed, "error: reset failed");

        var result = await InstallAsync("failing", "producer-app", "--set", $"fullnameOverride={Namespace}-failing",
            "--wait", "--wait-for-jobs", "--timeout", "3s");

        Assert.False(result.Succeeded);
        Assert.Equal([("1", "failed")], ReleaseSecrets("failing"));
        Assert.Contains(IsHelm4 ? "status: Failed, message: Job Failed. failed: 7/1" : "context deadline exceeded", result.StandardError);
    }

    [Fact]
    public async Task Wait_for_jobs_times_out_when_the_job_never_finishes()
    {
        Kube.SetJobOutcome($"^{Namespace}-forever$", JobOutcome.Running);

        var result = await InstallAsync("forever", "producer-app", "--set", $"fullnameOverride={Namespace}-forever",
            "--wait", "--wait-for-jobs", "--timeout", "3s");

        Assert.False(result.Succeeded);
        Assert.Contains("context deadline exceeded", result.StandardError);
        Assert.Equal(1, Get("batch/v1", "Job", $"{Namespace}-forever")!["status"]!["active"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_cleanup_job_tells_the_world_what_it_cleans()
    {
        var finished = new TaskCompletionSource<JobFinishedEventArgs>();
        void OnFinished(object? sender, JobFinishedEventArgs e)
        {
            if (e.Namespace == Namespace) finished.TrySetResult(e);
        }
        Kube.JobFinished += OnFinished;
        try
        {
            (await InstallAsync("app-clean", "streams-app-cleanup-job", "--set",
                "kafka.deleteOutput=true,kafka.applicationId=app,kafka.outputTopic=out,kafka.inputTopics={in1,in2}",
                "--wait", "--wait-for-jobs", "--timeout", "30s")).EnsureSuccess();

            var e = await finished.Task.WaitAsync(TimeSpan.FromSeconds(5));
            var container = e.Job["spec"]!["template"]!["spec"]!["containers"]![0]!;
            var env = container["env"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["value"]?.GetValue<string>());
            Assert.Equal(JobOutcome.Succeeded, e.Outcome);
            Assert.Equal("clean", container["args"]![0]!.GetValue<string>());
            Assert.Equal(("app", "out", "in1,in2"), (env["APP_APPLICATION_ID"], env["APP_OUTPUT_TOPIC"], env["APP_INPUT_TOPICS"]));
        }
        finally
        {
            Kube.JobFinished -= OnFinished;
        }
    }
}

public sealed class Helm3WaitTests : HelmWaitTests, IClassFixture<HelmWorldFixture>
{
    public Helm3WaitTests(HelmWorldFixture world, ITestOutputHelper output) : base(world, HelmCli.Helm3Version, output)
    {
        // Helm 3 polls every 2 s; a Job that is done by its first poll keeps these tests fast.
        world.Kubernetes.JobDuration = TimeSpan.Zero;
    }
}

public sealed class Helm4WaitTests(HelmWorldFixture world, ITestOutputHelper output)
    : HelmWaitTests(world, HelmCli.Helm4Version, output), IClassFixture<HelmWorldFixture>;
