namespace KPops.TestWorld.Kafka.State;

/// <summary>
/// Topic validation as the controller does it (Kafka's <c>Topic.validate</c> and the CreateTopics/CreatePartitions
/// checks), shared by the wire handlers and the test-facing state API.
/// </summary>
internal static class TopicRules
{
    private const int MaxNameLength = 249;

    /// <summary>INVALID_TOPIC_EXCEPTION for names a broker refuses.</summary>
    public static ApiError ValidateName(string name)
    {
        if (name.Length == 0) return new(KafkaErrorCode.InvalidTopic, "Topic name is illegal, it can't be empty");
        if (name is "." or "..") return new(KafkaErrorCode.InvalidTopic, "Topic name cannot be \".\" or \"..\"");
        if (name.Length > MaxNameLength)
            return new(KafkaErrorCode.InvalidTopic, $"Topic name is illegal, it can't be longer than {MaxNameLength} characters, topic name: {name}");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            return new(KafkaErrorCode.InvalidTopic, $"Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
        return ApiError.None;
    }

    /// <summary>Kafka refuses names that differ from an existing topic only by '.' versus '_' (metric names collide).</summary>
    public static ApiError CheckCollision(string name, IEnumerable<string> existing)
    {
        var normalized = name.Replace('.', '_');
        var other = existing.FirstOrDefault(e => e != name && e.Replace('.', '_') == normalized);
        return other is null
            ? ApiError.None
            : new(KafkaErrorCode.InvalidTopic, $"Topic '{name}' collides with existing topic: {other}");
    }

    /// <summary>
    /// Works out the replica lists of a new topic from CreateTopics fields: either explicit assignments (then
    /// partitions and replication factor must be -1) or counts, where -1 takes the broker defaults.
    /// </summary>
    public static (ApiError Error, List<int[]>? Replicas, short ReplicationFactor) PlanNewTopic(
        int numPartitions,
        short replicationFactor,
        IReadOnlyList<(int Partition, int[] Brokers)> assignments,
        int defaultPartitions,
        int defaultReplicationFactor,
        int brokerCount)
    {
        if (assignments.Count > 0)
        {
            if (numPartitions != -1 || replicationFactor != -1)
                return (new(KafkaErrorCode.InvalidRequest,
                    "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."), null, 0);
            var ordered = assignments.OrderBy(a => a.Partition).ToList();
            if (ordered.Where((a, i) => a.Partition != i).Any())
                return (new(KafkaErrorCode.InvalidReplicaAssignment,
                    "Unexpected existing or non-consecutive partition ids in the replica assignment: partitions should be a consecutive 0-based integer sequence"), null, 0);
            var plan = ordered.Select(a => a.Brokers).ToList();
            var error = ValidateReplicaLists(plan, brokerCount, expectedSize: plan[0].Length);
            return error.IsError ? (error, null, 0) : (ApiError.None, plan, (short)plan[0].Length);
        }

        var partitions = numPartitions == -1 ? defaultPartitions : numPartitions;
        var factor = replicationFactor == -1 ? defaultReplicationFactor : replicationFactor;
        if (partitions <= 0)
            return (new(KafkaErrorCode.InvalidPartitions, "Number of partitions was set to an invalid non-positive value."), null, 0);
        if (factor <= 0)
            return (new(KafkaErrorCode.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."), null, 0);
        if (factor > brokerCount)
            return (new(KafkaErrorCode.InvalidReplicationFactor,
                $"Unable to replicate the partition {factor} time(s): The target replication factor of {factor} cannot be reached because only {brokerCount} broker(s) are registered."), null, 0);
        return (ApiError.None, Enumerable.Range(0, partitions).Select(_ => DefaultReplicas(factor)).ToList(), (short)factor);
    }

    /// <summary>Checks the replica lists of explicit assignments: non-empty, no duplicates, known brokers, equal size.</summary>
    public static ApiError ValidateReplicaLists(IReadOnlyList<int[]> replicaLists, int brokerCount, int expectedSize)
    {
        foreach (var brokers in replicaLists)
        {
            if (brokers.Length == 0)
                return new(KafkaErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes an empty replica list.");
            if (brokers.Distinct().Count() != brokers.Length)
                return new(KafkaErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes a duplicate replica: [{string.Join(", ", brokers)}]");
            var unknown = brokers.Where(b => b < 1 || b > brokerCount).Select(b => (int?)b).FirstOrDefault();
            if (unknown is not null)
                return new(KafkaErrorCode.InvalidReplicaAssignment,
                    $"The manual partition assignment includes broker {unknown}, but no such broker is registered.");
            if (brokers.Length != expectedSize)
                return new(KafkaErrorCode.InvalidReplicaAssignment,
                    $"The manual partition assignment includes a partition with {brokers.Length} replica(s), but this is not consistent with previous partitions, which have {expectedSize} replica(s).");
        }
        return ApiError.None;
    }

    /// <summary>Replicas on nodes 1..factor; node 1 (the only real node) leads every partition.</summary>
    public static int[] DefaultReplicas(int factor) => Enumerable.Range(1, factor).ToArray();
}
