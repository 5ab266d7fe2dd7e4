using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>Accessors for <c>metadata</c> of a stored object.</summary>
internal static class Meta
{
    /// <summary>The metadata object, created when missing.</summary>
    public static JsonObject Of(JsonObject obj) => obj.Child("metadata");

    public static string Name(JsonObject obj) => Json.String(obj, "metadata", "name") ?? "";

    public static string Namespace(JsonObject obj) => Json.String(obj, "metadata", "namespace") ?? "";

    public static string Uid(JsonObject obj) => Json.String(obj, "metadata", "uid") ?? "";

    public static long ResourceVersion(JsonObject obj) =>
        long.TryParse(Json.String(obj, "metadata", "resourceVersion"), out var rv) ? rv : 0;

    public static Dictionary<string, string> Labels(JsonObject obj) => Json.StringMap(Json.At(obj, "metadata", "labels"));

    public static Dictionary<string, string> Annotations(JsonObject obj) => Json.StringMap(Json.At(obj, "metadata", "annotations"));

    /// <summary>True once a delete has marked the object (<c>metadata.deletionTimestamp</c>) and it waits for its finalizers.</summary>
    public static bool IsDeleting(JsonObject obj) => Json.At(obj, "metadata", "deletionTimestamp") is not null;

    /// <summary>The object's <c>metadata.finalizers</c>.</summary>
    public static List<string> Finalizers(JsonObject obj) =>
        (Json.At(obj, "metadata", "finalizers") as JsonArray ?? [])
        .Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
        .OfType<string>()
        .ToList();

    /// <summary>The uids this object names in <c>metadata.ownerReferences</c>.</summary>
    public static IEnumerable<string> OwnerUids(JsonObject obj) =>
        (Json.At(obj, "metadata", "ownerReferences") as JsonArray ?? [])
        .Select(r => Json.String(r, "uid"))
        .OfType<string>();

    /// <summary>An ownerReference marking <paramref name="owner"/> as the controller of a dependent.</summary>
    public static JsonObject ControllerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = Json.String(owner, "apiVersion"),
        ["kind"] = Json.String(owner, "kind"),
        ["name"] = Name(owner),
        ["uid"] = Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };
}
