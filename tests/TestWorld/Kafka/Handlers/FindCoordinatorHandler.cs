using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>FindCoordinator v0–2: this node coordinates every group (key type 0) and transaction (key type 1).</summary>
internal sealed class FindCoordinatorHandler : ApiHandler<FindCoordinatorHandler.Request>
{
    internal sealed record Request(string Key, sbyte KeyType);

    public override ApiKey Key => ApiKey.FindCoordinator;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override Request Read(KafkaReader body, short version) =>
        new(body.ReadString(), version >= 1 ? body.ReadInt8() : (sbyte)0);

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [request.Key];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var error = context.InjectedFor(request.Key);
        if (!error.IsError && request.KeyType is not (0 or 1))
            error = new(KafkaErrorCode.InvalidRequest, $"Unknown coordinator key type {request.KeyType}");

        if (context.Version >= 1) WriteThrottle(writer);
        writer.WriteInt16(context.Report(error));
        if (context.Version >= 1) writer.WriteString(error.IsError ? error.Message : null);
        var node = context.Node;
        if (error.IsError) writer.WriteInt32(-1).WriteString("").WriteInt32(-1);
        else writer.WriteInt32(node.NodeId).WriteString(node.Host).WriteInt32(node.Port);
    }
}
