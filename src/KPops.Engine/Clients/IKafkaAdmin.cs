using KPops.Engine.Errors;

namespace KPops.Engine.Clients;

/// <summary>Where a topic config value comes from.</summary>
public enum ConfigSource
{
    /// <summary>Set on the topic.</summary>
    DynamicTopic,

    /// <summary>A broker-wide setting (dynamic or static).</summary>
    Broker,

    /// <summary>Kafka's built-in default.</summary>
    Default,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>A topic config entry as the broker describes it.</summary>
/// <param name="Name">Config name.</param>
/// <param name="Value">Current value (null when sensitive or unset).</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="DefaultValue">The value it falls back to when the topic's own setting is removed, if known.</param>
public sealed record TopicConfigEntry(string Name, string? Value, ConfigSource Source, string? DefaultValue);

/// <summary>A topic as the broker describes it.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Number of partitions.</param>
/// <param name="ReplicationFactor">Replication factor (replicas of partition 0).</param>
/// <param name="Configs">All config entries.</param>
public sealed record TopicDescription(string Name, int Partitions, short ReplicationFactor, IReadOnlyDictionary<string, TopicConfigEntry> Configs)
{
    /// <summary>The configs set on the topic itself.</summary>
    public IReadOnlyDictionary<string, string> DynamicConfigs =>
        Configs.Values.Where(c => c.Source == ConfigSource.DynamicTopic && c.Value is not null).ToDictionary(c => c.Name, c => c.Value!, StringComparer.Ordinal);
}

/// <summary>The broker settings that decide topics created without explicit values.</summary>
/// <param name="Partitions">num.partitions.</param>
/// <param name="ReplicationFactor">default.replication.factor.</param>
public sealed record BrokerDefaults(int Partitions, short ReplicationFactor);

/// <summary>A topic to create.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partitions, or null for the broker default.</param>
/// <param name="ReplicationFactor">Replication factor, or null for the broker default.</param>
/// <param name="Configs">Topic configs.</param>
public sealed record NewTopicSpec(string Name, int? Partitions, short? ReplicationFactor, IReadOnlyDictionary<string, string> Configs);

/// <summary>A change of a topic's configs: what to set and what to remove (incremental: other configs stay).</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Set">Configs to set.</param>
/// <param name="Remove">Configs to remove.</param>
public sealed record TopicConfigChange(string Topic, IReadOnlyDictionary<string, string> Set, IReadOnlyCollection<string> Remove);

/// <summary>A consumer group member.</summary>
/// <param name="MemberId">Member id.</param>
/// <param name="ClientId">Client id.</param>
/// <param name="Host">Client host.</param>
public sealed record GroupMember(string MemberId, string ClientId, string Host);

/// <summary>A consumer group as the coordinator describes it.</summary>
/// <param name="GroupId">Group id.</param>
/// <param name="State">State (Empty, Stable, Dead, ...).</param>
/// <param name="Members">Active members.</param>
public sealed record ConsumerGroupDescription(string GroupId, string State, IReadOnlyList<GroupMember> Members);

/// <summary>A committed offset of a group, with the partition's end offset when known.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="Offset">Committed offset.</param>
public sealed record GroupOffset(string Topic, int Partition, long Offset);

/// <summary>More partitions for a topic.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="TotalCount">The partition count it is to have.</param>
public sealed record PartitionIncrease(string Topic, int TotalCount);

/// <summary>What a request that named several items did to one of them: its value, or its own failure.</summary>
/// <typeparam name="T">The value.</typeparam>
/// <param name="Value">The value (default when the item failed).</param>
/// <param name="Failure">The item's own failure, or null.</param>
public readonly record struct KafkaItemResult<T>(T Value, KPopsException? Failure)
{
    /// <summary>The value, or the item's failure thrown.</summary>
    public T ValueOrThrow() => Failure is null ? Value : throw Failure;
}

/// <summary>Kafka administration through the Kafka protocol (no REST Proxy).</summary>
public interface IKafkaAdmin : IDisposable
{
    /// <summary>The bootstrap servers, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Describes a topic, or null when it does not exist.</summary>
    Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Describes several topics in as few requests as the client can (a topic that does not exist maps to null). The
    /// default asks one topic at a time.
    /// </summary>
    async Task<IReadOnlyDictionary<string, TopicDescription?>> DescribeTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var described = new Dictionary<string, TopicDescription?>(StringComparer.Ordinal);
        foreach (var topic in topics.Distinct(StringComparer.Ordinal))
            described[topic] = await DescribeTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        return described;
    }

    /// <summary>
    /// Creates several topics in one request where the client can; the answer holds every topic with its own failure,
    /// or null when it was created. A failure of the whole request (no answer, no broker) is thrown. The default
    /// creates one topic at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KPopsException?>> CreateTopicsAsync(IReadOnlyList<NewTopicSpec> topics, CancellationToken cancellationToken) =>
        EachAsync(topics, t => t.Name, async (topic, token) =>
        {
            await CreateTopicAsync(topic, false, token).ConfigureAwait(false);
            return (KPopsException?)null;
        }, e => e, cancellationToken);

