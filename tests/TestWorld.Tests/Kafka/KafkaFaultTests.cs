using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>Fault injection as the real AdminClient experiences it.</summary>
public class KafkaFaultTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_injected_NOT_CONTROLLER_on_CreateTopics_surfaces_and_creates_nothing()
    {
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", Status = KafkaErrorCode.NotController, Times = int.MaxValue });

        var e = await Assert.ThrowsAsync<CreateTopicsException>(() => Admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "orders", NumPartitions = 1 }],
            new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(3) }));

        Assert.Equal(ErrorCode.NotController, Assert.Single(e.Results).Error.Code);
        Assert.Null(State.GetTopic("orders"));
        Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", Status: KafkaErrorCode.NotController });
    }

    [Fact]
    public async Task A_fault_matched_on_one_resource_fails_only_that_entry()
    {
        // The pattern is matched against the comma-joined resources ("good,bad"), then against each entry alone.
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", PathPattern = "(^|,)bad(,|$)", Status = KafkaErrorCode.PolicyViolation, Message = "no" });

        var e = await Assert.ThrowsAsync<CreateTopicsException>(() => Admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = "good", NumPartitions = 1 },
            new TopicSpecification { Name = "bad", NumPartitions = 1 },
        ]));

        Assert.Equal(ErrorCode.PolicyViolation, e.Results.Single(r => r.Topic == "bad").Error.Code);
        Assert.Equal(ErrorCode.NoError, e.Results.Single(r => r.Topic == "good").Error.Code);
        Assert.Equal(["good"], State.Topics.Select(t => t.Name));
    }

    [Fact]
    public async Task An_injected_error_on_DescribeConfigs_surfaces_in_the_result()
    {
        State.CreateTopic("orders", partitions: 1);
        Broker.Faults.Add(new FaultRule { Method = "DescribeConfigs", Status = KafkaErrorCode.RequestTimedOut, Times = int.MaxValue });

        var e = await Assert.ThrowsAsync<DescribeConfigsException>(() => Admin.DescribeConfigsAsync(
            [new ConfigResource { Type = ResourceType.Topic, Name = "orders" }],
            new DescribeConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(3) }));

        Assert.Equal(ErrorCode.RequestTimedOut, Assert.Single(e.Results).Error.Code);
    }

    [Fact]
    public async Task An_injected_error_on_DeleteGroups_surfaces_and_keeps_the_group()
    {
        State.CommitOffset("app", "orders", 0, 1);
        const short groupAuthorizationFailed = 30;
        Broker.Faults.Add(new FaultRule { Method = "DeleteGroups", PathPattern = "^app$", Status = groupAuthorizationFailed });

        var e = await Assert.ThrowsAsync<DeleteGroupsException>(() => Admin.DeleteGroupsAsync(["app"]));

        Assert.Equal(ErrorCode.GroupAuthorizationFailed, Assert.Single(e.Results).Error.Code);
        Assert.NotNull(State.GetGroup("app"));
    }

    [Fact]
    public async Task RefuseConnections_makes_calls_fail_quickly()
    {
        Broker.Faults.RefuseConnections = true;
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<KafkaException>(() => Admin.GetMetadata(ShortTimeout));
        await Assert.ThrowsAnyAsync<KafkaException>(() => Admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "orders", NumPartitions = 1 }],
            new CreateTopicsOptions { RequestTimeout = ShortTimeout }));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Empty(State.Topics);
        Assert.Empty(Broker.Log.Records);
    }

    [Fact]
    public async Task Calls_work_again_once_connections_are_accepted()
    {
        Broker.Faults.RefuseConnections = true;
        Assert.ThrowsAny<KafkaException>(() => Admin.GetMetadata(TimeSpan.FromMilliseconds(300)));

        Broker.Faults.RefuseConnections = false;
        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 1 }]);

        Assert.NotNull(State.GetTopic("orders"));
    }

    [Fact]
    public async Task A_dropped_request_fails_the_call_and_is_logged()
    {
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", Action = FaultAction.Drop, Times = int.MaxValue });

        await Assert.ThrowsAnyAsync<KafkaException>(() => Admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "orders", NumPartitions = 1 }],
            new CreateTopicsOptions { RequestTimeout = ShortTimeout }));

        Assert.Contains(Broker.Log.Records, r => r is { Method: "CreateTopics", Path: "orders", Status: -1 });
        Assert.Null(State.GetTopic("orders"));
    }

    [Fact]
    public async Task A_delayed_request_answers_late()
    {
        Admin.GetMetadata(CallTimeout); // connect first, so only the delay is measured
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", Action = FaultAction.Delay, Delay = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();

        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 1 }]);

        // Timers may fire a little early relative to the stopwatch, hence the margin.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"took {watch.Elapsed}");
        Assert.NotNull(State.GetTopic("orders"));
    }

    [Fact]
    public void Latency_delays_every_request()
    {
        Admin.GetMetadata(CallTimeout);
        Broker.Faults.Latency = TimeSpan.FromMilliseconds(200);
        var watch = Stopwatch.StartNew();

        Admin.GetMetadata(CallTimeout);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(150), $"took {watch.Elapsed}");
    }

    [Fact]
    public void An_injected_error_on_Metadata_shows_on_the_topic()
    {
        State.CreateTopic("orders", partitions: 1);
        Broker.Faults.Add(new FaultRule { Method = "Metadata", PathPattern = "^orders$", Status = 5, Times = int.MaxValue });

        var metadata = Admin.GetMetadata("orders", CallTimeout);

        Assert.Equal(ErrorCode.LeaderNotAvailable, Assert.Single(metadata.Topics).Error.Code);
    }

    [Fact]
    public async Task Reset_clears_state_log_and_faults()
    {
        State.CreateTopic("orders", partitions: 1);
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", Status = KafkaErrorCode.NotController, Times = int.MaxValue });
        Admin.GetMetadata(CallTimeout);

        Broker.Reset();

        Assert.Empty(State.Topics);
        Assert.Empty(Broker.Log.Records);
        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 1 }]);
        Assert.NotNull(State.GetTopic("orders"));
    }
}
