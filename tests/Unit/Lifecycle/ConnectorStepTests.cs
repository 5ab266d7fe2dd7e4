using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>Real runs of connectors (spec §5.2, §6.3): create/update/pause/resume, reset through KIP-875, clean.</summary>
public sealed class ConnectorStepTests : LifecycleTestBase
{
    private const string SinkClass = "io.confluent.connect.jdbc.JdbcSinkConnector";

    private const string Sink = """
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            tasks.max: 1
          from:
            topics:
              in: {}
          to:
            topics:
              sink-dlq:
                type: error
        """;

    private const string Source = """
        - type: kafka-source-connector
          name: source
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSourceConnector
          to:
            topics:
              rows:
                value_schema: com.example.Row
        """;

    private static Dictionary<string, string> SinkConfig(string tasks = "1") => new()
    {
        ["connector.class"] = SinkClass,
        ["tasks.max"] = tasks,
        ["topics"] = "in",
        ["errors.deadletterqueue.topic.name"] = "sink-dlq",
    };

    private static string WithState(string pipeline, string state) => pipeline.Replace("  name: sink\n", $"  name: sink\n  state: {state}\n", StringComparison.Ordinal);

    private List<string> ConnectMutations() => World.Mutations.Where(m => m.Service == Service.KafkaConnect).Select(m => m.ToString()).ToList();

