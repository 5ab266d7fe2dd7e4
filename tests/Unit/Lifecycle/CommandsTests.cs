using KPops.Engine.Lifecycle;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The Commands section of the components-and-commands document, sentence by sentence, on one pipeline.</summary>
public sealed class CommandsTests : LifecycleTestBase
{
    private const string Pipeline = """
        - type: producer-app
          name: producer
          to:
            topics:
              raw:
                value_schema: com.example.Raw
        - type: producer-app
          name: scheduled
          values:
            schedule: "0 * * * *"
          to:
            topics:
              ticks: {}
        - type: streams-app
          name: app
          from:
            topics:
              raw: {}
          to:
            topics:
              enriched:
                value_schema: com.example.Enriched
              enriched-error:
                type: error
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
          from:
            topics:
              enriched: {}
          to:
            topics:
              sink-dlq:
                type: error
        - type: kafka-source-connector
          name: source
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSourceConnector
          to:
            topics:
              rows:
                value_schema: com.example.Row
        """;

    public CommandsTests() : base("schema_registry:\n  enabled: true\n")
    {
        foreach (var schema in new[] { "com.example.Raw", "com.example.Enriched", "com.example.Row" }) World.Schemas.Add(schema);
    }

    private async Task<KPops.Engine.Pipelines.Pipeline> DeployedAsync()
    {
        var pipeline = Load(Pipeline);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Kafka.Groups["connect-demo-sink"] = "Empty";
        World.ClearCalls();
        return pipeline;
    }

    private List<string> Kinds(string release) =>
        YamlReader.ReadAll(World.Helm.Release(release)!.Manifest, "manifest").OfType<YMap>().Select(d => ((YScalar)d["kind"]).AsString!).ToList();

    [Fact]
    public async Task Deploy_creates_the_output_topics_and_registers_the_schemas()
    {
        await DeployedAsync();

        Assert.Equal(["enriched", "enriched-error", "raw", "rows", "sink-dlq", "ticks"], World.Kafka.Topics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["enriched-value", "raw-value", "rows-value"], World.SchemaRegistry.Subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deploy_of_a_producer_deploys_a_job_or_a_cron_job()
    {
        await DeployedAsync();

        Assert.Contains("Job", Kinds("demo-producer"));
        Assert.Contains("CronJob", Kinds("demo-scheduled"));
    }

    [Fact]
    public async Task Deploy_of_a_streams_app_creates_a_deployment_and_of_connectors_a_connector()
    {
        await DeployedAsync();

        Assert.Contains("Deployment", Kinds("demo-app"));
        Assert.Equal(["demo-sink", "demo-source"], World.Connect.Connectors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deploy_applied_again_after_a_change_updates_the_deployment()
    {
        await DeployedAsync();
        var changed = Load(Pipeline.Replace("  name: app\n", "  name: app\n  values:\n    replicaCount: 3\n", StringComparison.Ordinal));

        var release = (await RunAsync(Operation.Deploy, changed)).Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Updated, release.Action);
        Assert.Contains("replicaCount: 3", World.Helm.Release("demo-app")!.ValuesYaml);
    }

    [Fact]
    public async Task Destroy_removes_the_releases_and_connectors_and_keeps_topics_and_schemas()
    {
        var pipeline = await DeployedAsync();

        (await RunAsync(Operation.Destroy, pipeline)).Succeeded();

        Assert.Empty(World.Helm.Releases);
        Assert.Empty(World.Connect.Connectors);
        Assert.Equal(6, World.Kafka.Topics.Count);
        Assert.Equal(3, World.SchemaRegistry.Subjects.Count);
    }

    [Fact]
    public async Task Reset_includes_destroy_and_does_not_affect_output_topics()
    {
        var pipeline = await DeployedAsync();

        var outcome = (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        Assert.Empty(World.Helm.Releases);
        Assert.Empty(World.Connect.Connectors);
        Assert.Equal(6, World.Kafka.Topics.Count);
        Assert.Equal(3, World.SchemaRegistry.Subjects.Count);
        Assert.DoesNotContain(World.Calls, c => c.Method is "DeleteTopic" or "DeleteSubject" or "AlterTopicConfigs" or "DeleteGroup");
        Assert.DoesNotContain(outcome.Results, r => r.Kind is ResourceKind.Topic or ResourceKind.Subject);
    }

    [Fact]
    public async Task Reset_runs_a_job_for_streams_apps_that_is_deleted_afterwards_and_none_for_producers()
    {
        var pipeline = await DeployedAsync();

        var outcome = (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        Assert.Equal(["app CleanupJob demo-app-clean Ran"], outcome.Lines.Where(l => l.Contains("CleanupJob", StringComparison.Ordinal)));
        Assert.Contains("deleteOutput: false", Assert.Single(World.Helm.Installs, i => i.Release == "demo-app-clean").ValuesYaml);
        Assert.DoesNotContain(World.Helm.Installs, i => i.Release is "demo-producer-clean" or "demo-scheduled-clean");
        Assert.Null(World.Helm.Release("demo-app-clean"));
    }

    [Fact]
    public async Task Reset_of_connectors_resets_their_offsets()
    {
        var pipeline = await DeployedAsync();
        var sink = World.Connect.Connectors["demo-sink"];
        var source = World.Connect.Connectors["demo-source"];

        (await RunAsync(Operation.Reset, pipeline)).Succeeded();

        Assert.Equal((1, 1), (sink.OffsetResets, source.OffsetResets));
    }

    [Fact]
    public async Task Clean_includes_reset_and_deletes_what_kpops_owns_of_the_connectors()
    {
        var pipeline = await DeployedAsync();

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Contains("sink Connector demo-sink Reset", outcome.Lines);
        Assert.Contains("source Connector demo-source Reset", outcome.Lines);
        Assert.Empty(World.Kafka.Groups);
        Assert.False(World.Kafka.Topics.ContainsKey("sink-dlq"));
        Assert.False(World.Kafka.Topics.ContainsKey("rows"));
        Assert.DoesNotContain("rows-value", World.SchemaRegistry.Subjects);
        Assert.True(World.Kafka.Topics.ContainsKey("enriched"));   // the sink reads it; the streams app's job owns it
    }

    [Fact]
    public async Task Clean_runs_the_clean_jobs_of_apps_which_delete_their_output()
    {
        var pipeline = await DeployedAsync();

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Equal(["app CleanupJob demo-app-clean Ran", "scheduled CleanupJob demo-scheduled-clean Ran", "producer CleanupJob demo-producer-clean Ran"],
            outcome.Lines.Where(l => l.Contains("CleanupJob", StringComparison.Ordinal)));
        Assert.Contains("deleteOutput: true", Assert.Single(World.Helm.Installs, i => i.Release == "demo-app-clean").ValuesYaml);
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task A_command_applies_only_to_the_selected_components()
    {
        var pipeline = await DeployedAsync();

        var outcome = (await RunAsync(Operation.Destroy, pipeline.Components.Where(c => c.Name is "app" or "source"))).Succeeded();

        Assert.Equal(["source", "app"], outcome.ComponentOrder);
        Assert.Equal(["demo-producer", "demo-scheduled"], World.Helm.Releases.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["demo-sink"], World.Connect.Connectors.Keys);
    }
}
