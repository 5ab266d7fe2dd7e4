using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.TestWorld.Kafka;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>
/// Wire-level behaviour: version negotiation with librdkafka, ApiVersions fallback, pipelining, connection handling.
/// </summary>
public class KafkaProtocolTests(KafkaBrokerFixture fixture, ITestOutputHelper output) : KafkaDoubleTest(fixture)
{
    private const short ApiVersionsKey = 18;
    private const short MetadataKey = 3;

    /// <summary>The last non-flexible version of each API (first flexible version minus one), within librdkafka's range.</summary>
    private static readonly Dictionary<ApiKey, (short, short)> ExpectedAdvertised = new()
    {
        [ApiKey.ListOffsets] = (1, 5),
        [ApiKey.Metadata] = (1, 8),
        [ApiKey.OffsetCommit] = (2, 7),
        [ApiKey.OffsetFetch] = (2, 5),
        [ApiKey.FindCoordinator] = (0, 2),
        [ApiKey.DescribeGroups] = (0, 4),
        [ApiKey.ListGroups] = (0, 2),
        [ApiKey.ApiVersions] = (0, 2),
        [ApiKey.CreateTopics] = (0, 4),
        [ApiKey.DeleteTopics] = (0, 3),
        [ApiKey.DeleteRecords] = (0, 1),
        [ApiKey.DescribeConfigs] = (0, 1),
        [ApiKey.AlterConfigs] = (0, 1),
        [ApiKey.CreatePartitions] = (0, 1),
        [ApiKey.DeleteGroups] = (0, 1),
        [ApiKey.IncrementalAlterConfigs] = (0, 0),
        [ApiKey.OffsetDelete] = (0, 0),
    };

    [Fact]
    public void Advertised_versions_are_the_non_flexible_ranges_and_exclude_ConsumerGroupDescribe()
    {
        Assert.Equal(ExpectedAdvertised.OrderBy(e => e.Key), Broker.AdvertisedVersions.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task Librdkafka_never_sends_a_version_outside_the_advertised_ranges()
    {
        await RunEveryAdminCallAsync();

        var seen = Broker.Log.Records.Select(r => ((ApiKey)r.ApiKey!.Value, (short)r.ApiVersion!.Value)).Distinct().Order().ToList();
        output.WriteLine(string.Join(Environment.NewLine, seen.Select(s => $"{s.Item1} v{s.Item2}")));

        // The only exception is librdkafka's opening ApiVersions v3 probe, which the broker refuses with error 35.
        var outside = Broker.Log.Records.Where(r =>
        {
            var range = Broker.AdvertisedVersions.GetValueOrDefault((ApiKey)r.ApiKey!.Value, ((short)-1, (short)-1));
            return r.ApiVersion < range.Item1 || r.ApiVersion > range.Item2;
        }).ToList();
        Assert.All(outside, r => Assert.Equal((ApiKey.ApiVersions, 3, 35), ((ApiKey)r.ApiKey!.Value, r.ApiVersion, r.Status)));
        Assert.Contains(Broker.Log.Records, r => r is { Method: "ApiVersions", ApiVersion: 0, Status: 0 });
        var used = seen.Select(s => s.Item1).ToHashSet();
        Assert.True(ExpectedAdvertised.Keys.All(used.Contains),
            "every advertised API should have been exercised: missing " + string.Join(", ", ExpectedAdvertised.Keys.Where(k => !used.Contains(k))));
    }

    [Fact]
    public async Task ApiVersions_v3_is_answered_with_unsupported_version_in_the_v0_layout()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);
        // Request header v2 (flexible): client id, then an empty tagged-field section; body: two compact strings + tags.
        await connection.SendAsync(RawKafkaConnection.Request(ApiVersionsKey, 3, 7, b => b.Int8(0).Int8(4).Int32(0x74657374).Int8(2).Int8(0x31).Int8(0)));

        var (correlationId, body) = (await connection.ReceiveAsync())!.Value;

        Assert.Equal(7, correlationId);
        Assert.Equal(35, body.Int16());
        Assert.Equal(1, body.Int32());
        Assert.Equal((ApiVersionsKey, (short)0, (short)2), (body.Int16(), body.Int16(), body.Int16()));
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);
        Broker.Faults.Add(new KPops.TestWorld.Common.FaultRule { Method = "Metadata", Action = KPops.TestWorld.Common.FaultAction.Delay, Delay = TimeSpan.FromMilliseconds(100) });

