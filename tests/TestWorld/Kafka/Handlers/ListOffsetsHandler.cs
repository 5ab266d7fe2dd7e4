using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// ListOffsets v1–5: timestamp -2 is the log start, -1 the end (high watermark, also the last stable offset since
/// there are no transactions), any other timestamp the first offset stamped at or after it. Max-timestamp (-3)
/// needs v7 and is therefore refused by the client before it reaches the double.
/// </summary>
internal sealed class ListOffsetsHandler : ApiHandler<ListOffsetsHandler.Request>
{
    private const long Latest = -1;
    private const long Earliest = -2;

    internal sealed record Partition(int Index, int CurrentLeaderEpoch, long Timestamp);

    internal sealed record Request(List<(string Topic, List<Partition> Partitions)> Topics);

    private sealed record Listed(int Partition, short Error, long Timestamp, long Offset);

    public override ApiKey Key => ApiKey.ListOffsets;

    public override short MinVersion => 1;

    public override short MaxVersion => 5;

    protected override Request Read(KafkaReader body, short version)
    {
        body.ReadInt32(); // replica_id
        if (version >= 2) body.ReadInt8(); // isolation_level: no transactions, so both levels see the same end
        return new Request(body.ReadArray(r => (r.ReadString(), r.ReadArray(p => new Partition(
            p.ReadInt32(),
            version >= 4 ? p.ReadInt32() : -1,
            p.ReadInt64())))));
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) =>
        request.Topics.Select(t => t.Topic).Distinct(StringComparer.Ordinal).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<(string Topic, List<Listed> Partitions)> results;
        lock (context.State.Gate)
        {
            results = request.Topics.Select(t => (t.Topic, t.Partitions.Select(p => List(context, t.Topic, p)).ToList())).ToList();
        }

        var v = context.Version;
        if (v >= 2) WriteThrottle(writer);
        writer.WriteArray(results, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Partition).WriteInt16(context.Report(p.Error)).WriteInt64(p.Timestamp).WriteInt64(p.Offset);
                if (v >= 4) pw.WriteInt32(p.Error == 0 ? 0 : -1); // leader epoch
            });
        });
    }

    private static Listed List(RequestContext context, string topic, Partition request)
    {
        var injected = context.InjectedFor(topic);
        if (injected.IsError) return new(request.Index, injected.Code, -1, -1);
        var partition = context.State.TopicModels.GetValueOrDefault(topic)?.Partition(request.Index);
        if (partition is null) return new(request.Index, KafkaErrorCode.UnknownTopicOrPartition, -1, -1);
        // The leader epoch never changes from 0, so a client claiming a later one is ahead of this broker.
        if (request.CurrentLeaderEpoch > 0) return new(request.Index, KafkaErrorCode.UnknownLeaderEpoch, -1, -1);
        return request.Timestamp switch
        {
            Latest => new(request.Index, 0, -1, partition.EndOffset),
            Earliest => new(request.Index, 0, -1, partition.LogStartOffset),
            < 0 => new(request.Index, KafkaErrorCode.UnsupportedVersion, -1, -1),
            _ => partition.FindByTimestamp(request.Timestamp) is { } found
                ? new(request.Index, 0, found.TimestampMs, found.Offset)
                : new(request.Index, 0, -1, -1),
        };
    }
}
