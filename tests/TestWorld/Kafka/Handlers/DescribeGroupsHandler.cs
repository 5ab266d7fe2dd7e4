using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// DescribeGroups v0–4. An unknown group is described, as by the classic coordinator, with no error and state
/// Dead. Members carry consumer-protocol subscription and assignment bytes (range assignor) so clients can decode
/// them.
/// </summary>
internal sealed class DescribeGroupsHandler : ApiHandler<DescribeGroupsHandler.Request>
{
    /// <summary>Bits of READ, DELETE, DESCRIBE.</summary>
    private const int AllGroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

    internal sealed record Request(List<string> Groups, bool IncludeOperations);

    private sealed record Member(MemberModel Model, byte[] Metadata, byte[] Assignment);

    private sealed record Described(string GroupId, ApiError Error, string State, string ProtocolType, string ProtocolData, List<Member> Members);

    public override ApiKey Key => ApiKey.DescribeGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override Request Read(KafkaReader body, short version) =>
        new(body.ReadArray(r => r.ReadString()), version >= 3 && body.ReadBool());

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Groups;

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<Described> groups;
        lock (context.State.Gate)
        {
            groups = request.Groups.Select(id => Describe(context, id)).ToList();
        }

        var v = context.Version;
        if (v >= 1) WriteThrottle(writer);
        writer.WriteArray(groups, (w, g) =>
        {
            w.WriteInt16(context.Report(g.Error)).WriteString(g.GroupId).WriteString(g.State)
                .WriteString(g.ProtocolType).WriteString(g.ProtocolData);
            w.WriteArray(g.Members, (mw, m) =>
            {
                mw.WriteString(m.Model.MemberId);
                if (v >= 4) mw.WriteString(null); // group_instance_id: no static members
                mw.WriteString(m.Model.ClientId).WriteString(m.Model.ClientHost);
                mw.WriteBytes(m.Metadata).WriteBytes(m.Assignment);
            });
            if (v >= 3) w.WriteInt32(request.IncludeOperations && !g.Error.IsError ? AllGroupOperations : int.MinValue);
        });
    }

    private static Described Describe(RequestContext context, string groupId)
    {
        var injected = context.InjectedFor(groupId);
        if (injected.IsError) return new(groupId, injected, "", "", "", []);
        if (!context.State.GroupModels.TryGetValue(groupId, out var group))
            return new(groupId, ApiError.None, nameof(GroupState.Dead), "", "", []);

        var assignment = group.RangeAssignment(context.State.PartitionCountLocked);
        var members = group.Members.Select(m => new Member(
            m,
            ConsumerProtocol.Subscription(m.Topics),
            ConsumerProtocol.Assignment(assignment[m.MemberId]))).ToList();
        var stable = group.State == GroupState.Stable;
        return new(groupId, ApiError.None, group.State.ToString(), group.ProtocolType, stable ? GroupModel.AssignorName : "", members);
    }
}

/// <summary>The consumer embedded protocol (ConsumerProtocolSubscription / ConsumerProtocolAssignment, version 0).</summary>
internal static class ConsumerProtocol
{
    public static byte[] Subscription(IReadOnlyList<string> topics)
    {
        var w = new KafkaWriter().WriteInt16(0);
        w.WriteArray(topics, static (tw, t) => tw.WriteString(t));
        w.WriteNullBytes(); // user_data
        return w.WrittenMemory.ToArray();
    }

    public static byte[] Assignment(IReadOnlyList<(string Topic, List<int> Partitions)> assigned)
    {
        var w = new KafkaWriter().WriteInt16(0);
        w.WriteArray(assigned, static (tw, a) => tw.WriteString(a.Topic).WriteInt32Array(a.Partitions));
        w.WriteNullBytes(); // user_data
        return w.WrittenMemory.ToArray();
    }
}
