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
        component.RepoConfig is { RepositoryName: { } name, Url: { } url } repo
            ? new HelmRepository(name, url, repo.AuthFlags is { } a ? new HelmRepoAuth(a.Username, a.Password, a.CaFile, a.CertFile, a.InsecureSkipTlsVerify) : null)
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
    public static IReadOnlyList<IReadOnlyList<string>> DiffIgnore(Component component) => component.DiffIgnore;

    private static string Timeout(Component component, KpopsConfig config) =>
        component.Timeout ?? config.HelmTimeout ?? DefaultTimeout;

}
