using System.Security.Cryptography;
using System.Text;

namespace KPops.TestWorld.ChartRepo;

/// <summary>
/// Packages the test charts (<c>tests/TestWorld/Charts</c>, copied next to the assembly as <c>Charts/</c>) with the
/// real <c>helm package</c> into a repository layout like the public streams-bootstrap one:
/// <c>&lt;chart&gt;/&lt;chart&gt;-&lt;version&gt;.tgz</c> plus an <c>index.yaml</c> with relative URLs from
/// <c>helm repo index</c>. Any version can be stamped on the charts, so upgrade tests can offer 3.6.1 and 3.7.0.
/// </summary>
public static class ChartPackager
{
    /// <summary>The chart version KPOps uses by default.</summary>
    public const string DefaultVersion = "3.6.1";

    /// <summary>Every test chart.</summary>
    public static IReadOnlyList<string> Charts { get; } =
    [
        "streams-app", "streams-app-cleanup-job",
        "producer-app", "producer-app-cleanup-job",
        "consumer-app", "consumer-app-cleanup-job",
        "generic-app",
    ];

    /// <summary>Where the chart sources are at run time.</summary>
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "Charts");

    /// <summary>Packages the charts in each version into <paramref name="outputDirectory"/> and indexes it.</summary>
    /// <param name="helm">The helm that packages (any of the installed versions).</param>
    /// <param name="outputDirectory">Target; created when missing.</param>
    /// <param name="versions">Chart versions to stamp (default: <see cref="DefaultVersion"/>).</param>
    /// <returns><paramref name="outputDirectory"/>.</returns>
    public static async Task<string> PackageAsync(HelmCli helm, string outputDirectory, IEnumerable<string>? versions = null)
    {
        Directory.CreateDirectory(outputDirectory);
        foreach (var version in versions ?? [DefaultVersion])
        {
            foreach (var chart in Charts)
            {
                var result = await helm.RunAsync("package", Path.Combine(SourceDirectory, chart), "--version", version,
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
        var versionList = (versions ?? [DefaultVersion]).ToList();
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
