using System.Globalization;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Effects;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.SchemaRegistry;

namespace KPops.TestWorld;

/// <summary>The doubles of a world that runs them (see <see cref="TestWorld.RequireDoubles"/>).</summary>
/// <param name="Kafka">Kafka broker.</param>
/// <param name="SchemaRegistry">Schema Registry.</param>
/// <param name="Connect">Kafka Connect worker (sink offsets live in <paramref name="Kafka"/>).</param>
/// <param name="Kubernetes">Kubernetes API server.</param>
/// <param name="ChartRepo">Helm chart repository with the test charts.</param>
/// <param name="CleanupEffects">What the cleanup jobs did to Kafka and Schema Registry.</param>
public sealed record TestWorldDoubles(
    KafkaBrokerDouble Kafka,
    SchemaRegistryDouble SchemaRegistry,
    ConnectDouble Connect,
    KubernetesDouble Kubernetes,
    ChartRepositoryDouble ChartRepo,
    CleanupJobEffects CleanupEffects);

/// <summary>
/// Everything a KPops run talks to, in one object: Kafka, Schema Registry, Kafka Connect, a Kubernetes API server and
/// a Helm chart repository with the test charts — as doubles on free loopback ports (one shared
/// <see cref="SequenceCounter"/>, so <see cref="AllRequests"/> orders requests across services), or, when the
/// <c>KPOPS_TEST_*</c> variables are set, the endpoints of a real cluster (see <see cref="RealClusterSettings"/>).
/// </summary>
/// <remarks>
/// <para>Wiring between the doubles: the Connect double keeps sink offsets as the committed offsets of group
/// <c>connect-&lt;name&gt;</c> in the Kafka double (<see cref="KafkaSinkOffsets"/>), and Jobs of the cleanup charts
/// that succeed in the Kubernetes double apply their reset/clean to Kafka and Schema Registry
/// (<see cref="CleanupJobEffects"/>).</para>
/// <para>Scratch files (kubeconfig, isolated helm homes) live in <see cref="ScratchDirectory"/>, removed on dispose.</para>
/// </remarks>
public sealed class TestWorld : IAsyncDisposable
{
    private readonly TestWorldDoubles? _doubles;
    private readonly TimeSpan _jobDuration;
    private int _disposed;

    private TestWorld(string scratch, TestWorldDoubles? doubles, string bootstrap, string schemaRegistry, string connect,
        string kubeconfig, string kubeContext, string chartRepository, TimeSpan jobDuration)
    {
        ScratchDirectory = scratch;
        _doubles = doubles;
        BootstrapServers = bootstrap;
        SchemaRegistryUrl = schemaRegistry;
        ConnectUrl = connect;
        KubeconfigPath = kubeconfig;
        KubeContext = kubeContext;
        ChartRepositoryUrl = chartRepository;
        _jobDuration = jobDuration;
    }

    /// <summary>True when the world is a real cluster (no doubles, no request logs, no fault injection).</summary>
    public bool IsRealCluster => _doubles is null;

    /// <summary>The Kafka double; null in real-cluster mode.</summary>
    public KafkaBrokerDouble? Kafka => _doubles?.Kafka;

    /// <summary>The Schema Registry double; null in real-cluster mode.</summary>
    public SchemaRegistryDouble? SchemaRegistry => _doubles?.SchemaRegistry;

    /// <summary>The Kafka Connect double; null in real-cluster mode.</summary>
    public ConnectDouble? Connect => _doubles?.Connect;

    /// <summary>The Kubernetes double; null in real-cluster mode.</summary>
    public KubernetesDouble? Kubernetes => _doubles?.Kubernetes;

    /// <summary>The chart repository double; null in real-cluster mode.</summary>
    public ChartRepositoryDouble? ChartRepo => _doubles?.ChartRepo;

    /// <summary>The cleanup job effects; null in real-cluster mode.</summary>
    public CleanupJobEffects? CleanupEffects => _doubles?.CleanupEffects;

    /// <summary>Changes the cleanup jobs made since the last <see cref="Reset"/> (empty in real-cluster mode).</summary>
    public IReadOnlyList<CleanupEffect> EffectsLog => CleanupEffects?.EffectsLog ?? [];

    /// <summary>Kafka bootstrap servers, <c>127.0.0.1:port</c> for the double.</summary>
    public string BootstrapServers { get; }

    /// <summary>Schema Registry URL.</summary>
    public string SchemaRegistryUrl { get; }

    /// <summary>Kafka Connect REST URL.</summary>
    public string ConnectUrl { get; }

    /// <summary>Kubeconfig file (written by the world for the double).</summary>
    public string KubeconfigPath { get; }

    /// <summary>The kube context to use (<c>testworld</c> for the double); empty when a real kubeconfig names none.</summary>
    public string KubeContext { get; }

    /// <summary>Helm repository URL with the streams-bootstrap-shaped charts.</summary>
    public string ChartRepositoryUrl { get; }

