using KPops.Engine.Clients;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Inventory;

/// <summary>What each kind of component owns, for the lifecycle, the status check and the manifests.</summary>
public sealed class InventoryTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string StreamsApp = """
        - type: streams-app
          name: app
          values:
            kafka:
              applicationId: app-id
          from:
            topics:
              in: {}
          to:
            topics:
              out:
                key_schema: com.example.Key
                value_schema: com.example.Value
        """;

    private const string SinkConnector = """
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
          from:
            topics:
              in: {}
          to:
            topics:
              dlq:
                type: error
        """;

    private ComponentInventory InventoryOf(string pipelineYaml)
    {
        var pipeline = _ws.LoadPipeline(pipelineYaml);
        return pipeline.Inventory.Of(Assert.Single(pipeline.Components));
    }

    private static List<string> Names(IEnumerable<OwnedResource> resources) => resources.Select(r => $"{r.Kind} {r.Name}").ToList();

    [Fact]
    public void A_streams_app_has_its_release_topics_subjects_and_consumer_group_while_deployed()
    {
        Assert.Equal(["HelmRelease demo-app", "Topic out", "Subject out-key", "Subject out-value", "ConsumerGroup app-id"],
            Names(InventoryOf(StreamsApp).Deployed));
    }

    [Fact]
    public void A_streams_app_without_application_id_has_a_consumer_group_that_is_not_known()
    {
        var group = Assert.Single(InventoryOf("- type: streams-app\n  name: app\n").Deployed.OfType<ConsumerGroupResource>());

        Assert.Null(group.Group);
        Assert.Equal("?", group.Name);
    }

    [Fact]
    public void Every_resource_names_the_service_that_holds_it()
    {
        var services = InventoryOf(StreamsApp).All.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Select(r => r.Service).Distinct().Single());

        Assert.Equal(Service.Helm, services[ResourceKind.HelmRelease]);
        Assert.Equal(Service.Helm, services[ResourceKind.CleanupJob]);
        Assert.Equal(Service.Kafka, services[ResourceKind.Topic]);
        Assert.Equal(Service.SchemaRegistry, services[ResourceKind.Subject]);
        Assert.Equal(Service.Kafka, services[ResourceKind.ConsumerGroup]);
    }

    [Fact]
    public void The_release_of_an_app_carries_the_request_that_deploys_it()
    {
        var release = Assert.Single(InventoryOf(StreamsApp).For(Operation.Deploy).OfType<HelmReleaseResource>());

        Assert.Equal("test-ns", release.Namespace);
        Assert.NotNull(release.Request);
        Assert.Equal("demo-app", release.Request.Release);
        Assert.Equal("bakdata-streams-bootstrap/streams-app", release.Request.Chart);
        Assert.True(release.Request.Wait);
        Assert.True(release.KeepsValuesForCleanup);
    }

    [Fact]
    public void A_helm_app_without_a_chart_has_a_release_without_a_request()
    {
        var release = Assert.Single(InventoryOf("- type: helm-app\n  name: redis\n").For(Operation.Destroy).OfType<HelmReleaseResource>());

        Assert.Null(release.Request);
        Assert.False(release.KeepsValuesForCleanup);
    }

    [Fact]
    public void Reset_concerns_the_reset_job_and_clean_the_clean_job()
    {
        var inventory = InventoryOf(StreamsApp);

        var reset = Assert.Single(inventory.For(Operation.Reset).OfType<CleanupJobResource>());
        var clean = Assert.Single(inventory.For(Operation.Clean).OfType<CleanupJobResource>());

        Assert.False(reset.DeleteOutput);
        Assert.True(clean.DeleteOutput);
        Assert.Equal("demo-app-clean", reset.Name);
        Assert.Equal("bakdata-streams-bootstrap/streams-app-cleanup-job", clean.Release.Request.Chart);
        Assert.True(clean.Release.Request.WaitForJobs);
    }

    [Fact]
    public void A_producer_has_a_clean_job_but_no_reset_job()
    {
        var inventory = InventoryOf("- type: producer-app\n  name: producer\n");

        Assert.Empty(inventory.For(Operation.Reset).OfType<CleanupJobResource>());
        Assert.Single(inventory.For(Operation.Clean).OfType<CleanupJobResource>());
    }

    [Fact]
    public void A_helm_app_renders_its_topics_as_manifests_but_does_not_deploy_them()
    {
        var inventory = InventoryOf("- type: helm-app\n  name: web\n  chart: charts/web\n  to:\n    topics:\n      events: {}\n");

        Assert.Equal(["HelmRelease demo-web"], Names(inventory.For(Operation.Deploy)));
        Assert.Equal(["HelmRelease demo-web", "Topic events"], Names(inventory.ManifestsFor(Operation.Deploy)));
        Assert.Equal(["Topic events"], Names(inventory.ManifestsFor(Operation.Destroy)));
    }

    [Fact]
    public void A_consumer_app_renders_its_reset_job_without_topics()
    {
        var inventory = InventoryOf("- type: consumer-app\n  name: consumer\n  from:\n    topics:\n      in: {}\n");

        Assert.Equal(["CleanupJob demo-consumer-clean"], Names(inventory.ManifestsFor(Operation.Reset)));
    }

    [Fact]
    public void A_sink_connector_owns_its_connector_and_the_connect_consumer_group()
    {
        var inventory = InventoryOf(SinkConnector);

        Assert.Equal(["Topic dlq", "Connector demo-sink", "ConsumerGroup connect-demo-sink"], Names(inventory.Deployed));
        var connector = Assert.Single(inventory.Deployed.OfType<ConnectorResource>());
        Assert.True(connector.IsSink);
        Assert.Equal("in", connector.Config["topics"]);
    }

    [Fact]
    public void Clean_of_a_connector_concerns_both_subjects_of_every_topic_whether_schemas_are_named_or_not()
    {
        Assert.Equal(["Connector demo-sink", "ConsumerGroup connect-demo-sink", "Subject dlq-value", "Subject dlq-key", "Topic dlq"],
            Names(InventoryOf(SinkConnector).For(Operation.Clean)));
    }

    [Fact]
    public void Connectors_have_no_manifests()
    {
        var inventory = InventoryOf(SinkConnector);

        Assert.All(Enum.GetValues<Operation>(), operation => Assert.Empty(inventory.ManifestsFor(operation)));
    }

    [Fact]
    public void Long_names_are_trimmed_as_ResourceNames_trims_them()
    {
        var name = "app-" + new string('x', 60);
        var inventory = InventoryOf($"- type: streams-app\n  name: {name}\n");

        Assert.Equal(Engine.Naming.ResourceNames.HelmReleaseName("demo-" + name), inventory.Deployed.OfType<HelmReleaseResource>().Single().Name);
        Assert.Equal(Engine.Naming.ResourceNames.CleanupReleaseName("demo-" + name), inventory.For(Operation.Clean).OfType<CleanupJobResource>().Single().Name);
    }

    [Fact]
    public void The_inventory_is_built_once_per_pipeline()
    {
        var pipeline = _ws.LoadPipeline(StreamsApp);

        Assert.Same(pipeline.Inventory, pipeline.Inventory);
        Assert.Same(pipeline.Inventory.Of(pipeline.Components[0]), pipeline.Inventory.Components[0]);
    }

    [Fact]
    public void A_component_of_another_load_has_no_inventory_here()
    {
        var first = _ws.LoadPipeline(StreamsApp);
        var second = _ws.Load();

        Assert.Throws<ArgumentException>(() => first.Inventory.Of(second.Components[0]));
    }
}