    [Fact]
    public async Task Deploy_creates_a_missing_connector_with_its_config_and_name()
    {
        var connector = (await RunAsync(Operation.Deploy, Load(Sink))).Succeeded().Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.Created, connector.Action);
        Assert.Equal(new Dictionary<string, string>(SinkConfig()) { ["name"] = "demo-sink" }, World.Connect.Connectors["demo-sink"].Config);
        Assert.Equal(("demo-sink", (string?)null), Assert.Single(World.Connect.Created));
        Assert.Equal("RUNNING", World.Connect.Connectors["demo-sink"].State);
    }

    [Fact]
    public async Task Deploy_creates_a_connector_in_its_initial_state()
    {
        (await RunAsync(Operation.Deploy, Load(WithState(Sink, "paused")))).Succeeded();

        Assert.Equal(("demo-sink", "PAUSED"), Assert.Single(World.Connect.Created));
        Assert.Equal("PAUSED", World.Connect.Connectors["demo-sink"].State);
    }

    [Fact]
    public async Task An_identical_connector_is_left_alone()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig());

        var connector = (await RunAsync(Operation.Deploy, Load(Sink))).Succeeded().Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.Unchanged, connector.Action);
        Assert.Empty(ConnectMutations());
    }

    [Fact]
    public async Task A_changed_config_is_put()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig(tasks: "4"));

        var connector = (await RunAsync(Operation.Deploy, Load(Sink))).Succeeded().Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.Updated, connector.Action);
        Assert.Equal("~ tasks.max: 4 → 1\n", connector.Diff);
        Assert.Equal(["KafkaConnect.PutConfig demo-sink"], ConnectMutations());
        Assert.Equal("1", World.Connect.Connectors["demo-sink"].Config["tasks.max"]);
    }

    [Fact]
    public async Task A_running_connector_that_should_be_paused_is_paused_before_its_config_is_put()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig(tasks: "4"));

        (await RunAsync(Operation.Deploy, Load(WithState(Sink, "paused")))).Succeeded();

        Assert.Equal(["KafkaConnect.Pause demo-sink", "KafkaConnect.PutConfig demo-sink"], ConnectMutations());
        Assert.Equal("PAUSED", World.Connect.Connectors["demo-sink"].State);
    }

    [Fact]
    public async Task A_paused_connector_that_should_run_is_resumed_after_its_config_is_put()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig(tasks: "4"), state: "PAUSED");

        (await RunAsync(Operation.Deploy, Load(WithState(Sink, "running")))).Succeeded();

        Assert.Equal(["KafkaConnect.PutConfig demo-sink", "KafkaConnect.Resume demo-sink"], ConnectMutations());
        Assert.Equal("RUNNING", World.Connect.Connectors["demo-sink"].State);
    }

    [Fact]
    public async Task Only_the_state_changes_when_the_config_is_equal()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig(), state: "PAUSED");

        var connector = (await RunAsync(Operation.Deploy, Load(WithState(Sink, "running")))).Succeeded().Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.Updated, connector.Action);
        Assert.Equal(["KafkaConnect.Resume demo-sink"], ConnectMutations());
    }

    [Fact]
    public async Task A_connector_without_a_wanted_state_keeps_its_state()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig(tasks: "4"), state: "PAUSED");

        (await RunAsync(Operation.Deploy, Load(Sink))).Succeeded();

        Assert.Equal(["KafkaConnect.PutConfig demo-sink"], ConnectMutations());
        Assert.Equal("PAUSED", World.Connect.Connectors["demo-sink"].State);
    }

    [Fact]
    public async Task Reset_stops_waits_for_STOPPED_deletes_the_offsets_then_deletes_the_connector()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig());
        World.Connect.StopLatency = 2;

        var outcome = (await RunAsync(Operation.Reset, Load(Sink))).Succeeded();

        Assert.Equal([
            "KafkaConnect.GetConnector demo-sink",
            "KafkaConnect.Stop demo-sink",
            "KafkaConnect.GetStatus demo-sink",
            "KafkaConnect.GetStatus demo-sink",
            "KafkaConnect.GetStatus demo-sink",
            "KafkaConnect.DeleteOffsets demo-sink",
            "KafkaConnect.Delete demo-sink",
        ], World.CallLines(Service.KafkaConnect));
        Assert.Equal(["sink Connector demo-sink Reset", "sink Connector demo-sink Deleted"], outcome.Lines);
        Assert.Empty(World.Connect.Connectors);
    }

    [Fact]
    public async Task Reset_of_a_missing_connector_goes_through_a_temporary_paused_one()
    {
        var outcome = (await RunAsync(Operation.Reset, Load(Sink))).Succeeded();

        Assert.Equal([
            "KafkaConnect.Create demo-sink",
            "KafkaConnect.Stop demo-sink",
            "KafkaConnect.DeleteOffsets demo-sink",
            "KafkaConnect.Delete demo-sink",
        ], ConnectMutations());
        Assert.Equal(("demo-sink", "PAUSED"), Assert.Single(World.Connect.Created));
        Assert.Equal(["sink Connector demo-sink Reset", "sink Connector demo-sink NotFound"], outcome.Lines);
        Assert.Empty(World.Connect.Connectors);
    }

    [Fact]
    public async Task The_temporary_connector_is_deleted_even_when_the_offset_reset_fails()
    {
        World.Fail("KafkaConnect.DeleteOffsets", message: "500 Internal Server Error");

        var outcome = await RunAsync(Operation.Reset, Load(Sink));

        Assert.Contains("[Kafka Connect] 500", outcome.Failure!.Error.Message);
        Assert.Empty(World.Connect.Connectors);
    }

    [Fact]
    public async Task Clean_of_a_sink_reads_its_connector_once()
    {
        World.Connect.AddConnector("demo-sink", SinkConfig());

        (await RunAsync(Operation.Clean, Load(Sink))).Succeeded();

        Assert.Single(World.CallLines(Service.KafkaConnect), c => c == "KafkaConnect.GetConnector demo-sink");
    }

    [Fact]
    public async Task Destroy_of_a_missing_connector_is_not_an_error()
    {
        var outcome = (await RunAsync(Operation.Destroy, Load(Sink))).Succeeded();

        Assert.Equal(["sink Connector demo-sink NotFound"], outcome.Lines);
        // One DELETE, whose 404 says it: no read before it.
        Assert.Equal(["KafkaConnect.Delete demo-sink"], World.CallLines(Service.KafkaConnect));
    }

    [Fact]
    public async Task Clean_of_a_sink_deletes_its_consumer_group_and_to_topics_but_not_its_from_topics()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        var pipeline = Load(Sink);
        World.Kafka.AddTopic("in");
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Kafka.Groups["connect-demo-sink"] = "Empty";

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Equal([
            "sink Connector demo-sink Reset",
            "sink Connector demo-sink Deleted",
            "sink ConsumerGroup connect-demo-sink Deleted",
            "sink Subject sink-dlq-value NotFound",
            "sink Subject sink-dlq-key NotFound",
            "sink Topic sink-dlq Deleted",
        ], outcome.Lines);
        Assert.Equal(["in"], World.Kafka.Topics.Keys);
        Assert.Empty(World.Kafka.Groups);
    }

    [Fact]
    public async Task Clean_lists_the_subjects_once_and_deletes_only_those_the_registry_has()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        var pipeline = Load(Sink);
        World.Kafka.AddTopic("in");
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.SchemaRegistry.AddVersion("sink-dlq-value", World.Schemas.Add("com.example.Dead"));
        World.ClearCalls();

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Equal(["SchemaRegistry.ListSubjects ", "SchemaRegistry.DeleteSubject sink-dlq-value"], World.CallLines(Service.SchemaRegistry));
        Assert.Equal(StepAction.Deleted, outcome.Result(ResourceKind.Subject, "sink-dlq-value").Action);
        Assert.Equal(StepAction.NotFound, outcome.Result(ResourceKind.Subject, "sink-dlq-key").Action);
    }

    [Fact]
    public async Task Clean_of_a_source_deletes_the_subjects_and_the_to_topics()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.Schemas.Add("com.example.Row");
        var pipeline = Load(Source);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        Assert.Equal(["rows-value"], World.SchemaRegistry.Subjects);

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Equal(StepAction.Deleted, outcome.Result(ResourceKind.Subject, "rows-value").Action);
        Assert.Equal(StepAction.Deleted, outcome.Result(ResourceKind.Topic, "rows").Action);
        Assert.Empty(World.SchemaRegistry.Subjects);
        Assert.Empty(World.Kafka.Topics);
        Assert.DoesNotContain(outcome.Results, r => r.Kind == ResourceKind.ConsumerGroup);
    }

    [Fact]
    public async Task Clean_skips_subjects_when_the_registry_is_disabled()
    {
        var outcome = (await RunAsync(Operation.Clean, Load(Source))).Succeeded();

        Assert.Equal(StepAction.Skipped, outcome.Result(ResourceKind.Subject, "rows-value").Action);
        Assert.Equal(StepAction.NotFound, outcome.Result(ResourceKind.Topic, "rows").Action);
    }
}
