using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// A resource URL taken apart: <c>/api/v1/namespaces/{ns}/{plural}[/{name}[/{subresource}]]</c>,
/// <c>/apis/{group}/{version}/...</c> likewise, or the cluster-wide form without <c>namespaces/{ns}</c>
/// (cluster-scoped kinds, and lists across all namespaces).
/// </summary>
/// <param name="Kind">The kind served there.</param>
/// <param name="Namespace">The namespace in the URL, or null.</param>
/// <param name="Name">The object name, or null for the collection.</param>
/// <param name="Subresource">E.g. <c>status</c> or <c>log</c>, or null.</param>
internal sealed record ApiPath(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses the segments after <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    /// <exception cref="ApiException">NotFound when nothing is served there.</exception>
    public static ApiPath Parse(ResourceCatalog catalog, string group, string version, IReadOnlyList<string> rest)
    {
        if (rest.Count >= 3 && rest[0] == "namespaces" && catalog.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            if (rest.Count > 5) throw ApiException.NotFoundPath();
            return Checked(new ApiPath(namespaced, rest[1], At(rest, 3), At(rest, 4)));
        }
        var kind = catalog.Find(group, version, rest[0]);
        if (kind is null || rest.Count > 3) throw ApiException.NotFoundPath();
        var path = new ApiPath(kind, null, At(rest, 1), At(rest, 2));
        // A namespaced kind without a namespace only exists as a list across all namespaces.
        if (kind.Namespaced && path.Name is not null) throw ApiException.NotFoundPath();
        return Checked(path);
    }

    private static ApiPath Checked(ApiPath path)
    {
        var sub = path.Subresource;
        if (sub is not null && !(sub == "status" && path.Kind.HasStatus) && !path.Kind.ExtraSubresources.Contains(sub))
        {
            throw ApiException.NotFoundPath();
        }
        return path;
    }

    private static string? At(IReadOnlyList<string> segments, int index) => index < segments.Count ? segments[index] : null;
}
