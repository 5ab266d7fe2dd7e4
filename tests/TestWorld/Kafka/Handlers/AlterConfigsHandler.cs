using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>AlterConfigs v0–1 (legacy): the given configs replace every override of the resource.</summary>
internal sealed class AlterConfigsHandler : ApiHandler<AlterConfigsHandler.Request>
{
    internal sealed record Resource(sbyte Type, string Name, List<KeyValuePair<string, string?>> Configs);

    internal sealed record Request(List<Resource> Resources, bool ValidateOnly);

    public override ApiKey Key => ApiKey.AlterConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override Request Read(KafkaReader body, short version)
    {
        var resources = body.ReadArray(r => new Resource(
            r.ReadInt8(),
            r.ReadString(),
            r.ReadArray(c => new KeyValuePair<string, string?>(c.ReadString(), c.ReadNullableString()))));
        return new Request(resources, body.ReadBool());
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Resources.Select(r => r.Name).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<(sbyte, string, ApiError)> results;
        lock (context.State.Gate)
        {
            results = request.Resources.Select(r => (r.Type, r.Name, AlterConfigsSupport.Apply(context, r.Type, r.Name, request.ValidateOnly,
                (_, forBroker, _) => ConfigAlteration.Replace(r.Configs, forBroker)))).ToList();
        }
        AlterConfigsSupport.WriteResponse(writer, context, results);
    }
}
