using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// OffsetDelete v0: removes committed offsets unless a member of the (consumer) group is subscribed to the topic,
/// which gives GROUP_SUBSCRIBED_TO_TOPIC for that partition.
/// </summary>
internal sealed class OffsetDeleteHandler : ApiHandler<OffsetDeleteHandler.Request>
{
    internal sealed record Request(string GroupId, List<(string Topic, List<int> Partitions)> Topics);

    public override ApiKey Key => ApiKey.OffsetDelete;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override Request Read(KafkaReader body, short version) =>
        new(body.ReadString(), body.ReadArray(r => (r.ReadString(), r.ReadArray(p => p.ReadInt32()))));

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [request.GroupId];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var results = new List<(string Topic, List<(int Partition, short Error)> Partitions)>();
        short groupError;
        lock (context.State.Gate)
        {
            groupError = context.InjectedFor(request.GroupId).Code;
            var group = context.State.GroupModels.GetValueOrDefault(request.GroupId);
            if (groupError == 0 && group is null) groupError = KafkaErrorCode.GroupIdNotFound;
            if (groupError == 0 && group!.ProtocolType != "consumer" && group.Members.Count > 0) groupError = KafkaErrorCode.NonEmptyGroup;
            if (groupError == 0)
            {
                foreach (var (topic, partitions) in request.Topics)
                {
                    var topicModel = context.State.TopicModels.GetValueOrDefault(topic);
                    var subscribed = group!.IsSubscribedTo(topic);
                    results.Add((topic, partitions.Select(p =>
                    {
                        if (topicModel?.Partition(p) is null) return (p, KafkaErrorCode.UnknownTopicOrPartition);
                        if (subscribed) return (p, KafkaErrorCode.GroupSubscribedToTopic);
                        group.Offsets.Remove((topic, p));
                        return (p, KafkaErrorCode.None);
                    }).ToList()));
                }
            }
        }

        writer.WriteInt16(context.Report(groupError));
        WriteThrottle(writer);
        writer.WriteArray(results, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteArray(t.Partitions, (pw, p) => pw.WriteInt32(p.Partition).WriteInt16(context.Report(p.Error)));
        });
    }
}
