namespace KPops.TestWorld.Kafka;

/// <summary>Read-only snapshot of a topic.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="ReplicationFactor">Replication factor (replicas per partition).</param>
/// <param name="Partitions">Partitions by index.</param>
/// <param name="Configs">Topic-level overrides only (what DescribeConfigs reports as DYNAMIC_TOPIC_CONFIG).</param>
public sealed record TopicInfo(
    string Name,
    short ReplicationFactor,
    IReadOnlyList<PartitionInfo> Partitions,
    IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>Number of partitions.</summary>
    public int PartitionCount => Partitions.Count;
}

/// <summary>Read-only snapshot of a partition.</summary>
/// <param name="Partition">Partition index.</param>
/// <param name="LogStartOffset">First offset still in the log (ListOffsets earliest).</param>
/// <param name="EndOffset">Next offset to be written, the high watermark (ListOffsets latest).</param>
/// <param name="Replicas">Replica node ids; the first one (always node 1) is the leader.</param>
public sealed record PartitionInfo(int Partition, long LogStartOffset, long EndOffset, IReadOnlyList<int> Replicas);

/// <summary>Consumer group state as the classic group coordinator names it.</summary>
public enum GroupState
{
    /// <summary>No members (possibly committed offsets).</summary>
    Empty,

    /// <summary>Has members.</summary>
    Stable,

    /// <summary>Does not exist (what DescribeGroups reports for an unknown group).</summary>
    Dead,
}

/// <summary>A member of a consumer group.</summary>
/// <param name="MemberId">Member id assigned by the coordinator.</param>
/// <param name="ClientId">The member's client.id.</param>
/// <param name="ClientHost">Client host as the broker reports it (<c>/127.0.0.1</c>).</param>
/// <param name="Topics">Subscribed topics.</param>
public sealed record GroupMemberInfo(string MemberId, string ClientId, string ClientHost, IReadOnlyList<string> Topics);

/// <summary>A committed offset.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="Offset">Committed offset.</param>
/// <param name="Metadata">Commit metadata (may be empty or null).</param>
public sealed record CommittedOffsetInfo(string Topic, int Partition, long Offset, string? Metadata);

/// <summary>Read-only snapshot of a consumer group.</summary>
/// <param name="GroupId">Group id.</param>
/// <param name="State"><see cref="GroupState.Stable"/> with members, else <see cref="GroupState.Empty"/>.</param>
/// <param name="ProtocolType"><c>consumer</c>, or empty for a group only ever used by admin offset commits.</param>
/// <param name="GenerationId">Bumped on every membership change.</param>
/// <param name="Members">Members.</param>
/// <param name="Offsets">Committed offsets ordered by topic and partition.</param>
public sealed record GroupInfo(
    string GroupId,
    GroupState State,
    string ProtocolType,
    int GenerationId,
    IReadOnlyList<GroupMemberInfo> Members,
    IReadOnlyList<CommittedOffsetInfo> Offsets)
{
    /// <summary>The committed offset of one partition, or null.</summary>
    public long? OffsetOf(string topic, int partition) =>
        Offsets.FirstOrDefault(o => o.Topic == topic && o.Partition == partition)?.Offset;
}

/// <summary>Thrown by the state API for requests a broker would reject; carries the Kafka error code.</summary>
public sealed class KafkaDoubleException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public KafkaDoubleException(short errorCode, string message) : base(message) => ErrorCode = errorCode;

    /// <summary>Creates the exception without a code (0).</summary>
    public KafkaDoubleException() { }

    /// <summary>Creates the exception without a code (0).</summary>
    public KafkaDoubleException(string message) : base(message) { }

    /// <summary>Creates the exception without a code (0).</summary>
    public KafkaDoubleException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The Kafka error code a broker would return.</summary>
    public short ErrorCode { get; }
}
