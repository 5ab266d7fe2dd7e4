using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>-WhatIf (spec §5.3): every step reads and compares, nothing changes, and a failed check does not stop the plan.</summary>
public sealed class DryRunTests : LifecycleTestBase
{
    private const string SinkClass = "io.confluent.connect.jdbc.JdbcSinkConnector";

    private const string Everything = """
        - type: producer-app
          name: producer
          to:
            topics:
              a:
                value_schema: com.example.A
        - type: streams-app
          name: app
          values:
            statefulSet: true
            persistence:
              enabled: true
              size: 1Gi
          to:
            topics:
              b:
                partitions_count: 3
                configs:
                  cleanup.policy: compact
        - type: consumer-app
          name: consumer
        - type: helm-app
          name: redis
          chart: ./redis
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
          to:
            topics:
              sink-dlq:
                type: error
        - type: kafka-source-connector
          name: source
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSourceConnector
          to:
            topics:
              rows: {}
        """;

    public DryRunTests() : base("schema_registry:\n  enabled: true\n")
    {
        World.Schemas.Add("com.example.A");
        World.Schemas.Add("com.example.Value");
    }

    [Theory]
    [InlineData(Operation.Deploy, false)]
    [InlineData(Operation.Deploy, true)]
    [InlineData(Operation.Destroy, true)]
    [InlineData(Operation.Reset, true)]
    [InlineData(Operation.Clean, true)]
    public async Task A_dry_run_makes_no_mutating_call(Operation operation, bool deployedBefore)
    {
        var pipeline = Load(Everything);
        if (deployedBefore)
        {
            (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
            World.Kubernetes.AddClaim("data-demo-app-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "demo-app" });
            World.Kafka.Groups["connect-demo-sink"] = "Empty";
        }
        World.ClearCalls();

        var outcome = (await RunAsync(operation, pipeline, dryRun: true)).Succeeded();

        Assert.Empty(World.Mutations);
        Assert.NotEmpty(World.Calls);
        Assert.All(outcome.Results, r => Assert.True(r.IsPlan || r.Action is StepAction.Unchanged or StepAction.NotFound or StepAction.Skipped, r.ToString()));
    }

    [Fact]
    public async Task A_new_topic_would_be_created_with_its_partitions_replication_and_configs()
    {
        World.Kafka.Defaults = new BrokerDefaults(1, 3);
        var pipeline = Load(Everything);

        var topic = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).Result(ResourceKind.Topic, "b");

        Assert.Equal(StepAction.WouldCreate, topic.Action);
        Assert.Equal("+ partitions: 3\n+ replication factor: 3 (broker default)\n+ cleanup.policy: compact\n", topic.Diff);
        Assert.Contains("does not exist", topic.Message);
    }

    [Fact]
    public async Task A_topic_config_change_shows_the_values_it_was_and_falls_back_to()
    {
        World.Kafka.AddTopic("t", configs: new Dictionary<string, string> { ["retention.ms"] = "1000", ["max.message.bytes"] = "2000" });
        var pipeline = Load("""
            - type: producer-app
              name: producer
              to:
                topics:
                  t:
                    configs:
                      retention.ms: 2000
                      cleanup.policy: compact
            """);

        var topic = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).Result(ResourceKind.Topic, "t");

        Assert.Equal(StepAction.WouldUpdate, topic.Action);
        Assert.Equal(
            "+ cleanup.policy: compact (was default delete)\n" +
            "- max.message.bytes: 2000 (falls back to default 1048588)\n" +
            "~ retention.ms: 1000 → 2000\n", topic.Diff);
    }

    [Fact]
    public async Task A_partition_increase_would_update_the_topic()
    {
        World.Kafka.AddTopic("b", partitions: 1);

        var topic = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Topic, "b");

