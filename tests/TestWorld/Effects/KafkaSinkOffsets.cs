using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Effects;

/// <summary>
/// Sink connector offsets kept where a real Connect worker keeps them: the committed offsets of consumer group
/// <c>connect-&lt;connector&gt;</c> in the Kafka double. Plugged into <see cref="ConnectDouble.SinkOffsets"/> by the
/// test world, so a sink's offset reset through Connect's REST API really removes the group from Kafka.
/// </summary>
/// <remarks>
/// As Connect does it with its admin client: a reset deletes the consumer group (a missing group is fine); an alter
/// commits the offsets like an admin <c>OffsetCommit</c> (a new group gets no protocol type) and removes those with a
/// null offset like <c>OffsetDelete</c>. Both are refused while the group has members (Connect then answers 500), and
/// an alter naming a partition Kafka does not have is refused as the broker would refuse the commit.
/// </remarks>
public sealed class KafkaSinkOffsets(KafkaBrokerDouble kafka) : IConnectOffsetsBackend
{
    private KafkaClusterState State => kafka.State;

    /// <inheritdoc />
    public IReadOnlyList<ConnectOffset> GetSinkOffsets(string groupId) =>
        State.GetGroup(groupId)?.Offsets.Select(o => ConnectOffset.Sink(o.Topic, o.Partition, o.Offset)).ToList() ?? [];

    /// <inheritdoc />
    public void AlterSinkOffsets(string groupId, IReadOnlyList<ConnectOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var changes = offsets.Select(o => (
            Topic: o.Partition["kafka_topic"]!.GetValue<string>(),
            Partition: o.Partition["kafka_partition"]!.GetValue<int>(),
            Offset: o.Offset?["kafka_offset"]?.GetValue<long>())).ToList();
        var state = State;
        lock (state.Gate)
        {
            var group = state.GroupModels.GetValueOrDefault(groupId);
            if (group is { State: GroupState.Stable }) throw GroupIsActive(groupId, "alter");
            foreach (var (topic, partition, _) in changes)
            {
                if (state.TopicModels.GetValueOrDefault(topic)?.Partition(partition) is null)
                {
                    throw new HttpDoubleException(500,
                        $"Failed to alter consumer group offsets for connector {Connector(groupId)}: This server does not host this topic-partition ({topic}-{partition}).");
                }
            }
            if (changes.Count == 0) return;
            // An admin commit creates a group that Kafka does not manage: no protocol type.
            group ??= state.EnsureGroupLocked(groupId, "");
            foreach (var (topic, partition, offset) in changes)
            {
                if (offset is { } value) group.Offsets[(topic, partition)] = new OffsetModel(value, "");
                else group.Offsets.Remove((topic, partition));
            }
        }
    }

    /// <inheritdoc />
    public void ResetSinkOffsets(string groupId)
    {
        var state = State;
        lock (state.Gate)
        {
            if (state.GroupModels.GetValueOrDefault(groupId) is { State: GroupState.Stable }) throw GroupIsActive(groupId, "reset");
            state.GroupModels.Remove(groupId);
        }
    }

    private static string Connector(string groupId) => groupId.StartsWith("connect-", StringComparison.Ordinal) ? groupId["connect-".Length..] : groupId;

    private static HttpDoubleException GroupIsActive(string groupId, string verb) => new(500,
        $"Failed to {verb} consumer group offsets for connector {Connector(groupId)}: the consumer group {groupId} still has active members; "
        + "its tasks may not have stopped completely yet.");
}
