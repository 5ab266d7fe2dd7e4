using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>Small helpers over <see cref="System.Text.Json.Nodes"/> used throughout the double.</summary>
internal static class Json
{
    /// <summary>Compact serialisation, escaping like Go's encoder (quotes as \", no \u-escapes for &lt;, &gt;, &amp;, ').</summary>
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The node at a path of property names, or null when any step is missing or not an object.</summary>
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(step, out node)) return null;
        }
        return node;
    }

    /// <summary>The string at a path, or null.</summary>
    public static string? String(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>
    /// The integer at a path, or null. Values built in code may hold an <c>int</c>, parsed ones a JSON number; both
    /// are accepted (a plain <c>GetValue&lt;long&gt;</c> throws on the former).
    /// </summary>
    public static long? Long(JsonNode? node, params string[] path)
    {
        if (At(node, path) is not JsonValue v) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d)) return (long)d;
        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number) return e.GetInt64();
        return v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l) ? l : null;
    }

    /// <summary>The boolean at a path, or null.</summary>
    public static bool? Bool(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The child object <paramref name="name"/>, created when missing (or replaced when not an object).</summary>
    public static JsonObject Child(this JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary>Sets <paramref name="name"/> only when it is absent or null.</summary>
    public static void Default(this JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null) obj[name] = value;
    }

    /// <summary>A string map (labels, annotations, matchLabels) as a dictionary; empty when absent.</summary>
    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not JsonObject obj) return map;
        foreach (var (key, value) in obj)
        {
            if (value is JsonValue v) map[key] = v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
        }
        return map;
    }

    /// <summary>A string map as a JSON object.</summary>
    public static JsonObject ToObject(IEnumerable<KeyValuePair<string, string>> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map) obj[key] = value;
        return obj;
    }

    /// <summary>Serialises a node compactly.</summary>
    public static string Serialize(JsonNode node) => node.ToJsonString(Compact);

    /// <summary>RFC 3339 timestamp with second precision, as Kubernetes writes <c>metav1.Time</c>.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
