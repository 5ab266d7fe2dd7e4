using KPops.Engine.Lifecycle;
using KPops.TestWorld.Effects;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// Deploy, destroy, reset and clean of a pipeline with one component of every type (pipeline <c>all</c>), through
/// the engine against the test world with real helm 3 and 4: the final state in every double and the order on the
/// wire.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class PipelineLifecycleTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Deploy_creates_topics_and_schemas_before_each_release_or_connector_and_converges_when_run_again(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);

        var deploy = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(
            [
                "Topic Created", "Subject Created", "HelmRelease Created",                                        // producer
                "Topic Created", "HelmRelease Created",                                                           // cron-producer
                "Topic Created", "Topic Created", "Topic Created", "Subject Created", "Subject Created", "Subject Created", "HelmRelease Created", // streams
                "Topic Created", "HelmRelease Created",                                                           // stateful
                "HelmRelease Created",                                                                            // consumer
                "HelmRelease Created",                                                                            // web
                "Topic Created", "Connector Created",                                                             // sink
                "Topic Created", "Subject Created", "Connector Created",                                          // source
            ],
            AllComponents.SelectMany(deploy.Actions));
        AssertDeployedState();

        // The wire: components one after another in pipeline order; each one's topics and schemas before its release or connector.
        AssertComponentOrder(deploy.Requests, pipeline.Components);
        foreach (var component in pipeline.Components) AssertTopicsAndSchemasFirst(deploy.Requests, component);

        // helm itself sees the same releases.
        var list = (await World.Helm(helm).RunAsync("list", "--namespace", Namespace, "--output", "json")).EnsureSuccess();
        foreach (var component in HelmComponents) Assert.Contains($"\"name\":\"{Full(component)}\"", list.StandardOutput, StringComparison.Ordinal);

        // Per subject one lookup and one registration; no GET of its versions first.
        var subjects = deploy.Results.Count(r => r.Kind == ResourceKind.Subject);
        Assert.Equal(2 * subjects, deploy.Requests.Count(r => r.Service == "SchemaRegistry"));

        // Again: everything is already as desired; no release is upgraded, so no new revision and no write to Kubernetes.
        var again = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Assert.All(again.Results, r => Assert.Equal(StepAction.Unchanged, r.Action));
        Assert.DoesNotContain(again.Requests, r => r.Service is "Kafka" or "Connect" or "Kubernetes" && r.IsMutating);
        Assert.Equal(HelmComponents.ToDictionary(Full, _ => 1, StringComparer.Ordinal), Revisions());
        Assert.Equal(subjects, again.Requests.Count(r => r.Service == "SchemaRegistry"));   // one lookup per subject
        Assert.DoesNotContain(again.Requests, r => r.Service == "SchemaRegistry" && r.Method == "POST" && r.Path.EndsWith("/versions", StringComparison.Ordinal));
        AssertDeployedState();
        Assert.Single(D.SchemaRegistry.GetVersions(Topic("streams") + "-value"));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Destroy_removes_releases_workloads_and_connectors_in_reverse_order_and_leaves_kafka_alone(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        var topics = Topics();
        var subjects = Subjects();
        ArrangeOffsets();
        var groups = Groups();

        var destroy = (await RunAsync(Operation.Destroy, pipeline)).EnsureSuccess();

        Assert.Equal(
            ["Connector Deleted", "Connector Deleted", "HelmRelease Deleted", "HelmRelease Deleted", "HelmRelease Deleted", "HelmRelease Deleted", "HelmRelease Deleted", "HelmRelease Deleted"],
            destroy.Results.Select(r => $"{r.Kind} {r.Action}"));
        Assert.Equal(AllComponents.Reverse(), destroy.Results.Select(r => r.Component));
        AssertComponentOrder(destroy.Requests, pipeline.Components.Reverse());
        Assert.Empty(Releases());
        Assert.Empty(WorkloadsPresent());
        Assert.Null(Workload("Service", Full("web")));
        Assert.Null(Workload("ConfigMap", Full("web")));
        Assert.Empty(Connectors());
        // Destroy is no reset: topics, schemas, offsets and volumes stay, no cleanup job ran.
        Assert.Equal(topics, Topics());
        Assert.Equal(subjects, Subjects());
        Assert.Equal(groups, Groups());
        Assert.Equal([$"datadir-{Full("stateful")}-0"], Claims("stateful"));
        Assert.Empty(World.EffectsLog);

        // Nothing left to remove: every step finds nothing.
        var again = (await RunAsync(Operation.Destroy, pipeline)).EnsureSuccess();
        Assert.All(again.Results, r => Assert.Equal(StepAction.NotFound, r.Action));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Reset_destroys_rewinds_offsets_and_keeps_outputs_and_volumes(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        var topics = Topics();
        var subjects = Subjects();
        ArrangeOffsets();
        // Streams state: an internal topic of the streams app (a state store's changelog) with its schema.
        var changelog = Full("streams") + "-count-store-changelog";
        Kafka.CreateTopic(changelog, 2);
        D.SchemaRegistry.Register(changelog + "-value", "\"long\"");

        var reset = (await RunAsync(Operation.Reset, pipeline)).EnsureSuccess();

        Assert.Equal(["Connector Reset", "Connector Deleted"], reset.Actions("source"));
        Assert.Equal(["Connector Reset", "Connector Deleted"], reset.Actions("sink"));
        Assert.Equal(["HelmRelease Deleted"], reset.Actions("web"));
        foreach (var app in new[] { "consumer", "stateful", "streams" }) Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], reset.Actions(app));
        // Producers are stateless: reset only destroys them.
        foreach (var producer in new[] { "cron-producer", "producer" }) Assert.Equal(["HelmRelease Deleted"], reset.Actions(producer));
        AssertComponentOrder(reset.Requests, pipeline.Components.Reverse());

        // Destroyed, and the cleanup releases are gone again (retain_clean_jobs is off).
        Assert.Empty(Releases());
        Assert.Empty(WorkloadsPresent());
        Assert.Empty(Connectors());
        foreach (var app in new[] { "consumer", "stateful", "streams" }) Assert.Null(Workload("Job", Full(app) + "-clean"));

        // Output topics and schemas stay; so do the stateful app's volumes. The streams state is gone.
        Assert.Equal(topics, Topics());
        Assert.Equal(subjects, Subjects());
        Assert.Equal([$"datadir-{Full("stateful")}-0"], Claims("stateful"));

        // The apps' consumer groups start again from the log start (partition 0 of the producer topic starts at 2).
        Assert.Equal($"{ExternalTopic}-0=0,{ExternalTopic}-1=0,{Topic("producer")}-0=2,{Topic("producer")}-1=0,{Topic("producer")}-2=0", GroupOffsets(Full("streams")));
        Assert.Equal($"{Topic("streams")}-0=0,{Topic("streams")}-1=0", GroupOffsets(Full("stateful")));
        Assert.Equal($"{Topic("stateful")}-0=0,{Topic("stateful")}-1=0", GroupOffsets(Full("consumer")));
        Assert.Equal(
            [
                (CleanupAction.ResetOffsets, Full("consumer"), "consumer-app-cleanup-job"),
                (CleanupAction.ResetOffsets, Full("stateful"), "streams-app-cleanup-job"),
                (CleanupAction.ResetOffsets, Full("streams"), "streams-app-cleanup-job"),
                (CleanupAction.DeleteTopic, changelog, "streams-app-cleanup-job"),
                (CleanupAction.DeleteSubject, changelog + "-value", "streams-app-cleanup-job"),
            ],
            World.EffectsLog.Select(e => (e.Action, e.Target, e.Chart)));
        Assert.All(World.EffectsLog, e => Assert.Equal("reset", e.Command));

        // The sink's group connect-<name> is reset (Connect deletes its offsets); the source's offsets are gone.
        Assert.Null(Kafka.GetGroup("connect-" + Full("sink")));
        Assert.Contains(reset.Requests, r => r is { Service: "Connect", Method: "DELETE", Status: 200 } && r.Path == $"/connectors/{Full("sink")}/offsets");
        Assert.Contains(reset.Requests, r => r is { Service: "Connect", Method: "DELETE", Status: 200 } && r.Path == $"/connectors/{Full("source")}/offsets");

        // The reset pipeline deploys again, finding its topics and schemas in place; the source connector starts
        // from scratch (Connect keeps the offsets of a deleted connector, so without the reset it would resume at 42).
        var redeploy = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Assert.All(redeploy.Results.Where(r => r.Kind is ResourceKind.Topic or ResourceKind.Subject), r => Assert.Equal(StepAction.Unchanged, r.Action));
        AssertDeployedState();
        Assert.Empty(D.Connect.GetConnector(Full("source"))!.Offsets);
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Clean_deletes_outputs_schemas_groups_and_volumes_but_never_inputs(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        ArrangeOffsets();
        Kafka.CommitOffset("bystander", ExternalTopic, 0, 1);

        var clean = (await RunAsync(Operation.Clean, pipeline)).EnsureSuccess();

        Assert.Equal(
            ["Connector Reset", "Connector Deleted", "Subject Deleted", "Subject NotFound", "Topic Deleted"],
            clean.Actions("source"));
        Assert.Equal(
            ["Connector Reset", "Connector Deleted", "ConsumerGroup NotFound", "Subject NotFound", "Subject NotFound", "Topic Deleted"],
            clean.Actions("sink"));
        Assert.Equal(["HelmRelease Deleted"], clean.Actions("web"));
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], clean.Actions("consumer"));
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran", "Pvc Deleted"], clean.Actions("stateful"));
        foreach (var app in new[] { "streams", "cron-producer", "producer" }) Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], clean.Actions(app));
        Assert.Equal($"datadir-{Full("stateful")}-0", clean.Result("stateful", ResourceKind.Pvc).Resource);
        AssertComponentOrder(clean.Requests, pipeline.Components.Reverse());

        Assert.Empty(Releases());
        Assert.Empty(WorkloadsPresent());
        Assert.Empty(Connectors());
        Assert.Empty(Claims("stateful"));
        // Every output topic is gone with its schemas: the apps' through their cleanup jobs, the connectors' directly.
        // The topic that only is an input stays, with the group of an unrelated reader.
        Assert.Equal([ExternalTopic], Topics());
        Assert.Empty(Subjects());
        // KPops deletes only the connectors' topics itself; the apps' go in their cleanup jobs.
        Assert.Equal(
            [ErrorTopic("sink"), Topic("source")],
            clean.Requests.Where(r => r is { Service: "Kafka", Method: "DeleteTopics" }).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(World.EffectsLog, e => e.Target == ExternalTopic);
        Assert.Equal(["bystander"], Kafka.Groups.Select(g => g.GroupId));
        Assert.Equal(
            [
                (CleanupAction.DeleteGroup, Full("consumer")),
                (CleanupAction.ResetOffsets, Full("stateful")), (CleanupAction.DeleteTopic, Topic("stateful")), (CleanupAction.DeleteGroup, Full("stateful")),
                (CleanupAction.ResetOffsets, Full("streams")),
                (CleanupAction.DeleteTopic, Topic("streams")), (CleanupAction.DeleteSubject, Topic("streams") + "-key"), (CleanupAction.DeleteSubject, Topic("streams") + "-value"),
                (CleanupAction.DeleteTopic, Topic("streams") + "-audit"),
                (CleanupAction.DeleteTopic, ErrorTopic("streams")), (CleanupAction.DeleteSubject, ErrorTopic("streams") + "-value"),
                (CleanupAction.DeleteGroup, Full("streams")),
                (CleanupAction.DeleteTopic, Topic("cron-producer")),
                (CleanupAction.DeleteTopic, Topic("producer")), (CleanupAction.DeleteSubject, Topic("producer") + "-value"),
            ],
            World.EffectsLog.Select(e => (e.Action, e.Target)));
        Assert.All(World.EffectsLog, e => Assert.Equal("clean", e.Command));
        // The cleanup releases are removed afterwards.
        Assert.Empty(D.Kubernetes!.List("batch/v1", "Job", Namespace));

        // A cleaned pipeline deploys from scratch.
        var redeploy = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Assert.All(redeploy.Results, r => Assert.Equal(StepAction.Created, r.Action));
        AssertDeployedState();
        Assert.Empty(D.Connect.GetConnector(Full("source"))!.Offsets);
    }

    [DoubleOnlyFact]
    public async Task Incompatible_schema_stops_the_deploy_until_the_app_is_cleaned()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, Pick(pipeline, "streams"))).EnsureSuccess();
        var subject = Topic("streams") + "-value";
        D.SchemaRegistry.SetCompatibilityVerdict(subject, compatible: false, "reader field 'language' has no default");
        var changed = Pick(Load(4, environment: "changed"), "streams");

        var plan = await RunAsync(Operation.Deploy, changed, dryRun: true);
        var failed = await RunAsync(Operation.Deploy, changed);

        var wouldFail = plan.EnsureSuccess().Result("streams", ResourceKind.Subject, subject);
        Assert.Equal(StepAction.WouldFail, wouldFail.Action);
        Assert.Contains("reader field 'language' has no default", wouldFail.Message, StringComparison.Ordinal);
        var error = failed.EnsureFailure().Error.Message;
        Assert.Contains($"failed at Subject {subject}: [Schema Registry] Schema com.example.WordCountV2 is incompatible", error, StringComparison.Ordinal);
        Assert.DoesNotContain(failed.Results, r => r.Kind == ResourceKind.HelmRelease);
        Assert.Equal(1, Workload("Deployment", Full("streams"))!["spec"]!["replicas"]!.GetValue<int>());

        // Cleaning removes the old data with its schemas; the incompatible version deploys.
        (await RunAsync(Operation.Clean, changed)).EnsureSuccess();
        var deploy = (await RunAsync(Operation.Deploy, changed)).EnsureSuccess();

        Assert.Equal(StepAction.Created, deploy.Result("streams", ResourceKind.Subject, subject).Action);
        Assert.Contains("\"language\"", D.SchemaRegistry.GetVersions(subject).Single().Definition.Schema, StringComparison.Ordinal);
        Assert.Equal(2, Workload("Deployment", Full("streams"))!["spec"]!["replicas"]!.GetValue<int>());
    }

    [DoubleOnlyFact]
    public async Task Reset_job_works_on_the_values_of_the_running_release_not_of_the_edited_pipeline()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 1);
        Kafka.CreateTopic(Topic("producer"), 1);
        (await RunAsync(Operation.Deploy, Pick(pipeline, "streams"))).EnsureSuccess();
        Produce(Topic("producer"), 10);
        Kafka.CommitOffset(Full("streams"), Topic("producer"), 0, 6);
        var renamed = Pick(Load(4, environment: "renamed"), "streams");

        (await RunAsync(Operation.Reset, renamed)).EnsureSuccess();

        // The running app used group <id>-streams: that is the one reset, whatever the pipeline says now.
        Assert.Equal([(CleanupAction.ResetOffsets, Full("streams"))], World.EffectsLog.Select(e => (e.Action, e.Target)));
        Assert.Equal($"{ExternalTopic}-0=0,{Topic("producer")}-0=0", GroupOffsets(Full("streams")));

        // Without a running release, the pipeline's values are all there is.
        World.CleanupEffects!.Clear();
        (await RunAsync(Operation.Reset, renamed)).EnsureSuccess();

        Assert.Equal([(CleanupAction.ResetOffsets, Full("streams") + "-v2")], World.EffectsLog.Select(e => (e.Action, e.Target)));
    }

    [DoubleOnlyFact]
    public async Task A_topic_with_more_partitions_than_wanted_is_a_planned_failure_and_stops_the_deploy()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(Topic("producer"), 5);
        var producer = Pick(pipeline, "producer");

        var plan = (await RunAsync(Operation.Deploy, producer, dryRun: true)).EnsureSuccess();
        var failed = await RunAsync(Operation.Deploy, producer);

        var wouldFail = plan.Result("producer", ResourceKind.Topic);
        Assert.Equal(StepAction.WouldFail, wouldFail.Action);
        Assert.Contains("has 5 partitions; partitions_count 3 would decrease them", wouldFail.Message, StringComparison.Ordinal);
        var error = failed.EnsureFailure().Error;
        Assert.Equal("TopicMismatch", error.ErrorId);
        Assert.Contains($"Deploy of producer-app 'producer' failed at Topic {Topic("producer")}: Topic {Topic("producer")} has 5 partitions", error.Message, StringComparison.Ordinal);
        Assert.Empty(failed.Results);
        Assert.Empty(Releases());
        Assert.Empty(Subjects());
        Assert.Equal(5, TopicState(Topic("producer")).Partitions);
    }

    [DoubleOnlyFact]
    public async Task Several_pipelines_run_one_after_another_each_in_its_own_order()
    {
        var all = Load(4);
        var diamond = Load(4, "diamond");
        var web = all.Find("web")!;
        var items = diamond.Components.Append(web).ToList();

        var deploy = (await RunAsync(Operation.Deploy, items, parallel: true)).EnsureSuccess();
        var destroy = (await RunAsync(Operation.Destroy, items, parallel: true)).EnsureSuccess();

        // The diamond level by level (left and right side by side, in either order), then the other pipeline.
        var installed = deploy.Results.Where(r => r.Kind == ResourceKind.HelmRelease).Select(r => r.Component).ToList();
        Assert.Equal("top", installed[0]);
        Assert.Equal(["left", "right"], installed[1..3].Order(StringComparer.Ordinal));
        Assert.Equal(["bottom", "web"], installed[3..]);
        AssertComponentOrder(deploy.Requests, [diamond.Find("bottom")!, web]);
        // Teardown reverses the order inside each pipeline, not the order of the pipelines.
        Assert.Equal(["bottom", "top", "web"], destroy.StartedComponents.Where(c => c is not "left" and not "right"));
        AssertComponentOrder(destroy.Requests, [diamond.Find("top")!, web]);
        Assert.Empty(Releases());
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Retain_clean_jobs_keeps_the_cleanup_releases_and_a_second_clean_replaces_them(int helm)
    {
        var pipeline = Load(helm, variables: new Dictionary<string, string> { ["KPOPS_RETAIN_CLEAN_JOBS"] = "true" });
        Kafka.CreateTopic(ExternalTopic, 2);
        var apps = Pick(pipeline, "producer", "streams", "consumer");
        (await RunAsync(Operation.Deploy, apps)).EnsureSuccess();

        var clean = (await RunAsync(Operation.Clean, apps)).EnsureSuccess();

        Assert.All(clean.Results.Where(r => r.Kind == ResourceKind.CleanupJob), r => Assert.Contains("retain_clean_jobs", r.Message, StringComparison.Ordinal));
        var cleaners = new Dictionary<string, string>
        {
            [Full("producer") + "-clean"] = "deployed",
            [Full("streams") + "-clean"] = "deployed",
            [Full("consumer") + "-clean"] = "deployed",
        };
        Assert.Equal(cleaners, Releases());
        foreach (var app in new[] { "producer", "streams", "consumer" })
        {
            var job = Workload("Job", Full(app) + "-clean") ?? throw new Xunit.Sdk.XunitException($"the Job of {app}'s cleanup release is gone");
            Assert.Equal(1, job["status"]!["succeeded"]!.GetValue<int>());
        }
        Assert.Equal([ExternalTopic], Topics());

        // The kept releases do not block the next clean: each is uninstalled and run again.
        var again = (await RunAsync(Operation.Clean, apps)).EnsureSuccess();
        Assert.Equal(["HelmRelease NotFound", "CleanupJob Ran"], again.Actions("streams"));
        Assert.Equal(cleaners, Releases());
        Assert.Contains(again.Requests, r => r is { Service: "Kubernetes", Method: "DELETE" } && r.Path.EndsWith($"/secrets/sh.helm.release.v1.{Full("streams")}-clean.v1", StringComparison.Ordinal));
    }

    private List<string?> Groups() => Kafka.Groups.Select(g => g.GroupId).Select(GroupOffsets).ToList();
}
