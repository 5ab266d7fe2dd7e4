using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>
/// librdkafka always negotiates the highest advertised version, so the lower ones are exercised here with hand-built
/// requests: every API at every advertised version must decode completely (the broker closes the connection on a
/// request with bytes left over) and be answered.
/// </summary>
public class KafkaVersionCoverageTests(KafkaBrokerFixture fixture) : KafkaDoubleTest(fixture)
{
    public static TheoryData<ApiKey, short> EveryAdvertisedVersion()
    {
        var data = new TheoryData<ApiKey, short>();
        foreach (var (key, (min, max)) in new Dictionary<ApiKey, (short Min, short Max)>
        {
            [ApiKey.ListOffsets] = (1, 5), [ApiKey.Metadata] = (1, 8), [ApiKey.OffsetCommit] = (2, 7),
            [ApiKey.OffsetFetch] = (2, 5), [ApiKey.FindCoordinator] = (0, 2), [ApiKey.DescribeGroups] = (0, 4),
            [ApiKey.ListGroups] = (0, 2), [ApiKey.ApiVersions] = (0, 2), [ApiKey.CreateTopics] = (0, 4),
            [ApiKey.DeleteTopics] = (0, 3), [ApiKey.DeleteRecords] = (0, 1), [ApiKey.DescribeConfigs] = (0, 1),
            [ApiKey.AlterConfigs] = (0, 1), [ApiKey.CreatePartitions] = (0, 1), [ApiKey.DeleteGroups] = (0, 1),
            [ApiKey.IncrementalAlterConfigs] = (0, 0), [ApiKey.OffsetDelete] = (0, 0),
        })
        {
            for (var v = min; v <= max; v++) data.Add(key, v);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryAdvertisedVersion))]
    public async Task Every_advertised_version_is_decoded_and_answered(ApiKey key, short version)
    {
        State.CreateTopic("t", partitions: 1);
        State.CommitOffset("g", "t", 0, 1);
        await using var connection = await RawKafkaConnection.ConnectAsync(Broker.Port);

        await connection.SendAsync(RawKafkaConnection.Request((short)key, version, 42, b => WriteMinimalBody(b, key, version)));
        var response = await connection.ReceiveAsync();

        Assert.NotNull(response);
        Assert.Equal(42, response.Value.CorrelationId);
        var record = Assert.Single(Broker.Log.Records);
        Assert.Equal((key.ToString(), (int)version), (record.Method, record.ApiVersion!.Value));
        Assert.NotEqual(42, record.Status); // 42 = the request did not decode
    }

    /// <summary>The request fields per version, written from the Kafka message specs independently of the double.</summary>
    private static void WriteMinimalBody(BodyWriter b, ApiKey key, short v)
    {
        switch (key)
        {
            case ApiKey.ApiVersions or ApiKey.ListGroups:
                break;
            case ApiKey.Metadata:
                b.StringArray("t");
                if (v >= 4) b.Bool(false);
                if (v >= 8) b.Bool(true).Bool(true);
                break;
            case ApiKey.CreateTopics:
                b.Int32(1).String("new").Int32(1).Int16(1).Int32(0).Int32(1).String("cleanup.policy").String("compact");
                b.Int32(1000);
                if (v >= 1) b.Bool(true);
                break;
            case ApiKey.DeleteTopics:
                b.StringArray("t").Int32(1000);
                break;
            case ApiKey.DeleteRecords:
                b.Int32(1).String("t").Int32(1).Int32(0).Int64(0).Int32(1000);
                break;
            case ApiKey.DescribeConfigs:
                b.Int32(1).Int8(2).String("t").NullArray();
                if (v >= 1) b.Bool(true);
                break;
            case ApiKey.AlterConfigs:
                b.Int32(1).Int8(2).String("t").Int32(1).String("retention.ms").String("1").Bool(true);
                break;
            case ApiKey.IncrementalAlterConfigs:
                b.Int32(1).Int8(2).String("t").Int32(1).String("retention.ms").Int8(0).String("1").Bool(true);
                break;
            case ApiKey.CreatePartitions:
                b.Int32(1).String("t").Int32(2).NullArray().Int32(1000).Bool(true);
                break;
            case ApiKey.FindCoordinator:
                b.String("g");
                if (v >= 1) b.Int8(0);
                break;
            case ApiKey.DescribeGroups:
                b.StringArray("g");
                if (v >= 3) b.Bool(true);
                break;
            case ApiKey.DeleteGroups:
                b.StringArray("other");
                break;
            case ApiKey.OffsetFetch:
                b.String("g").NullArray();
                break;
            case ApiKey.OffsetCommit:
                b.String("g").Int32(-1).String("");
                if (v >= 7) b.NullString();
                if (v <= 4) b.Int64(-1);
                b.Int32(1).String("t").Int32(1).Int32(0).Int64(3);
                if (v >= 6) b.Int32(-1);
                b.NullString();
                break;
            case ApiKey.OffsetDelete:
                b.String("g").Int32(1).String("t").Int32(1).Int32(0);
                break;
            case ApiKey.ListOffsets:
                b.Int32(-1);
                if (v >= 2) b.Int8(0);
                b.Int32(1).String("t").Int32(1).Int32(0);
                if (v >= 4) b.Int32(-1);
                b.Int64(-2);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "no body builder");
        }
    }
}
