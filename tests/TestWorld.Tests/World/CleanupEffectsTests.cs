using System.Text.Json;
using System.Text.Json.Nodes;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Effects;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.SchemaRegistry;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.World;

/// <summary>
/// The cleanup charts installed with real helm from the world's chart repository: a succeeded Job changes Kafka and
/// Schema Registry as the streams-bootstrap cleanup jobs do; a failed one changes nothing.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class CleanupEffectsTests(TestWorldFixture fixture, ITestOutputHelper output) : TestWorldTest(fixture)
{
    private const string Namespace = "apps";
    private const string Schema = "\"string\"";

    private TestWorldDoubles D => World.RequireDoubles();

    private KafkaClusterState Kafka => D.Kafka.State;

    private SchemaRegistryDouble Registry => D.SchemaRegistry;

    // ------------------------------------------------------------------ streams

    [DoubleOnlyFact]
    public async Task Streams_reset_rewinds_the_input_offsets_and_deletes_internal_topics_with_their_subjects()
    {
        ArrangeStreamsApp();

        (await InstallAsync("streams-app-cleanup-job", StreamsValues(deleteOutput: false))).EnsureSuccess();

        // Every partition of the existing inputs (plain, labeled, by pattern) at its log start; the offset of the
        // deleted repartition topic went with it; the missing input was skipped.
        Assert.Equal(
            [("in-pattern-a", 0, 0L), ("in1", 0, 3L), ("in1", 1, 0L), ("in2", 0, 0L)],
            Offsets("app"));
        Assert.Equal(["app-notes", "errors", "in-pattern-a", "in1", "in2", "labeled-out", "other-store-changelog", "out"], TopicNames());
        Assert.Equal(
            ["errors-value", "gone-value", "in1-value", "labeled-out-value", "other-store-changelog-value", "out-value"],
            Registry.Subjects);
        Assert.Equal(["app-KSTREAM-AGGREGATE-0000000003-repartition-value", "app-old-changelog-value", "app-store-changelog-key", "app-store-changelog-value"],
            Registry.GetSubjects(includeDeleted: true).Except(Registry.Subjects));
        Assert.Equal(
            [
                (CleanupAction.ResetOffsets, "app"),
                (CleanupAction.DeleteTopic, "app-KSTREAM-AGGREGATE-0000000003-repartition"),
                (CleanupAction.DeleteTopic, "app-store-changelog"),
                (CleanupAction.DeleteSubject, "app-KSTREAM-AGGREGATE-0000000003-repartition-value"),
                (CleanupAction.DeleteSubject, "app-store-changelog-key"),
                (CleanupAction.DeleteSubject, "app-store-changelog-value"),
                (CleanupAction.DeleteSubject, "app-old-changelog-value"),
            ],
            Effects());
        var reset = World.EffectsLog[0];
        Assert.Equal((Namespace, "app-clean", "streams-app-cleanup-job", "reset"), (reset.Namespace, reset.Job, reset.Chart, reset.Command));
        Assert.Equal("in-pattern-a-0=0,in1-0=3,in1-1=0,in2-0=0", reset.Detail);
    }

    [DoubleOnlyFact]
    public async Task Streams_clean_also_deletes_outputs_error_topic_their_subjects_and_the_group()
    {
        ArrangeStreamsApp();

        (await InstallAsync("streams-app-cleanup-job", StreamsValues(deleteOutput: true))).EnsureSuccess();

        Assert.Null(Kafka.GetGroup("app"));
        Assert.Equal(["app-notes", "in-pattern-a", "in1", "in2", "other-store-changelog"], TopicNames());
        Assert.Equal(["in1-value", "other-store-changelog-value"], Registry.Subjects);
        var clean = Effects().SkipWhile(e => e.Action != CleanupAction.DeleteTopic || !e.Target.StartsWith("out", StringComparison.Ordinal));
        Assert.Equal(
            [
                (CleanupAction.DeleteTopic, "out"),
                (CleanupAction.DeleteSubject, "out-value"),
                (CleanupAction.DeleteTopic, "labeled-out"),
                (CleanupAction.DeleteSubject, "labeled-out-value"),
                // "gone" does not exist: nothing to delete, but its subject goes, as in streams-bootstrap.
                (CleanupAction.DeleteSubject, "gone-value"),
                (CleanupAction.DeleteTopic, "errors"),
                (CleanupAction.DeleteSubject, "errors-value"),
                (CleanupAction.DeleteGroup, "app"),
            ],
            clean);
        Assert.Equal(CleanupAction.ResetOffsets, World.EffectsLog[0].Action);
        Assert.All(World.EffectsLog, e => Assert.Equal("clean", e.Command));
    }

    [DoubleOnlyFact]
    public async Task Streams_reset_with_helm_3_has_the_same_effects()
    {
        ArrangeStreamsApp();

        (await InstallAsync("streams-app-cleanup-job", StreamsValues(deleteOutput: false), helmMajor: 3)).EnsureSuccess();

        Assert.Equal([("in-pattern-a", 0, 0L), ("in1", 0, 3L), ("in1", 1, 0L), ("in2", 0, 0L)], Offsets("app"));
        Assert.Null(Kafka.GetTopic("app-store-changelog"));
    }

    // ------------------------------------------------------------------ streams-bootstrap 2.x cleanup jobs

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_2_x_streams_job_without_delete_output_resets_the_app_named_by_its_consumer_group_annotation(int helm)
    {
        ArrangeStreamsApp();

        (await InstallAsync("streams-app-cleanup-job", StreamsValuesV2(deleteOutput: false), helm, ChartPackager.V2Version)).EnsureSuccess();

        Assert.Equal([("in-pattern-a", 0, 0L), ("in1", 0, 3L), ("in1", 1, 0L), ("in2", 0, 0L)], Offsets("app"));
        Assert.Equal(["app-notes", "errors", "in-pattern-a", "in1", "in2", "labeled-out", "other-store-changelog", "out"], TopicNames());
        Assert.All(World.EffectsLog, e => Assert.Equal(("streams-app-cleanup-job", "reset"), (e.Chart, e.Command)));
        Assert.Contains((CleanupAction.DeleteSubject, "app-store-changelog-value"), Effects());
    }

    [DoubleOnlyFact]
    public async Task A_2_x_streams_job_with_delete_output_cleans_extra_outputs_the_error_topic_and_the_group()
    {
        ArrangeStreamsApp();

        (await InstallAsync("streams-app-cleanup-job", StreamsValuesV2(deleteOutput: true), 4, ChartPackager.V2Version)).EnsureSuccess();

        Assert.Null(Kafka.GetGroup("app"));
        Assert.Equal(["app-notes", "in-pattern-a", "in1", "in2", "other-store-changelog"], TopicNames());
        Assert.Equal(["in1-value", "other-store-changelog-value"], Registry.Subjects);
        Assert.Contains((CleanupAction.DeleteTopic, "labeled-out"), Effects());
        Assert.Equal((CleanupAction.DeleteGroup, "app"), Effects()[^1]);
        Assert.All(World.EffectsLog, e => Assert.Equal("clean", e.Command));
    }

    [DoubleOnlyFact]
    public async Task The_application_id_of_a_2_x_job_may_come_from_autoscaling_consumer_group()
    {
        ArrangeStreamsApp();
        var values = StreamsValuesV2(deleteOutput: false);
        values.Remove("annotations");
        values["autoscaling"] = new JsonObject { ["consumerGroup"] = "app" };

        (await InstallAsync("streams-app-cleanup-job", values, 4, ChartPackager.V2Version)).EnsureSuccess();

        Assert.Equal([("in-pattern-a", 0, 0L), ("in1", 0, 3L), ("in1", 1, 0L), ("in2", 0, 0L)], Offsets("app"));
    }

    [DoubleOnlyFact]
    public async Task A_2_x_producer_job_cleans_output_and_extra_output_topics()
    {
        foreach (var topic in new[] { "out", "labeled-out", "in1" })
        {
            Kafka.CreateTopic(topic, 1);
            Registry.Register(topic + "-value", Schema);
        }

        (await InstallAsync("producer-app-cleanup-job", new
        {
            streams = new
            {
                brokers = World.BootstrapServers,
                schemaRegistryUrl = World.SchemaRegistryUrl,
                outputTopic = "out",
                extraOutputTopics = new Dictionary<string, string> { ["labeled"] = "labeled-out" },
            },
        }, 4, ChartPackager.V2Version)).EnsureSuccess();

        Assert.Equal(["in1"], TopicNames());
        Assert.Equal(["in1-value"], Registry.Subjects);
        Assert.All(World.EffectsLog, e => Assert.Equal(("producer-app-cleanup-job", "clean"), (e.Chart, e.Command)));
    }

    [DoubleOnlyFact]
    public void A_2_x_job_is_known_by_its_chart_label_and_its_clean_up_switch()
    {
        Kafka.CreateTopic("out", 1);
        var job = CleanupJob("producer-app-cleanup-job", "ignored", ("APP_OUTPUT_TOPIC", "out"));
        job["metadata"]!["labels"] = new JsonObject { ["chart"] = "producer-app-cleanup-job-2.9.0" };
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container.Remove("args");
        container["name"] = "job-container";

        D.Kubernetes.Put(job.DeepClone().AsObject());
        Assert.NotNull(Kafka.GetTopic("out"));

        ((JsonArray)container["env"]!).Add(new JsonObject { ["name"] = "APP_CLEAN_UP", ["value"] = "true" });
        job["metadata"]!["name"] = "job2";
        D.Kubernetes.Put(job);

        Assert.Null(Kafka.GetTopic("out"));
        Assert.Equal([(CleanupAction.DeleteTopic, "out")], Effects());
    }

    // ------------------------------------------------------------------ producer

    [DoubleOnlyFact]
    public async Task Producer_clean_deletes_output_and_labeled_output_topics_with_their_subjects()
    {
        foreach (var topic in new[] { "out", "labeled-out", "errors", "in1" })
        {
            Kafka.CreateTopic(topic, 1);
            Registry.Register(topic + "-value", Schema);
        }
        Registry.Register("out-key", Schema);
        Kafka.CommitOffset("producer", "in1", 0, 0);

        (await InstallAsync("producer-app-cleanup-job", new
        {
            kafka = new
            {
                bootstrapServers = World.BootstrapServers,
                schemaRegistryUrl = World.SchemaRegistryUrl,
                outputTopic = "out",
                labeledOutputTopics = new Dictionary<string, string> { ["labeled"] = "labeled-out" },
                errorTopic = "errors",
            },
        })).EnsureSuccess();

        Assert.Equal(["errors", "in1"], TopicNames());
        Assert.Equal(["errors-value", "in1-value"], Registry.Subjects);
        Assert.NotNull(Kafka.GetGroup("producer"));
        Assert.Equal(
            [
                (CleanupAction.DeleteTopic, "out"),
                (CleanupAction.DeleteSubject, "out-key"),
                (CleanupAction.DeleteSubject, "out-value"),
                (CleanupAction.DeleteTopic, "labeled-out"),
                (CleanupAction.DeleteSubject, "labeled-out-value"),
            ],
            Effects());
        Assert.All(World.EffectsLog, e => Assert.Equal(("producer-app-cleanup-job", "clean"), (e.Chart, e.Command)));
    }

    // ------------------------------------------------------------------ consumer

    [DoubleOnlyFact]
    public async Task Consumer_reset_moves_the_groups_committed_offsets_to_the_log_start()
    {
        Kafka.CreateTopic("t", 2);
        Kafka.SetEndOffset("t", 0, 9);
        Kafka.SetLogStartOffset("t", 0, 2);
        Kafka.SetEndOffset("t", 1, 4);
        Kafka.CommitOffset("cg", "t", 0, 7);
        Kafka.CommitOffset("cg", "t", 1, 3);
        Kafka.CommitOffset("other", "t", 0, 8);

        (await InstallAsync("consumer-app-cleanup-job", ConsumerValues(deleteOutput: false))).EnsureSuccess();

        Assert.Equal([("t", 0, 2L), ("t", 1, 0L)], Offsets("cg"));
        Assert.Equal([("t", 0, 8L)], Offsets("other"));
        var effect = Assert.Single(World.EffectsLog);
        Assert.Equal(("consumer-app-cleanup-job", "reset", CleanupAction.ResetOffsets, "cg", "t-0=2,t-1=0"),
            (effect.Chart, effect.Command, effect.Action, effect.Target, effect.Detail));
    }

    [DoubleOnlyFact]
    public async Task Consumer_clean_deletes_the_group()
    {
        Kafka.CreateTopic("t", 1);
        Kafka.CommitOffset("cg", "t", 0, 7);
        Kafka.CommitOffset("other", "t", 0, 8);

        (await InstallAsync("consumer-app-cleanup-job", ConsumerValues(deleteOutput: true))).EnsureSuccess();

        Assert.Null(Kafka.GetGroup("cg"));
        Assert.NotNull(Kafka.GetGroup("other"));
        Assert.Equal(["t"], TopicNames());
        Assert.Equal([(CleanupAction.DeleteGroup, "cg")], Effects());
    }

    // ------------------------------------------------------------------ no effects

    [DoubleOnlyFact]
    public async Task A_failed_cleanup_job_changes_nothing()
    {
        ArrangeStreamsApp();
        var topics = TopicNames();
        var offsets = Offsets("app");
        var subjects = Registry.Subjects;
        var values = StreamsValues(deleteOutput: true);
        values["annotations"] = new JsonObject { [KubernetesDouble.JobOutcomeAnnotation] = nameof(JobOutcome.Failed) };

        var result = await InstallAsync("streams-app-cleanup-job", values);

        Assert.False(result.Succeeded);
        Assert.Equal("Failed", D.Kubernetes.Get("batch/v1", "Job", Namespace, "app-clean")!["status"]!["conditions"]![1]!["type"]!.GetValue<string>());
        Assert.Equal(topics, TopicNames());
        Assert.Equal(offsets, Offsets("app"));
        Assert.Equal(subjects, Registry.Subjects);
        Assert.Empty(World.EffectsLog);
    }

    [DoubleOnlyFact]
    public void A_running_cleanup_job_changes_nothing_yet()
    {
        Kafka.CreateTopic("out", 1);

        D.Kubernetes.Put(CleanupJob("producer-app-cleanup-job", "clean", ("APP_OUTPUT_TOPIC", "out")).Annotate(KubernetesDouble.JobOutcomeAnnotation, "Running"));

        Assert.Equal(1, D.Kubernetes.Get("batch/v1", "Job", Namespace, "job")!["status"]!["active"]!.GetValue<int>());
        Assert.NotNull(Kafka.GetTopic("out"));
        Assert.Empty(World.EffectsLog);
    }

    [DoubleOnlyFact]
    public void Jobs_of_other_charts_have_no_effects()
    {
        Kafka.CreateTopic("out", 1);
        var job = CleanupJob("producer-app-cleanup-job", "clean", ("APP_OUTPUT_TOPIC", "out"));
        job["metadata"]!["labels"] = new JsonObject { ["streams-bootstrap/kind"] = "producer-app" };
        job["spec"]!["template"]!["spec"]!["containers"]![0]!["name"] = "producer-app";

        D.Kubernetes.Put(job);

        Assert.NotNull(D.Kubernetes.Get("batch/v1", "Job", Namespace, "job")!["status"]!["completionTime"]);
        Assert.NotNull(Kafka.GetTopic("out"));
        Assert.Empty(World.EffectsLog);
    }

    [DoubleOnlyFact]
    public void Without_a_schema_registry_url_the_job_leaves_subjects_alone()
    {
        Kafka.CreateTopic("out", 1);
        Registry.Register("out-value", Schema);

        D.Kubernetes.Put(CleanupJob("producer-app-cleanup-job", "clean", ("APP_OUTPUT_TOPIC", "out")));

        Assert.Null(Kafka.GetTopic("out"));
        Assert.Equal(["out-value"], Registry.Subjects);
        Assert.Equal([(CleanupAction.DeleteTopic, "out")], Effects());
    }

    [DoubleOnlyFact]
    public void Settings_come_from_the_env_prefix_and_from_secret_and_configmap_references()
    {
        Kafka.CreateTopic("from-secret", 1);
        Kafka.CreateTopic("from-configmap", 1);
        D.Kubernetes.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "app-secrets", ["namespace"] = Namespace },
            ["data"] = new JsonObject { ["topic"] = Convert.ToBase64String("from-secret"u8.ToArray()) },
        });
        D.Kubernetes.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "app-config", ["namespace"] = Namespace },
            ["data"] = new JsonObject { ["labeled"] = "extra=from-configmap," },
        });
        var job = CleanupJob("producer-app-cleanup-job", "clean", ("ENV_PREFIX", "MY_"));
        var env = job["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        env.Add(new JsonObject { ["name"] = "MY_OUTPUT_TOPIC", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "app-secrets", ["key"] = "topic" } } });
        env.Add(new JsonObject { ["name"] = "MY_LABELED_OUTPUT_TOPICS", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "app-config", ["key"] = "labeled" } } });
        env.Add(new JsonObject { ["name"] = "APP_OUTPUT_TOPIC", ["value"] = "not-this-one" });

        D.Kubernetes.Put(job);

        Assert.Equal([(CleanupAction.DeleteTopic, "from-secret"), (CleanupAction.DeleteTopic, "from-configmap")], Effects());
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// A streams app <c>app</c> with inputs, internal topics (one with a repartition offset), outputs, an error topic,
    /// a neighbour's changelog and subjects for most of them.
    /// </summary>
    private void ArrangeStreamsApp()
    {
        Kafka.CreateTopic("in1", 2);
        Kafka.SetEndOffset("in1", 0, 10);
        Kafka.SetLogStartOffset("in1", 0, 3);
        Kafka.SetEndOffset("in1", 1, 5);
        Kafka.CreateTopic("in2", 1);
        Kafka.SetEndOffset("in2", 0, 4);
        Kafka.CreateTopic("in-pattern-a", 1);
        foreach (var topic in new[] { "app-store-changelog", "app-KSTREAM-AGGREGATE-0000000003-repartition", "app-notes", "other-store-changelog", "out", "labeled-out", "errors" })
        {
            Kafka.CreateTopic(topic, 1);
        }
        Kafka.CommitOffset("app", "in1", 0, 10);
        Kafka.CommitOffset("app", "in1", 1, 5);
        Kafka.CommitOffset("app", "in2", 0, 4);
        Kafka.CommitOffset("app", "app-KSTREAM-AGGREGATE-0000000003-repartition", 0, 1);
        foreach (var subject in new[]
        {
            "in1-value", "app-store-changelog-key", "app-store-changelog-value", "app-KSTREAM-AGGREGATE-0000000003-repartition-value",
            "app-old-changelog-value", "other-store-changelog-value", "out-value", "labeled-out-value", "gone-value", "errors-value",
        })
        {
            Registry.Register(subject, Schema);
        }
    }

    private JsonObject StreamsValues(bool deleteOutput) => Values(new
    {
        kafka = new
        {
            bootstrapServers = World.BootstrapServers,
            schemaRegistryUrl = World.SchemaRegistryUrl,
            applicationId = "app",
            inputTopics = new[] { "in1", "missing-in" },
            labeledInputTopics = new Dictionary<string, string[]> { ["extra"] = ["in2"] },
            inputPattern = "in-pattern-.*",
            outputTopic = "out",
            labeledOutputTopics = new Dictionary<string, string> { ["labeled"] = "labeled-out", ["old"] = "gone" },
            errorTopic = "errors",
            deleteOutput,
        },
    });

    private JsonObject StreamsValuesV2(bool deleteOutput) => Values(new
    {
        streams = new
        {
            brokers = World.BootstrapServers,
            schemaRegistryUrl = World.SchemaRegistryUrl,
            inputTopics = new[] { "in1", "missing-in" },
            extraInputTopics = new Dictionary<string, string[]> { ["extra"] = ["in2"] },
            inputPattern = "in-pattern-.*",
            outputTopic = "out",
            extraOutputTopics = new Dictionary<string, string> { ["labeled"] = "labeled-out", ["old"] = "gone" },
            errorTopic = "errors",
            deleteOutput,
        },
        annotations = new Dictionary<string, string> { ["consumerGroup"] = "app" },
    });

    private JsonObject ConsumerValues(bool deleteOutput) => Values(new
    {
        kafka = new { bootstrapServers = World.BootstrapServers, groupId = "cg", inputTopics = new[] { "t" }, deleteOutput },
    });

    private static JsonObject Values(object values) => JsonSerializer.SerializeToNode(values)!.AsObject();

    /// <summary><c>helm upgrade --install app-clean &lt;chart&gt; --repo &lt;world repo&gt; --wait --wait-for-jobs</c>, as KPops runs a cleaner.</summary>
    private async Task<HelmResult> InstallAsync(string chart, object values, int helmMajor = 4, string version = ChartPackager.DefaultVersion)
    {
        var file = Path.Combine(World.ScratchDirectory, $"values-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, values is JsonObject json ? json.ToJsonString() : JsonSerializer.Serialize(values));
        // The 2.x charts name their resources after the nameOverride only.
        var result = await World.Helm(helmMajor).RunAsync(
            "upgrade", "--install", "app-clean", chart, "--repo", World.ChartRepositoryUrl, "--version", version,
            "--namespace", Namespace, "--values", file, "--set", ChartPackager.IsV2(version) ? "nameOverride=app-clean" : "fullnameOverride=app-clean",
            "--wait", "--wait-for-jobs", "--timeout", "20s");
        output.WriteLine(result.ToString());
        foreach (var effect in World.EffectsLog) output.WriteLine(effect.ToString());
        return result;
    }

    /// <summary>A Job as the cleanup charts render it, with plain env entries.</summary>
    private static JsonObject CleanupJob(string chart, string command, params (string Name, string Value)[] env) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject
        {
            ["name"] = "job",
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject { ["streams-bootstrap/kind"] = chart },
        },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "OnFailure",
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = chart,
                        ["image"] = "app:latest",
                        ["args"] = new JsonArray(command),
                        ["env"] = new JsonArray(env.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["value"] = e.Value }).ToArray()),
                    }),
                },
            },
        },
    };

    private List<string> TopicNames() => Kafka.Topics.Select(t => t.Name).ToList();

    private List<(string Topic, int Partition, long Offset)> Offsets(string group) =>
        Kafka.GetGroup(group)?.Offsets.Select(o => (o.Topic, o.Partition, o.Offset)).ToList() ?? [];

    private List<(CleanupAction Action, string Target)> Effects() => World.EffectsLog.Select(e => (e.Action, e.Target)).ToList();
}

internal static class JobJson
{
    public static JsonObject Annotate(this JsonObject obj, string key, string value)
    {
        var metadata = obj["metadata"]!.AsObject();
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = new JsonObject();
            metadata["annotations"] = annotations;
        }
        annotations[key] = value;
        return obj;
    }
}
