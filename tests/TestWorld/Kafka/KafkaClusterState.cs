using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka;

/// <summary>
/// The in-memory cluster behind <see cref="KafkaBrokerDouble"/>: topics, broker configs and consumer groups.
/// Tests and other parts of the test world read and change it directly; the wire handlers change it through the
/// same lock, so every method is thread-safe and every returned object is an immutable snapshot.
/// </summary>
/// <remarks>
/// State methods reject what a broker would reject, throwing <see cref="KafkaDoubleException"/> with the Kafka
/// error code. Group membership is simulated: the double does not implement the join protocol, so members
/// exist only when a test adds them with <see cref="AddGroupMember"/>.
/// </remarks>
public sealed class KafkaClusterState
{
    private int _maxReplicationFactor = 1;

    internal KafkaClusterState(string clusterId) => ClusterId = clusterId;

    /// <summary>Reported in Metadata v2+.</summary>
    public string ClusterId { get; }

    /// <summary>
    /// Largest replication factor accepted. 1 by default, as on a real single-node cluster (more gives
    /// INVALID_REPLICATION_FACTOR). Raise it to accept topics sized for a bigger cluster; their extra replicas are
    /// reported on node ids 2..N, which Metadata does not list as brokers.
    /// </summary>
    public int MaxReplicationFactor
    {
        get { lock (Gate) { return _maxReplicationFactor; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (Gate) { _maxReplicationFactor = value; }
        }
    }

    internal object Gate { get; } = new();

    internal Dictionary<string, TopicModel> TopicModels { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, GroupModel> GroupModels { get; } = new(StringComparer.Ordinal);

    internal BrokerConfigStore BrokerConfigStore { get; } = new();

    // ---------------------------------------------------------------- topics

    /// <summary>All topics, ordered by name.</summary>
    public IReadOnlyList<TopicInfo> Topics
    {
        get { lock (Gate) { return TopicModels.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Snapshot()).ToList(); } }
    }

    /// <summary>A topic, or null.</summary>
    public TopicInfo? GetTopic(string name)
    {
        lock (Gate) { return TopicModels.GetValueOrDefault(name)?.Snapshot(); }
    }

    /// <summary>
    /// Creates a topic with the rules of CreateTopics: -1 takes <c>num.partitions</c> /
    /// <c>default.replication.factor</c>; bad names, counts, configs and duplicates throw.
    /// </summary>
    public TopicInfo CreateTopic(string name, int partitions = -1, short replicationFactor = -1, IReadOnlyDictionary<string, string>? configs = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate)
        {
            var configList = (configs ?? new Dictionary<string, string>()).Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)).ToList();
            var (error, topic) = TryCreateTopicLocked(name, partitions, replicationFactor, [], configList, validateOnly: false);
            ThrowIfError(error);
            return topic!.Snapshot();
        }
    }

    /// <summary>Deletes a topic and, as a broker does, the offsets groups committed for it. False if it did not exist.</summary>
    public bool DeleteTopic(string name)
    {
        lock (Gate) { return DeleteTopicLocked(name); }
    }

    /// <summary>Sets (or with null removes) a topic-level config override.</summary>
    public void SetTopicConfig(string topic, string name, string? value)
    {
        lock (Gate)
        {
            var model = RequireTopic(topic);
            var changes = new[] { new ConfigChange(name, value is null ? AlterConfigOp.Delete : AlterConfigOp.Set, value) };
            var (error, result) = ConfigAlteration.Incremental(model.Configs, changes, forBroker: false, _ => null);
            ThrowIfError(error);
            model.Configs = result!;
        }
    }

    /// <summary>
    /// Simulates produced data (or a truncation): the partition's end offset becomes <paramref name="offset"/>. Records
    /// added by growth get <paramref name="timestamp"/> (default now) for ListOffsets timestamp lookups.
    /// </summary>
    public void SetEndOffset(string topic, int partition, long offset, DateTimeOffset? timestamp = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (Gate)
        {
            var p = RequirePartition(topic, partition);
            p.SetEndOffset(offset, (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Simulates retention or DeleteRecords: the log now starts at <paramref name="offset"/> (at most the end offset).</summary>
    public void SetLogStartOffset(string topic, int partition, long offset)
    {
        lock (Gate)
        {
            var p = RequirePartition(topic, partition);
            if (offset < 0 || offset > p.EndOffset)
                throw new KafkaDoubleException(KafkaErrorCode.OffsetOutOfRange, $"Log start offset {offset} is outside 0..{p.EndOffset}.");
            p.LogStartOffset = offset;
        }
    }

    // ---------------------------------------------------------------- broker configs

    /// <summary>Sets a static broker config (as in server.properties); null removes it, so the built-in default applies.</summary>
    public void SetBrokerConfig(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (Gate) { BrokerConfigStore.SetStatic(name, value); }
    }

    /// <summary>The broker config value in effect (dynamic, else static, else default), or null.</summary>
    public string? GetBrokerConfig(string name)
    {
        lock (Gate) { return BrokerConfigStore.Effective(name); }
    }

    /// <summary>Every broker config value in effect.</summary>
    public IReadOnlyDictionary<string, string?> BrokerConfigs
    {
        get
        {
            lock (Gate)
            {
                return BrokerConfigStore.Names.ToDictionary(n => n, BrokerConfigStore.Effective, StringComparer.Ordinal);
            }
        }
    }

    // ---------------------------------------------------------------- groups

    /// <summary>All consumer groups, ordered by id.</summary>
    public IReadOnlyList<GroupInfo> Groups
    {
        get { lock (Gate) { return GroupModels.Values.OrderBy(g => g.GroupId, StringComparer.Ordinal).Select(g => g.Snapshot()).ToList(); } }
    }

    /// <summary>A group, or null.</summary>
    public GroupInfo? GetGroup(string groupId)
    {
        lock (Gate) { return GroupModels.GetValueOrDefault(groupId)?.Snapshot(); }
    }

    /// <summary>Creates an empty group if missing (as left behind by consumers that have stopped) and returns it.</summary>
    public GroupInfo CreateGroup(string groupId, string protocolType = "consumer")
    {
        lock (Gate) { return EnsureGroupLocked(groupId, protocolType).Snapshot(); }
    }

    /// <summary>Stores a committed offset, creating the group (protocol type <c>consumer</c>) if needed. No membership checks.</summary>
    public GroupInfo CommitOffset(string groupId, string topic, int partition, long offset, string? metadata = "")
    {
        lock (Gate)
        {
            var group = EnsureGroupLocked(groupId, "consumer");
            group.Offsets[(topic, partition)] = new OffsetModel(offset, metadata);
            return group.Snapshot();
        }
    }

    /// <summary>Adds (or replaces) a member subscribed to <paramref name="topics"/>; the group becomes Stable.</summary>
    public GroupInfo AddGroupMember(string groupId, string memberId, IEnumerable<string> topics,
        string clientId = "consumer", string clientHost = "/127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(topics);
        lock (Gate)
        {
            var group = EnsureGroupLocked(groupId, "consumer");
            group.AddMember(new MemberModel(memberId, clientId, clientHost, topics.ToArray()));
            return group.Snapshot();
        }
    }

    /// <summary>Removes a member; false if it was not there. The group stays (Empty when it was the last member).</summary>
    public bool RemoveGroupMember(string groupId, string memberId)
    {
        lock (Gate) { return GroupModels.TryGetValue(groupId, out var group) && group.RemoveMember(memberId); }
    }

    /// <summary>Removes a group with its offsets, members or not; false if it did not exist.</summary>
    public bool DeleteGroup(string groupId)
    {
        lock (Gate) { return GroupModels.Remove(groupId); }
    }

    // ---------------------------------------------------------------- reset

    /// <summary>Forgets every topic, group and broker config change; <see cref="MaxReplicationFactor"/> goes back to 1.</summary>
    public void Reset()
    {
        lock (Gate)
        {
            TopicModels.Clear();
            GroupModels.Clear();
            BrokerConfigStore.Reset();
            _maxReplicationFactor = 1;
        }
    }

    // ---------------------------------------------------------------- for the handlers (caller holds Gate)

    internal int MaxReplicationFactorLocked => _maxReplicationFactor;

    /// <summary>CreateTopics rules: name, existence, partitions/replicas plan, configs; creates unless validate-only.</summary>
    internal (ApiError Error, TopicModel? Topic) TryCreateTopicLocked(
        string name,
        int numPartitions,
        short replicationFactor,
        IReadOnlyList<(int Partition, int[] Brokers)> assignments,
        IReadOnlyList<KeyValuePair<string, string?>> configs,
        bool validateOnly)
    {
        var error = TopicRules.ValidateName(name);
        if (error.IsError) return (error, null);
        if (TopicModels.ContainsKey(name)) return (new(KafkaErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists."), null);
        error = TopicRules.CheckCollision(name, TopicModels.Keys);
        if (error.IsError) return (error, null);
        var (planError, replicas, factor) = TopicRules.PlanNewTopic(
            numPartitions, replicationFactor, assignments,
            BrokerConfigStore.EffectiveInt("num.partitions"),
            BrokerConfigStore.EffectiveInt("default.replication.factor"),
            _maxReplicationFactor);
        if (planError.IsError) return (planError, null);
        error = ConfigAlteration.ValidateTopicConfigs(configs);
        if (error.IsError) return (error, null);

        var topic = new TopicModel(name, factor, replicas!,
            configs.ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal));
        if (!validateOnly) TopicModels[name] = topic;
        return (ApiError.None, topic);
    }

    internal bool DeleteTopicLocked(string name)
    {
        if (!TopicModels.Remove(name)) return false;
        foreach (var group in GroupModels.Values)
        {
            foreach (var key in group.Offsets.Keys.Where(k => k.Topic == name).ToList()) group.Offsets.Remove(key);
        }
        return true;
    }

    internal GroupModel EnsureGroupLocked(string groupId, string protocolType)
    {
        if (!GroupModels.TryGetValue(groupId, out var group))
        {
            group = new GroupModel(groupId, protocolType);
            GroupModels[groupId] = group;
        }
        return group;
    }

    internal int PartitionCountLocked(string topic) => TopicModels.GetValueOrDefault(topic)?.Partitions.Count ?? 0;

    private TopicModel RequireTopic(string topic) =>
        TopicModels.GetValueOrDefault(topic)
        ?? throw new KafkaDoubleException(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{topic}' does not exist.");

    private PartitionModel RequirePartition(string topic, int partition) =>
        RequireTopic(topic).Partition(partition)
        ?? throw new KafkaDoubleException(KafkaErrorCode.UnknownTopicOrPartition, $"Partition {topic}-{partition} does not exist.");

    private static void ThrowIfError(ApiError error)
    {
        if (error.IsError) throw new KafkaDoubleException(error.Code, error.Message ?? $"Kafka error {error.Code}");
    }
}