    /// <summary>The broker's num.partitions and default.replication.factor.</summary>
    Task<BrokerDefaults> GetBrokerDefaultsAsync(CancellationToken cancellationToken);

    /// <summary>Creates a topic (or only validates the request).</summary>
    Task CreateTopicAsync(NewTopicSpec topic, bool validateOnly, CancellationToken cancellationToken);

    /// <summary>Sets and removes topic configs (incremental: other configs stay).</summary>
    Task AlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string> configsToSet, IReadOnlyCollection<string> configsToRemove, CancellationToken cancellationToken);

    /// <summary>
    /// Sets and removes the configs of several topics in one request where the client can; the answer holds every
    /// topic with its own failure, or null. A failure of the whole request is thrown. The default alters one at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KPopsException?>> AlterTopicsConfigsAsync(IReadOnlyList<TopicConfigChange> changes,
        CancellationToken cancellationToken) =>
        EachAsync(changes, c => c.Topic, async (change, token) =>
        {
            await AlterTopicConfigsAsync(change.Topic, change.Set, change.Remove, token).ConfigureAwait(false);
            return (KPopsException?)null;
        }, e => e, cancellationToken);

    /// <summary>Increases the partition count.</summary>
    Task CreatePartitionsAsync(string topic, int totalCount, CancellationToken cancellationToken);

    /// <summary>
    /// Increases the partition counts of several topics in one request where the client can; the answer holds every
    /// topic with its own failure, or null. A failure of the whole request is thrown. The default asks one at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KPopsException?>> CreatePartitionsAsync(IReadOnlyList<PartitionIncrease> increases,
        CancellationToken cancellationToken) =>
        EachAsync(increases, i => i.Topic, async (increase, token) =>
        {
            await CreatePartitionsAsync(increase.Topic, increase.TotalCount, token).ConfigureAwait(false);
            return (KPopsException?)null;
        }, e => e, cancellationToken);

    /// <summary>Deletes a topic; false when it did not exist.</summary>
    Task<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes several topics in one request where the client can; the answer holds every topic: true when deleted,
    /// false when it did not exist, or its own failure. A failure of the whole request is thrown. The default deletes
    /// one at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken) =>
        EachAsync(topics, t => t, async (topic, token) => new KafkaItemResult<bool>(await DeleteTopicAsync(topic, token).ConfigureAwait(false), null),
            e => new KafkaItemResult<bool>(false, e), cancellationToken);

    /// <summary>Lists the names of all topics.</summary>
    Task<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken);

    /// <summary>Describes a consumer group, or null when it does not exist.</summary>
    Task<ConsumerGroupDescription?> DescribeGroupAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>
    /// Describes several consumer groups in one call where the client can; the answer holds every group: its
    /// description, null when it does not exist, or its own failure. The default asks one at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KafkaItemResult<ConsumerGroupDescription?>>> DescribeGroupsAsync(IReadOnlyCollection<string> groupIds,
        CancellationToken cancellationToken) =>
        EachAsync(groupIds, g => g, async (group, token) => new KafkaItemResult<ConsumerGroupDescription?>(await DescribeGroupAsync(group, token).ConfigureAwait(false), null),
            e => new KafkaItemResult<ConsumerGroupDescription?>(null, e), cancellationToken);

    /// <summary>Deletes a consumer group; false when it did not exist.</summary>
    Task<bool> DeleteGroupAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes several consumer groups in one call where the client can; the answer holds every group: true when
    /// deleted, false when it did not exist, or its own failure. The default deletes one at a time.
    /// </summary>
    Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteGroupsAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken) =>
        EachAsync(groupIds, g => g, async (group, token) => new KafkaItemResult<bool>(await DeleteGroupAsync(group, token).ConfigureAwait(false), null),
            e => new KafkaItemResult<bool>(false, e), cancellationToken);

    /// <summary>The committed offsets of a group (empty when it has none or does not exist).</summary>
    Task<IReadOnlyList<GroupOffset>> ListGroupOffsetsAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>The end (latest) offset of every partition of the given topics.</summary>
    Task<IReadOnlyList<GroupOffset>> ListEndOffsetsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken);

    /// <summary>
    /// The defaults of the calls for several items: one call per item (the first of a name), in order; an item's
    /// failure (but a cancellation) is its answer, not thrown.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, TResult>> EachAsync<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, string> name,
        Func<TItem, CancellationToken, Task<TResult>> call, Func<KPopsException, TResult> failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var answers = new Dictionary<string, TResult>(StringComparer.Ordinal);
        foreach (var item in items.DistinctBy(name, StringComparer.Ordinal))
        {
            try
            {
                answers[name(item)] = await call(item, cancellationToken).ConfigureAwait(false);
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                answers[name(item)] = failed(e);
            }
        }
        return answers;
    }
}
