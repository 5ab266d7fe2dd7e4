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
        var results = new List<(string Topic, List<(int Partition, short Error)> Partitions)>();
        lock (context.State.Gate)
        {
            var groupError = context.InjectedFor(request.GroupId).Code;
            if (groupError == 0) groupError = CheckGroup(context.State, request);
            foreach (var (topic, partitions) in request.Topics)
            {
                var topicModel = context.State.TopicModels.GetValueOrDefault(topic);
                results.Add((topic, partitions.Select(p =>
                {
                    var error = groupError;
                    if (error == 0 && topicModel?.Partition(p.Index) is null) error = KafkaErrorCode.UnknownTopicOrPartition;
                    if (error == 0 && (p.Metadata?.Length ?? 0) > MaxMetadataLength) error = KafkaErrorCode.OffsetMetadataTooLarge;
                    if (error == 0)
                        context.State.GroupModels[request.GroupId].Offsets[(topic, p.Index)] = new OffsetModel(p.Offset, p.Metadata ?? "");
                    return (p.Index, error);
                }).ToList()));
            }
        }

        if (context.Version >= 3) WriteThrottle(writer);
        writer.WriteArray(results, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p.Partition).WriteInt16(context.Report(p.Error)));
        });
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
