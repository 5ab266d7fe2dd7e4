using KPops.Engine.Yaml;

namespace KPops.Engine.Manifests;

/// <summary>One object of a Kubernetes manifest stream, as <c>helm template</c> and <c>helm get manifest</c> print them.</summary>
/// <param name="ApiVersion">apiVersion, or empty.</param>
/// <param name="Kind">kind, or empty.</param>
/// <param name="Name">metadata.name, or empty.</param>
/// <param name="Namespace">metadata.namespace, when set.</param>
public sealed record KubernetesObject(string ApiVersion, string Kind, string Name, string? Namespace)
{
    /// <summary>The whole object.</summary>
    internal YMap Node { get; init; } = new();

    /// <summary>The objects of a manifest stream (none for null or empty text).</summary>
    /// <param name="yaml">The manifests.</param>
    /// <param name="source">What they come from, for errors.</param>
    public static IReadOnlyList<KubernetesObject> ReadAll(string? yaml, string source) =>
        YamlReader.ReadAll(yaml ?? "", source).OfType<YMap>().Select(From).ToList();

    /// <summary>The variable name of a container's environment entry (<c>name</c> next to a plain <c>value</c>), or null.</summary>
    internal static string? EnvEntryName(YMap? entry) =>
        entry?.Get("name") is YScalar { Value: string name } && entry.Get("value") is YScalar ? name : null;

    internal static KubernetesObject From(YMap node)
    {
        var metadata = node.Get("metadata") as YMap;
        return new KubernetesObject(Text(node, "apiVersion") ?? "", Text(node, "kind") ?? "", Text(metadata, "name") ?? "", Text(metadata, "namespace")) { Node = node };
    }

    private static string? Text(YMap? map, string key) => map?.Get(key) is YScalar { IsNull: false } s ? s.ToInvariantString() : null;
}
