using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Kubernetes;
using Xunit;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>
/// One Kubernetes double and one chart repository (the test charts as 3.6.1 and 3.7.0) for the tests of a class,
/// and a kubeconfig for the double. Each test uses its own helm homes and namespace.
/// </summary>
public sealed class HelmWorldFixture : IAsyncLifetime
{
    /// <summary>Chart versions in the repository.</summary>
    public static readonly string[] ChartVersions = [ChartPackager.DefaultVersion, "3.7.0"];

    // Packaging runs once per test run however many classes start in parallel (and is cached across runs).
    private static readonly Lazy<Task<string>> Packages = new(PackageAsync);

    public KubernetesDouble Kubernetes { get; private set; } = null!;

    public ChartRepositoryDouble Charts { get; private set; } = null!;

    /// <summary>Scratch directory of this fixture (helm homes, the kubeconfig).</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kpops-helm-tests-" + Guid.NewGuid().ToString("N"));

    public string Kubeconfig => Path.Combine(Directory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Kubernetes = await KubernetesDouble.StartAsync();
        Kubernetes.WriteKubeconfig(Kubeconfig);
        Charts = await ChartRepositoryDouble.StartAsync(await Packages.Value);
    }

    private static async Task<string> PackageAsync()
    {
        var home = Path.Combine(Path.GetTempPath(), "kpops-helm-packager-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await ChartPackager.PackageCachedAsync(new HelmCli(HelmCli.Locate(HelmCli.Helm4Version), home), ChartVersions);
        }
        finally
        {
            System.IO.Directory.Delete(home, recursive: true);
        }
    }

    public async Task DisposeAsync()
    {
        await Kubernetes.DisposeAsync();
        await Charts.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
