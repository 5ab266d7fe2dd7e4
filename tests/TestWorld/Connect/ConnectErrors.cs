using KPops.TestWorld.Common;

namespace KPops.TestWorld.Connect;

/// <summary>The Kafka Connect errors the double reports; Connect's <c>error_code</c> is always the HTTP status.</summary>
internal static class ConnectErrors
{
    /// <summary>What a worker answers while a rebalance is in progress; the default message of an injected 409.</summary>
    public const string RebalanceMessage =
        "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)";

    public static HttpDoubleException ConnectorNotFound(string name) => new(404, $"Connector {name} not found");

    public static HttpDoubleException TaskNotFound(string name, int task) => new(404, $"Task {name}-{task} not found");

    public static HttpDoubleException AlreadyExists(string name) => new(409, $"Connector {name} already exists");

    public static HttpDoubleException BadRequest(string message) => new(400, message);

    public static HttpDoubleException NotStopped(string name) => new(400,
        "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified " +
        $"connector by issuing a 'PUT' request to the '/connectors/{name}/stop' endpoint");

    public static HttpDoubleException InvalidConfig(string pluginClass, IReadOnlyList<string> errors) => new(400,
        $"Connector configuration is invalid and contains the following {errors.Count} error(s):\n{string.Join('\n', errors)}\n" +
        $"You can also find the above list of errors at the endpoint `/connector-plugins/{pluginClass}/config/validate`");

    public static HttpDoubleException NoConnectorType(IReadOnlyDictionary<string, string> config) =>
        BadRequest($"Connector config {{{string.Join(", ", config.Select(kv => $"{kv.Key}={kv.Value}"))}}} contains no connector type");

    public static HttpDoubleException UnsupportedMediaType() => new(415, HttpErrorBody.StatusMessage(415));
}
