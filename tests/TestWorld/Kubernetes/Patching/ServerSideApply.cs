using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) without field ownership: the applied configuration
/// becomes the object. What the server owns survives — status, system metadata, allocated fields such as a
/// Service's clusterIP (the defaulting step keeps those) and ownerReferences the configuration does not set.
/// Fields written by other managers through PUT or PATCH are therefore dropped on the next apply, where real SSA
/// would keep them.
/// </summary>
internal static class ServerSideApply
{
    private static readonly string[] SystemMetadata = ["uid", "creationTimestamp", "generation", "resourceVersion", "ownerReferences", "finalizers"];

    /// <summary>The object after applying <paramref name="configuration"/> to <paramref name="live"/>.</summary>
    public static JsonObject Apply(JsonObject live, JsonObject configuration)
    {
        var result = configuration.DeepClone().AsObject();
        var meta = result["metadata"] as JsonObject ?? new JsonObject();
        result["metadata"] = meta;
        foreach (var field in SystemMetadata)
        {
            if (!meta.ContainsKey(field) && Store.Json.At(live, "metadata", field) is { } value) meta[field] = value.DeepClone();
        }
        if (live["status"] is { } status) result["status"] = status.DeepClone();
        return result;
    }
}
