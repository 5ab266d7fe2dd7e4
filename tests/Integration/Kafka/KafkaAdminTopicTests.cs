using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Kafka;

/// <summary>Topics, their configs and the broker defaults through <c>KafkaAdminClient</c>.</summary>
public class KafkaAdminTopicTests(KafkaWorldFixture world) : KafkaAdminTest(world)
{
    private static readonly Dictionary<string, string> Compacted = new() { ["cleanup.policy"] = "compact", ["retention.ms"] = "1000" };

    // ------------------------------------------------------------------ describe

    [Fact]
    public async Task DescribeTopic_reports_partitions_replication_and_the_configs_set_on_the_topic()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, partitions: 3, Compacted);

        var description = await Admin.DescribeTopicAsync(topic, Ct);

        Assert.NotNull(description);
        Assert.Equal((topic, 3, (short)1), (description.Name, description.Partitions, description.ReplicationFactor));
        Assert.Equal([("cleanup.policy", "compact"), ("retention.ms", "1000")],
            description.DynamicConfigs.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public async Task DescribeTopic_gives_each_config_its_source_and_the_default_a_topic_setting_falls_back_to()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, configs: Compacted);

        var configs = (await Admin.DescribeTopicAsync(topic, Ct))!.Configs;

        // Stock broker defaults (a real cluster derives 604800000 from log.retention.hours=168).
        Assert.Equal(new TopicConfigEntry("cleanup.policy", "compact", ConfigSource.DynamicTopic, "delete"), configs["cleanup.policy"]);
        Assert.Equal(new TopicConfigEntry("retention.ms", "1000", ConfigSource.DynamicTopic, "604800000"), configs["retention.ms"]);
        // A config not set on the topic already has the value it falls back to.
        var segment = configs["segment.bytes"];
        Assert.NotEqual(ConfigSource.DynamicTopic, segment.Source);
        Assert.NotNull(segment.Value);
        Assert.Equal(segment.Value, segment.DefaultValue);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task DescribeTopic_takes_a_broker_setting_as_the_default_and_reports_it_as_a_broker_source()
    {
        State.SetBrokerConfig("log.retention.ms", "3600000");
        var withOverride = Topic("with-override");
        var without = Topic("without");
        State.CreateTopic(withOverride, 1, 1, new Dictionary<string, string> { ["retention.ms"] = "1000" });
        State.CreateTopic(without, 1, 1);

        var overridden = (await Admin.DescribeTopicAsync(withOverride, Ct))!.Configs["retention.ms"];
        var inherited = (await Admin.DescribeTopicAsync(without, Ct))!.Configs["retention.ms"];

        Assert.Equal(new TopicConfigEntry("retention.ms", "1000", ConfigSource.DynamicTopic, "3600000"), overridden);
        Assert.Equal(new TopicConfigEntry("retention.ms", "3600000", ConfigSource.Broker, "3600000"), inherited);
        Assert.Equal(new TopicConfigEntry("cleanup.policy", "delete", ConfigSource.Default, "delete"),
            (await Admin.DescribeTopicAsync(without, Ct))!.Configs["cleanup.policy"]);
    }

    [Fact]
    public async Task The_reported_default_is_what_applies_once_the_topic_setting_is_removed()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, configs: Compacted);
        var before = (await Admin.DescribeTopicAsync(topic, Ct))!.Configs;

        await Admin.AlterTopicConfigsAsync(topic, NoConfigs, ["cleanup.policy", "retention.ms"], Ct);

        var after = (await Admin.DescribeTopicAsync(topic, Ct))!;
        Assert.Empty(after.DynamicConfigs);
        Assert.Equal(before["cleanup.policy"].DefaultValue, after.Configs["cleanup.policy"].Value);
        Assert.Equal(before["retention.ms"].DefaultValue, after.Configs["retention.ms"].Value);
    }

    [Fact]
    public async Task DescribeTopic_of_a_missing_topic_is_null()
    {
        Assert.Null(await Admin.DescribeTopicAsync(Topic("missing"), Ct));
    }

    // ------------------------------------------------------------------ broker defaults

    [Fact]
    public async Task GetBrokerDefaults_reads_num_partitions_and_default_replication_factor()
    {
        if (OnDouble)
        {
            State.SetBrokerConfig("num.partitions", "6");
            State.SetBrokerConfig("default.replication.factor", "3");
        }

        var defaults = await Admin.GetBrokerDefaultsAsync(Ct);

        if (OnDouble)
        {
            Assert.Equal(new BrokerDefaults(6, 3), defaults);
            // Broker configs are asked of a broker by its id, once per client.
            Assert.Contains(Broker.Log.Records, r => r is { Method: "DescribeConfigs", Path: "1", Status: 0 });
            Assert.Equal(defaults, await Admin.GetBrokerDefaultsAsync(Ct));
            Assert.Single(Broker.Log.Records, r => r is { Method: "DescribeConfigs", Path: "1" });
        }
        else
        {
            Assert.True(defaults.Partitions >= 1 && defaults.ReplicationFactor >= 1, defaults.ToString());
        }
    }

    // ------------------------------------------------------------------ create

    [Fact]
    public async Task CreateTopic_creates_the_topic_with_its_partitions_replication_and_configs()
    {
        var topic = Topic("orders");

        await Admin.CreateTopicAsync(new NewTopicSpec(topic, 3, 1, Compacted), validateOnly: false, Ct);

        var description = (await Admin.DescribeTopicAsync(topic, Ct))!;
        Assert.Equal((3, (short)1), (description.Partitions, description.ReplicationFactor));
        Assert.Equal(Compacted.OrderBy(c => c.Key), description.DynamicConfigs.OrderBy(c => c.Key));
        if (OnDouble) Assert.Equal(Compacted.OrderBy(c => c.Key), State.GetTopic(topic)!.Configs.OrderBy(c => c.Key));
    }

    [Fact]
    public async Task CreateTopic_without_counts_leaves_partitions_and_replication_to_the_broker()
    {
        if (OnDouble) State.SetBrokerConfig("num.partitions", "4");
        var defaults = await Admin.GetBrokerDefaultsAsync(Ct);
        var topic = Topic("orders");

        await Admin.CreateTopicAsync(new NewTopicSpec(topic, null, null, NoConfigs), validateOnly: false, Ct);

        var description = (await Admin.DescribeTopicAsync(topic, Ct))!;
        Assert.Equal((defaults.Partitions, defaults.ReplicationFactor), (description.Partitions, description.ReplicationFactor));
        if (OnDouble)
        {
            Assert.Equal(4, description.Partitions);
            // -1 for both counts needs CreateTopics v4.
            Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", ApiVersion: 4, Status: 0 });
        }
    }

    [Fact]
    public async Task CreateTopic_validate_only_checks_the_request_but_creates_nothing()
    {
        var topic = Topic("orders");

        await Admin.CreateTopicAsync(new NewTopicSpec(topic, 2, 1, Compacted), validateOnly: true, Ct);

        Assert.Null(await Admin.DescribeTopicAsync(topic, Ct));
        if (OnDouble)
        {
            Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", Status: 0 } && r.Path == topic);
            Assert.Empty(State.Topics);
        }
    }

    [Fact]
    public async Task CreateTopic_validate_only_reports_what_the_broker_would_reject()
    {
        var e = await Assert.ThrowsAsync<ServiceException>(() =>
            Admin.CreateTopicAsync(new NewTopicSpec(Topic("orders"), 1, 1, new Dictionary<string, string> { ["retention.ms"] = "soon" }), validateOnly: true, Ct));

        Assert.Equal((ErrorKind.ServiceError, 40), (e.Kind, e.StatusCode));
        Assert.Contains("InvalidConfig", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public async Task CreateTopic_of_an_existing_topic_fails_with_ResourceExists()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic);

        var e = await Assert.ThrowsAsync<ServiceException>(() => Admin.CreateTopicAsync(new NewTopicSpec(topic, 1, 1, NoConfigs), validateOnly: false, Ct));

        Assert.Equal((ErrorKind.ResourceExists, 36, Service.Kafka), (e.Kind, e.StatusCode, e.Service));
        Assert.Contains($"create topic '{topic}'", e.Message);
        Assert.Contains("TopicAlreadyExists 36", e.Message);
        Assert.Contains($"bootstrap={World.Endpoint}", e.Message);
    }

    // ------------------------------------------------------------------ partitions

    [Fact]
    public async Task CreatePartitions_increases_the_partition_count()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, partitions: 2);

        await Admin.CreatePartitionsAsync(topic, 5, Ct);

        Assert.Equal(5, (await Admin.DescribeTopicAsync(topic, Ct))!.Partitions);
    }

    [Fact]
    public async Task CreatePartitions_cannot_decrease_and_says_what_to_do_instead()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, partitions: 3);

        var e = await Assert.ThrowsAsync<ServiceException>(() => Admin.CreatePartitionsAsync(topic, 2, Ct));

        Assert.Equal((ErrorKind.ServiceError, 37), (e.Kind, e.StatusCode));
        Assert.Contains("InvalidPartitions 37", e.Message);
        Assert.Contains("delete and recreate", e.Hint);
        Assert.Equal(3, (await Admin.DescribeTopicAsync(topic, Ct))!.Partitions);
    }

    [Fact]
    public async Task CreatePartitions_of_several_topics_goes_in_one_request_and_answers_each_topic()
    {
        var (more, fewer) = (Topic("more"), Topic("fewer"));
        await ArrangeTopicAsync(more, partitions: 2);
        await ArrangeTopicAsync(fewer, partitions: 3);

        var answers = await Admin.CreatePartitionsAsync([new PartitionIncrease(more, 4), new PartitionIncrease(fewer, 2)], Ct);

        Assert.Null(answers[more]);
        var e = Assert.IsType<ServiceException>(answers[fewer]);
        Assert.Equal((ErrorKind.ServiceError, 37), (e.Kind, e.StatusCode));
        Assert.Contains($"increase the partitions of topic '{fewer}' to 2 failed", e.Message);
        Assert.Contains("delete and recreate", e.Hint);
        Assert.Equal(4, (await Admin.DescribeTopicAsync(more, Ct))!.Partitions);
        Assert.Equal(3, (await Admin.DescribeTopicAsync(fewer, Ct))!.Partitions);
        if (OnDouble) Assert.Single(Broker.Log.Records, r => r.Method == "CreatePartitions");
    }

    // ------------------------------------------------------------------ configs

    [Fact]
    public async Task AlterTopicConfigs_sets_and_removes_in_one_request_and_keeps_the_other_configs()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic, configs: new Dictionary<string, string>
        {
            ["cleanup.policy"] = "compact", ["retention.ms"] = "1000", ["max.message.bytes"] = "2000000",
        });

        await Admin.AlterTopicConfigsAsync(topic, new Dictionary<string, string> { ["retention.ms"] = "2000", ["segment.ms"] = "60000" }, ["cleanup.policy"], Ct);

        var configs = (await Admin.DescribeTopicAsync(topic, Ct))!.DynamicConfigs;
        Assert.Equal([("max.message.bytes", "2000000"), ("retention.ms", "2000"), ("segment.ms", "60000")],
            configs.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
        if (OnDouble)
        {
            var alter = Assert.Single(Broker.Log.Records, r => r.IsMutating);
            Assert.Equal(("IncrementalAlterConfigs", topic, 0), (alter.Method, alter.Path, alter.Status));
        }
    }

    [Fact]
    public async Task AlterTopicConfigs_with_nothing_to_change_sends_nothing()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic);

        await Admin.AlterTopicConfigsAsync(topic, NoConfigs, [], Ct);

        if (OnDouble) Assert.Empty(Broker.Log.Records);
        Assert.Contains(Log.Lines, l => l.Contains("no config to change"));
    }

    [Fact]
    public async Task AlterTopicConfigs_refuses_to_set_and_remove_the_same_config()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Admin.AlterTopicConfigsAsync(Topic("orders"), new Dictionary<string, string> { ["retention.ms"] = "1" }, ["retention.ms"], Ct));
    }

    [Fact]
    public async Task AlterTopicConfigs_of_a_missing_topic_fails_with_UnknownTopicOrPart()
    {
        var e = await Assert.ThrowsAsync<ServiceException>(() =>
            Admin.AlterTopicConfigsAsync(Topic("missing"), new Dictionary<string, string> { ["retention.ms"] = "1" }, [], Ct));

        Assert.Equal((ErrorKind.ServiceError, 3), (e.Kind, e.StatusCode));
    }

    // ------------------------------------------------------------------ delete and list

    [Fact]
    public async Task DeleteTopics_deletes_several_topics_in_one_request_and_reports_a_missing_one_as_false()
    {
        var (a, b, missing) = (Topic("a"), Topic("b"), Topic("missing"));
        await ArrangeTopicAsync(a);
        await ArrangeTopicAsync(b, partitions: 2);

        var answers = await Admin.DeleteTopicsAsync([a, b, missing], Ct);

        Assert.Equal(new KafkaItemResult<bool>(true, null), answers[a]);
        Assert.Equal(new KafkaItemResult<bool>(true, null), answers[b]);
        Assert.Equal(new KafkaItemResult<bool>(false, null), answers[missing]);
        Assert.Null(await Admin.DescribeTopicAsync(a, Ct));
        Assert.Null(await Admin.DescribeTopicAsync(b, Ct));
        if (OnDouble)
            Assert.Equal([a, b, missing], Assert.Single(Broker.Log.Records, r => r.Method == "DeleteTopics").Path.Split(',').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteTopic_deletes_the_topic_and_reports_a_missing_one_as_false()
    {
        var topic = Topic("orders");
        await ArrangeTopicAsync(topic);

        Assert.True(await Admin.DeleteTopicAsync(topic, Ct));
        Assert.False(await Admin.DeleteTopicAsync(topic, Ct));

        Assert.Null(await Admin.DescribeTopicAsync(topic, Ct));
        if (OnDouble) Assert.Null(State.GetTopic(topic));
    }

    [Fact]
    public async Task ListTopics_lists_every_topic_by_name()
    {
        var orders = Topic("orders");
        var payments = Topic("payments");
        await ArrangeTopicAsync(orders);
        await ArrangeTopicAsync(payments, partitions: 2);

        var topics = await Admin.ListTopicsAsync(Ct);

        Assert.Equal([orders, payments], topics.Where(t => t == orders || t == payments));
        if (OnDouble) Assert.Equal([orders, payments], topics);
    }
}
