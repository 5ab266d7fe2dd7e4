using KPops.Engine.Clients;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>A release as helm stores it: the request it came from, its manifest, values and revision.</summary>
public sealed class FakeRelease
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string Chart { get; set; }

    public string? Version { get; set; }

    /// <summary>The user-supplied values (what <c>helm get values</c> prints).</summary>
    public required string ValuesYaml { get; set; }

    /// <summary>The rendered manifest (what <c>helm get manifest</c> prints).</summary>
    public required string Manifest { get; set; }

    public int Revision { get; set; } = 1;

    /// <summary>deployed, or failed after an install whose --wait failed.</summary>
    public string Status { get; set; } = "deployed";
}

/// <summary>
/// helm over an in-memory release store. Charts are rendered by <see cref="Render"/> (by default
/// <see cref="FakeCharts.Render"/>); a chart reference <c>repo/chart</c> needs <c>repo</c> to be added first, as with
/// the real CLI. A release listed in <see cref="FailingJobs"/> is stored as failed and its install throws, which is what
/// <c>--wait --wait-for-jobs</c> does when a Job fails.
/// </summary>
public sealed class FakeHelm(FakeWorld world) : IHelmClient
{
    private readonly Dictionary<(string Namespace, string Name), FakeRelease> _releases = [];
    private readonly List<HelmRepository> _repositories = [];
    private readonly List<HelmReleaseRequest> _installs = [];
    private readonly List<HelmReleaseRequest> _dryRuns = [];

    /// <summary>Renders a request into a manifest.</summary>
    public Func<HelmReleaseRequest, string> Render { get; set; } = FakeCharts.Render;

    /// <summary>Releases whose install fails the way a failed Job fails <c>--wait-for-jobs</c>.</summary>
    public HashSet<string> FailingJobs { get; } = new(StringComparer.Ordinal);

    /// <summary>Repositories known to helm (added by KPops or beforehand).</summary>
    public IReadOnlyList<HelmRepository> Repositories => _repositories.ToList();

    /// <summary>Every <c>helm upgrade --install</c> request, in order.</summary>
    public IReadOnlyList<HelmReleaseRequest> Installs => _installs.ToList();

    /// <summary>Every dry-run request, in order.</summary>
    public IReadOnlyList<HelmReleaseRequest> DryRuns => _dryRuns.ToList();

    /// <summary>The releases now installed.</summary>
    public IReadOnlyCollection<FakeRelease> Releases => _releases.Values.ToList();

    /// <summary>A release, or null.</summary>
    public FakeRelease? Release(string name, string ns = "test-ns") => _releases.GetValueOrDefault((ns, name));

    /// <summary>Adds a release as if it had been installed earlier.</summary>
    public FakeRelease AddRelease(string name, string chart, string valuesYaml, string? manifest = null, string ns = "test-ns", string? version = null)
    {
        var release = new FakeRelease
        {
            Name = name,
            Namespace = ns,
            Chart = chart,
            Version = version,
            ValuesYaml = valuesYaml,
            Manifest = manifest ?? Render(new HelmReleaseRequest { Release = name, Chart = chart, Namespace = ns, ValuesYaml = valuesYaml, Version = version }),
        };
        _releases[(ns, name)] = release;
        return release;
    }

    /// <summary>Adds a repository as if the user had added it.</summary>
    public void AddKnownRepository(string name, string url) => _repositories.Add(new HelmRepository(name, url, null));

