using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace KPops.TestWorld.Connect;

/// <summary>How Connect's JSON looks on the wire (Jackson snake_case names) and how request bodies are read.</summary>
internal static class ConnectWire
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, Options, "application/json", status);

    public static string Wire(ConnectorState state) => state.ToString().ToUpperInvariant();

    public static string Wire(ConnectorType type) => type.ToString().ToLowerInvariant();

    public static ConnectorInfoDto Info(ConnectorSnapshot c) => new(c.Name, c.Config,
        c.Tasks.Select(t => new TaskIdDto(c.Name, t.Id)).ToList(), Wire(c.Type));

    public static ConnectorStatusDto Status(ConnectorSnapshot c, string workerId) => new(c.Name,
        new ConnectorStateDto(Wire(c.State), workerId, c.Trace),
        c.Tasks.Select(t => TaskStatus(t, workerId)).ToList(), Wire(c.Type));

    public static TaskStateDto TaskStatus(TaskSnapshot t, string workerId) => new(t.Id, Wire(t.State), workerId, t.Trace);

    /// <summary>Reads a JSON object body; Connect's resources consume <c>application/json</c> only.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            throw ConnectErrors.UnsupportedMediaType();
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonNode>(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false) as JsonObject
                ?? throw ConnectErrors.BadRequest("Request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ConnectErrors.BadRequest($"Unrecognized request body: {e.Message}");
        }
    }

    /// <summary>A flat config map; scalars become strings (as Jackson coerces them), nulls are dropped.</summary>
    public static Dictionary<string, string> ReadConfig(JsonObject body) =>
        ReadPatch(body).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    /// <summary>A config patch: like <see cref="ReadConfig"/> but a null value means "remove the key".</summary>
    public static Dictionary<string, string?> ReadPatch(JsonObject body) => body.ToDictionary(kv => kv.Key, kv => kv.Value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw ConnectErrors.BadRequest($"Configuration value of '{kv.Key}' must be a string"),
    }, StringComparer.Ordinal);

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Reads <c>{"offsets":[{"partition":{…},"offset":{…}|null}]}</c>.</summary>
    public static List<ConnectOffset> ReadOffsets(JsonObject body)
    {
        if (body["offsets"] is not JsonArray { Count: > 0 } offsets)
            throw ConnectErrors.BadRequest("Partitions / offsets need to be provided for an alter offsets request");
        return offsets.Select(o => o is JsonObject { } entry && entry["partition"] is JsonObject partition
                && entry["offset"] is null or JsonObject
                ? new ConnectOffset(partition, entry["offset"] as JsonObject).DeepCopy()
                : throw ConnectErrors.BadRequest($"Invalid offset entry {o?.ToJsonString()}"))
            .ToList();
    }
}

/// <summary>ConnectorInfo: <c>{"name","config","tasks":[{"connector","task"}],"type"}</c>.</summary>
internal sealed record ConnectorInfoDto(string Name, IReadOnlyDictionary<string, string> Config, IReadOnlyList<TaskIdDto> Tasks, string Type);

/// <summary>A task id: <c>{"connector","task"}</c>.</summary>
internal sealed record TaskIdDto(string Connector, int Task);

/// <summary>TaskInfo of <c>GET …/tasks</c>: <c>{"id":{…},"config":{…}}</c>.</summary>
internal sealed record TaskInfoDto(TaskIdDto Id, IReadOnlyDictionary<string, string> Config);

/// <summary>ConnectorStateInfo: <c>{"name","connector":{…},"tasks":[…],"type"}</c>.</summary>
internal sealed record ConnectorStatusDto(string Name, ConnectorStateDto Connector, IReadOnlyList<TaskStateDto> Tasks, string Type);

/// <summary>The connector part of a status: <c>{"state","worker_id","trace"?}</c>.</summary>
internal sealed record ConnectorStateDto(
    string State,
    string WorkerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Trace);

/// <summary>A task status: <c>{"id","state","worker_id","trace"?}</c>.</summary>
internal sealed record TaskStateDto(
    int Id,
    string State,
    string WorkerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Trace);

/// <summary>An entry of <c>GET /connectors?expand=…</c>; only the requested parts are present.</summary>
internal sealed record ExpandedConnectorDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConnectorStatusDto? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConnectorInfoDto? Info);

/// <summary><c>GET /</c>: <c>{"version","commit","kafka_cluster_id"}</c>.</summary>
internal sealed record ServerInfoDto(string Version, string Commit, string KafkaClusterId);

/// <summary>A connector plugin: <c>{"class","type","version"}</c>.</summary>
internal sealed record PluginDto(string Class, string Type, string Version);

/// <summary>A message answer such as the offsets reset confirmation.</summary>
internal sealed record MessageDto(string Message);

/// <summary><c>{"offsets":[…]}</c>.</summary>
internal sealed record OffsetsDto(IReadOnlyList<ConnectOffset> Offsets);

/// <summary>Active topics of one connector: <c>{"topics":[…]}</c>.</summary>
internal sealed record ActiveTopicsDto(IReadOnlyList<string> Topics);

/// <summary>ConfigInfos of the validate endpoint.</summary>
internal sealed record ConfigInfosDto(string Name, int ErrorCount, IReadOnlyList<string> Groups, IReadOnlyList<ConfigInfoDto> Configs);

/// <summary>One key of ConfigInfos.</summary>
internal sealed record ConfigInfoDto(ConfigKeyDto Definition, ConfigValueDto Value);

/// <summary>A key's definition.</summary>
internal sealed record ConfigKeyDto(
    string Name, string Type, bool Required, string? DefaultValue, string Importance, string Documentation,
    string Group, int Order, string Width, string DisplayName, IReadOnlyList<string> Dependents);

/// <summary>A key's value and its errors.</summary>
internal sealed record ConfigValueDto(string Name, string? Value, IReadOnlyList<string> RecommendedValues, IReadOnlyList<string> Errors, bool Visible);
