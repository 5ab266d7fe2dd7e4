using System.Collections.Concurrent;
using System.Diagnostics;
using KPops.Engine.Clients.Helm;
using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.Engine.Pipelines;
using KPops.Tests.Integration.Support;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld;
using Xunit;
using World = KPops.TestWorld.TestWorld;

namespace KPops.Tests.Integration.Manifests;

/// <summary>What one operation in one mode rendered for the whole test pipeline with one helm.</summary>
/// <param name="Documents">The documents, in pipeline order.</param>
/// <param name="Warnings">The warnings of the renderer.</param>
/// <param name="Elapsed">How long the rendering took.</param>
public sealed record Rendering(IReadOnlyList<ManifestDocument> Documents, IReadOnlyList<string> Warnings, TimeSpan Elapsed)
{
    /// <summary>The documents as the GitOps YAML stream (<see cref="ManifestRenderer.ToYaml"/>).</summary>
    public string Yaml => ManifestRenderer.ToYaml(Documents);

    /// <summary>The documents of one component.</summary>
    public IReadOnlyList<ManifestDocument> Of(string component) => Documents.Where(d => d.Component == component).ToList();
}

/// <summary>
/// A test world for its chart repository only (manifest mode needs no cluster: the doubles of Kafka, Kubernetes, …
/// must see no request), and the renderings of the test pipeline per operation, mode and helm major, each rendered
/// once and shared by the tests of the class. helm runs from the config (<see cref="HelmClientOptions.FromConfig"/>)
/// with its homes in a folder of this fixture; the kubeconfig points nowhere.
/// </summary>
public sealed class ManifestFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Names in the golden files: fixed, unlike the status tests' unique names.</summary>
    public const string Id = "gitops";

    /// <summary>Namespace of the apps in the golden files.</summary>
    public const string Namespace = "gitops-apps";

    private readonly ConcurrentDictionary<(Operation, ManifestMode, int), Lazy<Task<Rendering>>> _renderings = new();
    private readonly Dictionary<int, (Pipeline Pipeline, HelmClient Helm)> _helms = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _homes = "";

    /// <summary>The world (doubles even when KPOPS_TEST_* select a real cluster: only its chart repository is used).</summary>
    public World World { get; private set; } = null!;

    /// <summary>Every command line and warning of the helm clients.</summary>
    public ClusterTestLog HelmLog { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        World = await World.StartAsync(new TestWorldOptions { IgnoreEnvironment = true });
        _homes = Path.Combine(World.ScratchDirectory, "manifest-helm");
    }

    /// <summary>The variables the manifest tests load the pipeline with: names, the chart repository and the helm binary only.</summary>
    public IReadOnlyDictionary<string, string> Variables(int helmMajor) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GITOPS_ID"] = Id,
        ["GITOPS_NAMESPACE"] = Namespace,
        ["KPOPS_DEMO_CHART_REPO"] = World.ChartRepositoryUrl,
        ["KPOPS_HELM_CONFIG__BINARY"] = World.HelmPath(helmMajor),
    };

    /// <summary>The test pipeline as the renderings of <paramref name="helmMajor"/> see it.</summary>
    public Pipeline Pipeline(int helmMajor) => Client(helmMajor).Pipeline;

    /// <summary>The helm client of the renderings of <paramref name="helmMajor"/> (its repository is added on first use).</summary>
    public HelmClient Helm(int helmMajor) => Client(helmMajor).Helm;

    /// <summary>Renders (once) every component of the pipeline for an operation and mode with the helm of a major version.</summary>
    public Task<Rendering> RenderAsync(Operation operation, ManifestMode mode, int helmMajor) =>
        _renderings.GetOrAdd((operation, mode, helmMajor), key => new Lazy<Task<Rendering>>(() => RenderNowAsync(key.Item1, key.Item2, key.Item3))).Value;

    private async Task<Rendering> RenderNowAsync(Operation operation, ManifestMode mode, int helmMajor)
    {
        // One rendering at a time: 2 cores, and the repository cache of a client is filled by the first one.
        await _gate.WaitAsync();
        try
        {
            var (pipeline, helm) = Client(helmMajor);
            var documents = new List<ManifestDocument>();
            var warnings = new List<string>();
            var watch = Stopwatch.StartNew();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var component in pipeline.Components)
                documents.AddRange(await ManifestRenderer.RenderAsync(pipeline.Inventory.Of(component), operation, mode, helm, warnings.Add, timeout.Token));
            return new Rendering(documents, warnings, watch.Elapsed);
        }
        finally
        {
            _gate.Release();
        }
    }

    private (Pipeline Pipeline, HelmClient Helm) Client(int helmMajor)
    {
        lock (_helms)
        {
            if (_helms.TryGetValue(helmMajor, out var client)) return client;
            var pipeline = GitOpsResources.Load(Variables(helmMajor));
            var home = Path.Combine(_homes, "helm" + helmMajor);
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in System.Environment.GetEnvironmentVariables().Keys.OfType<string>())
            {
                if (name.StartsWith("HELM_", StringComparison.Ordinal) || name.StartsWith("KUBE", StringComparison.Ordinal)) environment[name] = null;
            }
            environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
            environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
            environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
            environment["KUBECONFIG"] = Path.Combine(home, "no-kubeconfig");
            var helm = new HelmClient(HelmClientOptions.FromConfig(pipeline.Config) with { Environment = environment }, HelmLog);
            _helms[helmMajor] = client = (pipeline, helm);
            return client;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var (_, helm) in _helms.Values) helm.Dispose();
        if (World is not null) await World.DisposeAsync();
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
