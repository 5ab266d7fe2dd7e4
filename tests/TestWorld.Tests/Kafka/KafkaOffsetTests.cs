using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>ListOffsets and DeleteRecords through the real AdminClient.</summary>
public class KafkaOffsetTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListOffsets_earliest_and_latest_return_log_start_and_end()
    {
        State.CreateTopic("orders", partitions: 2);
        State.SetEndOffset("orders", 0, 100);
        State.SetLogStartOffset("orders", 0, 40);

        var result = await Admin.ListOffsetsAsync(
        [
            new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition("orders", 0), OffsetSpec = OffsetSpec.Earliest() },
            new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition("orders", 1), OffsetSpec = OffsetSpec.Latest() },
        ]);

        var offsets = result.ResultInfos.ToDictionary(i => i.TopicPartitionOffsetError.Partition.Value, i => i.TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(40, offsets[0]);
        Assert.Equal(0, offsets[1]);
    }

    [Fact]
    public async Task ListOffsets_latest_follows_simulated_produced_data()
    {
        State.CreateTopic("orders", partitions: 1);
        State.SetEndOffset("orders", 0, 42);

        var result = await Admin.ListOffsetsAsync(
            [new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition("orders", 0), OffsetSpec = OffsetSpec.Latest() }]);

        Assert.Equal(42, Assert.Single(result.ResultInfos).TopicPartitionOffsetError.Offset.Value);
    }

    [Fact]
    public async Task ListOffsets_for_a_timestamp_returns_the_first_offset_written_at_or_after_it()
    {
        State.CreateTopic("orders", partitions: 1);
        State.SetEndOffset("orders", 0, 10, Monday);
        State.SetEndOffset("orders", 0, 25, Monday.AddDays(1));

        var result = await Admin.ListOffsetsAsync([new TopicPartitionOffsetSpec
        {
            TopicPartition = new TopicPartition("orders", 0),
            OffsetSpec = OffsetSpec.ForTimestamp(Monday.AddHours(1).ToUnixTimeMilliseconds()),
        }]);

        var info = Assert.Single(result.ResultInfos);
        Assert.Equal(10, info.TopicPartitionOffsetError.Offset.Value);
        Assert.Equal(Monday.AddDays(1).ToUnixTimeMilliseconds(), info.Timestamp);
    }

    [Fact]
    public async Task ListOffsets_for_a_timestamp_after_all_data_returns_no_offset()
    {
        State.CreateTopic("orders", partitions: 1);
        State.SetEndOffset("orders", 0, 10, Monday);

        var result = await Admin.ListOffsetsAsync([new TopicPartitionOffsetSpec
        {
            TopicPartition = new TopicPartition("orders", 0),
            OffsetSpec = OffsetSpec.ForTimestamp(Monday.AddDays(7).ToUnixTimeMilliseconds()),
        }]);

        Assert.Equal(-1, Assert.Single(result.ResultInfos).TopicPartitionOffsetError.Offset.Value);
    }

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_offset()
    {
        State.CreateTopic("orders", partitions: 1);
        State.SetEndOffset("orders", 0, 50);

        var result = await Admin.DeleteRecordsAsync([new TopicPartitionOffset("orders", 0, 30)]);

        Assert.Equal(30, Assert.Single(result).Offset.Value);
        Assert.Equal(30, State.GetTopic("orders")!.Partitions[0].LogStartOffset);
    }
}
