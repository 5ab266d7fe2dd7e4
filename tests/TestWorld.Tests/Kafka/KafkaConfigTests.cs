using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>DescribeConfigs, IncrementalAlterConfigs and AlterConfigs through the real AdminClient.</summary>
public class KafkaConfigTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    private static readonly ConfigResource OrdersTopic = new() { Type = ResourceType.Topic, Name = "orders" };
    private static readonly ConfigResource BrokerOne = new() { Type = ResourceType.Broker, Name = "1" };

    [Fact]
    public async Task DescribeConfigs_of_a_topic_tells_dynamic_overrides_from_defaults()
    {
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var entries = (await Admin.DescribeConfigsAsync([OrdersTopic])).Single().Entries;

        Assert.Equal(("compact", ConfigSource.DynamicTopicConfig, false),
            (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source, entries["cleanup.policy"].IsDefault));
        Assert.Equal(("604800000", ConfigSource.DefaultConfig, true),
            (entries["retention.ms"].Value, entries["retention.ms"].Source, entries["retention.ms"].IsDefault));
        Assert.Contains("min.insync.replicas", entries.Keys);
        Assert.Contains("segment.bytes", entries.Keys);
        Assert.Contains("max.message.bytes", entries.Keys);
        Assert.Contains("compression.type", entries.Keys);
    }

    [Fact]
    public async Task DescribeConfigs_of_a_topic_reports_a_set_broker_value_as_static_broker_config_with_synonyms()
    {
        State.SetBrokerConfig("log.retention.ms", "3600000");
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var entries = (await Admin.DescribeConfigsAsync([OrdersTopic])).Single().Entries;

        var retention = entries["retention.ms"];
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (retention.Value, retention.Source));
        Assert.Equal(
            [("log.retention.ms", "3600000", ConfigSource.StaticBrokerConfig), ("log.retention.ms", "604800000", ConfigSource.DefaultConfig)],
            retention.Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        Assert.Equal(
            [("cleanup.policy", ConfigSource.DynamicTopicConfig), ("log.cleanup.policy", ConfigSource.DefaultConfig)],
            entries["cleanup.policy"].Synonyms.Select(s => (s.Name, s.Source)));
    }

    [Fact]
    public async Task DescribeConfigs_of_an_unknown_topic_fails_with_UnknownTopicOrPart()
    {
        var e = await Assert.ThrowsAsync<DescribeConfigsException>(() => Admin.DescribeConfigsAsync([OrdersTopic]));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task DescribeConfigs_of_the_broker_reports_partition_and_replication_defaults()
    {
        State.SetBrokerConfig("default.replication.factor", "1");

        var entries = (await Admin.DescribeConfigsAsync([BrokerOne])).Single().Entries;

        Assert.Equal(("1", ConfigSource.DefaultConfig, true), (entries["num.partitions"].Value, entries["num.partitions"].Source, entries["num.partitions"].IsReadOnly));
        Assert.Equal(("1", ConfigSource.StaticBrokerConfig), (entries["default.replication.factor"].Value, entries["default.replication.factor"].Source));
        Assert.Equal("false", entries["auto.create.topics.enable"].Value);
        Assert.False(entries["log.retention.ms"].IsReadOnly);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_sets_a_topic_config()
    {
        State.CreateTopic("orders", partitions: 1);

        await Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [OrdersTopic] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Set }],
        });

        Assert.Equal("1000", State.GetTopic("orders")!.Configs["retention.ms"]);
        Assert.Contains(Broker.Log.Records, r => r is { Method: "IncrementalAlterConfigs", Path: "orders", Status: 0, ApiVersion: 0 });
    }

    [Fact]
    public async Task IncrementalAlterConfigs_deletes_a_topic_config_so_the_default_applies_again()
    {
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["retention.ms"] = "1000", ["cleanup.policy"] = "compact" });

        await Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [OrdersTopic] = [new ConfigEntry { Name = "retention.ms", IncrementalOperation = AlterConfigOpType.Delete }],
        });

        Assert.Equal(["cleanup.policy"], State.GetTopic("orders")!.Configs.Keys);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_appends_to_a_list_config_starting_from_its_current_value()
    {
        State.CreateTopic("orders", partitions: 1);

        await Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [OrdersTopic] = [new ConfigEntry { Name = "cleanup.policy", Value = "compact", IncrementalOperation = AlterConfigOpType.Append }],
        });

        Assert.Equal("delete,compact", State.GetTopic("orders")!.Configs["cleanup.policy"]);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_validate_only_changes_nothing()
    {
        State.CreateTopic("orders", partitions: 1);

        await Admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [OrdersTopic] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Set }],
            },
            new IncrementalAlterConfigsOptions { ValidateOnly = true });

        Assert.Empty(State.GetTopic("orders")!.Configs);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_with_an_invalid_value_fails_with_InvalidConfig()
    {
        State.CreateTopic("orders", partitions: 1);

        var e = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [OrdersTopic] = [new ConfigEntry { Name = "retention.ms", Value = "soon", IncrementalOperation = AlterConfigOpType.Set }],
        }));

        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task AlterConfigs_replaces_every_override_of_the_topic()
    {
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        await Admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [OrdersTopic] = [new ConfigEntry { Name = "retention.ms", Value = "1000" }],
        });

        var configs = State.GetTopic("orders")!.Configs;
        Assert.Equal(["retention.ms"], configs.Keys);
        Assert.Equal("1000", configs["retention.ms"]);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_on_the_broker_sets_a_dynamic_broker_config()
    {
        await Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [BrokerOne] = [new ConfigEntry { Name = "log.retention.ms", Value = "5000", IncrementalOperation = AlterConfigOpType.Set }],
        });

        var entries = (await Admin.DescribeConfigsAsync([BrokerOne])).Single().Entries;
        Assert.Equal(("5000", ConfigSource.DynamicBrokerConfig), (entries["log.retention.ms"].Value, entries["log.retention.ms"].Source));
    }
}