    public Task<HelmVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "GetVersion", "", false, () => new HelmVersion(3, "v3.18.0"), cancellationToken);

    // Adding a repository changes helm's local repository list, not the cluster.
    public Task AddRepositoryAsync(HelmRepository repository, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "AddRepository", repository.Name, false, () =>
        {
            if (!_repositories.Any(r => r.Name == repository.Name)) _repositories.Add(repository);
        }, cancellationToken);

    public Task<string> UpgradeInstallAsync(HelmReleaseRequest request, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "UpgradeInstall", request.Release, true, () =>
        {
            _installs.Add(request);
            var manifest = RenderChecked(request);
            var existing = Release(request.Release, request.Namespace);
            var release = existing ?? new FakeRelease { Name = request.Release, Namespace = request.Namespace, Chart = request.Chart, ValuesYaml = "", Manifest = "", Revision = 0 };
            release.Chart = request.Chart;
            release.Version = request.Version;
            release.ValuesYaml = request.ValuesYaml;
            release.Manifest = manifest;
            release.Revision++;
            _releases[(request.Namespace, request.Release)] = release;
            if (FailingJobs.Contains(request.Release))
            {
                release.Status = "failed";
                throw new ServiceException(Service.Helm, Command("upgrade --install", request),
                    $"Error: {(existing is null ? "INSTALLATION" : "UPGRADE")} FAILED: job failed: BackoffLimitExceeded");
            }
            release.Status = "deployed";
            return $"Release \"{request.Release}\" has been upgraded. Happy Helming!";
        }, cancellationToken);

    public Task<string> DryRunAsync(HelmReleaseRequest request, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "DryRun", request.Release, false, () =>
        {
            _dryRuns.Add(request);
            return RenderChecked(request);
        }, cancellationToken);

    public Task<string> TemplateAsync(HelmReleaseRequest request, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "Template", request.Release, false, () => RenderChecked(request), cancellationToken);

    public Task<bool> UninstallAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "Uninstall", release, true, () => _releases.Remove((kubernetesNamespace, release)), cancellationToken);

    public Task<string?> GetValuesAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "GetValues", release, false, () => Release(release, kubernetesNamespace)?.ValuesYaml, cancellationToken);

    public Task<string?> GetManifestAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "GetManifest", release, false, () => Release(release, kubernetesNamespace)?.Manifest, cancellationToken);

    public Task<HelmReleaseInfo?> GetReleaseAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "GetRelease", release, false, () => Release(release, kubernetesNamespace) is { } r ? Info(r) : null, cancellationToken);

    public Task<IReadOnlyList<HelmReleaseInfo>> ListReleasesAsync(string kubernetesNamespace, CancellationToken cancellationToken) =>
        world.Invoke(Service.Helm, "ListReleases", kubernetesNamespace, false, () => (IReadOnlyList<HelmReleaseInfo>)_releases.Values
            .Where(r => r.Namespace == kubernetesNamespace)
            .Select(Info)
            .ToList(), cancellationToken);

    private static HelmReleaseInfo Info(FakeRelease r) => new(r.Name, r.Namespace, r.Revision, r.Status, $"{FakeCharts.ChartName(r.Chart)}-{r.Version ?? "0.1.0"}", null);

    private string RenderChecked(HelmReleaseRequest request)
    {
        var chart = request.Chart;
        var isReference = !chart.StartsWith('.') && !chart.StartsWith('/') && !chart.StartsWith("oci://", StringComparison.Ordinal) && chart.Contains('/', StringComparison.Ordinal);
        if (isReference)
        {
            var repository = chart[..chart.IndexOf('/', StringComparison.Ordinal)];
            if (!_repositories.Any(r => r.Name == repository))
                throw new ServiceException(Service.Helm, Command("upgrade --install", request), $"Error: repo {repository} not found");
        }
        return Render(request);
    }

    private static string Command(string verb, HelmReleaseRequest request) => $"helm {verb} {request.Release} {request.Chart} --namespace {request.Namespace}";
}

/// <summary>
/// Stand-ins for charts: a ConfigMap holding the values (so every values change shows in a diff) and the workload the
/// chart would create — a Job for cleanup-job charts and producers (CronJob with a schedule), a StatefulSet for
/// stateful apps, else a Deployment — named by fullnameOverride (else the release) and labelled by nameOverride.
/// </summary>
public static class FakeCharts
{
    /// <summary>The chart's name without its repository.</summary>
    public static string ChartName(string chart) => chart[(chart.LastIndexOf('/') + 1)..];

    /// <summary>Renders a request.</summary>
    public static string Render(HelmReleaseRequest request)
    {
        var values = YamlReader.Read(request.ValuesYaml, "values.yaml") as YMap ?? new YMap();
        string? S(string key) => values.Get(key) is YScalar { Value: string s } ? s : null;
        var chart = ChartName(request.Chart);
        var name = S("fullnameOverride") ?? request.Release;
        var appName = S("nameOverride") ?? chart;
        var labels = new YMap
        {
            ["app.kubernetes.io/name"] = new YScalar(appName),
            ["app.kubernetes.io/instance"] = new YScalar(request.Release),
            ["helm.sh/chart"] = new YScalar($"{chart}-{request.Version ?? "0.1.0"}"),
        };
        YMap Metadata(string objectName) => new() { ["name"] = new YScalar(objectName), ["labels"] = labels.DeepClone() };
        var configMap = new YMap
        {
            ["apiVersion"] = new YScalar("v1"),
            ["kind"] = new YScalar("ConfigMap"),
            ["metadata"] = Metadata(name + "-values"),
            ["data"] = new YMap { ["values.yaml"] = new YScalar(request.ValuesYaml) },
        };
        var image = $"{S("image") ?? "app"}:{S("imageTag") ?? "latest"}";
        var cleanup = chart.EndsWith("-cleanup-job", StringComparison.Ordinal);
        var deleteOutput = (values.Get("kafka") as YMap)?.Get("deleteOutput") is YScalar { Value: true };
        var container = new YMap
        {
            ["name"] = new YScalar(appName),
            ["image"] = new YScalar(image),
        };
        if (cleanup) container["args"] = new YSeq([new YScalar(chart.StartsWith("producer", StringComparison.Ordinal) || deleteOutput ? "clean" : "reset")]);
        var podSpec = new YMap { ["template"] = new YMap { ["spec"] = new YMap { ["containers"] = new YSeq([container]) } } };
        var kind = cleanup || (chart == "producer-app" && S("schedule") is null) ? "Job"
            : chart == "producer-app" ? "CronJob"
            : values.Get("statefulSet") is YScalar { Value: true } ? "StatefulSet"
            : "Deployment";
        var workload = new YMap
        {
            ["apiVersion"] = new YScalar(kind is "Job" or "CronJob" ? "batch/v1" : "apps/v1"),
            ["kind"] = new YScalar(kind),
            ["metadata"] = Metadata(name),
            ["spec"] = podSpec,
        };
        return $"---\n# Source: {chart}/templates/configmap.yaml\n{YamlWriter.Write(configMap)}---\n# Source: {chart}/templates/{kind.ToLowerInvariant()}.yaml\n{YamlWriter.Write(workload)}";
    }
}
