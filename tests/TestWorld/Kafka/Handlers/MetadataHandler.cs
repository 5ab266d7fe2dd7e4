using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// Metadata v1–8. v1 is the floor because it carries ControllerId, without which librdkafka's admin requests never
/// find a controller. Topics are never auto-created, whatever <c>allow_auto_topic_creation</c> says.
/// </summary>
internal sealed class MetadataHandler : ApiHandler<MetadataHandler.Request>
{
    /// <summary>Bits of READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS.</summary>
    private const int AllTopicOperations = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);

    /// <summary>Bits of CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE.</summary>
    private const int AllClusterOperations = (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12);

    /// <summary>The Metadata request; <paramref name="Topics"/> null means all topics.</summary>
    internal sealed record Request(List<string>? Topics, bool IncludeClusterOperations, bool IncludeTopicOperations);

    public override ApiKey Key => ApiKey.Metadata;

    public override short MinVersion => 1;

    public override short MaxVersion => 8;

    protected override Request Read(KafkaReader body, short version)
    {
        var topics = body.ReadNullableArray(r => r.ReadString());
        if (version >= 4) body.ReadBool(); // allow_auto_topic_creation: ignored on purpose
        var clusterOps = version >= 8 && body.ReadBool();
        var topicOps = version >= 8 && body.ReadBool();
        return new Request(topics, clusterOps, topicOps);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Topics ?? ["*"];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var v = context.Version;
        var node = context.Node;
        if (v >= 3) WriteThrottle(writer);
        writer.WriteArray([node], (w, n) =>
        {
            w.WriteInt32(n.NodeId).WriteString(n.Host).WriteInt32(n.Port);
            w.WriteString(null); // rack
        });
        if (v >= 2) writer.WriteString(context.State.ClusterId);
        writer.WriteInt32(node.NodeId); // controller

        lock (context.State.Gate)
        {
            var models = context.State.TopicModels;
            var names = request.Topics?.Distinct(StringComparer.Ordinal).ToList()
                        ?? models.Keys.Order(StringComparer.Ordinal).ToList();
            writer.WriteArray(names, (w, name) => WriteTopic(w, context, name, models.GetValueOrDefault(name), request.IncludeTopicOperations));
        }
        if (v >= 8) writer.WriteInt32(request.IncludeClusterOperations ? AllClusterOperations : int.MinValue);
    }

    private static void WriteTopic(KafkaWriter w, RequestContext context, string name, TopicModel? topic, bool includeOperations)
    {
        var v = context.Version;
        var error = context.InjectedFor(name);
        if (!error.IsError && topic is null)
        {
            var nameError = TopicRules.ValidateName(name);
            error = nameError.IsError ? nameError : new ApiError(KafkaErrorCode.UnknownTopicOrPartition);
        }
        w.WriteInt16(context.Report(error));
        w.WriteString(name);
        w.WriteBool(false); // is_internal
        var partitions = error.IsError ? [] : topic!.Partitions;
        w.WriteArray(partitions, (pw, p) =>
        {
            pw.WriteInt16(0).WriteInt32(p.Index).WriteInt32(context.Node.NodeId);
            if (v >= 7) pw.WriteInt32(0); // leader epoch
            pw.WriteInt32Array(p.Replicas);
            pw.WriteInt32Array(p.Replicas); // every replica is in sync
            if (v >= 5) pw.WriteInt32Array([]); // offline replicas
        });
        if (v >= 8) w.WriteInt32(includeOperations && !error.IsError ? AllTopicOperations : int.MinValue);
    }
}
