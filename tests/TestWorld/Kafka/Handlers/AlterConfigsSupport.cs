using KPops.TestWorld.Kafka.Protocol;
using KPops.TestWorld.Kafka.State;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// What AlterConfigs and IncrementalAlterConfigs share: resolving the resource, computing the new overrides with a
/// given rule, storing them unless validate-only, and the response layout (identical in both APIs).
/// </summary>
internal static class AlterConfigsSupport
{
    /// <summary>Computes new overrides from the current ones; the function gets the current overrides and whether it is a broker.</summary>
    public delegate (ApiError Error, Dictionary<string, string>? Result) Alteration(
        IReadOnlyDictionary<string, string> current, bool forBroker, Func<string, string?> effectiveValue);

    public static ApiError Apply(RequestContext context, sbyte type, string name, bool validateOnly, Alteration alteration)
    {
        var injected = context.InjectedFor(name);
        if (injected.IsError) return injected;
        var state = context.State;
        switch (type)
        {
            case ConfigResources.Topic:
                if (!state.TopicModels.TryGetValue(name, out var topic))
                    return new(KafkaErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
                var (topicError, topicConfigs) = alteration(topic.Configs, false, key =>
                    ConfigCatalog.FindTopicConfig(key) is { } d ? state.BrokerConfigStore.DescribeTopicConfig(d, null).Value : null);
                if (topicError.IsError) return topicError;
                if (!validateOnly) topic.Configs = topicConfigs!;
                return ApiError.None;
            case ConfigResources.Broker:
                var nameError = ConfigResources.CheckBrokerName(name, context.Node.NodeId);
                if (nameError.IsError) return nameError;
                if (name.Length == 0)
                    return new(KafkaErrorCode.InvalidRequest, "Cluster-wide default broker configs are not supported by this broker double.");
                var store = state.BrokerConfigStore;
                var (brokerError, brokerConfigs) = alteration(store.Dynamic, true, store.Effective);
                if (brokerError.IsError) return brokerError;
                if (!validateOnly)
                {
                    store.Dynamic.Clear();
                    foreach (var (key, value) in brokerConfigs!) store.Dynamic[key] = value;
                }
                return ApiError.None;
            default:
                return ConfigResources.Unsupported(type);
        }
    }

    public static void WriteResponse(KafkaWriter writer, RequestContext context, IReadOnlyList<(sbyte Type, string Name, ApiError Error)> results)
    {
        writer.WriteInt32(0); // throttle_time_ms
        writer.WriteArray(results, (w, r) => w
            .WriteInt16(context.Report(r.Error))
            .WriteString(r.Error.IsError ? r.Error.Message : null)
            .WriteInt8(r.Type)
            .WriteString(r.Name));
    }
}
