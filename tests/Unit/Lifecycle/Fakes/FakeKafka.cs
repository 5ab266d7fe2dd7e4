using KPops.Engine.Clients;
using KPops.Engine.Errors;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>A topic: partitions, replication and the configs set on the topic itself.</summary>
public sealed class FakeTopic
{
    public int Partitions { get; set; }

    public short ReplicationFactor { get; set; }

    /// <summary>Configs set on the topic (DYNAMIC_TOPIC_CONFIG); everything else comes from the broker.</summary>
    public Dictionary<string, string> Configs { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A Kafka cluster of <see cref="Brokers"/> brokers as the admin protocol shows it: topics described with every config
/// entry (the topic's own settings and the broker's values they fall back to), broker defaults for partitions and
/// replication, and consumer groups.
/// </summary>
public sealed class FakeKafka(FakeWorld world) : IKafkaAdmin
{
    public const string Bootstrap = "broker:9092";

    /// <summary>Brokers in the cluster: the largest possible replication factor.</summary>
    public int Brokers { get; set; } = 3;

    /// <summary>num.partitions and default.replication.factor.</summary>
    public BrokerDefaults Defaults { get; set; } = new(1, 1);

    /// <summary>The broker-level values of topic configs (what a topic falls back to).</summary>
    public Dictionary<string, string> BrokerConfigs { get; } = new(StringComparer.Ordinal)
    {
        ["cleanup.policy"] = "delete",
        ["retention.ms"] = "604800000",
        ["min.insync.replicas"] = "1",
        ["max.message.bytes"] = "1048588",
    };

    public Dictionary<string, FakeTopic> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Consumer groups by id, with their state (Empty, Stable, ...).</summary>
    public Dictionary<string, string> Groups { get; } = new(StringComparer.Ordinal);

    public string Endpoint => Bootstrap;

    /// <summary>Adds a topic as if it had been created earlier.</summary>
    public FakeTopic AddTopic(string name, int partitions = 1, short replicationFactor = 1, IReadOnlyDictionary<string, string>? configs = null)
    {
        var topic = new FakeTopic { Partitions = partitions, ReplicationFactor = replicationFactor };
        foreach (var (k, v) in configs ?? new Dictionary<string, string>()) topic.Configs[k] = v;
        Topics[name] = topic;
        return topic;
    }

    public Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "DescribeTopic", topic, false, () => Topics.TryGetValue(topic, out var t) ? Describe(topic, t) : null, cancellationToken);

    /// <summary>
    /// Answer the calls for several topics or groups (DescribeTopics, CreateTopics, AlterTopicsConfigs,
    /// CreatePartitions, DeleteTopics, DescribeGroups, DeleteGroups) in one call each, as the real client does (else one
    /// call per topic or group).
    /// </summary>
    public bool Batches { get; set; }

    public async Task<IReadOnlyDictionary<string, TopicDescription?>> DescribeTopicsAsync(IReadOnlyCollection<string> topics,
        CancellationToken cancellationToken)
    {
        if (Batches)
        {
            return await world.Invoke(Service.Kafka, "DescribeTopics", string.Join(",", topics), false,
                () => (IReadOnlyDictionary<string, TopicDescription?>)topics.ToDictionary(
                    n => n, n => Topics.TryGetValue(n, out var t) ? Describe(n, t) : null, StringComparer.Ordinal),
                cancellationToken);
        }
        var described = new Dictionary<string, TopicDescription?>(StringComparer.Ordinal);
        foreach (var topic in topics) described[topic] = await DescribeTopicAsync(topic, cancellationToken);
        return described;
    }

    public async Task<IReadOnlyDictionary<string, KPopsException?>> CreateTopicsAsync(IReadOnlyList<NewTopicSpec> topics, CancellationToken cancellationToken)
    {
        var created = new Dictionary<string, KPopsException?>(StringComparer.Ordinal);
        if (Batches)
        {
            await world.Invoke(Service.Kafka, "CreateTopics", string.Join(",", topics.Select(t => t.Name)), true, () =>
            {
                foreach (var topic in topics) created[topic.Name] = CreateOne(topic, false);
            }, cancellationToken);
            return created;
        }
        foreach (var topic in topics)
        {
            try
            {
                await CreateTopicAsync(topic, false, cancellationToken);
                created[topic.Name] = null;
            }
            catch (KPopsException e)
            {
                created[topic.Name] = e;
            }
        }
        return created;
    }

    public async Task<IReadOnlyDictionary<string, KPopsException?>> AlterTopicsConfigsAsync(IReadOnlyList<TopicConfigChange> changes,
        CancellationToken cancellationToken)
    {
        var altered = new Dictionary<string, KPopsException?>(StringComparer.Ordinal);
        if (!Batches)
        {
            foreach (var change in changes)
            {
                try
                {
                    await AlterTopicConfigsAsync(change.Topic, change.Set, change.Remove, cancellationToken);
                    altered[change.Topic] = null;
                }
                catch (KPopsException e)
                {
                    altered[change.Topic] = e;
                }
            }
            return altered;
        }
        await world.Invoke(Service.Kafka, "AlterTopicsConfigs", string.Join(",", changes.Select(c => c.Topic)), true, () =>
        {
            foreach (var change in changes)
            {
                if (!Topics.TryGetValue(change.Topic, out var t))
                {
                    altered[change.Topic] = Error($"Topic {change.Topic} does not exist.", 3);
                    continue;
                }
                foreach (var (k, v) in change.Set) t.Configs[k] = v;
                foreach (var k in change.Remove) t.Configs.Remove(k);
                altered[change.Topic] = null;
            }
        }, cancellationToken);
        return altered;
    }

    public Task<BrokerDefaults> GetBrokerDefaultsAsync(CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "GetBrokerDefaults", "", false, () => Defaults, cancellationToken);

    public Task CreateTopicAsync(NewTopicSpec topic, bool validateOnly, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "CreateTopic", topic.Name, !validateOnly, () =>
        {
            if (CreateOne(topic, validateOnly) is { } error) throw error;
        }, cancellationToken);

    // The broker's answer for one topic of a CreateTopics request: null when created (or valid).
    private ServiceException? CreateOne(NewTopicSpec topic, bool validateOnly)
    {
        if (Topics.ContainsKey(topic.Name)) return Error($"Topic '{topic.Name}' already exists.", 36);
        var replication = topic.ReplicationFactor ?? Defaults.ReplicationFactor;
        if (replication > Brokers) return Error($"Replication factor: {replication} larger than available brokers: {Brokers}.", 38);
        if (!validateOnly) AddTopic(topic.Name, topic.Partitions ?? Defaults.Partitions, replication, topic.Configs);
        return null;
    }

    public Task AlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string> configsToSet, IReadOnlyCollection<string> configsToRemove, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "AlterTopicConfigs", topic, true, () =>
        {
            var t = Topics.GetValueOrDefault(topic) ?? throw Error($"Topic {topic} does not exist.", 3);
            foreach (var (k, v) in configsToSet) t.Configs[k] = v;
            foreach (var k in configsToRemove) t.Configs.Remove(k);
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, KPopsException?>> CreatePartitionsAsync(IReadOnlyList<PartitionIncrease> increases,
        CancellationToken cancellationToken) =>
        await Several(increases, i => i.Topic, "CreatePartitions", true,
            i => IncreaseOne(i.Topic, i.TotalCount) is { } error ? error : null,
            async (i, token) =>
            {
                await CreatePartitionsAsync(i.Topic, i.TotalCount, token);
                return (KPopsException?)null;
            }, e => e, cancellationToken);

    public Task CreatePartitionsAsync(string topic, int totalCount, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "CreatePartitions", topic, true, () =>
        {
            if (IncreaseOne(topic, totalCount) is { } error) throw error;
        }, cancellationToken);

    private ServiceException? IncreaseOne(string topic, int totalCount)
    {
        if (!Topics.TryGetValue(topic, out var t)) return Error($"Topic {topic} does not exist.", 3);
        if (totalCount <= t.Partitions) return Error($"Topic currently has {t.Partitions} partitions, which is higher than the requested {totalCount}.", 37);
        t.Partitions = totalCount;
        return null;
    }

    /// <summary>Topics a delete fails for (TOPIC_AUTHORIZATION_FAILED), as a broker's ACLs would.</summary>
    public HashSet<string> Undeletable { get; } = new(StringComparer.Ordinal);

    public Task<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "DeleteTopic", topic, true, () => DeleteOne(topic).ValueOrThrow(), cancellationToken);

    public Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken) =>
        Several(topics, t => t, "DeleteTopics", true, DeleteOne, async (t, token) => new KafkaItemResult<bool>(await DeleteTopicAsync(t, token), null),
            e => new KafkaItemResult<bool>(false, e), cancellationToken);

