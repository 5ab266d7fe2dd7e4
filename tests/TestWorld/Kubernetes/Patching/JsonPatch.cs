using System.Globalization;
using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Patching;

/// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    /// <summary>Applies the operations in order to <paramref name="document"/> (modified in place where possible).</summary>
    /// <exception cref="PatchException">An operation is malformed, points nowhere, or a test fails.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op) throw new PatchException("a JSON patch operation must be an object");
            var name = (string?)op["op"];
            var path = (string?)op["path"] ?? throw new PatchException("missing path");
            document = name switch
            {
                "add" => Add(document, path, Value(op)),
                "remove" => Remove(document, path, out _),
                "replace" => Add(Remove(document, path, out _), path, Value(op)),
                "move" => Move(document, From(op), path),
                "copy" => Add(document, path, Get(document, From(op))?.DeepClone()),
                "test" => Test(document, path, Value(op)),
                _ => throw new PatchException($"unknown JSON patch operation \"{name}\""),
            };
        }
        return document;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new PatchException("missing value");

    private static string From(JsonObject op) => (string?)op["from"] ?? throw new PatchException("missing from");

    private static JsonNode? Move(JsonNode? document, string from, string path)
    {
        document = Remove(document, from, out var moved);
        return Add(document, path, moved);
    }

    private static JsonNode? Test(JsonNode? document, string path, JsonNode? expected) =>
        JsonNode.DeepEquals(Get(document, path), expected) ? document : throw new PatchException($"test failed at {path}");

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value)
    {
        if (path.Length == 0) return value;
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj.Remove(last);
                obj[last] = value;
                break;
            case JsonArray array:
                var index = last == "-" ? array.Count : Index(last, array.Count + 1);
                array.Insert(index, value);
                break;
            default:
                throw new PatchException($"cannot add at {path}");
        }
        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, out JsonNode? removed)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                break;
            case JsonArray array:
                var index = Index(last, array.Count);
                removed = array[index];
                array.RemoveAt(index);
                break;
            default:
                throw new PatchException($"nothing to remove at {path}");
        }
        return document;
    }

    private static JsonNode? Get(JsonNode? document, string path)
    {
        var node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array => array[Index(token, array.Count)],
                _ => throw new PatchException($"path {path} does not exist"),
            };
        }
        return node;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode? document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = string.Concat(tokens.SkipLast(1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return (Get(document, parentPath), tokens[^1]);
    }

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0) return [];
        if (path[0] != '/') throw new PatchException($"invalid JSON pointer \"{path}\"");
        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static int Index(string token, int limit) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < limit
            ? index
            : throw new PatchException($"invalid array index \"{token}\"");
}

/// <summary>A patch that cannot be applied (answered as 422 Invalid).</summary>
internal sealed class PatchException(string message) : Exception(message);
