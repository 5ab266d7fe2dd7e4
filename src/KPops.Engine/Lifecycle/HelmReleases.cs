using KPops.Engine.Clients;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Yaml;

namespace KPops.Engine.Lifecycle;

/// <summary>How components become helm requests: chart, values file content, flags.</summary>
internal static class HelmReleases
{
    /// <summary>Default helm --timeout (as KPOps).</summary>
    public const string DefaultTimeout = "5m0s";

    /// <summary>The chart repository of a component, or null for local charts.</summary>
    public static HelmRepository? Repository(Component component) =>
        component.Data.Get("repo_config") is YMap repo
        && repo.Get("repository_name") is YScalar { Value: string name }
        && repo.Get("url") is YScalar { Value: string url }
            ? new HelmRepository(name, url, Auth(repo))
            : null;

    /// <summary>The upgrade request of an app release (--wait, auth flags).</summary>
    public static HelmReleaseRequest ForApp(Component component, KpopsConfig config) => new()
    {
        Release = component.HelmReleaseName!,
        Chart = component.Chart ?? throw new KPopsException(ErrorIds.ChartMissing, ErrorKind.InvalidData,
            $"{component.Type} '{component.Name}' has no chart.", component.Location,
            "Set `chart:` to <repository_name>/<chart> (with repo_config), an OCI reference or a local chart path."),
        Namespace = component.Namespace!,
        ValuesYaml = YamlWriter.Write(component.HelmValues()),
        Version = component.ChartVersion,
        Timeout = Timeout(component, config),
        Wait = true,
        CreateNamespace = config.CreateNamespace,
        ForceReplace = config.HelmForceReplace,
        Auth = Repository(component)?.Auth,
    };

    /// <summary>The upgrade request of a cleanup-job release (--wait --wait-for-jobs, no auth flags).</summary>
    public static HelmReleaseRequest ForCleaner(Component cleaner, string release, string chart, KpopsConfig config) => new()
    {
        Release = release,
        Chart = chart,
        Namespace = cleaner.Namespace!,
        ValuesYaml = YamlWriter.Write(cleaner.HelmValues()),
        Version = cleaner.ChartVersion,
        Timeout = Timeout(cleaner, config),
        Wait = true,
        WaitForJobs = true,
        CreateNamespace = config.CreateNamespace,
        ForceReplace = config.HelmForceReplace,
    };

    /// <summary>The key paths <c>diff_config.ignore</c> leaves out of diffs.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> DiffIgnore(Component component) =>
        (component.Data.Get("diff_config") as YMap)?.Get("ignore") is YSeq paths
            ? paths.Items.Select(p => p switch
            {
                YSeq keys => (IReadOnlyList<string>)keys.Items.OfType<YScalar>().Select(k => k.ToInvariantString()).ToList(),
                YScalar s => [s.ToInvariantString()],
                _ => [],
            }).Where(p => p.Count > 0).ToList()
            : [];

    private static string Timeout(Component component, KpopsConfig config) =>
        component.Timeout ?? config.HelmTimeout ?? DefaultTimeout;

    private static HelmRepoAuth? Auth(YMap repo)
    {
        if (repo.Get("repo_auth_flags") is not YMap flags) return null;
        string? S(string key) => flags.Get(key) is YScalar { Value: string s } ? s : null;
        var insecure = flags.Get("insecure_skip_tls_verify") is YScalar { Value: true };
        var auth = new HelmRepoAuth(S("username"), S("password"), S("ca_file"), S("cert_file"), insecure);
        return auth is { Username: null, Password: null, CaFile: null, CertFile: null, InsecureSkipTlsVerify: false } ? null : auth;
    }
}
