using System.Text.Json.Nodes;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kubernetes;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>
/// Runs a real helm of one version against the fixture's doubles. Every test gets fresh helm homes (never the
/// user's) and its own namespace, so tests of a class can share the doubles without resetting them.
/// </summary>
public abstract class HelmTestBase
{
    private readonly ITestOutputHelper _output;

    protected HelmTestBase(HelmWorldFixture world, string version, ITestOutputHelper output)
    {
        World = world;
        Version = version;
        _output = output;
        Namespace = "t" + Guid.NewGuid().ToString("N")[..10];
        Helm = new HelmCli(HelmCli.Locate(version), Path.Combine(world.Directory, "homes", Namespace), world.Kubeconfig);
    }

    protected HelmWorldFixture World { get; }

    protected string Version { get; }

    protected string Namespace { get; }

    protected HelmCli Helm { get; }

    protected bool IsHelm4 => Version.StartsWith('4');

    protected KubernetesDouble Kube => World.Kubernetes;

    protected static string ChartPath(string chart) => Path.Combine(ChartPackager.SourceDirectory, chart);

    /// <summary>Runs helm and echoes the result into the test output.</summary>
    protected async Task<HelmResult> RunAsync(params string[] arguments)
    {
        var result = await Helm.RunAsync(arguments);
        _output.WriteLine(result.ToString());
        return result;
    }

    /// <summary><c>helm upgrade --install</c> of a local test chart into the test's namespace.</summary>
    protected Task<HelmResult> InstallAsync(string release, string chart, params string[] extra) =>
        RunAsync(["upgrade", "--install", release, ChartPath(chart), "--namespace", Namespace, .. extra]);

    /// <summary>The latest sequence number in the Kubernetes log, to find the requests of the next command.</summary>
    protected long Mark()
    {
        var records = Kube.Log.Records;
        return records.Count == 0 ? 0 : records[^1].Sequence;
    }

    /// <summary>Kubernetes requests logged after <paramref name="mark"/>.</summary>
    protected List<RequestRecord> RequestsSince(long mark) => Kube.Log.Records.Where(r => r.Sequence > mark).ToList();

    /// <summary>An object in the test's namespace, or null.</summary>
    protected JsonObject? Get(string apiVersion, string kind, string name) => Kube.Get(apiVersion, kind, Namespace, name);

    /// <summary>The release secrets of a release, as (revision, status) pairs ordered by revision.</summary>
    protected List<(string Version, string Status)> ReleaseSecrets(string release) =>
        Kube.List("v1", "Secret", Namespace, $"owner=helm,name={release}")
            .Select(s => (s["metadata"]!["labels"]!["version"]!.GetValue<string>(), s["metadata"]!["labels"]!["status"]!.GetValue<string>()))
            .OrderBy(s => int.Parse(s.Item1, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
}
