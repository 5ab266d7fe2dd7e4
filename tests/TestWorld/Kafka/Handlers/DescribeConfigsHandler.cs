using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// DescribeConfigs v0–1 for TOPIC and BROKER resources. Topic configs report DYNAMIC_TOPIC_CONFIG for overrides
/// and otherwise the source of the broker synonym (STATIC_BROKER_CONFIG or DEFAULT_CONFIG); v1 adds the
/// synonym chain when asked.
/// </summary>
internal sealed class DescribeConfigsHandler : ApiHandler<DescribeConfigsHandler.Request>
{
    internal sealed record Resource(sbyte Type, string Name, List<string>? Keys);

    internal sealed record Request(List<Resource> Resources, bool IncludeSynonyms);

    private sealed record Result(Resource Resource, ApiError Error, IReadOnlyList<ConfigEntryView> Entries);

    public override ApiKey Key => ApiKey.DescribeConfigs;

    public override short MinVersion => 0;

    public override short MaxVersion => 1;

    protected override Request Read(KafkaReader body, short version)
    {
        var resources = body.ReadArray(r => new Resource(r.ReadInt8(), r.ReadString(), r.ReadNullableArray(k => k.ReadString())));
        var synonyms = version >= 1 && body.ReadBool();
        return new Request(resources, synonyms);
    }

    protected override IReadOnlyList<string> ResourcesOf(Request request) => request.Resources.Select(r => r.Name).ToList();

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        List<Result> results;
        lock (context.State.Gate)
        {
            results = request.Resources.Select(r => Describe(context, r)).ToList();
        }

        WriteThrottle(writer);
        writer.WriteArray(results, (w, r) =>
        {
            w.WriteInt16(context.Report(r.Error)).WriteString(r.Error.IsError ? r.Error.Message : null);
            w.WriteInt8(r.Resource.Type).WriteString(r.Resource.Name);
            w.WriteArray(r.Entries, (ew, e) => WriteEntry(ew, e, context.Version, request.IncludeSynonyms));
        });
    }

    private static Result Describe(RequestContext context, Resource resource)
    {
        var injected = context.InjectedFor(resource.Name);
        if (injected.IsError) return new(resource, injected, []);
        var state = context.State;
        bool Wanted(string name) => resource.Keys is null || resource.Keys.Contains(name, StringComparer.Ordinal);

        switch (resource.Type)
        {
            case ConfigResources.Topic:
                if (!state.TopicModels.TryGetValue(resource.Name, out var topic))
                    return new(resource, new(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{resource.Name}' does not exist."), []);
                return new(resource, ApiError.None, ConfigCatalog.TopicConfigs
                    .Where(d => Wanted(d.Name))
                    .Select(d => state.BrokerConfigStore.DescribeTopicConfig(d, topic.Configs.GetValueOrDefault(d.Name)))
                    .ToList());
            case ConfigResources.Broker:
                var nameError = ConfigResources.CheckBrokerName(resource.Name, context.Node.NodeId);
                if (nameError.IsError) return new(resource, nameError, []);
                // The cluster-wide default ("") only holds dynamic default values, which this double never has.
                if (resource.Name.Length == 0) return new(resource, ApiError.None, []);
                return new(resource, ApiError.None, state.BrokerConfigStore.Names
                    .Where(Wanted)
                    .Select(state.BrokerConfigStore.DescribeBrokerConfig)
                    .ToList());
            default:
                return new(resource, ConfigResources.Unsupported(resource.Type), []);
        }
    }

    private static void WriteEntry(KafkaWriter w, ConfigEntryView entry, short version, bool includeSynonyms)
    {
        w.WriteString(entry.Name).WriteString(entry.Value).WriteBool(entry.ReadOnly);
        if (version == 0) w.WriteBool(entry.IsDefault);
        else w.WriteInt8((sbyte)entry.Source);
        w.WriteBool(false); // is_sensitive
        if (version >= 1)
        {
            w.WriteArray(includeSynonyms ? entry.Synonyms : [], static (sw, s) =>
                sw.WriteString(s.Name).WriteString(s.Value).WriteInt8((sbyte)s.Source));
        }
    }
}
