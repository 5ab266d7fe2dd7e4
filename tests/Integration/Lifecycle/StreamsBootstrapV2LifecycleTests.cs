using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.Engine.Status;
using KPops.Engine.Yaml;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Effects;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// A pipeline of the deprecated streams-bootstrap 2 types (pipeline <c>v2</c>: producer-app-v2 → streams-app-v2 →
/// sink connector) through generate, -WhatIf, deploy, status, manifests, reset and clean against the test world's
/// 2.x-shaped charts, with real helm 3 and 4: the state of every double afterwards.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class StreamsBootstrapV2LifecycleTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    private static readonly string[] Components = ["producer", "streams", "sink"];

    private string AuditTopic => Topic("streams") + "-audit";

    private Engine.Pipelines.Pipeline LoadV2(int helm) => Load(helm, "v2");

    [DoubleOnlyFact]
    public void Generate_writes_the_streams_section_with_extra_topics_and_the_2_x_chart()
    {
        var pipeline = LoadV2(4);

        var streams = (YMap)((YSeq)YamlReader.Read(pipeline.Find("streams")!.ToYaml(), "generate")!).Items.Single();

        Assert.Equal("streams-app-v2", ((YScalar)streams["type"]).Value);
        Assert.Equal(ChartPackager.V2Version, ((YScalar)streams["version"]).Value);
        var section = (YMap)((YMap)streams["values"])["streams"];
        Assert.Equal(World.Environment(4)["KPOPS_KAFKA_BROKERS"], ((YScalar)section["brokers"]).Value);
        Assert.Equal(Topic("producer"), ((YScalar)((YSeq)section["inputTopics"]).Items.Single()).Value);
        Assert.Equal(ExternalTopic, ((YScalar)((YSeq)((YMap)section["extraInputTopics"])["side"]).Items.Single()).Value);
        Assert.Equal(AuditTopic, ((YScalar)((YMap)section["extraOutputTopics"])["audit"]).Value);
        Assert.Equal((Topic("streams"), ErrorTopic("streams")), (((YScalar)section["outputTopic"]).Value, ((YScalar)section["errorTopic"]).Value));
        Assert.Equal($"{Topic("streams")}", pipeline.Find("sink")!.Config!["topics"]);
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task WhatIf_deploy_plans_the_2_x_releases_topics_schemas_and_connector_and_changes_nothing(int helm)
    {
        var pipeline = LoadV2(helm);
        Kafka.CreateTopic(ExternalTopic, 1);

        var plan = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).EnsureSuccess();

        AssertNothingChanged(plan);
        Assert.All(plan.Results, r => Assert.Equal(StepAction.WouldCreate, r.Action));
        Assert.Equal(["Topic WouldCreate", "Subject WouldCreate", "HelmRelease WouldCreate"], plan.Actions("producer"));
        Assert.Equal(["Topic WouldCreate", "Topic WouldCreate", "Topic WouldCreate", "Subject WouldCreate", "HelmRelease WouldCreate"], plan.Actions("streams"));
        Assert.Equal(["Connector WouldCreate"], plan.Actions("sink"));
        Assert.StartsWith($"--- Job/{Full("producer")} added\n", plan.Result("producer", ResourceKind.HelmRelease).Diff, StringComparison.Ordinal);
        var streams = plan.Result("streams", ResourceKind.HelmRelease).Diff!;
        Assert.StartsWith($"--- Deployment/{Full("streams")} added\n", streams, StringComparison.Ordinal);
        Assert.Contains("chart: streams-app-2.9.0", streams, StringComparison.Ordinal);
        Assert.Contains("APP_EXTRA_OUTPUT_TOPICS", streams, StringComparison.Ordinal);
        Assert.Empty(Releases());
        Assert.Equal([ExternalTopic], Topics());
        Assert.Empty(Subjects());
        Assert.Empty(Connectors());
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Deploy_installs_the_2_x_charts_after_topics_and_schemas_and_status_finds_everything_in_sync(int helm)
    {
        var pipeline = LoadV2(helm);
        Kafka.CreateTopic(ExternalTopic, 1);

        var deploy = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();

        Assert.Equal(["Topic Created", "Subject Created", "HelmRelease Created"], deploy.Actions("producer"));
        Assert.Equal(["Topic Created", "Topic Created", "Topic Created", "Subject Created", "HelmRelease Created"], deploy.Actions("streams"));
        Assert.Equal(["Connector Created"], deploy.Actions("sink"));
        AssertComponentOrder(deploy.Requests, pipeline.Components);
        foreach (var component in pipeline.Components) AssertTopicsAndSchemasFirst(deploy.Requests, component);
        AssertDeployedV2State();

        var status = await CheckAsync(pipeline);

        Assert.All(status, r => Assert.Equal(ResourceStatus.InSync, r.Status));
        Assert.Contains(status, r => r is { Component: "streams", Kind: StatusKind.Workload } && r.Resource == $"Deployment/{Full("streams")}");
        Assert.Contains(status, r => r is { Component: "streams", Kind: StatusKind.ConsumerGroup } && r.Resource == Full("streams"));
        Assert.Contains(status, r => r is { Component: "producer", Kind: StatusKind.HelmRelease } && r.Resource == Full("producer"));

        // Again: nothing to do.
        var again = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Assert.All(again.Results, r => Assert.Equal(StepAction.Unchanged, r.Action));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Reset_runs_the_2_x_cleanup_job_that_rewinds_the_streams_app_and_keeps_its_outputs(int helm)
    {
        var pipeline = LoadV2(helm);
        Kafka.CreateTopic(ExternalTopic, 1);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        var topics = Topics();
        var subjects = Subjects();
        Produce(Topic("producer"), 10, start: 3);
        Produce(ExternalTopic, 5);
        Kafka.CommitOffset(Full("streams"), Topic("producer"), 0, 9);
        Kafka.CommitOffset(Full("streams"), ExternalTopic, 0, 4);

        var reset = (await RunAsync(Operation.Reset, pipeline)).EnsureSuccess();

        Assert.Equal(["Connector Reset", "Connector Deleted"], reset.Actions("sink"));
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], reset.Actions("streams"));
        Assert.Equal(["HelmRelease Deleted"], reset.Actions("producer"));
        AssertComponentOrder(reset.Requests, pipeline.Components.Reverse());
        Assert.Empty(Releases());
        Assert.Null(Workload("Job", Full("streams") + "-clean"));
        Assert.Equal(topics, Topics());
        Assert.Equal(subjects, Subjects());
        Assert.Equal($"{ExternalTopic}-0=0,{Topic("producer")}-0=3,{Topic("producer")}-1=0", GroupOffsets(Full("streams")));
        var effect = Assert.Single(World.EffectsLog);
        Assert.Equal((CleanupAction.ResetOffsets, Full("streams"), "streams-app-cleanup-job", "reset", Full("streams") + "-clean"),
            (effect.Action, effect.Target, effect.Chart, effect.Command, effect.Job));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Clean_deletes_outputs_schemas_and_the_group_through_the_2_x_cleanup_jobs_but_never_inputs(int helm)
    {
        var pipeline = LoadV2(helm);
        Kafka.CreateTopic(ExternalTopic, 1);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Kafka.CommitOffset(Full("streams"), Topic("producer"), 0, 1);

        var clean = (await RunAsync(Operation.Clean, pipeline)).EnsureSuccess();

        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], clean.Actions("streams"));
        Assert.Equal(["HelmRelease Deleted", "CleanupJob Ran"], clean.Actions("producer"));
        Assert.Equal(["Connector Reset", "Connector Deleted"], clean.Actions("sink").Take(2));
        AssertComponentOrder(clean.Requests, pipeline.Components.Reverse());
        Assert.Empty(Releases());
        Assert.Empty(Connectors());
        Assert.Equal([ExternalTopic], Topics());
        Assert.Empty(Subjects());
        Assert.Null(Kafka.GetGroup(Full("streams")));
        Assert.Empty(D.Kubernetes!.List("batch/v1", "Job", Namespace));
        Assert.All(World.EffectsLog, e => Assert.Equal("clean", e.Command));
        Assert.Equal(
            [
                (CleanupAction.ResetOffsets, Full("streams")),
                (CleanupAction.DeleteTopic, Topic("streams")), (CleanupAction.DeleteSubject, Topic("streams") + "-value"),
                (CleanupAction.DeleteTopic, AuditTopic),
                (CleanupAction.DeleteTopic, ErrorTopic("streams")),
                (CleanupAction.DeleteGroup, Full("streams")),
                (CleanupAction.DeleteTopic, Topic("producer")), (CleanupAction.DeleteSubject, Topic("producer") + "-value"),
            ],
            World.EffectsLog.Select(e => (e.Action, e.Target)));

        // A cleaned pipeline deploys from scratch.
        var redeploy = (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Assert.All(redeploy.Results, r => Assert.Equal(StepAction.Created, r.Action));
        AssertDeployedV2State();
    }

    [DoubleOnlyFact]
    public async Task Manifests_of_2_x_apps_are_their_releases_only()
    {
        var pipeline = LoadV2(4);
        var log = new ClusterTestLog(Output);
        using var clients = new ClientFactory().Create(pipeline, log);
        var warnings = new List<string>();

        async Task<IReadOnlyList<ManifestDocument>> RenderAsync(string component, Operation operation) =>
            await ManifestRenderer.RenderAsync(pipeline.Inventory.Of(pipeline.Find(component)!), operation, ManifestMode.Argo, clients.Helm, warnings.Add, CancellationToken.None);

        var streams = await RenderAsync("streams", Operation.Deploy);
        var producer = await RenderAsync("producer", Operation.Deploy);

        Assert.Equal([("Deployment", Full("streams"))], streams.Select(d => (d.Kind, d.Name)));
        Assert.Contains("argocd.argoproj.io/sync-wave", streams[0].Yaml, StringComparison.Ordinal);
        Assert.Contains("APP_BROKERS", streams[0].Yaml, StringComparison.Ordinal);
        Assert.Equal([("Job", Full("producer"))], producer.Select(d => (d.Kind, d.Name)));
        foreach (var operation in new[] { Operation.Destroy, Operation.Reset, Operation.Clean })
        {
            Assert.Empty(await RenderAsync("streams", operation));
            Assert.Empty(await RenderAsync("producer", operation));
        }
        Assert.Empty(warnings);
        Assert.Empty(Releases());
    }

    /// <summary>The state of <c>v2</c> after a deploy, in every double.</summary>
    private void AssertDeployedV2State()
    {
        Assert.Equal(Deployed("producer", "streams"), Releases());
        var deployment = Workload("Deployment", Full("streams"))!;
        var labels = deployment["metadata"]!["labels"]!;
        Assert.Equal((Full("streams"), "streams-app-2.9.0"), (labels["app"]!.GetValue<string>(), labels["chart"]!.GetValue<string>()));
        var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
        Assert.Equal(Topic("producer"), env["APP_INPUT_TOPICS"]);
        Assert.Equal($"side={ExternalTopic},", env["APP_EXTRA_INPUT_TOPICS"]);
        Assert.Equal($"audit={AuditTopic},", env["APP_EXTRA_OUTPUT_TOPICS"]);
        Assert.Equal(Topic("streams"), env["APP_OUTPUT_TOPIC"]);
        Assert.Equal(ErrorTopic("streams"), env["APP_ERROR_TOPIC"]);
        Assert.Equal(Full("streams"), deployment["spec"]!["template"]!["metadata"]!["annotations"]!["consumerGroup"]!.GetValue<string>());
        var producer = Workload("Job", Full("producer"))!;
        Assert.Equal("producer-app-2.9.0", producer["metadata"]!["labels"]!["chart"]!.GetValue<string>());

        Assert.Equal(new[] { ExternalTopic, Topic("producer"), Topic("streams"), AuditTopic, ErrorTopic("streams") }.Order(StringComparer.Ordinal), Topics());
        Assert.Equal(2, TopicState(Topic("producer")).Partitions);
        Assert.Equal(2, TopicState(Topic("streams")).Partitions);
        Assert.Equal([Topic("producer") + "-value", Topic("streams") + "-value"], Subjects());
        Assert.Equal([Full("sink")], Connectors());
        var sink = D.Connect.GetConnector(Full("sink"))!;
        Assert.Equal((ConnectorType.Sink, ConnectorState.Running, Topic("streams")), (sink.Type, sink.State, sink.Config["topics"]));
    }

    /// <summary>The status of every resource of the pipeline, read with the real clients.</summary>
    private async Task<IReadOnlyList<StatusResult>> CheckAsync(Engine.Pipelines.Pipeline pipeline)
    {
        using var clients = new ClientFactory().Create(pipeline, new ClusterTestLog(Output));
        var reporter = new StatusReporter(clients, new StatusOptions());
        var results = new List<StatusResult>();
        foreach (var name in Components) results.AddRange(await reporter.CheckAsync(pipeline.Inventory.Of(pipeline.Find(name)!), CancellationToken.None));
        foreach (var result in results) Output.WriteLine($"  {result}");
        return results;
    }
}
