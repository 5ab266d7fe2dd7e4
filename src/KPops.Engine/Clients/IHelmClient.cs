namespace KPops.Engine.Clients;

/// <summary>The helm version in use.</summary>
/// <param name="Major">Major version (3 or 4).</param>
/// <param name="Text">The full version, e.g. v4.1.4.</param>
public sealed record HelmVersion(int Major, string Text);

/// <summary>Authentication of a chart repository (the flags of <c>helm repo add</c>).</summary>
/// <param name="Username">--username.</param>
/// <param name="Password">The password, handed to helm on standard input (--password-stdin), never on its command line.</param>
/// <param name="CaFile">--ca-file.</param>
/// <param name="CertFile">--cert-file.</param>
/// <param name="InsecureSkipTlsVerify">--insecure-skip-tls-verify.</param>
public sealed record HelmRepoAuth(string? Username, string? Password, string? CaFile, string? CertFile, bool InsecureSkipTlsVerify);

/// <summary>A chart repository.</summary>
/// <param name="Name">Repository name.</param>
/// <param name="Url">Repository URL.</param>
/// <param name="Auth">Authentication.</param>
public sealed record HelmRepository(string Name, string Url, HelmRepoAuth? Auth);

/// <summary><c>helm upgrade --install</c> (or <c>helm template</c>) of one release.</summary>
public sealed record HelmReleaseRequest
{
    /// <summary>Release name.</summary>
    public required string Release { get; init; }

    /// <summary>Chart reference: repo/chart, OCI reference or local path.</summary>
    public required string Chart { get; init; }

    /// <summary>Namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Values as YAML; written to a temporary file that is deleted afterwards.</summary>
    public required string ValuesYaml { get; init; }

    /// <summary>--version.</summary>
    public string? Version { get; init; }

    /// <summary>--timeout (default 5m0s).</summary>
    public string? Timeout { get; init; }

    /// <summary>--wait.</summary>
    public bool Wait { get; init; }

    /// <summary>--wait-for-jobs.</summary>
    public bool WaitForJobs { get; init; }

    /// <summary>--create-namespace.</summary>
    public bool CreateNamespace { get; init; }

    /// <summary>--force (helm 3) / --force-replace (helm 4).</summary>
    public bool ForceReplace { get; init; }

    /// <summary>Repository auth flags passed to install (none for cleanup jobs).</summary>
    public HelmRepoAuth? Auth { get; init; }

    /// <summary>--api-versions for helm template.</summary>
    public string? ApiVersions { get; init; }

    /// <summary>
    /// The release is uninstalled right after this install (a cleanup job whose release is not retained):
    /// <see cref="IHelmClient.UpgradeInstallAsync"/> does not read back whether helm recorded it as deployed, since the
    /// uninstall removes a release left pending as well.
    /// </summary>
    public bool Transient { get; init; }
}

/// <summary>A release as <c>helm history</c>/<c>helm list</c> report its latest revision.</summary>
/// <param name="Name">Release name.</param>
/// <param name="Namespace">Namespace.</param>
/// <param name="Revision">Revision.</param>
/// <param name="Status">deployed, failed, pending-install, ...</param>
/// <param name="Chart">chart-version, e.g. streams-app-3.6.1.</param>
/// <param name="AppVersion">App version of the chart.</param>
public sealed record HelmReleaseInfo(string Name, string Namespace, int Revision, string Status, string Chart, string? AppVersion);

/// <summary>The helm CLI (3.x and 4.x). Success is judged by the exit code; stderr goes into the error.</summary>
public interface IHelmClient
{
    /// <summary>The helm version (detected once).</summary>
    Task<HelmVersion> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary><c>helm repo add</c> + <c>helm repo update</c>, once per (name, URL) per client.</summary>
    Task AddRepositoryAsync(HelmRepository repository, CancellationToken cancellationToken);

    /// <summary>
    /// <c>helm upgrade --install</c>; returns helm's output. It succeeds when helm exits with 0 and the release is
    /// recorded as deployed (not read back for a <see cref="HelmReleaseRequest.Transient"/> release).
    /// </summary>
    Task<string> UpgradeInstallAsync(HelmReleaseRequest request, CancellationToken cancellationToken);

    /// <summary><c>helm upgrade --install --dry-run</c>; returns the rendered manifest (the MANIFEST section).</summary>
    Task<string> DryRunAsync(HelmReleaseRequest request, CancellationToken cancellationToken);

    /// <summary><c>helm template</c>; returns the rendered manifests.</summary>
    Task<string> TemplateAsync(HelmReleaseRequest request, CancellationToken cancellationToken);

    /// <summary><c>helm uninstall</c>; false when the release did not exist.</summary>
    Task<bool> UninstallAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken);

    /// <summary><c>helm get values</c> as YAML, or null when the release does not exist.</summary>
    Task<string?> GetValuesAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken);

    /// <summary><c>helm get manifest</c>, or null when the release does not exist.</summary>
    Task<string?> GetManifestAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken);

    /// <summary>
    /// The latest revision of the release (<c>helm history --max 1</c>; the JSON of <c>helm status</c> lacks the chart),
    /// or null when the release does not exist.
    /// </summary>
    Task<HelmReleaseInfo?> GetReleaseAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken);

    /// <summary>
    /// The latest revision of every release of a namespace, whatever its status (deployed, failed, pending-*,
    /// uninstalling, uninstalled with its history kept, ...): one <c>helm list</c> for the whole namespace.
    /// </summary>
    Task<IReadOnlyList<HelmReleaseInfo>> ListReleasesAsync(string kubernetesNamespace, CancellationToken cancellationToken);
}
