using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>DeleteRecords v0–1: moves the log start offset forward; offset -1 means "up to the high watermark".</summary>
internal sealed class DeleteRecordsHandler : ApiHandler<DeleteRecordsHandler.Request>
{
    internal sealed record Request(List<(string Topic, List<(int Partition, long Offset)> Partitions)> Topics);

    public override ApiKey Key => ApiKey.DeleteRecords;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override Request Read(KafkaReader body, short version)
    {
        var topics = body.ReadArray(r => (r.ReadString(), r.ReadArray(p => (p.ReadInt32(), p.ReadInt64()))));
        body.ReadInt32(); // timeout_ms
        return new Request(topics);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) =>
        request.Topics.Select(t => t.Topic).Distinct(StringComparer.Ordinal).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<(string Topic, List<(int Partition, long LowWatermark, short Error)> Partitions)> results;
        lock (context.State.Gate)
        {
            results = request.Topics.Select(t => (t.Topic, t.Partitions.Select(p => Delete(context, t.Topic, p.Partition, p.Offset)).ToList())).ToList();
        }

        WriteThrottle(writer);
        writer.WriteArray(results, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p.Partition).WriteInt64(p.LowWatermark).WriteInt16(context.Report(p.Error)));
        });
    }

    private static (int, long, short) Delete(RequestContext context, string topic, int index, long offset)
    {
        var injected = context.InjectedFor(topic);
        if (injected.IsError) return (index, -1, injected.Code);
        var partition = context.State.TopicModels.GetValueOrDefault(topic)?.Partition(index);
        if (partition is null) return (index, -1, KafkaErrorCode.UnknownTopicOrPartition);
        var target = offset == -1 ? partition.EndOffset : offset;
        if (target < 0 || target > partition.EndOffset) return (index, -1, KafkaErrorCode.OffsetOutOfRange);
        partition.LogStartOffset = Math.Max(partition.LogStartOffset, target);
        return (index, partition.LogStartOffset, KafkaErrorCode.None);
    }
}