        Assert.Equal(StepAction.WouldUpdate, topic.Action);
        Assert.StartsWith("~ partitions: 1 → 3\n", topic.Diff);
    }

    [Fact]
    public async Task A_partition_decrease_would_fail_and_the_plan_goes_on_with_the_next_steps_and_components()
    {
        World.Kafka.AddTopic("b", partitions: 6, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var outcome = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Succeeded();

        var topic = outcome.Result(ResourceKind.Topic, "b");
        Assert.Equal(StepAction.WouldFail, topic.Action);
        Assert.Contains("6 partitions", topic.Message);
        Assert.Equal(StepAction.WouldCreate, outcome.Result(ResourceKind.HelmRelease, "demo-app").Action);
        Assert.Contains(outcome.Results, r => r.Component == "source");
    }

    [Fact]
    public async Task A_partition_decrease_stops_a_real_run()
    {
        World.Kafka.AddTopic("b", partitions: 6);

        var outcome = await RunAsync(Operation.Deploy, Load(Everything));

        Assert.Equal("TopicMismatch", outcome.Failure!.Error.ErrorId);
        Assert.Contains("would decrease", outcome.Failure.Error.Message);
        Assert.Equal(6, World.Kafka.Topics["b"].Partitions);
        Assert.Null(World.Helm.Release("demo-app"));
    }

    [Fact]
    public async Task A_new_subject_would_be_submitted()
    {
        var subject = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Subject, "a-value");

        Assert.Equal(StepAction.WouldCreate, subject.Action);
        Assert.Contains("will be submitted", subject.Message);
    }

    [Fact]
    public async Task An_already_registered_schema_is_unchanged()
    {
        World.SchemaRegistry.AddVersion("a-value", World.Schemas.Classes["com.example.A"]);

        var subject = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Subject, "a-value");

        Assert.Equal(StepAction.Unchanged, subject.Action);
        Assert.DoesNotContain("SchemaRegistry.CheckCompatibility a-value", World.CallLines());
    }

    [Fact]
    public async Task A_compatible_new_schema_would_update_the_subject()
    {
        World.SchemaRegistry.AddVersion("a-value", World.Schemas.Add("com.example.Old"));

        var subject = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Subject, "a-value");

        Assert.Equal(StepAction.WouldUpdate, subject.Action);
        Assert.Contains("SchemaRegistry.CheckCompatibility a-value", World.CallLines());
    }

    [Fact]
    public async Task An_incompatible_schema_would_fail_with_the_registrys_reasons()
    {
        World.SchemaRegistry.AddVersion("a-value", World.Schemas.Add("com.example.Old"));
        World.SchemaRegistry.SetCompatible(false, "READER_FIELD_MISSING_DEFAULT_VALUE: id");

        var outcome = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Succeeded();

        var subject = outcome.Result(ResourceKind.Subject, "a-value");
        Assert.Equal(StepAction.WouldFail, subject.Action);
        Assert.Contains("READER_FIELD_MISSING_DEFAULT_VALUE: id", subject.Message);
        Assert.Equal(StepAction.WouldCreate, outcome.Result(ResourceKind.HelmRelease, "demo-producer").Action);
    }

    [Fact]
    public async Task A_new_release_would_be_created_with_a_diff_per_resource()
    {
        var release = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.WouldCreate, release.Action);
        Assert.Equal("Helm release does not exist.", release.Message);
        Assert.Contains("--- ConfigMap/demo-app-values added\n", release.Diff);
        Assert.Contains("--- StatefulSet/demo-app added\n+ apiVersion: apps/v1\n", release.Diff);
    }

    [Fact]
    public async Task A_changed_release_shows_only_the_changed_resources()
    {
        (await RunAsync(Operation.Deploy, Load(Everything))).Succeeded();
        var changed = Load(Everything.Replace("name: app\n  values:\n", "name: app\n  values:\n    replicaCount: 2\n", StringComparison.Ordinal));

        var release = (await RunAsync(Operation.Deploy, changed, dryRun: true)).Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.WouldUpdate, release.Action);
        Assert.Equal("Helm release already exists.", release.Message);
        Assert.StartsWith("--- ConfigMap/demo-app-values changed\n", release.Diff);
        Assert.Contains("+     replicaCount: 2\n", release.Diff);
        Assert.DoesNotContain("StatefulSet", release.Diff);
    }

    [Fact]
    public async Task An_equal_release_is_unchanged()
    {
        var pipeline = Load(Everything);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        var release = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Unchanged, release.Action);
        Assert.Null(release.Diff);
    }

    [Fact]
    public async Task Key_paths_of_diff_config_ignore_are_left_out_of_the_release_diff()
    {
        const string App = "- type: streams-app\n  name: app\n  version: {0}\n";
        (await RunAsync(Operation.Deploy, Load(string.Format(System.Globalization.CultureInfo.InvariantCulture, App, "3.6.1")))).Succeeded();
        var upgraded = string.Format(System.Globalization.CultureInfo.InvariantCulture, App, "3.7.0");

        var plain = (await RunAsync(Operation.Deploy, Load(upgraded), dryRun: true)).Result(ResourceKind.HelmRelease, "demo-app");
        var ignoring = (await RunAsync(Operation.Deploy, Load(upgraded + "  diff_config:\n    ignore:\n      - [metadata, labels, helm.sh/chart]\n"), dryRun: true))
            .Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.WouldUpdate, plain.Action);
        Assert.Contains("helm.sh/chart: streams-app-3.7.0", plain.Diff);
        Assert.Equal(StepAction.Unchanged, ignoring.Action);
    }

    [Theory]
    [InlineData(Operation.Reset, "reset", "false")]
    [InlineData(Operation.Clean, "clean", "true")]
    public async Task The_cleanup_job_would_run_and_its_manifest_is_shown(Operation operation, string mode, string deleteOutput)
    {
        var outcome = (await RunAsync(operation, Load(Everything), dryRun: true)).Succeeded();

        var job = outcome.Result(ResourceKind.CleanupJob, "demo-app-clean");
        Assert.Equal(StepAction.WouldRun, job.Action);
        Assert.Equal($"The {mode} job would run (deleteOutput={deleteOutput}).", job.Message);
        Assert.Contains("--- Job/demo-app-clean added\n", job.Diff);
        Assert.Empty(World.Helm.Installs);
    }

    [Fact]
    public async Task A_release_that_exists_would_be_deleted_and_a_missing_one_is_not_found()
    {
        World.Helm.AddRelease("demo-redis", "./redis", "{}");

        var outcome = (await RunAsync(Operation.Destroy, Load(Everything), dryRun: true)).Succeeded();

        Assert.Equal(StepAction.WouldDelete, outcome.Result(ResourceKind.HelmRelease, "demo-redis").Action);
        Assert.Equal(StepAction.NotFound, outcome.Result(ResourceKind.HelmRelease, "demo-app").Action);
        Assert.NotNull(World.Helm.Release("demo-redis"));
    }

    [Fact]
    public async Task A_new_connector_would_be_created_with_its_config()
    {
        var connector = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.WouldCreate, connector.Action);
        Assert.Contains($"+ connector.class: {SinkClass}\n", connector.Diff);
        Assert.Contains("+ errors.deadletterqueue.topic.name: sink-dlq\n", connector.Diff);
        Assert.Contains($"KafkaConnect.Validate {SinkClass}", World.CallLines());
    }

    [Fact]
    public async Task A_changed_connector_would_be_updated_with_a_config_diff()
    {
        World.Connect.AddConnector("demo-sink", new Dictionary<string, string> { ["connector.class"] = SinkClass, ["errors.deadletterqueue.topic.name"] = "old-dlq", ["tasks.max"] = "2" });

        var connector = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.WouldUpdate, connector.Action);
        Assert.Equal("~ errors.deadletterqueue.topic.name: old-dlq → sink-dlq\n- tasks.max: 2\n", connector.Diff);
    }

    [Fact]
    public async Task A_paused_connector_that_should_run_would_be_updated()
    {
        var pipeline = Load(Everything.Replace("  name: sink\n", "  name: sink\n  state: running\n", StringComparison.Ordinal));
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Connect.Connectors["demo-sink"].State = "PAUSED";

        var connector = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal(StepAction.WouldUpdate, connector.Action);
        Assert.Equal("State PAUSED → RUNNING.", connector.Message);
    }

    [Fact]
    public async Task An_invalid_connector_config_would_fail_and_the_plan_goes_on()
    {
        World.Connect.Validation = (cls, _) => cls == SinkClass ? [new ConnectorValidationError("connection.url", "Missing required configuration \"connection.url\"")] : [];

        var outcome = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Succeeded();

        var connector = outcome.Result(ResourceKind.Connector, "demo-sink");
        Assert.Equal(StepAction.WouldFail, connector.Action);
        Assert.Contains("connection.url: Missing required configuration", connector.Message);
        Assert.Equal(StepAction.WouldCreate, outcome.Result(ResourceKind.Connector, "demo-source").Action);
    }

    [Fact]
    public async Task Secrets_in_connector_configs_are_masked_in_the_diff()
    {
        World.Connect.AddConnector("demo-sink", new Dictionary<string, string> { ["connector.class"] = SinkClass, ["errors.deadletterqueue.topic.name"] = "sink-dlq", ["connection.password"] = "old-secret" });
        var pipeline = Load(Everything.Replace($"connector.class: {SinkClass}\n", $"connector.class: {SinkClass}\n    connection.password: new-secret\n", StringComparison.Ordinal));

        var connector = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal("~ connection.password: *** → ***\n", connector.Diff);
    }

    [Fact]
    public async Task A_secret_the_new_config_drops_is_masked_too()
    {
        World.Connect.AddConnector("demo-sink", new Dictionary<string, string> { ["connector.class"] = SinkClass, ["errors.deadletterqueue.topic.name"] = "sink-dlq", ["connection.password"] = "old-secret" });

        var connector = (await RunAsync(Operation.Deploy, Load(Everything), dryRun: true)).Result(ResourceKind.Connector, "demo-sink");

        Assert.Equal("- connection.password: ***\n", connector.Diff);
    }

    [Fact]
    public async Task Persistent_volume_claims_are_listed_as_would_delete()
    {
        World.Kubernetes.AddClaim("data-demo-app-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "demo-app" });
        World.Kubernetes.AddClaim("data-demo-app-1", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "demo-app" });
        World.Kubernetes.AddClaim("data-other-0", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "other" });

        var outcome = (await RunAsync(Operation.Clean, Load(Everything), dryRun: true)).Succeeded();

        Assert.Equal(["app Pvc data-demo-app-0 WouldDelete", "app Pvc data-demo-app-1 WouldDelete"], outcome.Lines.Where(l => l.Contains(" Pvc ", StringComparison.Ordinal)));
        Assert.Equal(3, World.Kubernetes.Claims.Count);
    }

    [Fact]
    public async Task Connector_teardown_would_reset_delete_and_remove_subjects_topics_and_group()
    {
        var pipeline = Load(Everything);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.SchemaRegistry.AddVersion("rows-value", World.Schemas.Classes["com.example.Value"]);
        World.Kafka.Groups["connect-demo-sink"] = "Empty";

        var outcome = (await RunAsync(Operation.Clean, pipeline.Components.Where(c => c.IsConnector), dryRun: true)).Succeeded();

        Assert.Equal([
            "source Connector demo-source WouldReset",
            "source Connector demo-source WouldDelete",
            "source Subject rows-value WouldDelete",
            "source Subject rows-key NotFound",
            "source Topic rows WouldDelete",
            "sink Connector demo-sink WouldReset",
            "sink Connector demo-sink WouldDelete",
            "sink ConsumerGroup connect-demo-sink WouldDelete",
            "sink Subject sink-dlq-value NotFound",
            "sink Subject sink-dlq-key NotFound",
            "sink Topic sink-dlq WouldDelete",
        ], outcome.Lines);
    }

    [Fact]
    public async Task Only_the_components_marked_as_dry_run_are_planned()
    {
        var pipeline = Load(Everything);
        var items = pipeline.Components.Select(c => new RunItem(pipeline, c, DryRun: c.Name != "redis")).ToList();

        var outcome = (await RunItemsAsync(Operation.Deploy, items)).Succeeded();

        Assert.Equal(["Helm.UpgradeInstall demo-redis"], World.MutationLines());
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.HelmRelease, "demo-redis").Action);
    }
}
