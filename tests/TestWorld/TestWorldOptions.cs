using KPops.TestWorld.ChartRepo;

namespace KPops.TestWorld;

/// <summary>How <see cref="TestWorld.StartAsync"/> sets up a world.</summary>
public sealed record TestWorldOptions
{
    /// <summary>Versions the test charts are packaged in (default: <see cref="ChartPackager.DefaultVersions"/>, 3.6.1 and the 2.x-shaped charts as 2.9.0).</summary>
    public IReadOnlyList<string> ChartVersions { get; init; } = ChartPackager.DefaultVersions;

    /// <summary>Name of the context in the written kubeconfig (default <c>testworld</c>).</summary>
    public string KubeContext { get; init; } = "testworld";

    /// <summary>
    /// How long simulated Jobs run, applied at start and after every <see cref="TestWorld.Reset"/>. Zero (the default)
    /// lets helm 3's <c>--wait-for-jobs</c>, which polls every 2 s, see a Job done at its first look.
    /// </summary>
    public TimeSpan JobDuration { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Run against this real cluster instead of the doubles. When null (the default), the <c>KPOPS_TEST_*</c>
    /// variables decide (see <see cref="RealClusterSettings.FromEnvironment"/>) unless <see cref="IgnoreEnvironment"/>.
    /// </summary>
    public RealClusterSettings? RealCluster { get; init; }

    /// <summary>Always start the doubles, whatever the <c>KPOPS_TEST_*</c> variables say.</summary>
    public bool IgnoreEnvironment { get; init; }
}
