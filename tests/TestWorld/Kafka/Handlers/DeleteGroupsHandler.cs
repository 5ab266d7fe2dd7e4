using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>DeleteGroups v0–1: NON_EMPTY_GROUP while members exist, GROUP_ID_NOT_FOUND for unknown groups.</summary>
internal sealed class DeleteGroupsHandler : ApiHandler<DeleteGroupsHandler.Request>
{
    internal sealed record Request(List<string> Groups);

    public override ApiKey Key => ApiKey.DeleteGroups;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override Request Read(KafkaReader body, short version) => new(body.ReadArray(r => r.ReadString()));

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Groups;

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var results = new List<(string Id, short Error)>();
        lock (context.State.Gate)
        {
            foreach (var id in request.Groups.Distinct(StringComparer.Ordinal))
            {
                var error = context.InjectedFor(id).Code;
                if (error == 0) error = Delete(context.State, id);
                results.Add((id, error));
            }
        }

        WriteThrottle(writer);
        writer.WriteArray(results, (w, r) => w.WriteString(r.Id).WriteInt16(context.Report(r.Error)));
    }

    private static short Delete(KafkaClusterState state, string id)
    {
        if (!state.GroupModels.TryGetValue(id, out var group)) return KafkaErrorCode.GroupIdNotFound;
        if (group.Members.Count > 0) return KafkaErrorCode.NonEmptyGroup;
        state.GroupModels.Remove(id);
        return KafkaErrorCode.None;
    }
}
