using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>Consumer group listing, description, deletion and offsets through the real AdminClient.</summary>
public class KafkaGroupTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    [Fact]
    public async Task ListConsumerGroups_lists_every_group()
    {
        State.CommitOffset("empty-app", "orders", 0, 1);
        State.AddGroupMember("running-app", "member-1", ["orders"]);

        var result = await Admin.ListConsumerGroupsAsync();

        Assert.Equal(["empty-app", "running-app"], result.Valid.Select(g => g.GroupId).Order());
        Assert.All(result.Valid, g => Assert.False(g.IsSimpleConsumerGroup));
    }

    [Fact]
    public async Task DescribeConsumerGroups_of_an_empty_group_reports_Empty_without_members()
    {
        State.CommitOffset("app", "orders", 0, 1);

        var description = Assert.Single((await Admin.DescribeConsumerGroupsAsync(["app"])).ConsumerGroupDescriptions);

        Assert.Equal(ConsumerGroupState.Empty, description.State);
        Assert.Empty(description.Members);
        Assert.Equal(KafkaBrokerDouble.NodeId, description.Coordinator.Id);
    }

    [Fact]
    public async Task DescribeConsumerGroups_of_a_group_with_members_reports_Stable_members_and_assignments()
    {
        State.CreateTopic("orders", partitions: 2);
        State.AddGroupMember("app", "member-1", ["orders"], clientId: "app-client");

        var description = Assert.Single((await Admin.DescribeConsumerGroupsAsync(["app"])).ConsumerGroupDescriptions);

        Assert.Equal(ConsumerGroupState.Stable, description.State);
        Assert.Equal("range", description.PartitionAssignor);
        var member = Assert.Single(description.Members);
        Assert.Equal(("member-1", "app-client", "/127.0.0.1"), (member.ConsumerId, member.ClientId, member.Host));
        Assert.Equal([new TopicPartition("orders", 0), new TopicPartition("orders", 1)], member.Assignment.TopicPartitions);
        // librdkafka asks for ConsumerGroupDescribe first only if advertised; it is not, so DescribeGroups is used.
        Assert.DoesNotContain(Broker.Log.Records, r => r.Method == "ConsumerGroupDescribe");
        Assert.Contains(Broker.Log.Records, r => r is { Method: "DescribeGroups", Path: "app" });
    }

    [Fact]
    public async Task DescribeConsumerGroups_of_an_unknown_group_reports_Dead()
    {
        var description = Assert.Single((await Admin.DescribeConsumerGroupsAsync(["nobody"])).ConsumerGroupDescriptions);

        Assert.Equal(ConsumerGroupState.Dead, description.State);
    }

    [Fact]
    public async Task DeleteGroups_deletes_an_empty_group()
    {
        State.CommitOffset("app", "orders", 0, 1);

        await Admin.DeleteGroupsAsync(["app"]);

        Assert.Null(State.GetGroup("app"));
    }

    [Fact]
    public async Task DeleteGroups_of_a_group_with_members_fails_with_NonEmptyGroup()
    {
        State.AddGroupMember("app", "member-1", ["orders"]);

        var e = await Assert.ThrowsAsync<DeleteGroupsException>(() => Admin.DeleteGroupsAsync(["app"]));

        Assert.Equal(ErrorCode.NonEmptyGroup, Assert.Single(e.Results).Error.Code);
        Assert.NotNull(State.GetGroup("app"));
    }

    [Fact]
    public async Task DeleteGroups_of_an_unknown_group_fails_with_GroupIdNotFound()
    {
        var e = await Assert.ThrowsAsync<DeleteGroupsException>(() => Admin.DeleteGroupsAsync(["nobody"]));

        Assert.Equal(ErrorCode.GroupIdNotFound, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task DeleteGroups_succeeds_once_the_last_member_is_removed()
    {
        State.AddGroupMember("app", "member-1", ["orders"]);
        State.RemoveGroupMember("app", "member-1");

        await Admin.DeleteGroupsAsync(["app"]);

        Assert.Empty(State.Groups);
    }

    [Fact]
    public async Task ListConsumerGroupOffsets_returns_all_committed_offsets()
    {
        State.CreateTopic("orders", partitions: 2);
        State.CommitOffset("app", "orders", 0, 10);
        State.CommitOffset("app", "orders", 1, 20);

        var result = Assert.Single(await Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("app", null)]));

        Assert.Equal([("orders", 0, 10L), ("orders", 1, 20L)],
            result.Partitions.Select(p => (p.Topic, p.Partition.Value, p.Offset.Value)).Order());
    }

    [Fact]
    public async Task ListConsumerGroupOffsets_for_uncommitted_partitions_returns_an_unset_offset()
    {
        State.CreateTopic("orders", partitions: 1);

        var result = Assert.Single(await Admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions("app", [new TopicPartition("orders", 0)])]));

        Assert.Equal(Offset.Unset, Assert.Single(result.Partitions).Offset);
    }

    [Fact]
    public async Task AlterConsumerGroupOffsets_commits_offsets_for_an_empty_group()
    {
        State.CreateTopic("orders", partitions: 2);
        State.CommitOffset("app", "orders", 0, 10);

        await Admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("app",
            [new TopicPartitionOffset("orders", 0, 0), new TopicPartitionOffset("orders", 1, 7)])]);

        var group = State.GetGroup("app")!;
        Assert.Equal((0L, 7L), (group.OffsetOf("orders", 0), group.OffsetOf("orders", 1)));
    }

    [Fact]
    public async Task AlterConsumerGroupOffsets_for_a_new_group_creates_a_group_without_protocol()
    {
        State.CreateTopic("orders", partitions: 1);

        await Admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("fresh", [new TopicPartitionOffset("orders", 0, 3)])]);

        var group = State.GetGroup("fresh")!;
        Assert.Equal(("", GroupState.Empty, 3L), (group.ProtocolType, group.State, group.OffsetOf("orders", 0)));
    }

    [Fact]
    public async Task AlterConsumerGroupOffsets_for_a_group_with_members_fails_with_UnknownMemberId()
    {
        State.CreateTopic("orders", partitions: 1);
        State.AddGroupMember("app", "member-1", ["orders"]);

        var e = await Assert.ThrowsAsync<AlterConsumerGroupOffsetsException>(() => Admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets("app", [new TopicPartitionOffset("orders", 0, 0)])]));

        var report = Assert.Single(e.Results);
        Assert.Equal(ErrorCode.UnknownMemberId, Assert.Single(report.Partitions).Error.Code);
        Assert.Null(State.GetGroup("app")!.OffsetOf("orders", 0));
    }

    [Fact]
    public async Task AlterConsumerGroupOffsets_for_an_unknown_topic_fails_with_UnknownTopicOrPart_and_creates_no_group()
    {
        var e = await Assert.ThrowsAsync<AlterConsumerGroupOffsetsException>(() => Admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets("app", [new TopicPartitionOffset("missing", 0, 0)])]));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(Assert.Single(e.Results).Partitions).Error.Code);
        Assert.Null(State.GetGroup("app"));
    }

    [Fact]
    public async Task DescribeConsumerGroups_reports_authorized_operations_when_asked()
    {
        State.CommitOffset("app", "orders", 0, 1);

        var description = Assert.Single((await Admin.DescribeConsumerGroupsAsync(["app"],
            new DescribeConsumerGroupsOptions { IncludeAuthorizedOperations = true })).ConsumerGroupDescriptions);

        Assert.Equal([AclOperation.Read, AclOperation.Delete, AclOperation.Describe], description.AuthorizedOperations.Order());
    }

    [Fact]
    public async Task DeleteConsumerGroupOffsets_removes_the_offsets_of_an_empty_group()
    {
        State.CreateTopic("orders", partitions: 2);
        State.CommitOffset("app", "orders", 0, 10);
        State.CommitOffset("app", "orders", 1, 20);

        await Admin.DeleteConsumerGroupOffsetsAsync("app", [new TopicPartition("orders", 0)]);

        Assert.Equal([1], State.GetGroup("app")!.Offsets.Select(o => o.Partition));
    }

    [Fact]
    public async Task DeleteConsumerGroupOffsets_of_a_subscribed_topic_fails_with_GroupSubscribedToTopic()
    {
        State.CreateTopic("orders", partitions: 1);
        State.CommitOffset("app", "orders", 0, 10);
        State.AddGroupMember("app", "member-1", ["orders"]);

        var e = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(() =>
            Admin.DeleteConsumerGroupOffsetsAsync("app", [new TopicPartition("orders", 0)]));

        Assert.Equal(ErrorCode.GroupSubscribedToTopic, Assert.Single(e.Result.Partitions).Error.Code);
        Assert.Equal(10, State.GetGroup("app")!.OffsetOf("orders", 0));
    }

    [Fact]
    public async Task DeleteConsumerGroupOffsets_of_an_unknown_group_fails_with_GroupIdNotFound()
    {
        State.CreateTopic("orders", partitions: 1);

        // A request-level error: librdkafka fails the whole call with a plain KafkaException.
        var e = await Assert.ThrowsAsync<KafkaException>(() =>
            Admin.DeleteConsumerGroupOffsetsAsync("nobody", [new TopicPartition("orders", 0)]));

        Assert.Equal(ErrorCode.GroupIdNotFound, e.Error.Code);
    }
}
