using System.Globalization;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>Config resource types and the broker's rules for naming a BROKER resource.</summary>
internal static class ConfigResources
{
    public const sbyte Topic = 2;
    public const sbyte Broker = 4;

    /// <summary>
    /// A BROKER resource names this broker by id, or is empty for the cluster-wide default. Any other id is
    /// INVALID_REQUEST, as on a real broker (librdkafka routes a BROKER resource to the broker it names).
    /// </summary>
    public static ApiError CheckBrokerName(string name, int nodeId) =>
        name.Length == 0 || name == nodeId.ToString(CultureInfo.InvariantCulture)
            ? ApiError.None
            : new(KafkaErrorCode.InvalidRequest, $"Unexpected broker id, expected {nodeId} or empty string, but received {name}");

    public static ApiError Unsupported(sbyte type) =>
        new(KafkaErrorCode.InvalidRequest, $"Resource type {type} is not supported by this broker double (only TOPIC and BROKER).");
}
