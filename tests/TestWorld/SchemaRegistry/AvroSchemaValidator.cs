using System.Text.Json;
using System.Text.Json.Nodes;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>
/// Structural Avro check, enough to reject what a real registry rejects in tests: a schema must be a
/// primitive, a known named type, a record/error, enum, fixed, array, map or a union of those.
/// Name resolution is lenient: a named type may be used before its definition, and simple and full names both match.
/// </summary>
internal static class AvroSchemaValidator
{
    private static readonly HashSet<string> Primitives = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];

    /// <summary>Throws an invalid-schema error unless <paramref name="root"/> is a valid Avro schema.</summary>
    /// <param name="root">The parsed schema.</param>
    /// <param name="referencedNames">Names defined by referenced schemas.</param>
    public static void Validate(JsonNode? root, IEnumerable<string> referencedNames)
    {
        var names = new HashSet<string>(referencedNames, StringComparer.Ordinal);
        names.UnionWith(DefinedNames(root, null));
        Check(root, names);
    }

    /// <summary>Simple and full names of every named type (record, error, enum, fixed) in a schema.</summary>
    public static IEnumerable<string> DefinedNames(JsonNode? node, string? enclosingNamespace)
    {
        switch (node)
        {
            case JsonArray union:
                return union.SelectMany(n => DefinedNames(n, enclosingNamespace)).ToList();
            case JsonObject obj:
                var found = new List<string>();
                var ns = Text(obj["namespace"]) ?? enclosingNamespace;
                if (Text(obj["name"]) is { } name && Text(obj["type"]) is "record" or "error" or "enum" or "fixed")
                {
                    var fullName = name.Contains('.', StringComparison.Ordinal) || string.IsNullOrEmpty(ns) ? name : $"{ns}.{name}";
                    found.Add(fullName);
                    var dot = fullName.LastIndexOf('.');
                    if (dot > 0)
                    {
                        found.Add(fullName[(dot + 1)..]);
                        ns = fullName[..dot]; // nested definitions inherit the namespace of their parent
                    }
                }
                found.AddRange(DefinedNames(obj["type"], ns));
                found.AddRange(DefinedNames(obj["items"], ns));
                found.AddRange(DefinedNames(obj["values"], ns));
                if (obj["fields"] is JsonArray fields)
                    found.AddRange(fields.OfType<JsonObject>().SelectMany(f => DefinedNames(f["type"], ns)));
                return found;
            default:
                return [];
        }
    }

    private static void Check(JsonNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckTypeName(value.GetValue<string>(), names);
                break;
            case JsonArray union:
                if (union.Any(n => n is JsonArray)) throw Invalid("unions may not immediately contain other unions");
                foreach (var branch in union) Check(branch, names);
                break;
            case JsonObject obj:
                CheckComplex(obj, names);
                break;
            default:
                throw Invalid($"not an Avro schema: {node?.ToJsonString() ?? "null"}");
        }
    }

    private static void CheckComplex(JsonObject obj, HashSet<string> names)
    {
        var type = obj["type"] ?? throw Invalid("no type");
        if (type is not JsonValue typeValue || typeValue.GetValueKind() != JsonValueKind.String)
        {
            Check(type, names);
            return;
        }

        switch (typeValue.GetValue<string>())
        {
            case "record" or "error":
                RequireName(obj);
                if (obj["fields"] is not JsonArray fields) throw Invalid("record has no fields array");
                foreach (var field in fields)
                {
                    if (field is not JsonObject f || Text(f["name"]) is null) throw Invalid("field has no name");
                    Check(f["type"] ?? throw Invalid($"field '{Text(f["name"])}' has no type"), names);
                }
                break;
            case "enum":
                RequireName(obj);
                if (obj["symbols"] is not JsonArray symbols || symbols.Any(s => Text(s) is null)) throw Invalid("enum symbols must be an array of strings");
                break;
            case "fixed":
                RequireName(obj);
                if (obj["size"] is not JsonValue size || size.GetValueKind() != JsonValueKind.Number) throw Invalid("fixed has no size");
                break;
            case "array":
                Check(obj["items"] ?? throw Invalid("array has no items"), names);
                break;
            case "map":
                Check(obj["values"] ?? throw Invalid("map has no values"), names);
                break;
            case var other:
                CheckTypeName(other, names);
                break;
        }
    }

    private static void CheckTypeName(string name, HashSet<string> names)
    {
        if (!Primitives.Contains(name) && !names.Contains(name)) throw Invalid($"undefined name: \"{name}\"");
    }

    private static void RequireName(JsonObject obj)
    {
        if (string.IsNullOrEmpty(Text(obj["name"]))) throw Invalid($"a {Text(obj["type"])} must have a name");
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static Common.HttpDoubleException Invalid(string detail) => SchemaRegistryErrors.InvalidSchema(detail);
}
