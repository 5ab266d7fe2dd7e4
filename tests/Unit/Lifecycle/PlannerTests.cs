using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The steps of each built-in type for each operation (spec §5.2), as step kind and resource, in order.</summary>
public sealed class PlannerTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private List<string> Steps(Component component, Operation operation) =>
        Planner.Plan(_ws.PipelineOf(component).Inventory.Of(component), operation).Select(s => $"{s.GetType().Name} {s.Resource}").ToList();

    private const string StreamsApp = """
        - type: streams-app
          name: app
          from:
            topics:
              in: {}
          to:
            topics:
              out:
                key_schema: com.example.Key
                value_schema: com.example.Value
              out-error:
                type: error
        """;

    private const string StatefulStreamsApp = """
        - type: streams-app
          name: app
          values:
            statefulSet: true
            persistence:
              enabled: true
              size: 1Gi
          to:
            topics:
              out: {}
        """;

    private const string ProducerApp = """
        - type: producer-app
          name: producer
          to:
            topics:
              out:
                value_schema: com.example.Value
        """;

    private const string ConsumerApp = """
        - type: consumer-app
          name: consumer
          from:
            topics:
              in: {}
        """;

    private const string SinkConnector = """
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
          from:
            topics:
              in: {}
          to:
            topics:
              sink-dlq:
                type: error
        """;

    private const string SourceConnector = """
        - type: kafka-source-connector
          name: source
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSourceConnector
          to:
            topics:
              rows:
                value_schema: com.example.Row
        """;

    [Fact]
    public void Streams_app_deploy_creates_the_to_topics_then_registers_key_and_value_schemas_then_installs_the_release()
    {
        Assert.Equal([
            "EnsureTopicStep out",
            "EnsureTopicStep out-error",
            "RegisterSchemaStep out-key",
            "RegisterSchemaStep out-value",
            "InstallReleaseStep demo-app",
        ], Steps(_ws.LoadSingle(StreamsApp), Operation.Deploy));
    }

    [Fact]
    public void Streams_app_destroy_uninstalls_the_release()
    {
        Assert.Equal(["UninstallReleaseStep demo-app"], Steps(_ws.LoadSingle(StreamsApp), Operation.Destroy));
    }

    [Fact]
    public void Streams_app_reset_is_destroy_then_the_cleanup_job()
    {
        Assert.Equal(["UninstallReleaseStep demo-app", "CleanupJobStep demo-app-clean"], Steps(_ws.LoadSingle(StreamsApp), Operation.Reset));
    }

    [Fact]
    public void Streams_app_clean_is_destroy_then_the_cleanup_job_and_deletes_no_topic_itself()
    {
        Assert.Equal(["UninstallReleaseStep demo-app", "CleanupJobStep demo-app-clean"], Steps(_ws.LoadSingle(StreamsApp), Operation.Clean));
    }

    [Fact]
    public void Stateful_streams_app_with_persistence_deletes_its_volumes_after_the_clean_job()
    {
        Assert.Equal([
            "UninstallReleaseStep demo-app",
            "CleanupJobStep demo-app-clean",
            "DeleteVolumesStep app.kubernetes.io/name=demo-app",
        ], Steps(_ws.LoadSingle(StatefulStreamsApp), Operation.Clean));
    }

    [Fact]
    public void Stateful_streams_app_keeps_its_volumes_on_reset()
    {
        Assert.Equal(["UninstallReleaseStep demo-app", "CleanupJobStep demo-app-clean"], Steps(_ws.LoadSingle(StatefulStreamsApp), Operation.Reset));
    }

    [Fact]
    public void Stateful_streams_app_without_persistence_has_no_volume_step()
    {
        var app = _ws.LoadSingle("- type: streams-app\n  name: app\n  values:\n    statefulSet: true\n");
        Assert.DoesNotContain(Steps(app, Operation.Clean), s => s.StartsWith("DeleteVolumesStep", StringComparison.Ordinal));
    }

    [Fact]
    public void Producer_app_deploy_creates_topics_registers_schemas_and_installs()
    {
        Assert.Equal(["EnsureTopicStep out", "RegisterSchemaStep out-value", "InstallReleaseStep demo-producer"],
            Steps(_ws.LoadSingle(ProducerApp), Operation.Deploy));
    }

    [Fact]
    public void Producer_app_reset_is_destroy_only()
    {
        Assert.Equal(["UninstallReleaseStep demo-producer"], Steps(_ws.LoadSingle(ProducerApp), Operation.Reset));
    }

    [Fact]
    public void Producer_app_clean_is_destroy_then_the_clean_job()
    {
        Assert.Equal(["UninstallReleaseStep demo-producer", "CleanupJobStep demo-producer-clean"], Steps(_ws.LoadSingle(ProducerApp), Operation.Clean));
    }

    [Fact]
    public void Consumer_app_deploy_is_the_release_only()
    {
        Assert.Equal(["InstallReleaseStep demo-consumer"], Steps(_ws.LoadSingle(ConsumerApp), Operation.Deploy));
    }

    [Fact]
    public void Consumer_app_destroy_reset_and_clean()
    {
        var consumer = _ws.LoadSingle(ConsumerApp);
        Assert.Equal(["UninstallReleaseStep demo-consumer"], Steps(consumer, Operation.Destroy));
        Assert.Equal(["UninstallReleaseStep demo-consumer", "CleanupJobStep demo-consumer-clean"], Steps(consumer, Operation.Reset));
        Assert.Equal(["UninstallReleaseStep demo-consumer", "CleanupJobStep demo-consumer-clean"], Steps(consumer, Operation.Clean));
    }

    [Fact]
    public void Stateful_consumer_app_with_persistence_deletes_its_volumes_on_clean()
    {
        var consumer = _ws.LoadSingle(ConsumerApp + "\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n      size: 1Gi\n");
        Assert.Equal("DeleteVolumesStep app.kubernetes.io/name=demo-consumer", Steps(consumer, Operation.Clean)[^1]);
    }

    [Fact]
    public void Helm_app_with_a_chart_installs_on_deploy_and_uninstalls_on_destroy_reset_and_clean()
    {
        var redis = _ws.LoadSingle("- type: helm-app\n  name: redis\n  chart: bitnami/redis\n");
        Assert.Equal(["InstallReleaseStep demo-redis"], Steps(redis, Operation.Deploy));
        foreach (var operation in new[] { Operation.Destroy, Operation.Reset, Operation.Clean })
            Assert.Equal(["UninstallReleaseStep demo-redis"], Steps(redis, operation));
    }

    [Fact]
    public void Sink_connector_deploy_creates_its_to_topics_then_the_connector()
    {
        Assert.Equal(["EnsureTopicStep sink-dlq", "DeployConnectorStep demo-sink"], Steps(_ws.LoadSingle(SinkConnector), Operation.Deploy));
    }

    [Fact]
    public void Source_connector_deploy_creates_its_to_topics_registers_their_schemas_then_the_connector()
    {
        Assert.Equal(["EnsureTopicStep rows", "RegisterSchemaStep rows-value", "DeployConnectorStep demo-source"], Steps(_ws.LoadSingle(SourceConnector), Operation.Deploy));
    }

    [Fact]
    public void Connector_destroy_deletes_the_connector()
    {
        Assert.Equal(["DeleteConnectorStep demo-sink"], Steps(_ws.LoadSingle(SinkConnector), Operation.Destroy));
        Assert.Equal(["DeleteConnectorStep demo-source"], Steps(_ws.LoadSingle(SourceConnector), Operation.Destroy));
    }

    [Fact]
    public void Connector_reset_resets_offsets_then_deletes_the_connector()
    {
        Assert.Equal(["ResetConnectorStep demo-sink", "DeleteConnectorStep demo-sink"], Steps(_ws.LoadSingle(SinkConnector), Operation.Reset));
        Assert.Equal(["ResetConnectorStep demo-source", "DeleteConnectorStep demo-source"], Steps(_ws.LoadSingle(SourceConnector), Operation.Reset));
    }

    [Fact]
    public void Sink_connector_clean_resets_then_deletes_group_subjects_and_to_topics_but_never_from_topics()
    {
        var steps = Steps(_ws.LoadSingle(SinkConnector), Operation.Clean);
        Assert.Equal([
            "ResetConnectorStep demo-sink",
            "DeleteConnectorStep demo-sink",
            "DeleteConsumerGroupStep connect-demo-sink",
            "DeleteSubjectStep sink-dlq-value",
            "DeleteSubjectStep sink-dlq-key",
            "DeleteTopicStep sink-dlq",
        ], steps);
        Assert.DoesNotContain(steps, s => s.EndsWith(" in", StringComparison.Ordinal));
    }

    [Fact]
    public void Source_connector_clean_deletes_subjects_and_to_topics_and_no_consumer_group()
    {
        Assert.Equal([
            "ResetConnectorStep demo-source",
            "DeleteConnectorStep demo-source",
            "DeleteSubjectStep rows-value",
            "DeleteSubjectStep rows-key",
            "DeleteTopicStep rows",
        ], Steps(_ws.LoadSingle(SourceConnector), Operation.Clean));
    }

    [Theory]
    [InlineData("streams-app", StreamsApp)]
    [InlineData("kafka-sink-connector", SinkConnector)]
    public void A_custom_type_plans_like_its_base_type(string baseType, string pipeline)
    {
        var plain = _ws.LoadSingle(pipeline);
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("my-type", baseType);
        var custom = Assert.Single(_ws.LoadPipeline(pipeline.Replace("type: " + baseType, "type: my-type", StringComparison.Ordinal), registry: registry).Components);
        Assert.Equal("my-type", custom.Type);
        foreach (var operation in Enum.GetValues<Operation>())
            Assert.Equal(Steps(plain, operation), Steps(custom, operation));
    }
}
