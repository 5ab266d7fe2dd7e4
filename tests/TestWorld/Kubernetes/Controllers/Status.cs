using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>Helpers controllers use to write status without churning resourceVersions.</summary>
internal static class Status
{
    /// <summary>
    /// A condition. Its timestamps are taken from the same condition in <paramref name="previous"/> when type and
    /// status are unchanged, so a repeated reconcile produces an identical status (and no write).
    /// </summary>
    /// <param name="withUpdateTime">Deployments also carry <c>lastUpdateTime</c>.</param>
    public static JsonObject Condition(JsonNode? previous, string type, string status, string reason, string message, string now, bool withUpdateTime = false)
    {
        var old = (Json.At(previous, "conditions") as JsonArray ?? [])
            .FirstOrDefault(c => Json.String(c, "type") == type && Json.String(c, "status") == status);
        var at = Json.String(old, "lastTransitionTime") ?? now;
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (withUpdateTime) condition["lastUpdateTime"] = Json.String(old, "lastUpdateTime") ?? at;
        condition["lastTransitionTime"] = at;
        condition["reason"] = reason;
        condition["message"] = message;
        return condition;
    }

    /// <summary>Sets the status through the cluster unless it already is exactly that.</summary>
    public static void Write(ControllerContext context, JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return;
        var kind = context.Kind(Json.String(obj, "apiVersion")!, Json.String(obj, "kind")!);
        context.Cluster.TryUpdate(kind, obj, live =>
        {
            live["status"] = status.DeepClone();
            return live;
        });
    }

    /// <summary>
    /// A short stable hash of a pod template, in the Alphabet Kubernetes uses for <c>pod-template-hash</c>, so a
    /// changed template yields a new ReplicaSet or revision name. Key order and null fields do not count (the real
    /// controller hashes the decoded struct): a template written back by another client (<c>kubectl rollout undo</c>,
    /// which sends <c>creationTimestamp: null</c>) finds its old ReplicaSet again.
    /// </summary>
    public static string TemplateHash(JsonNode? template)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = 14695981039346656037ul; // FNV-1a, 64 bit
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template)?.ToJsonString() ?? ""))
        {
            hash = (hash ^ b) * 1099511628211ul;
        }
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append(Alphabet[(int)(hash % (ulong)Alphabet.Length)]);
            hash /= (ulong)Alphabet.Length;
        }
        return text.ToString();
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray list => new JsonArray(list.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
