using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>IncrementalAlterConfigs v0 (v1 is flexible): SET, DELETE, APPEND and SUBTRACT per key.</summary>
internal sealed class IncrementalAlterConfigsHandler : ApiHandler<IncrementalAlterConfigsHandler.Request>
{
    internal sealed record Resource(sbyte Type, string Name, List<ConfigChange> Changes);

    internal sealed record Request(List<Resource> Resources, bool ValidateOnly);

    public override ApiKey Key => ApiKey.IncrementalAlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override Request Read(KafkaReader body, short version)
    {
        var resources = body.ReadArray(r => new Resource(
            r.ReadInt8(),
            r.ReadString(),
            r.ReadArray(c => new ConfigChange(c.ReadString(), (AlterConfigOp)c.ReadInt8(), c.ReadNullableString()))));
        return new Request(resources, body.ReadBool());
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Resources.Select(r => r.Name).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<(sbyte, string, ApiError)> results;
        lock (context.State.Gate)
        {
            results = request.Resources.Select(r => (r.Type, r.Name, AlterConfigsSupport.Apply(context, r.Type, r.Name, request.ValidateOnly,
                (current, forBroker, effective) => ConfigAlteration.Incremental(current, r.Changes, forBroker, effective)))).ToList();
        }
        AlterConfigsSupport.WriteResponse(writer, context, results);
    }
}