        await connection.SendAsync(
            RawKafkaConnection.Request(ApiVersionsKey, 0, 1),
            RawKafkaConnection.Request(MetadataKey, 1, 2, b => b.Int32(-1)),
            RawKafkaConnection.Request(ApiVersionsKey, 1, 3));

        var ids = new List<int>();
        for (var i = 0; i < 3; i++) ids.Add((await connection.ReceiveAsync())!.Value.CorrelationId);
        Assert.Equal([1, 2, 3], ids);
    }

    [Fact]
    public async Task Metadata_with_allow_auto_topic_creation_does_not_create_the_topic()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(MetadataKey, 4, 1, b => b.StringArray("auto").Bool(true)));
        var (_, body) = (await connection.ReceiveAsync())!.Value;

        body.Int32(); // throttle
        Assert.Equal(1, body.Int32()); // brokers
        Assert.Equal((1, "127.0.0.1", Broker.Port, (string?)null), (body.Int32(), body.String(), body.Int32(), body.String()));
        Assert.Equal(Broker.State.ClusterId, body.String());
        Assert.Equal(KafkaBrokerDouble.NodeId, body.Int32()); // controller
        Assert.Equal(1, body.Int32()); // topics
        Assert.Equal(((short)3, "auto"), (body.Int16(), body.String()));
        Assert.Empty(State.Topics);
    }

    [Fact]
    public async Task An_unadvertised_version_closes_the_connection_and_is_logged_as_unsupported()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(MetadataKey, 9, 1, b => b.Int8(1).Int8(0).Int8(0).Int8(0).Int8(0)));

        Assert.Null(await connection.ReceiveAsync());
        Assert.Contains(Broker.Log.Records, r => r is { Method: "Metadata", ApiVersion: 9, Status: 35 });
    }

    [Fact]
    public async Task A_request_with_bytes_left_over_is_rejected_as_undecodable()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(ApiVersionsKey, 0, 1, b => b.Int8(0)));

        Assert.Null(await connection.ReceiveAsync());
        Assert.Contains(Broker.Log.Records, r => r is { Method: "ApiVersions", ApiVersion: 0, Status: 42 });
    }

    [Fact]
    public async Task Metadata_v1_response_has_the_v1_layout()
    {
        State.CreateTopic("t", partitions: 1);
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(MetadataKey, 1, 1, b => b.StringArray("t")));
        var (_, body) = (await connection.ReceiveAsync())!.Value;

        // v1: no throttle time, brokers with rack, controller id, no cluster id, topics with is_internal.
        Assert.Equal(1, body.Int32());
        Assert.Equal((1, "127.0.0.1", Broker.Port, (string?)null), (body.Int32(), body.String(), body.Int32(), body.String()));
        Assert.Equal(KafkaBrokerDouble.NodeId, body.Int32());
        Assert.Equal(1, body.Int32());
        Assert.Equal(((short)0, "t", false), (body.Int16(), body.String(), body.Bool()));
        Assert.Equal(1, body.Int32()); // partitions
        Assert.Equal(((short)0, 0, 1), (body.Int16(), body.Int32(), body.Int32())); // error, index, leader
        Assert.Equal((1, 1), (body.Int32(), body.Int32())); // replicas: [1]
        Assert.Equal((1, 1), (body.Int32(), body.Int32())); // isr: [1]
        Assert.Equal(0, body.Remaining);
    }

    [Fact]
    public async Task FindCoordinator_v0_response_has_the_v0_layout()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(10, 0, 1, b => b.String("g")));
        var (_, body) = (await connection.ReceiveAsync())!.Value;

        Assert.Equal(((short)0, 1, "127.0.0.1", Broker.Port), (body.Int16(), body.Int32(), body.String(), body.Int32()));
        Assert.Equal(0, body.Remaining);
    }

    [Fact]
    public async Task An_unimplemented_api_closes_the_connection()
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(0, 3, 1, b => b.Int32(0)));

        Assert.Null(await connection.ReceiveAsync());
        Assert.Contains(Broker.Log.Records, r => r is { Method: "Produce", Status: 35 });
    }

    [Fact]
    public async Task Many_concurrent_connections_are_served()
    {
        var tasks = Enumerable.Range(0, 40).Select(async i =>
        {
            await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);
            await connection.SendAsync(RawKafkaConnection.Request(ApiVersionsKey, 2, i));
            return (await connection.ReceiveAsync())!.Value.CorrelationId;
        });

        Assert.Equal(Enumerable.Range(0, 40), (await Task.WhenAll(tasks)).Order());
    }

    [Fact]
    public async Task Dispose_stops_listening_and_closes_open_connections()
    {
        var broker = await KafkaBrokerDouble.StartAsync();
        var connection = await RawKafkaConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RawKafkaConnection.Request(ApiVersionsKey, 0, 1));
        Assert.NotNull(await connection.ReceiveAsync());

        await broker.DisposeAsync();

        Assert.Null(await connection.ReceiveAsync());
        await connection.DisposeAsync();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawKafkaConnection.ConnectAsync(broker.Port));
    }

    [Fact]
    public async Task Requests_share_the_world_sequence_counter()
    {
        var counter = new KPops.TestWorld.Common.SequenceCounter();
        counter.Next();
        await using var broker = await KafkaBrokerDouble.StartAsync(counter);
        await using var connection = await RawKafkaConnection.ConnectAsync(broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request(ApiVersionsKey, 0, 1));
        await connection.ReceiveAsync();

        var record = Assert.Single(broker.Log.Records);
        Assert.Equal(("Kafka", "ApiVersions", 2L), (record.Service, record.Method, record.Sequence));
        Assert.Equal(3, counter.Next());
    }

    /// <summary>Every admin call the port may use, once, so the version test sees what librdkafka negotiates.</summary>
    private async Task RunEveryAdminCallAsync()
    {
        var topic = new ConfigResource { Type = ResourceType.Topic, Name = "orders" };
        var broker = new ConfigResource { Type = ResourceType.Broker, Name = "1" };
        var partition = new TopicPartition("orders", 0);

        Admin.GetMetadata(CallTimeout);
        await Admin.CreateTopicsAsync([new TopicSpecification { Name = "orders", NumPartitions = 2 }]);
        State.SetEndOffset("orders", 0, 10);
        await Admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["orders"]));
        await Admin.DescribeClusterAsync();
        await Admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "orders", IncreaseTo = 3 }]);
        await Admin.DescribeConfigsAsync([topic]);
        await Admin.DescribeConfigsAsync([broker]);
        await Admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [topic] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Set }],
        });
        await Admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [topic] = [new ConfigEntry { Name = "retention.ms", Value = "2000" }],
        });
        await Admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("app", [new TopicPartitionOffset(partition, 5)])]);
        await Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("app", null)]);
        await Admin.ListConsumerGroupsAsync();
        await Admin.DescribeConsumerGroupsAsync(["app"]);
        await Admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = partition, OffsetSpec = OffsetSpec.Earliest() }]);
        await Admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 1)]);
        await Admin.DeleteConsumerGroupOffsetsAsync("app", [partition]);
        await Admin.DeleteGroupsAsync(["app"]);
        await Admin.DeleteTopicsAsync(["orders"]);
    }
}