    private KafkaItemResult<bool> DeleteOne(string topic) =>
        Undeletable.Contains(topic) ? new(false, Error($"Not authorized to delete topic {topic}.", 29)) : new(Topics.Remove(topic), null);

    public Task<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "ListTopics", "", false, () => (IReadOnlyList<string>)Topics.Keys.Order(StringComparer.Ordinal).ToList(), cancellationToken);

    public Task<ConsumerGroupDescription?> DescribeGroupAsync(string groupId, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "DescribeGroup", groupId, false, () => DescribeGroupOne(groupId), cancellationToken);

    public Task<IReadOnlyDictionary<string, KafkaItemResult<ConsumerGroupDescription?>>> DescribeGroupsAsync(IReadOnlyCollection<string> groupIds,
        CancellationToken cancellationToken) =>
        Several(groupIds, g => g, "DescribeGroups", false, g => new KafkaItemResult<ConsumerGroupDescription?>(DescribeGroupOne(g), null),
            async (g, token) => new KafkaItemResult<ConsumerGroupDescription?>(await DescribeGroupAsync(g, token), null),
            e => new KafkaItemResult<ConsumerGroupDescription?>(null, e), cancellationToken);

    private ConsumerGroupDescription? DescribeGroupOne(string groupId) =>
        Groups.TryGetValue(groupId, out var state) ? new ConsumerGroupDescription(groupId, state, []) : null;

    public Task<bool> DeleteGroupAsync(string groupId, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "DeleteGroup", groupId, true, () => DeleteGroupOne(groupId).ValueOrThrow(), cancellationToken);

    public Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteGroupsAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken) =>
        Several(groupIds, g => g, "DeleteGroups", true, DeleteGroupOne, async (g, token) => new KafkaItemResult<bool>(await DeleteGroupAsync(g, token), null),
            e => new KafkaItemResult<bool>(false, e), cancellationToken);

    private KafkaItemResult<bool> DeleteGroupOne(string groupId) =>
        Groups.TryGetValue(groupId, out var state) && state == "Stable"
            ? new(false, Error($"Group {groupId} is not empty.", 68))
            : new(Groups.Remove(groupId), null);

    /// <summary>
    /// A call for several items: with <see cref="Batches"/> one recorded call ("Kafka.DeleteTopics a,b") answering each
    /// item by <paramref name="one"/>; else one call per item, its failure the item's answer.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, TResult>> Several<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, string> name, string method,
        bool mutating, Func<TItem, TResult> one, Func<TItem, CancellationToken, Task<TResult>> alone, Func<KPopsException, TResult> failed,
        CancellationToken cancellationToken)
    {
        var list = items.DistinctBy(name, StringComparer.Ordinal).ToList();
        if (Batches)
        {
            return await world.Invoke(Service.Kafka, method, string.Join(",", list.Select(name)), mutating,
                () => (IReadOnlyDictionary<string, TResult>)list.ToDictionary(name, one, StringComparer.Ordinal), cancellationToken);
        }
        var answers = new Dictionary<string, TResult>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            try
            {
                answers[name(item)] = await alone(item, cancellationToken);
            }
            catch (KPopsException e)
            {
                answers[name(item)] = failed(e);
            }
        }
        return answers;
    }

    public Task<IReadOnlyList<GroupOffset>> ListGroupOffsetsAsync(string groupId, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "ListGroupOffsets", groupId, false, () => (IReadOnlyList<GroupOffset>)[], cancellationToken);

    public Task<IReadOnlyList<GroupOffset>> ListEndOffsetsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kafka, "ListEndOffsets", string.Join(",", topics), false, () => (IReadOnlyList<GroupOffset>)[], cancellationToken);

    public void Dispose()
    {
    }

    // As the broker reports it: every config the broker knows plus the topic's own; a topic setting falls back to the
    // broker's value, an unset one shows the broker's value.
    private TopicDescription Describe(string name, FakeTopic topic)
    {
        var entries = new Dictionary<string, TopicConfigEntry>(StringComparer.Ordinal);
        foreach (var (k, v) in BrokerConfigs) entries[k] = new TopicConfigEntry(k, v, ConfigSource.Default, v);
        foreach (var (k, v) in topic.Configs) entries[k] = new TopicConfigEntry(k, v, ConfigSource.DynamicTopic, BrokerConfigs.GetValueOrDefault(k));
        return new TopicDescription(name, topic.Partitions, topic.ReplicationFactor, entries);
    }

    private static ServiceException Error(string message, int code) => new(Service.Kafka, Bootstrap, message, statusCode: code);
}
