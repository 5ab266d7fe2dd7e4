using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// OffsetFetch v2–5 (v2 is the first with "all partitions" as a null array and a top-level error). Partitions
/// without a commit, and every partition of an unknown group, answer offset -1 with no error, as a broker does.
/// </summary>
internal sealed class OffsetFetchHandler : ApiHandler<OffsetFetchHandler.Request>
{
    internal sealed record Request(string GroupId, List<(string Topic, List<int> Partitions)>? Topics);

    private sealed record Fetched(int Partition, long Offset, string? Metadata);

    public override ApiKey Key => ApiKey.OffsetFetch;

    public override short MinVersion => 2;

    public override short MaxVersion => 5;

    protected override Request Read(KafkaReader body, short version) =>
        new(body.ReadString(), body.ReadNullableArray(r => (r.ReadString(), r.ReadArray(p => p.ReadInt32()))));

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [request.GroupId];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var error = context.InjectedFor(request.GroupId);
        var topics = new List<(string Topic, List<Fetched> Partitions)>();
        if (!error.IsError)
        {
            lock (context.State.Gate)
            {
                var group = context.State.GroupModels.GetValueOrDefault(request.GroupId);
                if (request.Topics is null)
                {
                    topics = group is null
                        ? []
                        : group.Offsets.GroupBy(o => o.Key.Topic, StringComparer.Ordinal)
                            .Select(g => (g.Key, g.Select(o => new Fetched(o.Key.Partition, o.Value.Offset, o.Value.Metadata)).ToList()))
                            .ToList();
                }
                else
                {
                    topics = request.Topics.Select(t => (t.Topic, t.Partitions.Select(p =>
                        group is not null && group.Offsets.TryGetValue((t.Topic, p), out var committed)
                            ? new Fetched(p, committed.Offset, committed.Metadata)
                            : new Fetched(p, -1, "")).ToList())).ToList();
                }
            }
        }

        var v = context.Version;
        if (v >= 3) WriteThrottle(writer);
        writer.WriteArray(topics, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Partition).WriteInt64(p.Offset);
                if (v >= 5) pw.WriteInt32(-1); // leader epoch: not kept
                pw.WriteString(p.Metadata).WriteInt16(0);
            });
        });
        writer.WriteInt16(context.Report(error));
    }
}