    /// <summary>Directory of the kubeconfig and the helm homes; deleted on dispose.</summary>
    public string ScratchDirectory { get; }

    /// <summary>The running doubles (empty in real-cluster mode).</summary>
    public IReadOnlyList<IDouble> Doubles =>
        _doubles is { } d ? [d.Kafka, d.SchemaRegistry, d.Connect, d.Kubernetes, d.ChartRepo] : [];

    /// <summary>Every request any double received, in the order of arrival across services.</summary>
    /// <exception cref="InvalidOperationException">Real-cluster mode: there are no request logs.</exception>
    public IReadOnlyList<RequestRecord> AllRequests
    {
        get
        {
            RequireDoubles();
            return Doubles.SelectMany(d => d.Log.Records).OrderBy(r => r.Sequence).ToList();
        }
    }

    /// <summary>
    /// Starts a world: the doubles (with the test charts packaged and served, a kubeconfig written), or nothing but
    /// settings in real-cluster mode.
    /// </summary>
    /// <exception cref="InvalidOperationException">Only some of the <c>KPOPS_TEST_*</c> variables are set.</exception>
    public static async Task<TestWorld> StartAsync(TestWorldOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestWorldOptions();
        var real = options.RealCluster ?? (options.IgnoreEnvironment ? null : RealClusterSettings.FromEnvironment());
        var scratch = Path.Combine(Path.GetTempPath(), "kpops-testworld-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        if (real is not null)
        {
            return new TestWorld(scratch, null, real.BootstrapServers, real.SchemaRegistryUrl, real.ConnectUrl, Path.GetFullPath(real.Kubeconfig),
                real.ResolveKubeContext(), real.ChartRepositoryUrl ?? RealClusterSettings.PublicChartRepository, options.JobDuration);
        }

        try
        {
            return await StartDoublesAsync(scratch, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDeleteDirectory(scratch);
            throw;
        }
    }

    /// <summary>The helm binary of a major version (3 or 4) installed by <c>build.ps1 Bootstrap</c> (or <c>KPOPS_HELM3</c>/<c>KPOPS_HELM4</c>).</summary>
    /// <exception cref="FileNotFoundException">That helm is not installed.</exception>
#pragma warning disable CA1822 // an instance member: part of what a world hands out, like its endpoints
    public string HelmPath(int major) => HelmCli.Locate(HelmVersion(major));
#pragma warning restore CA1822

    /// <summary>
    /// A helm runner for this world: the helm of <paramref name="major"/>, the world's kubeconfig and context, and the
    /// same isolated homes as <see cref="Environment"/>.
    /// </summary>
    public HelmCli Helm(int major)
    {
        var helm = new HelmCli(HelmPath(major), HelmHome(major), KubeconfigPath);
        if (KubeContext.Length > 0) helm.Environment["HELM_KUBECONTEXT"] = KubeContext;
        return helm;
    }

    /// <summary>
    /// The environment variables a KPops run needs to talk to this world with the helm of <paramref name="major"/>:
    /// the <c>KPOPS_*</c> settings (brokers, admin bootstrap servers, Schema Registry, Connect, helm kubeconfig, context
    /// and binary), isolated helm homes and kube cache (<c>HELM_CACHE_HOME</c>, <c>HELM_CONFIG_HOME</c>,
    /// <c>HELM_DATA_HOME</c>, <c>KUBECACHEDIR</c>, per helm major, created) and <c>KPOPS_DEMO_CHART_REPO</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(int major = 4)
    {
        var home = HelmHome(major);
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["KPOPS_KAFKA_BROKERS"] = BootstrapServers,
            ["KPOPS_KAFKA_ADMIN__BOOTSTRAP_SERVERS"] = BootstrapServers,
            ["KPOPS_SCHEMA_REGISTRY__URL"] = SchemaRegistryUrl,
            ["KPOPS_SCHEMA_REGISTRY__ENABLED"] = "true",
            ["KPOPS_KAFKA_CONNECT__URL"] = ConnectUrl,
            ["KPOPS_HELM_CONFIG__KUBECONFIG"] = KubeconfigPath,
            ["KPOPS_HELM_CONFIG__BINARY"] = HelmPath(major),
            ["HELM_CACHE_HOME"] = Path.Combine(home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(home, "data"),
            ["KUBECACHEDIR"] = Path.Combine(home, "kube-cache"),
            ["KPOPS_DEMO_CHART_REPO"] = ChartRepositoryUrl,
        };
        if (KubeContext.Length > 0) variables["KPOPS_HELM_CONFIG__CONTEXT"] = KubeContext;
        foreach (var directory in new[] { "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "KUBECACHEDIR" }) Directory.CreateDirectory(variables[directory]);
        return variables;
    }

    /// <summary>The doubles, for code that needs request logs, fault injection or state.</summary>
    /// <exception cref="InvalidOperationException">Real-cluster mode (mark such tests with <see cref="Xunit.DoubleOnlyFactAttribute"/>).</exception>
    public TestWorldDoubles RequireDoubles() => _doubles ?? throw new InvalidOperationException(
        "This needs the test doubles (request logs, fault injection, state), but the world runs against a real cluster "
        + $"({RealClusterSettings.KubeconfigVariable} and the other KPOPS_TEST_* variables are set). Mark the test [DoubleOnlyFact] or check IsRealCluster.");

    /// <summary>
    /// Back to a fresh world on the same ports: every double forgets its state, log and faults, the effects log is
    /// cleared and the helm homes are emptied. The Connect-to-Kafka wiring and the cleanup effects stay. Does nothing
    /// in real-cluster mode (use unique names there).
    /// </summary>
    public void Reset()
    {
        if (_doubles is not { } d) return;
        foreach (var service in Doubles) service.Reset();
        d.Kubernetes.JobDuration = _jobDuration;
        d.CleanupEffects.Clear();
        foreach (var major in new[] { 3, 4 })
        {
            var home = HelmHome(major);
            if (Directory.Exists(home)) TryDeleteDirectory(home);
        }
    }

    /// <summary>Stops the doubles and removes <see cref="ScratchDirectory"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_doubles is { } d)
        {
            d.CleanupEffects.Dispose();
            await Task.WhenAll(Doubles.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        TryDeleteDirectory(ScratchDirectory);
    }

    private static async Task<TestWorld> StartDoublesAsync(string scratch, TestWorldOptions options, CancellationToken cancellationToken)
    {
        var sequence = new SequenceCounter();
        var kafka = KafkaBrokerDouble.StartAsync(sequence);
        var schemaRegistry = SchemaRegistryDouble.StartAsync(sequence, cancellationToken);
        var connect = ConnectDouble.StartAsync(sequence, cancellationToken);
        var kubernetes = KubernetesDouble.StartAsync(sequence);
        var charts = PackageChartsAsync(scratch, options.ChartVersions);
        ChartRepositoryDouble? chartRepo = null;
        try
        {
            // WhenAll waits for every task, so on failure the ones that succeeded can be disposed below.
            await Task.WhenAll(kafka, schemaRegistry, connect, kubernetes, charts).ConfigureAwait(false);
            chartRepo = await ChartRepositoryDouble.StartAsync(charts.Result, sequence).ConfigureAwait(false);

            var doubles = new TestWorldDoubles(kafka.Result, schemaRegistry.Result, connect.Result, kubernetes.Result, chartRepo,
                new CleanupJobEffects(kubernetes.Result, kafka.Result, schemaRegistry.Result));
            doubles.Connect.KafkaClusterId = doubles.Kafka.State.ClusterId;
            doubles.Connect.SinkOffsets = new KafkaSinkOffsets(doubles.Kafka);
            doubles.Kubernetes.JobDuration = options.JobDuration;
            var kubeconfig = Path.Combine(scratch, "kubeconfig");
            doubles.Kubernetes.WriteKubeconfig(kubeconfig, options.KubeContext);

            return new TestWorld(scratch, doubles, doubles.Kafka.Endpoint, doubles.SchemaRegistry.Endpoint, doubles.Connect.Endpoint,
                kubeconfig, options.KubeContext, chartRepo.Endpoint, options.JobDuration);
        }
        catch
        {
            await DisposeIfStartedAsync(kafka).ConfigureAwait(false);
            await DisposeIfStartedAsync(schemaRegistry).ConfigureAwait(false);
            await DisposeIfStartedAsync(connect).ConfigureAwait(false);
            await DisposeIfStartedAsync(kubernetes).ConfigureAwait(false);
            if (chartRepo is not null) await chartRepo.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DisposeIfStartedAsync<T>(Task<T> start) where T : IAsyncDisposable
    {
        if (start.IsCompletedSuccessfully) await start.Result.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Packages the test charts once per machine and chart change (see <see cref="ChartPackager.PackageCachedAsync"/>).</summary>
    private static async Task<string> PackageChartsAsync(string scratch, IReadOnlyList<string> versions)
    {
        var home = Path.Combine(scratch, "packager");
        try
        {
            return await ChartPackager.PackageCachedAsync(new HelmCli(PackagingHelm(), home), versions).ConfigureAwait(false);
        }
        finally
        {
            TryDeleteDirectory(home);
        }
    }

    private static string PackagingHelm()
    {
        try
        {
            return HelmCli.Locate(HelmCli.Helm4Version);
        }
        catch (FileNotFoundException)
        {
            return HelmCli.Locate(HelmCli.Helm3Version);
        }
    }

    private static string HelmVersion(int major) => major switch
    {
        3 => HelmCli.Helm3Version,
        4 => HelmCli.Helm4Version,
        _ => throw new ArgumentOutOfRangeException(nameof(major), major, "helm 3 or 4"),
    };

    private string HelmHome(int major) =>
        Path.Combine(ScratchDirectory, "helm" + HelmVersion(major)[0].ToString(CultureInfo.InvariantCulture));

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Scratch space in the temp folder; a file still held open is not worth failing a test run for.
        }
    }
}
