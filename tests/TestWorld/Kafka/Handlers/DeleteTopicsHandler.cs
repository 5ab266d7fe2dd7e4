using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>DeleteTopics v0–3 (v4 is flexible). Unknown topics get UNKNOWN_TOPIC_OR_PARTITION.</summary>
internal sealed class DeleteTopicsHandler : ApiHandler<DeleteTopicsHandler.Request>
{
    internal sealed record Request(List<string> Topics);

    public override ApiKey Key => ApiKey.DeleteTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 3;

    protected override Request Read(KafkaReader body, short version)
    {
        var topics = body.ReadArray(r => r.ReadString());
        body.ReadInt32(); // timeout_ms: deletion is immediate
        return new Request(topics);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Topics;

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var results = new List<(string Name, short Error)>();
        lock (context.State.Gate)
        {
            foreach (var group in request.Topics.GroupBy(t => t, StringComparer.Ordinal))
            {
                var name = group.Key;
                var error = group.Count() > 1 ? KafkaErrorCode.InvalidRequest : context.InjectedFor(name).Code;
                if (error == 0 && !context.State.DeleteTopicLocked(name)) error = KafkaErrorCode.UnknownTopicOrPartition;
                results.Add((name, error));
            }
        }

        if (context.Version >= 1) WriteThrottle(writer);
        writer.WriteArray(results, (w, r) => w.WriteString(r.Name).WriteInt16(context.Report(r.Error)));
    }
}
