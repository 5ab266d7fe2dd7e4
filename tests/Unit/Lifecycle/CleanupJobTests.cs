using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The cleanup-job dance of reset and clean (spec §5.2): leftover uninstalled, installed and waited for, uninstalled.</summary>
public sealed class CleanupJobTests : LifecycleTestBase
{
    private const string Streams = """
        - type: streams-app
          name: app
          from:
            topics:
              in: {}
          to:
            topics:
              out: {}
        """;

    private const string Producer = """
        - type: producer-app
          name: producer
          to:
            topics:
              out: {}
        """;

    private const string Consumer = """
        - type: consumer-app
          name: consumer
          from:
            topics:
              in: {}
        """;

    private HelmReleaseRequest CleanupInstall(string release = "demo-app-clean") => Assert.Single(World.Helm.Installs, i => i.Release == release);

    private static YMap ValuesOf(HelmReleaseRequest request) => (YMap)YamlReader.Read(request.ValuesYaml, "values.yaml")!;

    private static object? At(YMap map, params string[] path)
    {
        YNode? node = map;
        foreach (var key in path) node = (node as YMap)?.Get(key);
        return (node as YScalar)?.Value;
    }

    [Fact]
    public async Task Reset_uninstalls_the_app_then_runs_the_cleanup_job_and_uninstalls_it()
    {
        var pipeline = Load(Streams);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.ClearCalls();

        var outcome = (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        // One listing of the namespace says the app exists and no cleanup release is left over (none to uninstall).
        Assert.Equal([
            "Helm.ListReleases test-ns",
            "Helm.GetValues demo-app",
            "Helm.Uninstall demo-app",
            "Helm.AddRepository " + ComponentSpecs.StreamsBootstrapRepositoryName,
            "Helm.UpgradeInstall demo-app-clean",
            "Helm.Uninstall demo-app-clean",
        ], World.CallLines(Service.Helm));
        Assert.Equal(["app HelmRelease demo-app Deleted", "app CleanupJob demo-app-clean Ran"], outcome.Lines);
        Assert.Empty(World.Helm.Releases);
        // Uninstalled right after its Job: not read back after the install.
        Assert.True(CleanupInstall().Transient);
    }

    [Fact]
    public async Task The_cleanup_job_is_installed_with_wait_and_wait_for_jobs_and_no_auth_flags()
    {
        (await RunAsync(Operation.Reset, Load(Streams + "\n  repo_config:\n    repository_name: private\n    url: https://charts.example.com\n    repo_auth_flags:\n      username: u\n      password: p\n"))).Succeeded();

        var request = CleanupInstall();
        Assert.Equal("private/streams-app-cleanup-job", request.Chart);
        Assert.Equal(ComponentSpecs.StreamsBootstrapVersion, request.Version);
        Assert.Equal("test-ns", request.Namespace);
        Assert.Equal("5m0s", request.Timeout);
        Assert.True(request.Wait);
        Assert.True(request.WaitForJobs);
        Assert.Null(request.Auth);
    }

    [Fact]
    public async Task A_leftover_cleanup_release_is_uninstalled_before_the_new_one_is_installed()
    {
        World.Helm.AddRelease("demo-app-clean", "bakdata-streams-bootstrap/streams-app-cleanup-job", "leftover: true");
        World.Helm.AddKnownRepository(ComponentSpecs.StreamsBootstrapRepositoryName, ComponentSpecs.StreamsBootstrapRepositoryUrl);

        (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        var calls = World.CallLines(Service.Helm);
        Assert.True(calls.IndexOf("Helm.Uninstall demo-app-clean") < calls.IndexOf("Helm.UpgradeInstall demo-app-clean"));
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task Reset_of_a_streams_app_keeps_its_output()
    {
        (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        Assert.Equal(false, At(ValuesOf(CleanupInstall()), "kafka", "deleteOutput"));
    }

    [Fact]
    public async Task Clean_of_a_streams_app_deletes_its_output()
    {
        (await RunAsync(Operation.Clean, Load(Streams))).Succeeded();

        Assert.Equal(true, At(ValuesOf(CleanupInstall()), "kafka", "deleteOutput"));
        Assert.Equal("bakdata-streams-bootstrap/streams-app-cleanup-job", CleanupInstall().Chart);
    }

    [Theory]
    [InlineData(Operation.Reset, false)]
    [InlineData(Operation.Clean, true)]
    public async Task A_consumer_app_runs_its_own_cleanup_job(Operation operation, bool deleteOutput)
    {
        (await RunAsync(operation, Load(Consumer))).Succeeded();

        var request = CleanupInstall("demo-consumer-clean");
        Assert.Equal("bakdata-streams-bootstrap/consumer-app-cleanup-job", request.Chart);
        Assert.Equal(deleteOutput, At(ValuesOf(request), "kafka", "deleteOutput"));
    }

    [Fact]
    public async Task Clean_of_a_producer_runs_the_producer_cleanup_job()
    {
        var outcome = (await RunAsync(Operation.Clean, Load(Producer))).Succeeded();

        var request = CleanupInstall("demo-producer-clean");
        Assert.Equal("bakdata-streams-bootstrap/producer-app-cleanup-job", request.Chart);
        Assert.True(request.WaitForJobs);
        Assert.Equal("out", At(ValuesOf(request), "kafka", "outputTopic"));
        Assert.Equal(StepAction.Ran, outcome.Result(ResourceKind.CleanupJob, "demo-producer-clean").Action);
    }

    [Fact]
    public async Task Reset_of_a_producer_runs_no_job()
    {
        (await RunAsync(Operation.Reset, Load(Producer))).Succeeded();

        Assert.Empty(World.Helm.Installs);
    }

    [Fact]
    public async Task The_cleanup_job_has_its_own_trimmed_names()
    {
        (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        var values = ValuesOf(CleanupInstall());
        Assert.Equal("demo-app-clean", At(values, "nameOverride"));
        Assert.Equal("demo-app-clean", At(values, "fullnameOverride"));
    }

    [Fact]
    public async Task Long_cleanup_job_names_are_trimmed()
    {
        var name = new string('s', 60);
        var full = "demo-" + name;

        (await RunAsync(Operation.Reset, Load(Streams.Replace("name: app", "name: " + name, StringComparison.Ordinal)))).Succeeded();

        var request = CleanupInstall(ResourceNames.CleanupReleaseName(full));
        Assert.Equal(53, request.Release.Length);
        Assert.EndsWith("-clean", request.Release);
        // As KPOps' Cleaner: the override keeps the -clean suffix too, with the hash before it.
        var values = ValuesOf(request);
        Assert.Equal("demo-ssssssssssssssssssssssssssssssssssssssssssssss-ac473-clean", At(values, "nameOverride"));
        Assert.Equal("demo-ssssssssssssssssssssssssssssssssssssssssssssss-ac473-clean", At(values, "fullnameOverride"));
    }

    [Fact]
    public async Task The_cleanup_job_takes_the_values_of_the_running_release()
    {
        (await RunAsync(Operation.Deploy, Load(Streams))).Succeeded();
        var changed = Load(Streams + "\n  values:\n    imageTag: \"2.0.0\"\n");

        var outcome = (await RunAsync(Operation.Reset, changed)).Succeeded();

        var values = ValuesOf(CleanupInstall());
        Assert.Equal("1.0.0", At(values, "imageTag"));
        Assert.Equal("demo-app-clean", At(values, "nameOverride"));
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public async Task Without_a_running_release_the_cleanup_job_takes_the_pipelines_values()
    {
        (await RunAsync(Operation.Reset, Load(Streams + "\n  values:\n    imageTag: \"2.0.0\"\n"))).Succeeded();

        Assert.Equal("2.0.0", At(ValuesOf(CleanupInstall()), "imageTag"));
    }

    [Fact]
    public async Task Running_values_that_do_not_validate_are_replaced_by_the_pipelines_with_a_warning()
    {
        World.Helm.AddRelease("demo-app", "bakdata-streams-bootstrap/streams-app", "image: registry/app\nimageTag: not a tag!\n");

        var outcome = (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        Assert.Equal("1.0.0", At(ValuesOf(CleanupInstall()), "imageTag"));
        Assert.Contains(outcome.Warnings, w => w.Contains("do not validate", StringComparison.Ordinal) && w.Contains("app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retain_clean_jobs_keeps_the_cleanup_release()
    {
        UseConfig("retain_clean_jobs: true\n");

        var outcome = (await RunAsync(Operation.Clean, Load(Streams))).Succeeded();

        Assert.NotNull(World.Helm.Release("demo-app-clean"));
        Assert.Contains("retain_clean_jobs", outcome.Result(ResourceKind.CleanupJob, "demo-app-clean").Message);
        Assert.DoesNotContain("Helm.Uninstall demo-app-clean", World.CallLines(Service.Helm));
        // A retained release stays: helm's record of it is read back.
        Assert.False(CleanupInstall().Transient);
    }

    [Fact]
    public async Task A_failed_cleanup_job_reports_the_log_of_its_pod()
    {
        World.Helm.FailingJobs.Add("demo-app-clean");
        World.Kubernetes.SetJobLog("demo-app-clean", "ERROR StreamsResetter: topic in does not exist");

        var outcome = await RunAsync(Operation.Reset, Load(Streams));

        var error = outcome.Failure!.Error;
        Assert.Contains("[Helm]", error.Message);
        Assert.Contains("BackoffLimitExceeded", error.Message);
        Assert.Contains("Log of the cleanup job's pod:\nERROR StreamsResetter: topic in does not exist", error.Message);
        Assert.Contains("Kubernetes.GetJobLogs job-name=demo-app-clean", World.CallLines());
        Assert.Equal("failed", World.Helm.Release("demo-app-clean")!.Status);
    }

    [Fact]
    public async Task A_failed_cleanup_job_whose_log_cannot_be_read_still_reports_helms_error()
    {
        World.Helm.FailingJobs.Add("demo-app-clean");
        World.Fail("Kubernetes.GetJobLogs", message: "403 Forbidden");

        var error = (await RunAsync(Operation.Reset, Load(Streams))).Failure!.Error;

        Assert.Contains("BackoffLimitExceeded", error.Message);
        Assert.Contains("the job's log could not be read", error.Message);
        Assert.Contains("403 Forbidden", error.Message);
    }

    [Fact]
    public async Task The_next_reset_after_a_failed_job_replaces_the_failed_release()
    {
        World.Helm.FailingJobs.Add("demo-app-clean");
        var pipeline = Load(Streams);
        Assert.NotNull((await RunAsync(Operation.Reset, pipeline)).Failure);
        World.Helm.FailingJobs.Clear();

        (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task Cleaner_defaults_apply_to_the_cleanup_job_but_not_to_the_app()
    {
        Ws.Write("pipelines/defaults.yaml", KPops.Tests.Unit.Support.Workspace.StandardDefaults + """

            cleaner:
              timeout: 20m
              values:
                podAnnotations:
                  job: cleanup
            """);
        var pipeline = Load(Streams);

        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        var app = Assert.Single(World.Helm.Installs, i => i.Release == "demo-app");
        Assert.Equal("5m0s", app.Timeout);
        Assert.Null(At(ValuesOf(app), "podAnnotations", "job"));
        var job = CleanupInstall();
        Assert.Equal("20m", job.Timeout);
        Assert.Equal("cleanup", At(ValuesOf(job), "podAnnotations", "job"));
    }

    [Fact]
    public async Task Clean_deletes_the_volumes_of_a_stateful_app_after_the_job()
    {
        World.Kubernetes.AddClaim("data-demo-app-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "demo-app" });
        World.Kubernetes.AddClaim("data-other-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "other" });

        var outcome = (await RunAsync(Operation.Clean, Load(Streams + "\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n      size: 1Gi\n"))).Succeeded();

        Assert.Equal("app Pvc data-demo-app-0 Deleted", outcome.Lines[^1]);
        Assert.Equal(["test-ns/data-other-0"], World.Kubernetes.Claims);
        var calls = World.CallLines();
        Assert.True(calls.IndexOf("Helm.UpgradeInstall demo-app-clean") < calls.IndexOf("Kubernetes.DeletePersistentVolumeClaim data-demo-app-0"));
    }

    [Fact]
    public async Task Clean_of_a_stateful_app_without_volumes_reports_none()
    {
        var outcome = (await RunAsync(Operation.Clean, Load(Streams + "\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n      size: 1Gi\n"))).Succeeded();

        Assert.Equal("app Pvc app.kubernetes.io/name=demo-app NotFound", outcome.Lines[^1]);
    }
}
