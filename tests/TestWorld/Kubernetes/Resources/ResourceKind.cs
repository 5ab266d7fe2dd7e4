namespace KPops.TestWorld.Kubernetes.Resources;

/// <summary>
/// One kind the Kubernetes double serves: where it lives in the API (group, version, plural) and how it behaves
/// (namespaced, with a <c>status</c> subresource).
/// </summary>
/// <param name="Group">API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Kind">Kind, e.g. <c>Deployment</c>.</param>
/// <param name="Plural">Resource name in URLs, e.g. <c>deployments</c>.</param>
/// <param name="Namespaced">False for cluster-scoped kinds such as <c>Namespace</c>.</param>
/// <param name="HasStatus">True when the kind has a <c>status</c> subresource: writes to the main resource then keep the stored status.</param>
public sealed record ResourceKind(string Group, string Version, string Kind, string Plural, bool Namespaced = true, bool HasStatus = true)
{
    /// <summary><c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Lower-case kind, as discovery reports it.</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The resource qualified by its group (<c>deployments.apps</c>), as the API server names it in error messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Identity of the stored collection: the same resource under two versions shares its objects.</summary>
    internal string StorageKey => Group + "/" + Plural;

    /// <summary>Subresources besides <c>status</c> (e.g. <c>log</c> for pods) announced in discovery.</summary>
    public IReadOnlyList<string> ExtraSubresources { get; init; } = [];

    /// <summary>Short names announced in discovery (<c>cm</c>, <c>deploy</c>); kubectl resolves them only from there.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories announced in discovery; <c>kubectl get all</c> lists the kinds in category <c>all</c>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}
