using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using k8s;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.World;

/// <summary>The world as a whole: every service answers its real client, requests are ordered across services, Reset, Environment.</summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class WorldServicesTests(TestWorldFixture fixture, ITestOutputHelper output) : TestWorldTest(fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Kafka_answers_the_admin_client()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = World.BootstrapServers, SocketTimeoutMs = 5000 }).Build();

        var metadata = admin.GetMetadata(Timeout);

        Assert.NotEmpty(metadata.Brokers);
        if (!World.IsRealCluster) Assert.Equal((1, World.Kafka!.Port), (Assert.Single(metadata.Brokers).BrokerId, metadata.Brokers[0].Port));
    }

    [Fact]
    public async Task Schema_registry_answers_the_confluent_client()
    {
        if (!World.IsRealCluster) World.SchemaRegistry!.Register("orders-value", "\"string\"");
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = World.SchemaRegistryUrl });

        var subjects = await client.GetAllSubjectsAsync();

        if (!World.IsRealCluster) Assert.Equal(["orders-value"], subjects);
    }

    [Fact]
    public async Task Connect_answers_http_with_the_kafka_cluster_id()
    {
        using var http = new HttpClient { BaseAddress = new Uri(World.ConnectUrl) };

        var info = await http.GetFromJsonAsync<JsonObject>("");

        Assert.NotNull(info!["version"]);
        if (!World.IsRealCluster) Assert.Equal(World.Kafka!.State.ClusterId, info["kafka_cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_chart_repository_serves_an_index_with_the_cleanup_charts()
    {
        using var http = new HttpClient { BaseAddress = new Uri(World.ChartRepositoryUrl) };

        var index = await http.GetStringAsync("index.yaml");

        Assert.Contains("streams-app-cleanup-job", index);
        Assert.Contains("producer-app-cleanup-job", index);
    }

    [Fact]
    public async Task Kubernetes_answers_kubernetes_client_from_the_written_kubeconfig()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(World.KubeconfigPath, currentContext: World.KubeContext.Length > 0 ? World.KubeContext : null);
        using var client = new k8s.Kubernetes(config);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        if (!World.IsRealCluster) Assert.Equal("testworld", World.KubeContext);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Helm_runs_against_the_world_with_its_environment(int major)
    {
        var environment = World.Environment(major);

        var list = await WorldProcess.HelmAsync(environment, "list", "--all-namespaces", "--output", "json");
        var repoAdd = await WorldProcess.HelmAsync(environment, "repo", "add", "demo", environment["KPOPS_DEMO_CHART_REPO"]);
        var search = await WorldProcess.HelmAsync(environment, "search", "repo", "demo/streams-app-cleanup-job", "--output", "json");

        output.WriteLine($"{list}\n{repoAdd}\n{search}");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(0, repoAdd.ExitCode);
        Assert.Contains("\"name\":\"demo/streams-app-cleanup-job\"", search.EnsureSuccess().StandardOutput);
        Assert.StartsWith($"v{major}.", (await WorldProcess.HelmAsync(environment, "version", "--short")).StandardOutput);
        // The repository went into the world's helm homes, not the user's.
        Assert.True(File.Exists(Path.Combine(environment["HELM_CONFIG_HOME"], "repositories.yaml")));
        if (!World.IsRealCluster) Assert.Equal("[]", list.StandardOutput.Trim());
    }

    [Fact]
    public void Environment_holds_what_a_kpops_run_needs()
    {
        var environment = World.Environment(3);

        string[] expected =
        [
            "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "KPOPS_DEMO_CHART_REPO", "KPOPS_HELM_CONFIG__BINARY",
            "KPOPS_HELM_CONFIG__CONTEXT", "KPOPS_HELM_CONFIG__KUBECONFIG", "KPOPS_KAFKA_ADMIN__BOOTSTRAP_SERVERS", "KPOPS_KAFKA_BROKERS",
            "KPOPS_KAFKA_CONNECT__URL", "KPOPS_SCHEMA_REGISTRY__ENABLED", "KPOPS_SCHEMA_REGISTRY__URL", "KUBECACHEDIR",
        ];
        // A real kubeconfig without a current context gives no context to pass.
        Assert.Equal(World.KubeContext.Length > 0 ? expected : expected.Where(k => k != "KPOPS_HELM_CONFIG__CONTEXT"), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(World.BootstrapServers, environment["KPOPS_KAFKA_BROKERS"]);
        Assert.Equal(World.BootstrapServers, environment["KPOPS_KAFKA_ADMIN__BOOTSTRAP_SERVERS"]);
        Assert.Equal((World.SchemaRegistryUrl, "true"), (environment["KPOPS_SCHEMA_REGISTRY__URL"], environment["KPOPS_SCHEMA_REGISTRY__ENABLED"]));
        Assert.Equal(World.ConnectUrl, environment["KPOPS_KAFKA_CONNECT__URL"]);
        Assert.Equal((World.KubeconfigPath, World.KubeContext), (environment["KPOPS_HELM_CONFIG__KUBECONFIG"], environment.GetValueOrDefault("KPOPS_HELM_CONFIG__CONTEXT", "")));
        Assert.Equal(World.HelmPath(3), environment["KPOPS_HELM_CONFIG__BINARY"]);
        Assert.Contains("helm-3.", World.HelmPath(3));
        Assert.Contains("helm-4.", World.HelmPath(4));
        Assert.Equal(World.ChartRepositoryUrl, environment["KPOPS_DEMO_CHART_REPO"]);
        foreach (var home in new[] { "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "KUBECACHEDIR" })
        {
            Assert.StartsWith(World.ScratchDirectory, environment[home]);
            Assert.True(Directory.Exists(environment[home]), home);
        }
        Assert.NotEqual(environment["HELM_DATA_HOME"], World.Environment(4)["HELM_DATA_HOME"]);
    }

    [DoubleOnlyFact]
    public async Task AllRequests_orders_the_requests_of_every_service_by_arrival()
    {
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = World.BootstrapServers }).Build())
        {
            admin.GetMetadata(Timeout);
        }
        using var http = new HttpClient();
        await http.GetStringAsync(World.SchemaRegistryUrl + "subjects");
        await http.GetStringAsync(World.ConnectUrl + "connectors");
        await http.GetStringAsync(World.Kubernetes!.Endpoint + "api/v1/namespaces");
        await http.GetStringAsync(World.ChartRepositoryUrl + "index.yaml");

        var all = World.AllRequests;

        Assert.Equal(["Kafka", "SchemaRegistry", "Connect", "Kubernetes", "ChartRepo"], all.Select(r => r.Service).Distinct());
        Assert.Equal(all.Select(r => r.Sequence).Order(), all.Select(r => r.Sequence));
        Assert.Equal(all.Count, all.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(World.Doubles.Sum(d => d.Log.Records.Count), all.Count);
        Assert.Contains(all, r => r is { Service: "Kafka", Method: "Metadata" });
        Assert.Contains(all, r => r is { Service: "ChartRepo", Path: "/index.yaml", Status: 200 });
    }

    [DoubleOnlyFact]
    public async Task Reset_clears_every_double_and_keeps_the_ports()
    {
        var d = World.RequireDoubles();
        var endpoints = World.Doubles.Select(x => x.Endpoint).ToList();
        d.Kafka.State.CreateTopic("orders", 2);
        d.Kafka.State.CommitOffset("app", "orders", 0, 5);
        d.SchemaRegistry.Register("orders-value", "\"string\"");
        d.Connect.PutConnector("sink", new Dictionary<string, string> { ["connector.class"] = "io.example.FileSink", ["topics"] = "orders" });
        d.Kubernetes.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "c", ["namespace"] = "apps" } });
        d.ChartRepo.RequiredCredentials = ("user", "secret");
        foreach (var service in World.Doubles) service.Faults.Latency = TimeSpan.FromMilliseconds(1);
        using var http = new HttpClient();
        await http.GetStringAsync(World.SchemaRegistryUrl + "subjects");
        File.WriteAllText(Path.Combine(World.Environment(4)["HELM_CONFIG_HOME"], "repositories.yaml"), "repositories: []");
        Assert.NotEmpty(World.AllRequests);

        World.Reset();

        Assert.Equal(endpoints, World.Doubles.Select(x => x.Endpoint));
        Assert.Empty(World.AllRequests);
        Assert.Empty(d.Kafka.State.Topics);
        Assert.Empty(d.Kafka.State.Groups);
        Assert.Empty(d.SchemaRegistry.GetSubjects(includeDeleted: true));
        Assert.Empty(d.Connect.Connectors);
        Assert.Null(d.Kubernetes.Get("v1", "ConfigMap", "apps", "c"));
        Assert.Null(d.Kubernetes.Get("v1", "Namespace", null, "apps"));
        Assert.NotNull(d.Kubernetes.Get("v1", "Namespace", null, "default"));
        Assert.Null(d.ChartRepo.RequiredCredentials);
        Assert.All(World.Doubles, x => Assert.Equal(TimeSpan.Zero, x.Faults.Latency));
        Assert.Empty(World.EffectsLog);
        Assert.False(File.Exists(Path.Combine(World.ScratchDirectory, "helm4", "config", "repositories.yaml")));
        // Still wired and still serving.
        Assert.IsType<Effects.KafkaSinkOffsets>(d.Connect.SinkOffsets);
        Assert.Equal(TimeSpan.Zero, d.Kubernetes.JobDuration);
        Assert.Equal("[]", await http.GetStringAsync(World.SchemaRegistryUrl + "subjects"));
        Assert.Contains("streams-app", await http.GetStringAsync(World.ChartRepositoryUrl + "index.yaml"));
    }

    [DoubleOnlyFact]
    public void The_doubles_are_all_there_in_double_mode()
    {
        Assert.False(World.IsRealCluster);
        var d = World.RequireDoubles();
        Assert.Equal(new IDouble[] { d.Kafka, d.SchemaRegistry, d.Connect, d.Kubernetes, d.ChartRepo }, World.Doubles);
        Assert.Same(d.Kafka, World.Kafka);
        Assert.Same(d.SchemaRegistry, World.SchemaRegistry);
        Assert.Same(d.Connect, World.Connect);
        Assert.Same(d.Kubernetes, World.Kubernetes);
        Assert.Same(d.ChartRepo, World.ChartRepo);
        Assert.Same(d.CleanupEffects, World.CleanupEffects);
        Assert.Equal(d.Kafka.Endpoint, World.BootstrapServers);
        Assert.Equal((d.SchemaRegistry.Endpoint, d.Connect.Endpoint, d.ChartRepo.Endpoint), (World.SchemaRegistryUrl, World.ConnectUrl, World.ChartRepositoryUrl));
        Assert.Contains($"server: {d.Kubernetes.Endpoint.TrimEnd('/')}", File.ReadAllText(World.KubeconfigPath));
    }
}
