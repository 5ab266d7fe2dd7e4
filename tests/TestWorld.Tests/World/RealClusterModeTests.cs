using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.TestWorld.Tests.World;

/// <summary>Real-cluster mode: the KPOPS_TEST_* variables make a world that starts no doubles and hands out their endpoints.</summary>
public sealed class RealClusterModeTests : IDisposable
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"kpops-real-kubeconfig-{Guid.NewGuid():N}");

    public RealClusterModeTests()
    {
        File.WriteAllText(_kubeconfig, """
            apiVersion: v1
            kind: Config
            current-context: staging
            contexts:
            - name: staging
              context: {cluster: staging, user: staging}
            """);
    }

    public void Dispose() => File.Delete(_kubeconfig);

    private Dictionary<string, string> Variables() => new()
    {
        ["KPOPS_TEST_KUBECONFIG"] = _kubeconfig,
        ["KPOPS_TEST_BOOTSTRAP"] = "kafka.example:9092",
        ["KPOPS_TEST_SR_URL"] = "http://schema-registry.example:8081/",
        ["KPOPS_TEST_CONNECT_URL"] = "http://connect.example:8083/",
    };

    [Fact]
    public void No_variables_mean_the_doubles()
    {
        Assert.Null(RealClusterSettings.FromEnvironment(_ => null));
        Assert.Null(RealClusterSettings.FromEnvironment(_ => ""));
    }

    [Fact]
    public void Some_but_not_all_variables_are_an_error_naming_the_missing_ones()
    {
        var variables = Variables();
        variables.Remove("KPOPS_TEST_SR_URL");
        variables.Remove("KPOPS_TEST_CONNECT_URL");

        var e = Assert.Throws<InvalidOperationException>(() => RealClusterSettings.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("KPOPS_TEST_SR_URL, KPOPS_TEST_CONNECT_URL are not set", e.Message);
    }

    [Fact]
    public async Task A_real_cluster_world_starts_no_doubles_and_hands_out_the_given_endpoints()
    {
        var settings = RealClusterSettings.FromEnvironment(Variables().GetValueOrDefault)!;

        await using var world = await TestWorld.StartAsync(new TestWorldOptions { RealCluster = settings });

        Assert.True(world.IsRealCluster);
        Assert.Equal(("kafka.example:9092", "http://schema-registry.example:8081/", "http://connect.example:8083/"),
            (world.BootstrapServers, world.SchemaRegistryUrl, world.ConnectUrl));
        Assert.Equal((_kubeconfig, "staging"), (world.KubeconfigPath, world.KubeContext));
        Assert.Equal(RealClusterSettings.PublicChartRepository, world.ChartRepositoryUrl);
        Assert.Null(world.Kafka);
        Assert.Null(world.SchemaRegistry);
        Assert.Null(world.Connect);
        Assert.Null(world.Kubernetes);
        Assert.Null(world.ChartRepo);
        Assert.Empty(world.Doubles);
        Assert.Empty(world.EffectsLog);
        Assert.Throws<InvalidOperationException>(() => world.RequireDoubles());
        Assert.Contains("[DoubleOnlyFact]", Assert.Throws<InvalidOperationException>(() => world.AllRequests).Message);
        world.Reset();
        var environment = world.Environment(4);
        Assert.Equal(("kafka.example:9092", "staging", "https://bakdata.github.io/streams-bootstrap/"),
            (environment["KPOPS_KAFKA_BROKERS"], environment["KPOPS_HELM_CONFIG__CONTEXT"], environment["KPOPS_DEMO_CHART_REPO"]));
    }

    [Fact]
    public async Task The_optional_variables_pick_the_context_and_the_chart_repository()
    {
        var variables = Variables();
        variables["KPOPS_TEST_KUBE_CONTEXT"] = "prod";
        variables["KPOPS_TEST_CHART_REPO"] = "https://charts.example/";

        await using var world = await TestWorld.StartAsync(new TestWorldOptions { RealCluster = RealClusterSettings.FromEnvironment(variables.GetValueOrDefault) });

        Assert.Equal(("prod", "https://charts.example/"), (world.KubeContext, world.ChartRepositoryUrl));
    }

    [Fact]
    public async Task A_world_removes_its_scratch_directory_when_disposed()
    {
        var world = await TestWorld.StartAsync(new TestWorldOptions { RealCluster = RealClusterSettings.FromEnvironment(Variables().GetValueOrDefault) });
        world.Environment(3);
        Assert.True(Directory.Exists(world.ScratchDirectory));

        await world.DisposeAsync();

        Assert.False(Directory.Exists(world.ScratchDirectory));
    }

    [Fact]
    public void Double_only_facts_are_skipped_exactly_when_the_variables_select_a_real_cluster()
    {
        Assert.Equal(RealClusterSettings.IsSelected ? DoubleOnlyFactAttribute.SkipReason : null, new DoubleOnlyFactAttribute().Skip);
        Assert.Equal(RealClusterSettings.IsSelected ? DoubleOnlyFactAttribute.SkipReason : null, new DoubleOnlyTheoryAttribute().Skip);
    }
}
