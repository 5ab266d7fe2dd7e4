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
    async Task<IReadOnlyDictionary<string, KPopsException?>> CreateTopicsAsync(IReadOnlyList<NewTopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var created = new Dictionary<string, KPopsException?>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            try
            {
                await CreateTopicAsync(topic, false, cancellationToken).ConfigureAwait(false);
                created[topic.Name] = null;
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                created[topic.Name] = e;
            }
        }
        return created;
    }

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
    async Task<IReadOnlyDictionary<string, KPopsException?>> AlterTopicsConfigsAsync(IReadOnlyList<TopicConfigChange> changes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var altered = new Dictionary<string, KPopsException?>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            try
            {
                await AlterTopicConfigsAsync(change.Topic, change.Set, change.Remove, cancellationToken).ConfigureAwait(false);
                altered[change.Topic] = null;
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                altered[change.Topic] = e;
            }
        }
        return altered;
    }

    /// <summary>Increases the partition count.</summary>
    Task CreatePartitionsAsync(string topic, int totalCount, CancellationToken cancellationToken);

    /// <summary>Deletes a topic; false when it did not exist.</summary>
    Task<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Lists the names of all topics.</summary>
    Task<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken);

    /// <summary>Describes a consumer group, or null when it does not exist.</summary>
    Task<ConsumerGroupDescription?> DescribeGroupAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>Deletes a consumer group; false when it did not exist.</summary>
    Task<bool> DeleteGroupAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>The committed offsets of a group (empty when it has none or does not exist).</summary>
    Task<IReadOnlyList<GroupOffset>> ListGroupOffsetsAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>The end (latest) offset of every partition of the given topics.</summary>
    Task<IReadOnlyList<GroupOffset>> ListEndOffsetsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken);
}
