using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>Real runs of topic and schema steps (spec §5.2 deploy steps 1–2, §6.2, §6.4).</summary>
public sealed class TopicAndSchemaStepTests : LifecycleTestBase
{
    private static string Producer(string topics) => "- type: producer-app\n  name: producer\n  to:\n    topics:\n" + topics;

    [Fact]
    public async Task A_topic_without_partitions_or_replication_is_created_with_the_broker_defaults()
    {
        World.Kafka.Defaults = new BrokerDefaults(4, 2);

        var topic = (await RunAsync(Operation.Deploy, Load(Producer("      t: {}\n")))).Succeeded().Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.Created, topic.Action);
        Assert.Equal((4, (short)2), (World.Kafka.Topics["t"].Partitions, World.Kafka.Topics["t"].ReplicationFactor));
        Assert.Equal("+ partitions: 4 (broker default)\n+ replication factor: 2 (broker default)\n", topic.Diff);
    }

    [Fact]
    public async Task A_topic_is_created_with_its_partitions_replication_and_configs()
    {
        (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        partitions_count: 6\n        replication_factor: 3\n        configs:\n          cleanup.policy: compact\n          retention.ms: 1000\n")))).Succeeded();

        var topic = World.Kafka.Topics["t"];
        Assert.Equal((6, (short)3), (topic.Partitions, topic.ReplicationFactor));
        Assert.Equal(new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "1000" }, topic.Configs);
    }

    [Fact]
    public async Task Configs_are_set_and_removed_in_one_call()
    {
        World.Kafka.AddTopic("t", configs: new Dictionary<string, string> { ["retention.ms"] = "1000", ["max.message.bytes"] = "2000", ["min.insync.replicas"] = "1" });

        var topic = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        configs:\n          retention.ms: 2000\n          cleanup.policy: compact\n          min.insync.replicas: 1\n")))).Succeeded()
            .Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.Updated, topic.Action);
        Assert.Equal(["Kafka.AlterTopicConfigs t"], World.MutationLines().Where(m => m.StartsWith("Kafka.", StringComparison.Ordinal)));
        Assert.Equal(new Dictionary<string, string> { ["retention.ms"] = "2000", ["cleanup.policy"] = "compact", ["min.insync.replicas"] = "1" }, World.Kafka.Topics["t"].Configs);
    }

    [Fact]
    public async Task Partitions_are_increased()
    {
        World.Kafka.AddTopic("t", partitions: 2);

        var topic = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        partitions_count: 5\n")))).Succeeded().Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.Updated, topic.Action);
        Assert.Equal(5, World.Kafka.Topics["t"].Partitions);
        Assert.Equal("~ partitions: 2 → 5\n", topic.Diff);
    }

    [Fact]
    public async Task A_replication_change_is_an_error_and_changes_nothing()
    {
        World.Kafka.AddTopic("t", replicationFactor: 1, configs: new Dictionary<string, string> { ["retention.ms"] = "1" });

        var outcome = await RunAsync(Operation.Deploy, Load(Producer("      t:\n        replication_factor: 3\n")));

        Assert.Equal("TopicMismatch", outcome.Failure!.Error.ErrorId);
        Assert.Contains("replication factor 1, not 3", outcome.Failure.Error.Message);
        Assert.Empty(World.Mutations);
    }

    [Fact]
    public async Task An_equal_topic_is_unchanged_and_untouched()
    {
        World.Kafka.AddTopic("t", partitions: 3, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var topic = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        partitions_count: 3\n        configs:\n          cleanup.policy: compact\n")))).Succeeded()
            .Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.Unchanged, topic.Action);
        Assert.DoesNotContain(World.Mutations, m => m.Service == Service.Kafka);
    }

    [Fact]
    public async Task Unset_partitions_and_replication_accept_whatever_an_existing_topic_has()
    {
        World.Kafka.AddTopic("t", partitions: 12, replicationFactor: 3);

        var topic = (await RunAsync(Operation.Deploy, Load(Producer("      t: {}\n")))).Succeeded().Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.Unchanged, topic.Action);
    }

    [Fact]
    public async Task Schemas_are_registered_under_topic_key_and_topic_value_when_the_registry_is_enabled()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        var key = World.Schemas.Add("com.example.Key");
        var value = World.Schemas.Add("com.example.Value");

        var outcome = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        key_schema: com.example.Key\n        value_schema: com.example.Value\n")))).Succeeded();

        Assert.Equal([key], World.SchemaRegistry.Versions("t-key"));
        Assert.Equal([value], World.SchemaRegistry.Versions("t-value"));
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.Subject, "t-key").Action);
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.Subject, "t-value").Action);
    }

    [Fact]
    public async Task Schemas_are_skipped_when_the_registry_is_disabled()
    {
        var outcome = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Unknown\n")))).Succeeded();

        var subject = outcome.Result(ResourceKind.Subject, "t-value");
        Assert.Equal(StepAction.Skipped, subject.Action);
        Assert.Contains("schema_registry.enabled is false", subject.Message);
        Assert.Empty(World.CallLines(Service.SchemaRegistry));
        Assert.Empty(World.Schemas.Requests);
    }

    [Fact]
    public async Task The_schema_provider_gets_the_schema_class_and_the_models_of_the_to_section()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.Schemas.Add("com.example.Value");

        (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Value\n    models:\n      com.example.Value: v1\n")))).Succeeded();

        var request = Assert.Single(World.Schemas.Requests);
        Assert.Equal("com.example.Value", request.SchemaClass);
        Assert.Equal(new Dictionary<string, string> { ["com.example.Value"] = "v1" }, request.Models);
    }

    [Fact]
    public async Task A_schema_class_no_provider_knows_is_a_clear_error_before_the_release()
    {
        UseConfig("schema_registry:\n  enabled: true\n");

        var outcome = await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Missing\n")));

        var error = outcome.Failure!.Error;
        Assert.Equal("SchemaNotFound", error.ErrorId);
        Assert.Contains("'com.example.Missing'", error.Message);
        Assert.Contains("t-value", error.Message);
        Assert.NotNull(error.Hint);
        Assert.Null(World.Helm.Release("demo-producer"));
    }

    [Fact]
    public async Task An_already_registered_schema_is_not_registered_again()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.SchemaRegistry.AddVersion("t-value", World.Schemas.Add("com.example.Value"));

        var subject = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Value\n")))).Succeeded().Result(ResourceKind.Subject, "t-value");

        Assert.Equal(StepAction.Unchanged, subject.Action);
        Assert.DoesNotContain(World.Mutations, m => m.Service == Service.SchemaRegistry);
        Assert.Equal(["SchemaRegistry.Lookup t-value"], World.CallLines(Service.SchemaRegistry));
    }

    [Fact]
    public async Task A_new_subject_takes_one_lookup_and_one_registration()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.Schemas.Add("com.example.Value");

        var subject = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Value\n")))).Succeeded().Result(ResourceKind.Subject, "t-value");

        Assert.Equal(StepAction.Created, subject.Action);
        Assert.Equal(["SchemaRegistry.Lookup t-value", "SchemaRegistry.Register t-value"], World.CallLines(Service.SchemaRegistry));
    }

    [Fact]
    public async Task A_compatible_new_schema_becomes_a_new_version()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.SchemaRegistry.AddVersion("t-value", World.Schemas.Add("com.example.Old"));
        var value = World.Schemas.Add("com.example.Value");

        var subject = (await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Value\n")))).Succeeded().Result(ResourceKind.Subject, "t-value");

        Assert.Equal(StepAction.Updated, subject.Action);
        Assert.Equal(value, World.SchemaRegistry.Versions("t-value")[^1]);
    }

    [Fact]
    public async Task An_incompatible_schema_stops_the_run_with_the_registrys_reasons()
    {
        UseConfig("schema_registry:\n  enabled: true\n");
        World.SchemaRegistry.AddVersion("t-value", World.Schemas.Add("com.example.Old"));
        World.Schemas.Add("com.example.Value");
        World.SchemaRegistry.SetCompatible(false, "TYPE_MISMATCH at /fields/0");

        var outcome = await RunAsync(Operation.Deploy, Load(Producer("      t:\n        value_schema: com.example.Value\n")));

        var error = outcome.Failure!.Error;
        Assert.Contains("[Schema Registry]", error.Message);
        Assert.Contains("TYPE_MISMATCH at /fields/0", error.Message);
        Assert.Single(World.SchemaRegistry.Versions("t-value"));
        Assert.Null(World.Helm.Release("demo-producer"));
    }
}
