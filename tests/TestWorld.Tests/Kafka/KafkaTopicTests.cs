using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>Metadata, CreateTopics, DeleteTopics and CreatePartitions through the real AdminClient.</summary>
public class KafkaTopicTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    [Fact]
    public void GetMetadata_reports_the_broker_at_its_real_address_and_the_topics()
    {
        State.CreateTopic("orders", partitions: 2);

        var metadata = Admin.GetMetadata(CallTimeout);

        var broker = Assert.Single(metadata.Brokers);
        Assert.Equal((KafkaBrokerDouble.NodeId, "127.0.0.1", Broker.Port), (broker.BrokerId, broker.Host, broker.Port));
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal("orders", topic.Topic);
        Assert.Equal([0, 1], topic.Partitions.Select(p => p.PartitionId));
        Assert.All(topic.Partitions, p => Assert.Equal(KafkaBrokerDouble.NodeId, p.Leader));
    }

    [Fact]
    public void GetMetadata_for_a_missing_topic_reports_unknown_topic_and_creates_nothing()
    {
        var metadata = Admin.GetMetadata("missing", CallTimeout);

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(metadata.Topics).Error.Code);
        Assert.Empty(State.Topics);
    }

    [Fact]
    public async Task CreateTopics_creates_the_topic_with_partitions_replication_and_configs()
    {
        await Admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = "orders",
            NumPartitions = 3,
            ReplicationFactor = 1,
            Configs = new() { ["cleanup.policy"] = "compact", ["retention.ms"] = "1000" },
        }]);

        var topic = State.GetTopic("orders");
        Assert.NotNull(topic);
        Assert.Equal(3, topic.PartitionCount);
        Assert.Equal(1, topic.ReplicationFactor);
        Assert.Equal("compact", topic.Configs["cleanup.policy"]);
        Assert.Equal("1000", topic.Configs["retention.ms"]);
        Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", Path: "orders", Status: 0, ApiVersion: 4 });
    }

    [Fact]
    public async Task CreateTopics_with_minus_one_takes_the_broker_defaults()
    {
        State.SetBrokerConfig("num.partitions", "4");

        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "defaults" }]);

        var topic = State.GetTopic("defaults");
        Assert.NotNull(topic);
        Assert.Equal(4, topic.PartitionCount);
        Assert.Equal(1, topic.ReplicationFactor);
    }

    [Fact]
    public async Task CreateTopics_validate_only_creates_nothing()
    {
        await Admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "dry", NumPartitions = 1 }],
            new CreateTopicsOptions { ValidateOnly = true });

        Assert.Null(State.GetTopic("dry"));
        Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", Path: "dry", Status: 0 });
    }

    [Fact]
    public async Task CreateTopics_for_an_existing_topic_fails_with_TopicAlreadyExists()
    {
        State.CreateTopic("orders", partitions: 1);

        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            Admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 1 }]));

        Assert.Equal(ErrorCode.TopicAlreadyExists, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task CreateTopics_with_zero_partitions_fails_with_InvalidPartitions()
    {
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            Admin.CreateTopicsAsync([new TopicSpecification { Name = "bad", NumPartitions = 0 }]));

        Assert.Equal(ErrorCode.InvalidPartitions, Assert.Single(e.Results).Error.Code);
        Assert.Null(State.GetTopic("bad"));
    }

    [Fact]
    public async Task CreateTopics_with_more_replicas_than_brokers_fails_with_InvalidReplicationFactor()
    {
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            Admin.CreateTopicsAsync([new TopicSpecification { Name = "big", NumPartitions = 1, ReplicationFactor = 3 }]));

        Assert.Equal(ErrorCode.InvalidReplicationFactor, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task CreateTopics_accepts_a_larger_replication_factor_when_allowed()
    {
        State.MaxReplicationFactor = 3;

        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "big", NumPartitions = 2, ReplicationFactor = 3 }]);

        var topic = State.GetTopic("big");
        Assert.NotNull(topic);
        Assert.Equal(3, topic.ReplicationFactor);
        Assert.All(topic.Partitions, p => Assert.Equal([1, 2, 3], p.Replicas));
    }

    [Fact]
    public async Task CreateTopics_honours_a_replica_assignment()
    {
        await Admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = "assigned",
            // librdkafka wants the count alongside an assignment; on the wire it sends -1/-1 plus the assignment.
            NumPartitions = 2,
            ReplicasAssignments = new() { [0] = [1], [1] = [1] },
        }]);

        Assert.Equal(2, State.GetTopic("assigned")?.PartitionCount);
    }

    [Fact]
    public async Task CreateTopics_with_an_illegal_name_fails_with_InvalidTopic()
    {
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            Admin.CreateTopicsAsync([new TopicSpecification { Name = "bad name!", NumPartitions = 1 }]));

        Assert.Equal(ErrorCode.TopicException, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task CreateTopics_with_an_unknown_config_fails_with_InvalidConfig()
    {
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            Admin.CreateTopicsAsync([new TopicSpecification { Name = "t", NumPartitions = 1, Configs = new() { ["no.such.config"] = "1" } }]));

        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(e.Results).Error.Code);
        Assert.Null(State.GetTopic("t"));
    }

    [Fact]
    public async Task DeleteTopics_removes_an_existing_topic_and_the_offsets_committed_for_it()
    {
        State.CreateTopic("orders", partitions: 1);
        State.CommitOffset("app", "orders", 0, 5);

        await Admin.DeleteTopicsAsync(["orders"]);

        Assert.Null(State.GetTopic("orders"));
        Assert.Empty(State.GetGroup("app")!.Offsets);
    }

    [Fact]
    public async Task DeleteTopics_for_an_unknown_topic_fails_with_UnknownTopicOrPart()
    {
        var e = await Assert.ThrowsAsync<DeleteTopicsException>(() => Admin.DeleteTopicsAsync(["missing"]));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(e.Results).Error.Code);
        Assert.Contains(Broker.Log.Records, r => r is { Method: "DeleteTopics", Path: "missing", Status: 3 });
    }

    [Fact]
    public async Task CreatePartitions_increases_the_partition_count()
    {
        State.CreateTopic("orders", partitions: 2);

        await Admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "orders", IncreaseTo = 5 }]);

        Assert.Equal(5, State.GetTopic("orders")?.PartitionCount);
    }

    [Fact]
    public async Task CreatePartitions_to_fewer_partitions_fails_with_InvalidPartitions()
    {
        State.CreateTopic("orders", partitions: 3);

        var e = await Assert.ThrowsAsync<CreatePartitionsException>(() =>
            Admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "orders", IncreaseTo = 2 }]));

        Assert.Equal(ErrorCode.InvalidPartitions, Assert.Single(e.Results).Error.Code);
        Assert.Equal(3, State.GetTopic("orders")?.PartitionCount);
    }

    [Fact]
    public async Task CreateTopics_with_an_assignment_to_an_unknown_broker_fails_with_InvalidReplicaAssignment()
    {
        var e = await Assert.ThrowsAsync<CreateTopicsException>(() => Admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = "assigned",
            NumPartitions = 1,
            ReplicasAssignments = new() { [0] = [2] },
        }]));

        Assert.Equal(ErrorCode.InvalidReplicaAssignment, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task DescribeCluster_reports_the_node_as_controller()
    {
        var cluster = await Admin.DescribeClusterAsync();

        Assert.Equal(KafkaBrokerDouble.NodeId, cluster.Controller.Id);
        Assert.Equal(State.ClusterId, cluster.ClusterId);
        Assert.Equal(Broker.Port, Assert.Single(cluster.Nodes).Port);
    }

    [Fact]
    public async Task DescribeTopics_goes_through_metadata_and_reports_partitions()
    {
        State.CreateTopic("orders", partitions: 2);

        var result = await Admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["orders"]));

        var description = Assert.Single(result.TopicDescriptions);
        Assert.Equal(2, description.Partitions.Count);
        Assert.Equal(KafkaBrokerDouble.NodeId, description.Partitions[0].Leader.Id);
    }
}
