using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Kafka;

/// <summary>Consumer groups, committed offsets and end offsets through <c>KafkaAdminClient</c>.</summary>
public class KafkaAdminGroupTests(KafkaWorldFixture world) : KafkaAdminTest(world)
{
    [Fact]
    public async Task DescribeGroup_of_a_group_without_members_reports_Empty()
    {
        var topic = Topic("orders");
        var group = Group("app");
        await ArrangeTopicAsync(topic);
        await ArrangeCommittedOffsetAsync(group, topic, 0, 5);

        var description = await Admin.DescribeGroupAsync(group, Ct);

        Assert.NotNull(description);
        Assert.Equal((group, "Empty"), (description.GroupId, description.State));
        Assert.Empty(description.Members);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task DescribeGroup_of_a_running_app_reports_Stable_and_its_members()
    {
        var group = Group("app");
        State.AddGroupMember(group, "member-1", ["orders"], clientId: "app-1", clientHost: "/10.0.0.1");
        State.AddGroupMember(group, "member-2", ["orders"], clientId: "app-2", clientHost: "/10.0.0.2");

        var description = (await Admin.DescribeGroupAsync(group, Ct))!;

        Assert.Equal("Stable", description.State);
        Assert.Equal([new GroupMember("member-1", "app-1", "/10.0.0.1"), new GroupMember("member-2", "app-2", "/10.0.0.2")],
            description.Members.OrderBy(m => m.MemberId));
    }

    [Fact]
    public async Task DescribeGroup_of_a_missing_group_is_null()
    {
        Assert.Null(await Admin.DescribeGroupAsync(Group("nobody"), Ct));
    }

    [Fact]
    public async Task DeleteGroup_deletes_a_group_without_members_and_reports_a_missing_one_as_false()
    {
        var topic = Topic("orders");
        var group = Group("app");
        await ArrangeTopicAsync(topic);
        await ArrangeCommittedOffsetAsync(group, topic, 0, 5);

        Assert.True(await Admin.DeleteGroupAsync(group, Ct));
        Assert.False(await Admin.DeleteGroupAsync(group, Ct));

        Assert.Null(await Admin.DescribeGroupAsync(group, Ct));
        Assert.Empty(await Admin.ListGroupOffsetsAsync(group, Ct));
    }

    [Fact]
    public async Task DescribeGroups_answers_each_group()
    {
        var topic = Topic("orders");
        var (app, nobody) = (Group("app"), Group("nobody"));
        await ArrangeTopicAsync(topic);
        await ArrangeCommittedOffsetAsync(app, topic, 0, 5);

        var answers = await Admin.DescribeGroupsAsync([app, nobody], Ct);

        Assert.Equal((app, "Empty"), (answers[app].Value!.GroupId, answers[app].Value!.State));
        Assert.Null(answers[app].Failure);
        Assert.Equal(new KafkaItemResult<ConsumerGroupDescription?>(null, null), answers[nobody]);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task DeleteGroups_answers_each_group_and_a_group_with_members_fails_alone()
    {
        var topic = Topic("orders");
        var (idle, running, nobody) = (Group("idle"), Group("running"), Group("nobody"));
        await ArrangeTopicAsync(topic);
        await ArrangeCommittedOffsetAsync(idle, topic, 0, 5);
        State.AddGroupMember(running, "member-1", ["orders"]);

        var answers = await Admin.DeleteGroupsAsync([idle, running, nobody], Ct);

        Assert.Equal(new KafkaItemResult<bool>(true, null), answers[idle]);
        Assert.Equal(new KafkaItemResult<bool>(false, null), answers[nobody]);
        var e = Assert.IsType<ServiceException>(answers[running].Failure);
        Assert.Equal((ErrorKind.ServiceError, 68), (e.Kind, e.StatusCode));
        Assert.Contains($"consumer group '{running}' still has 1 active member; stop the app first", e.Message);
        Assert.Null(State.GetGroup(idle));
        Assert.NotNull(State.GetGroup(running));
        // librdkafka has no request for several groups: one per group, each after a metadata request (librdkafka
        // issue 4605, see KafkaAdminClient).
        Assert.Equal([idle, nobody, running], Broker.Log.Records.Where(r => r.Method == "DeleteGroups").Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task DeleteGroup_of_a_running_app_says_how_many_members_keep_it_and_what_to_do()
    {
        var group = Group("app");
        State.AddGroupMember(group, "member-1", ["orders"]);
        State.AddGroupMember(group, "member-2", ["orders"]);

        var e = await Assert.ThrowsAsync<ServiceException>(() => Admin.DeleteGroupAsync(group, Ct));

        Assert.Equal((ErrorKind.ServiceError, 68), (e.Kind, e.StatusCode));
        Assert.Contains($"consumer group '{group}' still has 2 active members; stop the app first", e.Message);
        Assert.NotNull(e.Hint);
        Assert.NotNull(State.GetGroup(group));
    }

    [Fact]
    public async Task ListGroupOffsets_returns_every_committed_offset()
    {
        var orders = Topic("orders");
        var payments = Topic("payments");
        var group = Group("app");
        await ArrangeTopicAsync(orders, partitions: 2);
        await ArrangeTopicAsync(payments);
        await ArrangeCommittedOffsetAsync(group, orders, 0, 10);
        await ArrangeCommittedOffsetAsync(group, orders, 1, 20);
        await ArrangeCommittedOffsetAsync(group, payments, 0, 3);

        var offsets = await Admin.ListGroupOffsetsAsync(group, Ct);

        Assert.Equal([new GroupOffset(orders, 0, 10), new GroupOffset(orders, 1, 20), new GroupOffset(payments, 0, 3)], offsets);
    }

    [Fact]
    public async Task ListGroupOffsets_of_a_missing_group_is_empty()
    {
        Assert.Empty(await Admin.ListGroupOffsetsAsync(Group("nobody"), Ct));
    }

    [Fact]
    public async Task ListEndOffsets_returns_the_end_of_every_partition_and_leaves_out_missing_topics()
    {
        var orders = Topic("orders");
        var payments = Topic("payments");
        await ArrangeTopicAsync(orders, partitions: 2);
        await ArrangeTopicAsync(payments);
        if (OnDouble)
        {
            State.SetEndOffset(orders, 0, 42);
            State.SetEndOffset(orders, 1, 7);
        }

        var offsets = await Admin.ListEndOffsetsAsync([orders, payments, Topic("missing")], Ct);

        // Nothing is produced on a real cluster, so every partition ends at 0 there.
        var expected = OnDouble ? new long[] { 42, 7, 0 } : [0, 0, 0];
        Assert.Equal([new GroupOffset(orders, 0, expected[0]), new GroupOffset(orders, 1, expected[1]), new GroupOffset(payments, 0, expected[2])], offsets);
    }

    [Fact]
    public async Task ListEndOffsets_of_no_topics_asks_nothing()
    {
        Assert.Empty(await Admin.ListEndOffsetsAsync([], Ct));
        if (OnDouble) Assert.Empty(Broker.Log.Records);
    }
}
