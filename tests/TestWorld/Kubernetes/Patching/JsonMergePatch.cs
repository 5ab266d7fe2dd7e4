using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Patching;

/// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
internal static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> patched; objects merge, null deletes, everything else replaces.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var current = result[key];
            var patched = Apply(current, value);
            // An object is patched in place; anything else is a new node that takes the key's place.
            if (!ReferenceEquals(patched, current)) result[key] = patched;
        }
        return result;
    }
}
