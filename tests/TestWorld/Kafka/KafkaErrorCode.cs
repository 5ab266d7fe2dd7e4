namespace KPops.TestWorld.Kafka;

/// <summary>Kafka protocol error codes the double produces (and the usual ones to inject with a fault rule).</summary>
public static class KafkaErrorCode
{
    /// <summary>No error.</summary>
    public const short None = 0;
    /// <summary>OFFSET_OUT_OF_RANGE.</summary>
    public const short OffsetOutOfRange = 1;
    /// <summary>UNKNOWN_TOPIC_OR_PARTITION.</summary>
    public const short UnknownTopicOrPartition = 3;
    /// <summary>REQUEST_TIMED_OUT.</summary>
    public const short RequestTimedOut = 7;
    /// <summary>OFFSET_METADATA_TOO_LARGE.</summary>
    public const short OffsetMetadataTooLarge = 12;
    /// <summary>COORDINATOR_LOAD_IN_PROGRESS.</summary>
    public const short CoordinatorLoadInProgress = 14;
    /// <summary>COORDINATOR_NOT_AVAILABLE.</summary>
    public const short CoordinatorNotAvailable = 15;
    /// <summary>NOT_COORDINATOR.</summary>
    public const short NotCoordinator = 16;
    /// <summary>INVALID_TOPIC_EXCEPTION (bad topic name).</summary>
    public const short InvalidTopic = 17;
    /// <summary>ILLEGAL_GENERATION.</summary>
    public const short IllegalGeneration = 22;
    /// <summary>UNKNOWN_MEMBER_ID.</summary>
    public const short UnknownMemberId = 25;
    /// <summary>REBALANCE_IN_PROGRESS.</summary>
    public const short RebalanceInProgress = 27;
    /// <summary>UNSUPPORTED_VERSION.</summary>
    public const short UnsupportedVersion = 35;
    /// <summary>TOPIC_ALREADY_EXISTS.</summary>
    public const short TopicAlreadyExists = 36;
    /// <summary>INVALID_PARTITIONS.</summary>
    public const short InvalidPartitions = 37;
    /// <summary>INVALID_REPLICATION_FACTOR.</summary>
    public const short InvalidReplicationFactor = 38;
    /// <summary>INVALID_REPLICA_ASSIGNMENT.</summary>
    public const short InvalidReplicaAssignment = 39;
    /// <summary>INVALID_CONFIG.</summary>
    public const short InvalidConfig = 40;
    /// <summary>NOT_CONTROLLER.</summary>
    public const short NotController = 41;
    /// <summary>INVALID_REQUEST.</summary>
    public const short InvalidRequest = 42;
    /// <summary>POLICY_VIOLATION.</summary>
    public const short PolicyViolation = 44;
    /// <summary>NON_EMPTY_GROUP.</summary>
    public const short NonEmptyGroup = 68;
    /// <summary>GROUP_ID_NOT_FOUND.</summary>
    public const short GroupIdNotFound = 69;
    /// <summary>UNKNOWN_LEADER_EPOCH.</summary>
    public const short UnknownLeaderEpoch = 75;
    /// <summary>GROUP_SUBSCRIBED_TO_TOPIC.</summary>
    public const short GroupSubscribedToTopic = 86;
}

/// <summary>An error code with the message a real broker would send alongside it (where the API has a message field).</summary>
internal readonly record struct ApiError(short Code, string? Message = null)
{
    public static readonly ApiError None = new(KafkaErrorCode.None);

    public bool IsError => Code != KafkaErrorCode.None;
}
