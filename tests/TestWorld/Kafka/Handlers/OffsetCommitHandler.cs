using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// OffsetCommit v2–7 with the classic coordinator's rules: an admin commit (generation -1, empty member id) is
/// accepted for a new or Empty group; a group with members wants a member id and generation, so an admin commit
/// there gets UNKNOWN_MEMBER_ID.
/// </summary>
internal sealed class OffsetCommitHandler : ApiHandler<OffsetCommitHandler.Request>
{
    /// <summary>Kafka's default <c>offset.metadata.max.bytes</c>.</summary>
    private const int MaxMetadataLength = 4096;

    internal sealed record Partition(int Index, long Offset, string? Metadata);

    internal sealed record Request(string GroupId, int GenerationId, string MemberId, List<(string Topic, List<Partition> Partitions)> Topics);

    public override ApiKey Key => ApiKey.OffsetCommit;

    public override short MinVersion => 2;

    public override short MaxVersion => 7;

    protected override Request Read(KafkaReader body, short version)
    {
        var groupId = body.ReadString();
        var generation = body.ReadInt32();
        var memberId = body.ReadString();
        if (version >= 7) body.ReadNullableString(); // group_instance_id: no static membership
        if (version <= 4) body.ReadInt64(); // retention_time_ms: offsets never expire here
        var topics = body.ReadArray(r => (r.ReadString(), r.ReadArray(p =>
        {
            var index = p.ReadInt32();
            var offset = p.ReadInt64();
            if (version >= 6) p.ReadInt32(); // committed leader epoch
            return new Partition(index, offset, p.ReadNullableString());
        })));
        return new Request(groupId, generation, memberId, topics);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [request.GroupId];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<(string Topic, List<(int Partition, short Error)> Partitions)> results;
        lock (context.State.Gate)
        {
            var state = context.State;
            // As in KafkaApis: partitions of unknown topics are answered before the coordinator sees the rest, so a
            // commit naming only unknown partitions does not create a group.
            var checkedPartitions = request.Topics.Select(t => (t.Topic, Partitions: t.Partitions.Select(p =>
                (Partition: p, Error: PartitionError(state, t.Topic, p))).ToList())).ToList();
            var injected = context.InjectedFor(request.GroupId).Code;
            var groupError = injected != 0 ? injected
                : checkedPartitions.Any(t => t.Partitions.Any(p => p.Error == 0)) ? CheckGroup(state, request)
                : KafkaErrorCode.None;
            results = checkedPartitions.Select(t => (t.Topic, t.Partitions.Select(p =>
            {
                var error = injected != 0 ? injected : p.Error != 0 ? p.Error : groupError;
                if (error == 0)
                    state.GroupModels[request.GroupId].Offsets[(t.Topic, p.Partition.Index)] = new OffsetModel(p.Partition.Offset, p.Partition.Metadata ?? "");
                return (p.Partition.Index, error);
            }).ToList())).ToList();
        }

        if (context.Version >= 3) WriteThrottle(writer);
        writer.WriteArray(results, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p.Partition).WriteInt16(context.Report(p.Error)));
        });
    }

    private static short PartitionError(KafkaClusterState state, string topic, Partition partition)
    {
        if (state.TopicModels.GetValueOrDefault(topic)?.Partition(partition.Index) is null) return KafkaErrorCode.UnknownTopicOrPartition;
        return (partition.Metadata?.Length ?? 0) > MaxMetadataLength ? KafkaErrorCode.OffsetMetadataTooLarge : KafkaErrorCode.None;
    }

    /// <summary>The group-level decision of <c>GroupCoordinator.handleCommitOffsets</c>; creates the group for an admin commit.</summary>
    private static short CheckGroup(KafkaClusterState state, Request request)
    {
        if (!state.GroupModels.TryGetValue(request.GroupId, out var group))
        {
            if (request.GenerationId >= 0) return KafkaErrorCode.IllegalGeneration;
            // A group not managed by Kafka (admin or manual commits) starts without a protocol type.
            state.EnsureGroupLocked(request.GroupId, "");
            return KafkaErrorCode.None;
        }
        if (request.GenerationId < 0 && group.State == GroupState.Empty) return KafkaErrorCode.None;
        if (group.Members.All(m => m.MemberId != request.MemberId)) return KafkaErrorCode.UnknownMemberId;
        if (request.GenerationId != group.GenerationId) return KafkaErrorCode.IllegalGeneration;
        return KafkaErrorCode.None;
    }
}
