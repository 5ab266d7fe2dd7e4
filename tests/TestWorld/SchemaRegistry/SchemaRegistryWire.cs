using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>How the registry's JSON looks on the wire: media types, request parsing and response shapes.</summary>
internal static class SchemaRegistryWire
{
    public const string MediaType = "application/vnd.schemaregistry.v1+json";

    private static readonly string[] AcceptedBodyTypes =
        [MediaType, "application/vnd.schemaregistry+json", "application/json", "application/octet-stream"];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok(object value) => Results.Json(value, Options, MediaType);

    /// <summary>The Schema entity; <c>schemaType</c> is left out for Avro and <c>references</c> when empty, as older servers do.</summary>
    public static SchemaResponse ToResponse(SchemaVersion version) =>
        ToResponse(version.Definition) with { Subject = version.Subject, Version = version.Version, Id = version.Id };

    public static SchemaResponse ToResponse(SchemaDefinition definition) => new(
        null, null, null,
        definition.Format == SchemaFormat.Avro ? null : definition.Format.ToString().ToUpperInvariant(),
        definition.References.Count == 0 ? null : definition.References,
        definition.Schema);

    /// <summary>Reads a registration/lookup/compatibility body: <c>{"schema","schemaType"?,"references"?}</c>.</summary>
    public static async Task<SchemaDefinition> ReadSchemaRequestAsync(HttpRequest request)
    {
        var body = await ReadObjectAsync(request).ConfigureAwait(false);
        var schema = Text(body["schema"]);
        if (string.IsNullOrWhiteSpace(schema)) throw SchemaRegistryErrors.InvalidSchema("empty schema");
        var typeName = Text(body["schemaType"]) ?? "AVRO";
        if (!Enum.TryParse<SchemaFormat>(typeName, ignoreCase: true, out var format) || !Enum.IsDefined(format))
            throw SchemaRegistryErrors.InvalidSchema($"unknown schema type '{typeName}'");
        var references = (body["references"] as JsonArray ?? []).Select(ReadReference).ToList();
        return new SchemaDefinition(format, schema, references);
    }

    /// <summary>Reads the <c>compatibility</c> field of a config update.</summary>
    public static async Task<string> ReadCompatibilityAsync(HttpRequest request) =>
        Text((await ReadObjectAsync(request).ConfigureAwait(false))["compatibility"]) ?? throw SchemaRegistryErrors.InvalidCompatibilityLevel();

    /// <summary>A boolean query parameter; absent or unparsable is false (the .NET client sends "False"/"True").</summary>
    public static bool Flag(HttpRequest request, string name) => bool.TryParse(request.Query[name], out var value) && value;

    /// <summary>A version path segment: a positive number, or null for <c>latest</c> / <c>-1</c>.</summary>
    public static int? ParseVersion(string text) => text switch
    {
        "latest" or "-1" => null,
        _ when int.TryParse(text, out var v) && v > 0 => v,
        _ => throw SchemaRegistryErrors.InvalidVersion(text),
    };

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
                || !AcceptedBodyTypes.Contains(parsed.MediaType.Value, StringComparer.OrdinalIgnoreCase)))
            throw SchemaRegistryErrors.UnsupportedMediaType();
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonNode>(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false) as JsonObject
                ?? throw SchemaRegistryErrors.BadRequest("The request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw SchemaRegistryErrors.BadRequest($"Unexpected character in the request body: {e.Message}");
        }
    }

    private static SchemaRef ReadReference(JsonNode? node) =>
        node is JsonObject r && Text(r["name"]) is { } name && Text(r["subject"]) is { } subject
            && r["version"] is JsonValue v && v.TryGetValue<int>(out var version)
            ? new SchemaRef(name, subject, version)
            : throw SchemaRegistryErrors.InvalidSchema($"invalid reference {node?.ToJsonString()}");

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>The Schema entity: <c>{"subject","version","id","schemaType"?,"references"?,"schema"}</c>.</summary>
internal sealed record SchemaResponse(string? Subject, int? Version, int? Id, string? SchemaType, IReadOnlyList<SchemaRef>? References, string Schema);

/// <summary>Answer to a registration: <c>{"id"}</c>.</summary>
internal sealed record RegisterResponse(int Id);

/// <summary>Answer to a compatibility check; <c>messages</c> only with <c>?verbose=true</c>.</summary>
internal sealed record CompatibilityResponse([property: JsonPropertyName("is_compatible")] bool IsCompatible, IReadOnlyList<string>? Messages);

/// <summary>One use of a schema id: <c>{"subject","version"}</c>.</summary>
internal sealed record SubjectVersionResponse(string Subject, int Version);

/// <summary>GET config answer: <c>{"compatibilityLevel"}</c>.</summary>
internal sealed record ConfigResponse(string CompatibilityLevel);

/// <summary>PUT config answer, echoing the request: <c>{"compatibility"}</c>.</summary>
internal sealed record ConfigUpdateResponse(string Compatibility);

/// <summary>GET mode answer.</summary>
internal sealed record ModeResponse(string Mode);
