using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// CreateTopics v0–4. v4 is needed because Confluent.Kafka sends -1 partitions / replication factor to mean
/// "broker default"; v1 adds validate_only.
/// </summary>
internal sealed class CreateTopicsHandler : ApiHandler<CreateTopicsHandler.Request>
{
    internal sealed record Topic(
        string Name,
        int NumPartitions,
        short ReplicationFactor,
        List<(int Partition, int[] Brokers)> Assignments,
        List<KeyValuePair<string, string?>> Configs);

    internal sealed record Request(List<Topic> Topics, bool ValidateOnly);

    public override ApiKey Key => ApiKey.CreateTopics;

    public override short MinVersion => 0;

    public override short MaxVersion => 4;

    protected override Request Read(KafkaReader body, short version)
    {
        var topics = body.ReadArray(r => new Topic(
            r.ReadString(),
            r.ReadInt32(),
            r.ReadInt16(),
            r.ReadArray(a => (a.ReadInt32(), a.ReadArray(b => b.ReadInt32()).ToArray())),
            r.ReadArray(c => new KeyValuePair<string, string?>(c.ReadString(), c.ReadNullableString()))));
        body.ReadInt32(); // timeout_ms: creation is immediate
        var validateOnly = version >= 1 && body.ReadBool();
        return new Request(topics, validateOnly);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Topics.Select(t => t.Name).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var results = new List<(string Name, ApiError Error)>();
        var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        lock (context.State.Gate)
        {
            foreach (var topic in request.Topics)
            {
                if (results.Any(r => r.Name == topic.Name)) continue;
                var error = duplicates.Contains(topic.Name)
                    ? new ApiError(KafkaErrorCode.InvalidRequest, $"Create topics request contains multiple entries for the following topics: {topic.Name}")
                    : context.InjectedFor(topic.Name);
                if (!error.IsError)
                {
                    error = context.State.TryCreateTopicLocked(topic.Name, topic.NumPartitions, topic.ReplicationFactor,
                        topic.Assignments, topic.Configs, request.ValidateOnly).Error;
                }
                results.Add((topic.Name, error));
            }
        }

        if (context.Version >= 2) WriteThrottle(writer);
        writer.WriteArray(results, (w, r) =>
        {
            w.WriteString(r.Name).WriteInt16(context.Report(r.Error));
            if (context.Version >= 1) w.WriteString(r.Error.IsError ? r.Error.Message : null);
        });
    }
}
