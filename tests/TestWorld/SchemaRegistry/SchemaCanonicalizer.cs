using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>The text a registry stores for a schema, and the key that decides whether two schemas are the same.</summary>
internal sealed record CanonicalSchema(string Text, string Key);

/// <summary>
/// Validates a schema and produces its <see cref="CanonicalSchema"/>. Like the real registry, schemas that differ
/// only in JSON whitespace are the same, and Avro schemas are the same regardless of property order (the real
/// registry compares Avro's own rendering). <c>normalize=true</c> also stores JSON with sorted properties, so
/// JSON Schemas then match regardless of order too, and collapses Protobuf whitespace.
/// </summary>
internal static partial class SchemaCanonicalizer
{
    // Relaxed escaping keeps the stored text readable: the default encoder would turn '<' or 'ä' into \u escapes.
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the canonical form of a valid schema, or throws an invalid-schema (42201) error.</summary>
    /// <param name="format">Schema type.</param>
    /// <param name="schema">Schema text as sent.</param>
    /// <param name="normalize">The request's <c>normalize</c> flag.</param>
    /// <param name="referenced">Every schema the new one references, directly or transitively.</param>
    public static CanonicalSchema Canonicalize(SchemaFormat format, string schema, bool normalize, IEnumerable<SchemaDefinition> referenced)
    {
        switch (format)
        {
            case SchemaFormat.Avro:
                var avro = ParseJson(schema);
                var referencedNames = referenced.Where(r => r.Format == SchemaFormat.Avro)
                    .SelectMany(r => AvroSchemaValidator.DefinedNames(JsonNode.Parse(r.Schema), null));
                AvroSchemaValidator.Validate(avro, referencedNames);
                return new CanonicalSchema(Compact(avro, normalize), Compact(avro, sortProperties: true));
            case SchemaFormat.Json:
                var json = ParseJson(schema);
                if (json is not JsonObject && json?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    throw SchemaRegistryErrors.InvalidSchema("a JSON schema must be an object or a boolean");
                var text = Compact(json, normalize);
                return new CanonicalSchema(text, text);
            default:
                if (!ProtobufMarker().IsMatch(schema)) throw SchemaRegistryErrors.InvalidSchema("not a Protobuf schema (no syntax or message)");
                var proto = normalize ? Whitespace().Replace(schema.Trim(), " ") : schema.Trim();
                return new CanonicalSchema(proto, proto);
        }
    }

    private static JsonNode? ParseJson(string schema)
    {
        try
        {
            return JsonNode.Parse(schema);
        }
        catch (JsonException e)
        {
            throw SchemaRegistryErrors.InvalidSchema($"not valid JSON: {e.Message}");
        }
    }

    private static string Compact(JsonNode? node, bool sortProperties) =>
        (sortProperties ? Sorted(node) : node)?.ToJsonString(CompactJson) ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"\b(syntax|message)\b")]
    private static partial Regex ProtobufMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
