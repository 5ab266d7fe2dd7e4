using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>CreatePartitions v0–1 (v2 is flexible): only increases; equal or lower counts are INVALID_PARTITIONS.</summary>
internal sealed class CreatePartitionsHandler : ApiHandler<CreatePartitionsHandler.Request>
{
    internal sealed record Topic(string Name, int Count, List<int[]>? Assignments);

    internal sealed record Request(List<Topic> Topics, bool ValidateOnly);

    public override ApiKey Key => ApiKey.CreatePartitions;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override Request Read(KafkaReader body, short version)
    {
        var topics = body.ReadArray(r => new Topic(
            r.ReadString(),
            r.ReadInt32(),
            r.ReadNullableArray(a => a.ReadArray(b => b.ReadInt32()).ToArray())));
        body.ReadInt32(); // timeout_ms
        return new Request(topics, body.ReadBool());
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Topics.Select(t => t.Name).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var results = new List<(string Name, ApiError Error)>();
        lock (context.State.Gate)
        {
            foreach (var group in request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal))
            {
                var error = group.Count() > 1
                    ? new ApiError(KafkaErrorCode.InvalidRequest, $"Duplicate topic in request: {group.Key}")
                    : context.InjectedFor(group.Key);
                if (!error.IsError) error = Apply(context.State, group.First(), request.ValidateOnly);
                results.Add((group.Key, error));
            }
        }

        WriteThrottle(writer);
        writer.WriteArray(results, (w, r) =>
            w.WriteString(r.Name).WriteInt16(context.Report(r.Error)).WriteString(r.Error.IsError ? r.Error.Message : null));
    }

    private static ApiError Apply(KafkaClusterState state, Topic request, bool validateOnly)
    {
        if (!state.TopicModels.TryGetValue(request.Name, out var topic))
            return new(KafkaErrorCode.UnknownTopicOrPartition, $"The topic '{request.Name}' does not exist.");
        var current = topic.Partitions.Count;
        if (request.Count == current)
            return new(KafkaErrorCode.InvalidPartitions, $"Topic already has {current} partition(s).");
        if (request.Count < current)
            return new(KafkaErrorCode.InvalidPartitions,
                $"The topic {request.Name} currently has {current} partition(s); {request.Count} would not be an increase.");

        var added = request.Count - current;
        List<int[]> replicas;
        if (request.Assignments is not null)
        {
            if (request.Assignments.Count != added)
                return new(KafkaErrorCode.InvalidReplicaAssignment,
                    $"Attempted to add {added} additional partition(s), but only {request.Assignments.Count} assignment(s) were specified.");
            var error = TopicRules.ValidateReplicaLists(request.Assignments, state.MaxReplicationFactorLocked, topic.ReplicationFactor);
            if (error.IsError) return error;
            replicas = request.Assignments;
        }
        else
        {
            replicas = Enumerable.Range(0, added).Select(_ => TopicRules.DefaultReplicas(topic.ReplicationFactor)).ToList();
        }

        if (!validateOnly) topic.AddPartitions(replicas);
        return ApiError.None;
    }
}
