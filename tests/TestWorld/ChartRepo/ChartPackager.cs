using System.Security.Cryptography;
using System.Text;

namespace KPops.TestWorld.ChartRepo;

/// <summary>
/// Packages the test charts (<c>tests/TestWorld/Charts</c>, copied next to the assembly as <c>Charts/</c>) with the
/// real <c>helm package</c> into a repository layout like the public streams-bootstrap one:
/// <c>&lt;chart&gt;/&lt;chart&gt;-&lt;version&gt;.tgz</c> plus an <c>index.yaml</c> with relative URLs from
/// <c>helm repo index</c>. Any version can be stamped on the charts, so upgrade tests can offer 3.6.1 and 3.7.0; a
/// 2.x version is stamped on the streams-bootstrap 2.x-shaped charts (<c>Charts/v2</c>, <see cref="V2Charts"/>).
/// </summary>
public static class ChartPackager
{
    /// <summary>The chart version KPOps uses by default.</summary>
    public const string DefaultVersion = "3.6.1";

    /// <summary>The chart version of KPOps' deprecated streams-bootstrap 2 types (streams-app-v2, producer-app-v2).</summary>
    public const string V2Version = "2.9.0";

    /// <summary>The versions a repository offers unless told otherwise: the default and the streams-bootstrap 2 one.</summary>
    public static IReadOnlyList<string> DefaultVersions { get; } = [DefaultVersion, V2Version];

    /// <summary>Every test chart.</summary>
    public static IReadOnlyList<string> Charts { get; } =
    [
        "streams-app", "streams-app-cleanup-job",
        "producer-app", "producer-app-cleanup-job",
        "consumer-app", "consumer-app-cleanup-job",
        "generic-app",
    ];

    /// <summary>
    /// The streams-bootstrap 2.x-shaped charts (<c>streams:</c> values, <c>app</c>/<c>release</c>/<c>chart</c> labels,
    /// the name override as resource name, cleanup jobs switched by <c>APP_CLEAN_UP</c>/<c>APP_DELETE_OUTPUT</c>),
    /// packaged for 2.x versions.
    /// </summary>
    public static IReadOnlyList<string> V2Charts { get; } = ["streams-app", "streams-app-cleanup-job", "producer-app", "producer-app-cleanup-job"];

    /// <summary>Where the chart sources are at run time.</summary>
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "Charts");

    /// <summary>Where the sources of the streams-bootstrap 2.x-shaped charts are at run time.</summary>
    public static string V2SourceDirectory => Path.Combine(SourceDirectory, "v2");

    /// <summary>True for versions whose charts are the streams-bootstrap 2.x-shaped ones (major version 2).</summary>
    public static bool IsV2(string version) => version.StartsWith("2.", StringComparison.Ordinal);

    /// <summary>Packages the charts in each version into <paramref name="outputDirectory"/> and indexes it.</summary>
    /// <param name="helm">The helm that packages (any of the installed versions).</param>
    /// <param name="outputDirectory">Target; created when missing.</param>
    /// <param name="versions">Chart versions to stamp (default: <see cref="DefaultVersions"/>).</param>
    /// <returns><paramref name="outputDirectory"/>.</returns>
    public static async Task<string> PackageAsync(HelmCli helm, string outputDirectory, IEnumerable<string>? versions = null)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var version in versions ?? DefaultVersions)
        {
            var (charts, sources) = IsV2(version) ? (V2Charts, V2SourceDirectory) : (Charts, SourceDirectory);
            foreach (var chart in charts)
            {
                var result = await helm.RunAsync("package", Path.Combine(sources, chart), "--version", version,
                    "--app-version", version, "--destination", Path.Combine(outputDirectory, chart));
                result.EnsureSuccess();
            }
        }
        (await helm.RunAsync("repo", "index", outputDirectory)).EnsureSuccess();
        return outputDirectory;
    }

    /// <summary>
    /// Like <see cref="PackageAsync"/>, into a directory under the system temp folder keyed by the chart sources and
    /// versions, reused when it already exists (packaging is done once per machine and chart change).
    /// </summary>
    public static async Task<string> PackageCachedAsync(HelmCli helm, IEnumerable<string>? versions = null)
    {
        var versionList = (versions ?? DefaultVersions).ToList();
        var root = Path.Combine(Path.GetTempPath(), "kpops-testworld-charts");
        var target = Path.Combine(root, SourceHash(versionList));
        if (File.Exists(Path.Combine(target, "index.yaml"))) return target;

        // Package beside the target and move it into place, so concurrent test runs never see half a repository.
        var staging = target + ".staging-" + Guid.NewGuid().ToString("N");
        try
        {
            await PackageAsync(helm, staging, versionList);
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another run finished first; its packages are the same.
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return target;
    }

    private static string SourceHash(IEnumerable<string> versions)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join(",", versions)));
        foreach (var file in Directory.EnumerateFiles(SourceDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(SourceDirectory, file).Replace('\\', '/')));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
