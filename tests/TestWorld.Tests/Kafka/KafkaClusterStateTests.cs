using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>The test-facing state API, without a client.</summary>
public class KafkaClusterStateTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    [Fact]
    public void CreateTopic_without_counts_takes_num_partitions_and_default_replication_factor()
    {
        State.SetBrokerConfig("num.partitions", "6");

        var topic = State.CreateTopic("orders");

        Assert.Equal((6, (short)1), (topic.PartitionCount, topic.ReplicationFactor));
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal((0L, 0L), (p.LogStartOffset, p.EndOffset));
            Assert.Equal([1], p.Replicas);
        });
    }

    [Fact]
    public void CreateTopic_rejects_what_a_broker_rejects_with_its_error_code()
    {
        State.CreateTopic("orders", 1);

        Assert.Equal(KafkaErrorCode.TopicAlreadyExists, Assert.Throws<KafkaDoubleException>(() => State.CreateTopic("orders", 1)).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidTopic, Assert.Throws<KafkaDoubleException>(() => State.CreateTopic("a/b", 1)).ErrorCode);
        State.CreateTopic("my_topic", 1);
        Assert.Equal(KafkaErrorCode.InvalidTopic, Assert.Throws<KafkaDoubleException>(() => State.CreateTopic("my.topic", 1)).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidReplicationFactor, Assert.Throws<KafkaDoubleException>(() => State.CreateTopic("x", 1, 2)).ErrorCode);
        Assert.Equal(KafkaErrorCode.InvalidConfig, Assert.Throws<KafkaDoubleException>(() =>
            State.CreateTopic("y", 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "sometimes" })).ErrorCode);
    }

    [Fact]
    public void Snapshots_do_not_change_when_the_state_does()
    {
        var before = State.CreateTopic("orders", 1);

        State.SetEndOffset("orders", 0, 10);
        State.SetTopicConfig("orders", "retention.ms", "5");

        Assert.Equal(0, before.Partitions[0].EndOffset);
        Assert.Empty(before.Configs);
        Assert.Equal(10, State.GetTopic("orders")!.Partitions[0].EndOffset);
    }

    [Fact]
    public void Group_membership_drives_the_state_and_generation()
    {
        var seeded = State.CommitOffset("app", "orders", 0, 5);
        Assert.Equal((GroupState.Empty, "consumer", 0), (seeded.State, seeded.ProtocolType, seeded.GenerationId));

        var joined = State.AddGroupMember("app", "m1", ["orders"], clientId: "c1");
        Assert.Equal((GroupState.Stable, 1), (joined.State, joined.GenerationId));
        var member = Assert.Single(joined.Members);
        Assert.Equal(("m1", "c1", "/127.0.0.1", "orders"), (member.MemberId, member.ClientId, member.ClientHost, Assert.Single(member.Topics)));

        Assert.True(State.RemoveGroupMember("app", "m1"));
        var left = State.GetGroup("app")!;
        Assert.Equal((GroupState.Empty, 2, 5L), (left.State, left.GenerationId, left.OffsetOf("orders", 0)));
        Assert.False(State.RemoveGroupMember("app", "m1"));
        Assert.True(State.DeleteGroup("app"));
        Assert.Empty(State.Groups);
    }

    [Fact]
    public void Broker_configs_report_defaults_and_static_values()
    {
        Assert.Equal("1", State.GetBrokerConfig("num.partitions"));
        Assert.Equal("false", State.BrokerConfigs["auto.create.topics.enable"]);

        State.SetBrokerConfig("default.replication.factor", "3");
        State.SetBrokerConfig("num.partitions", null);

        Assert.Equal("3", State.GetBrokerConfig("default.replication.factor"));
        Assert.Equal("1", State.GetBrokerConfig("num.partitions"));
    }

    [Fact]
    public void SetLogStartOffset_beyond_the_end_is_rejected()
    {
        State.CreateTopic("orders", 1);
        State.SetEndOffset("orders", 0, 5);

        Assert.Throws<KafkaDoubleException>(() => State.SetLogStartOffset("orders", 0, 6));
        Assert.Throws<KafkaDoubleException>(() => State.SetEndOffset("missing", 0, 1));
    }

    [Fact]
    public void Concurrent_changes_are_all_applied()
    {
        Parallel.For(0, 200, i =>
        {
            State.CreateTopic($"t{i}", 1);
            State.CommitOffset("g", $"t{i}", 0, i);
        });

        Assert.Equal(200, State.Topics.Count);
        Assert.Equal(200, State.GetGroup("g")!.Offsets.Count);
    }

    [Fact]
    public void Reset_restores_a_fresh_cluster()
    {
        State.CreateTopic("orders", 1);
        State.CommitOffset("g", "orders", 0, 1);
        State.SetBrokerConfig("num.partitions", "9");
        State.MaxReplicationFactor = 3;

        Broker.Reset();

        Assert.Empty(State.Topics);
        Assert.Empty(State.Groups);
        Assert.Equal("1", State.GetBrokerConfig("num.partitions"));
        Assert.Equal(1, State.MaxReplicationFactor);
    }
}
