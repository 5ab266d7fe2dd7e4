using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// ListGroups v0–2. States and type filters need v4+/v5+ (flexible), so librdkafka reports every group's state
/// as Unknown, exactly as it does against a real broker limited to these versions.
/// </summary>
internal sealed class ListGroupsHandler : ApiHandler<ListGroupsHandler.Request>
{
    internal sealed record Request;

    public override ApiKey Key => ApiKey.ListGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override Request Read(KafkaReader body, short version) => new();

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var error = context.InjectedForRequest();
        List<(string Id, string ProtocolType)> groups;
        lock (context.State.Gate)
        {
            groups = error.IsError
                ? []
                : context.State.GroupModels.Values.OrderBy(g => g.GroupId, StringComparer.Ordinal)
                    .Select(g => (g.GroupId, g.ProtocolType)).ToList();
        }

        if (context.Version >= 1) WriteThrottle(writer);
        writer.WriteInt16(context.Report(error));
        writer.WriteArray(groups, static (w, g) => w.WriteString(g.Id).WriteString(g.ProtocolType));
    }
}
