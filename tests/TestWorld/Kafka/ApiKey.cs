namespace KPops.TestWorld.Kafka;

/// <summary>
/// Kafka API keys. The names are the API names used in <see cref="Common.RequestRecord.Method"/> and
/// in <see cref="Common.FaultRule.Method"/>. Keys the double does not implement are listed too, so an
/// unexpected request is logged under its real name.
/// </summary>
public enum ApiKey : short
{
    /// <summary>Produce (not implemented).</summary>
    Produce = 0,
    /// <summary>Fetch (not implemented).</summary>
    Fetch = 1,
    /// <summary>ListOffsets.</summary>
    ListOffsets = 2,
    /// <summary>Metadata.</summary>
    Metadata = 3,
    /// <summary>OffsetCommit.</summary>
    OffsetCommit = 8,
    /// <summary>OffsetFetch.</summary>
    OffsetFetch = 9,
    /// <summary>FindCoordinator.</summary>
    FindCoordinator = 10,
    /// <summary>JoinGroup (not implemented).</summary>
    JoinGroup = 11,
    /// <summary>Heartbeat (not implemented).</summary>
    Heartbeat = 12,
    /// <summary>LeaveGroup (not implemented).</summary>
    LeaveGroup = 13,
    /// <summary>SyncGroup (not implemented).</summary>
    SyncGroup = 14,
    /// <summary>DescribeGroups.</summary>
    DescribeGroups = 15,
    /// <summary>ListGroups.</summary>
    ListGroups = 16,
    /// <summary>SaslHandshake (not implemented).</summary>
    SaslHandshake = 17,
    /// <summary>ApiVersions.</summary>
    ApiVersions = 18,
    /// <summary>CreateTopics.</summary>
    CreateTopics = 19,
    /// <summary>DeleteTopics.</summary>
    DeleteTopics = 20,
    /// <summary>DeleteRecords.</summary>
    DeleteRecords = 21,
    /// <summary>InitProducerId (not implemented).</summary>
    InitProducerId = 22,
    /// <summary>DescribeConfigs.</summary>
    DescribeConfigs = 32,
    /// <summary>AlterConfigs.</summary>
    AlterConfigs = 33,
    /// <summary>CreatePartitions.</summary>
    CreatePartitions = 37,
    /// <summary>DeleteGroups.</summary>
    DeleteGroups = 42,
    /// <summary>IncrementalAlterConfigs.</summary>
    IncrementalAlterConfigs = 44,
    /// <summary>OffsetDelete.</summary>
    OffsetDelete = 47,
    /// <summary>DescribeCluster (not implemented; librdkafka falls back to Metadata).</summary>
    DescribeCluster = 60,
    /// <summary>ConsumerGroupDescribe (deliberately not advertised; librdkafka falls back to DescribeGroups).</summary>
    ConsumerGroupDescribe = 69,
    /// <summary>GetTelemetrySubscriptions (not implemented).</summary>
    GetTelemetrySubscriptions = 71,
    /// <summary>DescribeTopicPartitions (not implemented; librdkafka falls back to Metadata).</summary>
    DescribeTopicPartitions = 75,
}

/// <summary>Names of API keys for logs.</summary>
internal static class ApiKeyNames
{
    public static string NameOf(short key) =>
        Enum.IsDefined(typeof(ApiKey), key) ? ((ApiKey)key).ToString() : $"ApiKey{key}";
}
