using KPops.Engine.Lifecycle;
using KPops.Engine.Pipelines;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// A failing remote call of each kind — Kafka, Schema Registry, Kafka Connect, the Kubernetes API (through helm and
/// directly), a cleanup Job, helm itself — stops the run with an error naming service, endpoint, component and
/// resource; what completed before stays, nothing after it runs; once the fault is gone, running again converges.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class FaultInjectionTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    /// <summary>Short enough that a helm failure cannot hold a test up for minutes.</summary>
    private static readonly Dictionary<string, string> ShortHelmTimeout = new() { ["KPOPS_HELM_CONFIG__TIMEOUT"] = "20s" };

    /// <summary>
    /// helm 3 takes a failed Job for a passing problem and polls it until --timeout (helm 4 gives up at once), so the
    /// failing cleanup job gets a shorter one; the doubles' Jobs that succeed are done at helm's first look.
    /// </summary>
    private static readonly Dictionary<string, string> ShorterHelmTimeout = new() { ["KPOPS_HELM_CONFIG__TIMEOUT"] = "8s" };

    [DoubleOnlyFact]
    public async Task Kafka_error_creating_a_topic_stops_the_deploy_there_and_a_rerun_converges()
    {
        var pipeline = Arrange(4);
        // Matched per topic of a CreateTopics request (a comma-joined path), so it refuses this topic alone.
        D.Kafka.Faults.Add(new FaultRule
        {
            Method = "CreateTopics", PathPattern = $"(^|,){Topic("streams")}(,|$)",
            Status = KafkaErrorCode.PolicyViolation, Message = "topics of this name are refused",
        });

        var failed = await RunAsync(Operation.Deploy, pipeline);

        var error = AssertStopped(failed, pipeline, "streams", ResourceKind.Topic, Topic("streams"), "[Kafka]", $"bootstrap={World.BootstrapServers}");
        Assert.Contains("refused", error, StringComparison.Ordinal);
        Assert.Equal(["producer", "cron-producer", "streams"], failed.Results.Select(r => r.Component).Distinct());
        // The component's other topics were in the same CreateTopics request: they exist, and the run says so.
        Assert.Equal(["Topic Created", "Topic Created"], failed.Actions("streams"));
        Assert.Equal(Deployed("producer", "cron-producer"), Releases());
        Assert.Equal(new[] { ExternalTopic, Topic("producer"), Topic("cron-producer"), ErrorTopic("streams"), Topic("streams") + "-audit" }
            .Order(StringComparer.Ordinal), Topics());

        D.Kafka.Faults.Reset();
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Unchanged", "Subject Unchanged", "HelmRelease Unchanged"], rerun.Actions("producer"));
        Assert.Equal(["Topic Created", "Topic Unchanged", "Topic Unchanged", "Subject Created", "Subject Created", "Subject Created", "HelmRelease Created"],
            rerun.Actions("streams"));
        AssertDeployedState();
    }

    [DoubleOnlyFact]
    public async Task Schema_registry_error_registering_a_schema_stops_the_deploy_there_and_a_rerun_converges()
    {
        var pipeline = Arrange(4);
        var subject = Topic("streams") + "-value";
        D.SchemaRegistry.Faults.Add(new FaultRule { Method = "POST", PathPattern = $"^/subjects/{subject}/versions$", Status = 500, Times = int.MaxValue, Message = "storage unavailable" });

        var failed = await RunAsync(Operation.Deploy, pipeline);

        var error = AssertStopped(failed, pipeline, "streams", ResourceKind.Subject, subject, "[Schema Registry]", $"url={World.SchemaRegistryUrl.TrimEnd('/')}/subjects/{subject}/versions");
        Assert.Contains("storage unavailable", error, StringComparison.Ordinal);
        // The streams app's topics and its key schema were done before; its release never started.
        Assert.Equal(["Topic Created", "Topic Created", "Topic Created", "Subject Created"], failed.Actions("streams"));
        Assert.Equal(Deployed("producer", "cron-producer"), Releases());
        Assert.Contains(Topic("streams") + "-key", Subjects());
        Assert.DoesNotContain(subject, Subjects());

        D.SchemaRegistry.Faults.Reset();
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Unchanged", "Topic Unchanged", "Topic Unchanged", "Subject Unchanged", "Subject Created", "Subject Created", "HelmRelease Created"], rerun.Actions("streams"));
        AssertDeployedState();
    }

    [DoubleOnlyFact]
    public async Task Kafka_connect_error_creating_a_connector_stops_the_deploy_there_and_a_rerun_converges()
    {
        var pipeline = Arrange(4);
        D.Connect.Faults.Add(new FaultRule { Method = "POST", PathPattern = "^/connectors$", Status = 500, Times = int.MaxValue, Message = "config topic unavailable" });

        var failed = await RunAsync(Operation.Deploy, pipeline);

        var error = AssertStopped(failed, pipeline, "sink", ResourceKind.Connector, Full("sink"), "[Kafka Connect]", $"url={World.ConnectUrl.TrimEnd('/')}/connectors");
        Assert.Contains("config topic unavailable", error, StringComparison.Ordinal);
        Assert.Equal(["Topic Created"], failed.Actions("sink"));
        Assert.Equal(Deployed(HelmComponents), Releases());
        Assert.Empty(Connectors());
        Assert.DoesNotContain(Topic("source"), Topics());

        D.Connect.Faults.Reset();
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Unchanged", "Connector Created"], rerun.Actions("sink"));
        Assert.Equal(["Topic Created", "Subject Created", "Connector Created"], rerun.Actions("source"));
        AssertDeployedState();
    }

    [DoubleOnlyFact]
    public async Task Kafka_connect_rebalance_conflict_is_retried_transparently()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 2);
        Kafka.CreateTopic(Topic("stateful"), 2);
        D.Connect.Faults.Add(new FaultRule { Method = "POST", PathPattern = "^/connectors$", Status = 409, Times = 1 });

        var deploy = (await RunAsync(Operation.Deploy, Pick(pipeline, "sink", "source"))).EnsureSuccess();

        Assert.Equal(["Topic Created", "Connector Created"], deploy.Actions("sink"));
        Assert.Equal(
            ["POST /connectors 409", "POST /connectors 201", "POST /connectors 201"],
            deploy.Requests.Where(r => r is { Service: "Connect", Method: "POST" }).Select(r => $"{r.Method} {r.Path} {r.Status}"));
        Assert.Contains(deploy.Verbose, v => v.StartsWith("Kafka Connect is rebalancing (409 Conflict); retrying", StringComparison.Ordinal));
        Assert.Equal([Full("sink"), Full("source")], Connectors());
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Kubernetes_refusing_the_release_secret_stops_the_deploy_at_that_release_and_a_rerun_converges(int helm)
    {
        var pipeline = Arrange(helm);
        // helm creates each release's first revision Secret with a POST to the namespace's secrets (the charts here
        // render no Secret of their own): the second one is cron-producer's.
        D.Kubernetes!.Faults.Add(new FaultRule { Method = "POST", PathPattern = $"^/api/v1/namespaces/{Namespace}/secrets$", Nth = 2, Status = 403, Message = "exceeded quota: secrets" });

        var failed = await RunAsync(Operation.Deploy, pipeline);

        var error = AssertStopped(failed, pipeline, "cron-producer", ResourceKind.HelmRelease, Full("cron-producer"), "[Helm]", "command=");
        Assert.Contains("exceeded quota: secrets", error, StringComparison.Ordinal);
        Assert.Contains($" -- {Full("cron-producer")} testworld/producer-app", error, StringComparison.Ordinal);
        Assert.Equal(["Topic Created"], failed.Actions("cron-producer"));
        Assert.Equal(Deployed("producer"), Releases());
        Assert.Null(Workload("CronJob", Full("cron-producer")));

        D.Kubernetes.Faults.Reset();
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Unchanged", "HelmRelease Created"], rerun.Actions("cron-producer"));
        AssertDeployedState();
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Kubernetes_failing_the_final_release_record_is_an_error_naming_the_stuck_release_and_its_remedy(int helm)
    {
        var pipeline = Arrange(helm);
        // helm writes the release's final record (status deployed) last, with a PUT of the revision's Secret; when
        // that fails, helm still exits with 0 and leaves the release pending-install. (Not "etcdserver: leader changed":
        // helm retries that one by itself.)
        var record = $"^/api/v1/namespaces/{Namespace}/secrets/sh\\.helm\\.release\\.v1\\.{Full("cron-producer")}\\.v1$";
        D.Kubernetes!.Faults.Add(new FaultRule { Method = "PUT", PathPattern = record, Status = 500, Message = "etcdserver: request timed out" });

        var failed = await RunAsync(Operation.Deploy, pipeline);

        var error = AssertStopped(failed, pipeline, "cron-producer", ResourceKind.HelmRelease, Full("cron-producer"), "[Helm]", $"command={World.HelmPath(helm)} upgrade --install ");
        Assert.Contains($" -- {Full("cron-producer")} ", error, StringComparison.Ordinal);
        Assert.Contains($"helm upgrade exited successfully, but release {Full("cron-producer")} is pending-install (revision 1)", error, StringComparison.Ordinal);
        Assert.Contains($"helm uninstall {Full("cron-producer")} --namespace {Namespace}", failed.Failure!.Error.Hint, StringComparison.Ordinal);
        Assert.Equal("pending-install", Releases()[Full("cron-producer")]);

        // The fault is gone, but helm refuses to touch a pending release; the error says why and what to do.
        D.Kubernetes.Faults.Reset();
        var blocked = await RunAsync(Operation.Deploy, pipeline);

        error = AssertStopped(blocked, pipeline, "cron-producer", ResourceKind.HelmRelease, Full("cron-producer"), "[Helm]", "command=");
        Assert.Contains("another operation (install/upgrade/rollback) is in progress", error, StringComparison.Ordinal);
        Assert.Contains("pending-install: helm uninstall", blocked.Failure!.Error.Hint, StringComparison.Ordinal);

        // Done as the hint says, the next run converges.
        (await World.Helm(helm).RunAsync("uninstall", Full("cron-producer"), "--namespace", Namespace)).EnsureSuccess();
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Unchanged", "HelmRelease Created"], rerun.Actions("cron-producer"));
        AssertDeployedState();
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_cleanup_release_whose_final_record_fails_is_uninstalled_all_the_same_and_nothing_is_left_pending(int helm)
    {
        var pipeline = Arrange(helm);
        var apps = Pick(pipeline, "producer");
        (await RunAsync(Operation.Deploy, apps)).EnsureSuccess();
        // helm exits with 0 and leaves the cleanup release pending-install, as in the test above; it is not read back
        // after the install, since the uninstall right after removes a pending release as well.
        var record = $"^/api/v1/namespaces/{Namespace}/secrets/sh\\.helm\\.release\\.v1\\.{Full("producer")}-clean\\.v1$";
        D.Kubernetes!.Faults.Add(new FaultRule { Method = "PUT", PathPattern = record, Status = 500, Message = "etcdserver: request timed out" });

        var clean = (await RunAsync(Operation.Clean, apps)).EnsureSuccess();

        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], clean.Actions("producer"));
        Assert.Contains(clean.Requests, r => r is { Service: "Kubernetes", Method: "PUT", Status: 500 } && r.Path.EndsWith($"{Full("producer")}-clean.v1", StringComparison.Ordinal));
        Assert.Empty(Releases());
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Failing_cleanup_job_stops_the_reset_with_its_pod_log_and_a_rerun_converges(int helm)
    {
        var pipeline = Arrange(helm, ShorterHelmTimeout);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Produce(Topic("stateful"), 10);
        Kafka.CommitOffset(Full("consumer"), Topic("stateful"), 0, 5);
        D.Kubernetes!.SetJobOutcome(".*-clean.*", JobOutcome.Failed, "boom log: group coordinator unreachable");

        var failed = await RunAsync(Operation.Reset, pipeline);

        // KPops watches the Job while helm waits and stops as soon as it has failed ([Kubernetes]); helm 4 may report the
        // failed Job first ([Helm]). helm 3 would only give up at its --timeout.
        var byKubernetes = failed.Failure!.Error.Message.Contains("[Kubernetes]", StringComparison.Ordinal);
        if (helm == 3) Assert.True(byKubernetes, "with helm 3 the failed Job is noticed through the Kubernetes API: " + failed.Failure.Error.Message);
        var error = AssertStopped(failed, pipeline, "consumer", ResourceKind.CleanupJob, Full("consumer") + "-clean",
            byKubernetes ? "[Kubernetes]" : "[Helm]", byKubernetes ? "url=" : "command=");
        var log = error[error.IndexOf("\nLog of the cleanup job's pod:\n", StringComparison.Ordinal)..];
        Assert.Contains($"pod {Full("consumer")}-clean-", log, StringComparison.Ordinal);
        Assert.Contains("\nboom log: group coordinator unreachable", log, StringComparison.Ordinal);
        Assert.Equal(["source", "sink", "web", "consumer"], failed.Results.Select(r => r.Component).Distinct());
        Assert.Equal(["HelmRelease Deleted"], failed.Actions("consumer"));
        // What ran before is done; what comes after is untouched; the failed cleanup release stays for inspection.
        Assert.Empty(Connectors());
        var releases = Releases();
        Assert.Equal(Deployed("producer", "cron-producer", "streams", "stateful").Append(new(Full("consumer") + "-clean", "failed")).OrderBy(r => r.Key, StringComparer.Ordinal),
            releases.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal($"{Topic("stateful")}-0=5", GroupOffsets(Full("consumer")));
        Assert.Empty(World.EffectsLog);

        D.Kubernetes.SetJobOutcome(".*-clean.*", JobOutcome.Succeeded);
        var rerun = (await RunAsync(Operation.Reset, pipeline)).EnsureSuccess();

        Assert.Equal(["HelmRelease NotFound", "CleanupJob Ran"], rerun.Actions("consumer"));
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], rerun.Actions("streams"));
        Assert.Empty(Releases());
        Assert.Equal($"{Topic("stateful")}-0=0", GroupOffsets(Full("consumer")));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Missing_chart_version_stops_the_deploy_at_that_release_and_the_fixed_pipeline_converges(int helm)
    {
        var broken = Arrange(helm, ShortHelmTimeout, environment: "broken");

        var failed = await RunAsync(Operation.Deploy, broken);

        var error = AssertStopped(failed, broken, "web", ResourceKind.HelmRelease, Full("web"), "[Helm]", "command=");
        Assert.Contains("9.9.9", error, StringComparison.Ordinal);
        Assert.Equal(Deployed("producer", "cron-producer", "streams", "stateful", "consumer"), Releases());
        Assert.Null(Workload("Deployment", Full("web")));

        var pipeline = Load(helm, variables: ShortHelmTimeout);
        var rerun = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["HelmRelease Created"], rerun.Actions("web"));
        Assert.Equal(["HelmRelease Unchanged"], rerun.Actions("consumer"));
        AssertDeployedState();
    }

    [DoubleOnlyFact]
    public async Task Kubernetes_error_deleting_a_volume_stops_the_clean_there_and_a_rerun_converges()
    {
        var pipeline = Arrange(4);
        var stateful = Pick(pipeline, "streams", "stateful", "consumer");
        // Only these three are selected; the others are never part of the run.
        (await RunAsync(Operation.Deploy, stateful)).EnsureSuccess();
        var claim = $"datadir-{Full("stateful")}-0";
        D.Kubernetes!.Faults.Add(new FaultRule { Method = "DELETE", PathPattern = $"/persistentvolumeclaims/{claim}$", Status = 500, Times = int.MaxValue, Message = "etcd timeout" });

        var failed = await RunAsync(Operation.Clean, stateful);

        var error = AssertStopped(failed, pipeline, "stateful", ResourceKind.Pvc, $"app.kubernetes.io/name={Full("stateful")}", "[Kubernetes]", $"url={D.Kubernetes.Endpoint}");
        Assert.Contains($"{Namespace}/{claim}", error, StringComparison.Ordinal);
        Assert.Contains("etcd timeout", error, StringComparison.Ordinal);
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], failed.Actions("stateful"));
        Assert.Equal([claim], Claims("stateful"));
        Assert.Equal(Deployed("streams"), Releases());

        D.Kubernetes.Faults.Reset();
        var rerun = (await RunAsync(Operation.Clean, stateful)).EnsureSuccess();

        Assert.Equal(["HelmRelease NotFound", "CleanupJob Ran", "Pvc Deleted"], rerun.Actions("stateful"));
        Assert.Empty(Claims("stateful"));
        Assert.Empty(Releases());
    }

    // ------------------------------------------------------------------ helpers

    private Pipeline Arrange(int helm, IReadOnlyDictionary<string, string>? variables = null, string? environment = null)
    {
        var pipeline = Load(helm, environment: environment, variables: variables);
        Kafka.CreateTopic(ExternalTopic, 2);
        return pipeline;
    }

    /// <summary>
    /// Asserts that the run stopped at this component's step with an error naming operation, component, resource,
    /// service and endpoint; that the results written before it are the failure's completed results; and that no
    /// component after it started or got a request. Returns the error message.
    /// </summary>
    private static string AssertStopped(RunOutcome run, Pipeline pipeline, string component, ResourceKind kind, string resource, string service, string endpoint)
    {
        var failure = run.EnsureFailure();
        var message = failure.Error.Message;
        var failing = pipeline.Find(component)!;
        Assert.Contains($"of {failing.Type} '{component}' failed at {kind} {resource}: ", message, StringComparison.Ordinal);
        Assert.Contains(service, message, StringComparison.Ordinal);
        Assert.Contains(endpoint, message, StringComparison.Ordinal);
        Assert.Equal(failing.Location, failure.Error.Location);
        Assert.Equal(run.Results, failure.Completed);
        Assert.DoesNotContain(run.Results, r => r.Component == component && r.Kind == kind && r.Resource == resource);

        var order = run.Events.OfType<StepStarted>().Select(e => e.Component).Distinct().ToList();
        Assert.Equal(component, order[^1].Name);
        var all = run.Operation == Operation.Deploy ? pipeline.Components.ToList() : pipeline.Components.Reverse().ToList();
        var selected = run.Events.OfType<StepStarted>().Select(e => e.Component).ToHashSet();
        foreach (var later in all.Skip(all.IndexOf(failing) + 1))
        {
            Assert.DoesNotContain(later, selected);
            Assert.True(Own(run.Requests, later).Count == 0, $"{later.Name} got requests after the failure: {string.Join(", ", Own(run.Requests, later))}");
        }
        return message;
    }
}
