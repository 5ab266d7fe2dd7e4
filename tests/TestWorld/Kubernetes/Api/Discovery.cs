using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// Legacy (unaggregated) discovery and the version endpoint. Clients ask for aggregated discovery first; a plain
/// <c>application/json</c> answer makes client-go fall back to these per-group documents, which is all helm needs.
/// Helm's <c>.Capabilities.APIVersions</c> is built from them, including <c>group/version/Kind</c> entries.
/// </summary>
internal static class Discovery
{
    /// <summary>The Kubernetes version the double claims to be.</summary>
    public const string GitVersion = "v1.33.0";

    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-23T00:00:00Z",
        ["goVersion"] = "go1.24.2",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    /// <summary><c>GET /api</c>.</summary>
    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary><c>GET /apis</c>.</summary>
    public static JsonObject Groups(ResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in catalog.Groups().Where(g => g.Group.Length > 0))
        {
            var entries = versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v }).ToArray();
            groups.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = new JsonArray(entries),
                ["preferredVersion"] = entries[0].DeepClone(),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary><c>GET /api/v1</c> or <c>GET /apis/{group}/{version}</c>; null when the group version is not served.</summary>
    public static JsonObject? Resources(ResourceCatalog catalog, string group, string version)
    {
        var kinds = catalog.All.Where(k => k.Group == group && k.Version == version).ToList();
        if (kinds.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var kind in kinds)
        {
            var resource = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray(AllVerbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (kind.ShortNames.Count > 0) resource["shortNames"] = new JsonArray(kind.ShortNames.Select(n => (JsonNode)n).ToArray());
            if (kind.Categories.Count > 0) resource["categories"] = new JsonArray(kind.Categories.Select(c => (JsonNode)c).ToArray());
            resources.Add(resource);
            if (kind.HasStatus) resources.Add(Subresource(kind, "status", "get", "patch", "update"));
            foreach (var extra in kind.ExtraSubresources) resources.Add(Subresource(kind, extra, "get"));
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = kinds[0].ApiVersion,
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceKind kind, string name, params string[] verbs) => new()
    {
        ["name"] = $"{kind.Plural}/{name}",
        ["singularName"] = "",
        ["namespaced"] = kind.Namespaced,
        ["kind"] = kind.Kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
