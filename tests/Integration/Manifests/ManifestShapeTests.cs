using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Manifests;
using KPops.Engine.Yaml;
using KPops.Tests.Integration.Support;
using Xunit;

namespace KPops.Tests.Integration.Manifests;

/// <summary>
/// What the golden files hold, said explicitly: the Strimzi KafkaTopic shape, Argo annotations, which cleanup jobs
/// each operation renders and with which command, and what renders nothing.
/// </summary>
[Collection(ManifestTestGroup.Name)]
public sealed class ManifestShapeTests(ManifestFixture fixture)
{
    private const string StrimziApiVersion = "kafka.strimzi.io/v1beta2";
    private static readonly string[] Apps = ["producer", "cron-producer", "streams", "consumer", "web"];
    private static readonly string[] AppsWithCleaner = ["producer", "cron-producer", "streams", "consumer"];

    [Fact]
    public async Task KafkaTopics_carry_the_strimzi_label_and_namespace_and_only_the_settings_the_pipeline_sets()
    {
        var topics = (await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4)).Documents.Where(d => d.Kind == "KafkaTopic").ToList();

        Assert.Equal(["gitops-producer", "gitops-cron-producer", "gitops-cron-producer-audit", "gitops-streams", "gitops-streams-totals", "gitops-streams-error"],
            topics.Select(t => t.Name));
        foreach (var topic in topics)
        {
            var node = Parse(topic);
            Assert.Equal(StrimziApiVersion, topic.ApiVersion);
            Assert.Equal("gitops-topics", topic.Namespace);
            var metadata = (YMap)node["metadata"];
            Assert.Equal(["labels", "name", "namespace"], metadata.Keys);
            var labels = (YMap)metadata["labels"];
            Assert.Equal("gitops-cluster", Assert.Single(labels, l => l.Key == "strimzi.io/cluster").Value.ToString());
            Assert.Equal(1, labels.Count);
        }

        // partitions_count 3, replication_factor 1, a config (a string, as Strimzi and Kafka take it)
        AssertSpec(topics, "gitops-producer", partitions: 3, replicas: 1, ("retention.ms", "86400000"));
        // nothing set: the broker defaults apply (KPOps writes 1 and 1)
        AssertSpec(topics, "gitops-cron-producer", partitions: null, replicas: null);
        AssertSpec(topics, "gitops-cron-producer-audit", partitions: null, replicas: null, ("cleanup.policy", "compact"));
        AssertSpec(topics, "gitops-streams", partitions: 2, replicas: null, ("cleanup.policy", "compact"));
        AssertSpec(topics, "gitops-streams-totals", partitions: 1, replicas: 1);
        AssertSpec(topics, "gitops-streams-error", partitions: null, replicas: null);
    }

    [Fact]
    public async Task Destroy_renders_the_same_KafkaTopics_and_nothing_else_in_both_modes()
    {
        var deployTopics = (await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4)).Documents.Where(d => d.Kind == "KafkaTopic").Select(d => d.Yaml);
        var manifest = await fixture.RenderAsync(Operation.Destroy, ManifestMode.Manifest, 4);
        var argo = await fixture.RenderAsync(Operation.Destroy, ManifestMode.Argo, 4);

        Assert.All(manifest.Documents, d => Assert.Equal("KafkaTopic", d.Kind));
        Assert.Equal(deployTopics, manifest.Documents.Select(d => d.Yaml));
        Assert.Equal(manifest.Yaml, argo.Yaml);
    }

    [Fact]
    public async Task Argo_deploy_puts_sync_wave_1_on_every_app_workload_and_manifest_mode_no_argo_annotation()
    {
        var argo = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Argo, 4);
        var workloads = argo.Documents.Where(d => d.Kind is "Deployment" or "Job" or "CronJob" && !IsCleaner(d)).ToList();

        Assert.Equal(["producer", "cron-producer", "streams", "consumer", "web"], workloads.Select(w => w.Component));
        Assert.Equal(["Job", "CronJob", "Deployment", "Deployment", "Deployment"], workloads.Select(w => w.Kind));
        foreach (var workload in workloads)
        {
            var annotations = Annotations(workload);
            Assert.Equal("1", Text(annotations, ManifestRenderer.SyncWave));
            Assert.Null(annotations.Get(ManifestRenderer.Hook));
        }
        // The wave is an annotation of the workload, not of the chart's other resources or the topics.
        Assert.All(argo.Documents.Where(d => d.Kind is "ConfigMap" or "Service" or "KafkaTopic"), d => Assert.Null(Annotations(d).Get(ManifestRenderer.SyncWave)));

        var manifest = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4);
        Assert.All(manifest.Documents, d => Assert.DoesNotContain(Annotations(d).Keys, k => k.StartsWith("argocd.argoproj.io/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Argo_deploy_adds_PostDelete_cleanup_jobs_that_clean_and_manifest_deploy_none()
    {
        var argo = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Argo, 4);
        var hooks = argo.Documents.Where(IsCleaner).ToList();

        Assert.Equal(AppsWithCleaner, hooks.Select(h => h.Component));
        foreach (var hook in hooks)
        {
            Assert.Equal("Job", hook.Kind);
            Assert.Equal($"gitops-{hook.Component}-clean", hook.Name);
            Assert.Equal("PostDelete", Text(Annotations(hook), ManifestRenderer.Hook));
            Assert.Null(Annotations(hook).Get(ManifestRenderer.SyncWave));
            // KPOps renders the streams hook with `reset`: deleting the app would leave its output behind.
            Assert.Equal(["clean"], Args(hook));
        }

        var manifest = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4);
        Assert.DoesNotContain(manifest.Documents, IsCleaner);
    }

    [Fact]
    public async Task Clean_renders_the_cleanup_jobs_with_clean()
    {
        var clean = await fixture.RenderAsync(Operation.Clean, ManifestMode.Manifest, 4);

        Assert.Equal(AppsWithCleaner, clean.Documents.Select(d => d.Component));
        foreach (var job in clean.Documents)
        {
            Assert.Equal("Job", job.Kind);
            Assert.True(IsCleaner(job), job.Name);
            Assert.Equal(["clean"], Args(job));   // the fix: KPOps renders the streams cleanup job of a clean with `reset`
            Assert.Empty(Annotations(job));
        }
        Assert.Empty(clean.Warnings);
    }

    [Fact]
    public async Task Reset_renders_reset_jobs_for_streams_and_consumer_apps_and_only_KafkaTopics_for_producers()
    {
        var reset = await fixture.RenderAsync(Operation.Reset, ManifestMode.Manifest, 4);

        Assert.All(reset.Of("producer").Concat(reset.Of("cron-producer")), d => Assert.Equal("KafkaTopic", d.Kind));
        Assert.Single(reset.Of("producer"));
        Assert.Equal(2, reset.Of("cron-producer").Count);
        Assert.Equal(["Job", "KafkaTopic", "KafkaTopic", "KafkaTopic"], reset.Of("streams").Select(d => d.Kind));
        Assert.Equal(["Job"], reset.Of("consumer").Select(d => d.Kind));
        Assert.Empty(reset.Of("web"));
        foreach (var job in reset.Documents.Where(d => d.Kind == "Job"))
        {
            Assert.True(IsCleaner(job), job.Name);
            Assert.Equal(["reset"], Args(job));
        }

        // Argo mode renders the same reset: no hooks, no waves.
        var argo = await fixture.RenderAsync(Operation.Reset, ManifestMode.Argo, 4);
        Assert.Equal(reset.Yaml, argo.Yaml);
    }

    [Fact]
    public async Task Argo_clean_renders_nothing_and_warns_once_per_app_with_a_cleanup_job()
    {
        var clean = await fixture.RenderAsync(Operation.Clean, ManifestMode.Argo, 4);

        Assert.Empty(clean.Documents);
        Assert.Equal("", clean.Yaml);
        Assert.Equal(AppsWithCleaner.Length, clean.Warnings.Count);
        foreach (var (component, warning) in AppsWithCleaner.Zip(clean.Warnings))
        {
            Assert.StartsWith(component + ":", warning, StringComparison.Ordinal);
            Assert.Contains("PostDelete", warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connectors_render_no_manifests_in_any_operation_or_mode()
    {
        foreach (var operation in Enum.GetValues<Operation>())
        {
            foreach (var mode in Enum.GetValues<ManifestMode>())
            {
                var rendering = await fixture.RenderAsync(operation, mode, 4);
                Assert.Empty(rendering.Of("sink"));
                Assert.Empty(rendering.Of("source"));   // not even a KafkaTopic for its `to` topic
                Assert.DoesNotContain(rendering.Documents, d => d.Name == "gitops-source");
                Assert.All(rendering.Documents, d => Assert.Contains(d.Component, Apps));
            }
        }
    }

    [Fact]
    public async Task A_producer_with_a_schedule_renders_a_batch_v1_CronJob_through_api_versions()
    {
        var deploy = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4);

        var cron = Assert.Single(deploy.Of("cron-producer"), d => d.Kind == "CronJob");
        Assert.Equal("batch/v1", cron.ApiVersion);   // helm_config.api_version: helm template alone knows only batch/v1beta1 for it
        Assert.Equal("0 * * * *", Text((YMap)Parse(cron)["spec"], "schedule"));
        Assert.Equal("Job", Assert.Single(deploy.Of("producer"), d => d.Kind != "KafkaTopic").Kind);
        Assert.Contains(HelmCommandLines.Of(fixture.HelmLog.Verboses, fixture.World.HelmPath(4)),
            c => c.StartsWith("template ", StringComparison.Ordinal) && c.Contains(" -- gitops-cron-producer ", StringComparison.Ordinal)
                && c.Contains("--api-versions batch/v1/CronJob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documents_carry_pipeline_component_operation_and_the_resource_identity()
    {
        var deploy = await fixture.RenderAsync(Operation.Deploy, ManifestMode.Argo, 4);

        Assert.All(deploy.Documents, d =>
        {
            Assert.Equal("pipeline", d.Pipeline);
            Assert.Equal(Operation.Deploy, d.Operation);
            var node = Parse(d);
            Assert.Equal(d.Kind, Text(node, "kind"));
            Assert.Equal(d.ApiVersion, Text(node, "apiVersion"));
            Assert.Equal(d.Name, Text((YMap)node["metadata"], "name"));
        });
        Assert.StartsWith("---\n", deploy.Yaml, StringComparison.Ordinal);
        Assert.Equal(deploy.Documents.Count, YamlReader.ReadAll(deploy.Yaml, "stream").Count);
    }

    [Fact]
    public async Task Rendering_needs_only_the_chart_repository_and_read_only_helm_commands()
    {
        foreach (var operation in Enum.GetValues<Operation>())
        {
            foreach (var mode in Enum.GetValues<ManifestMode>())
            {
                await fixture.RenderAsync(operation, mode, 3);
                await fixture.RenderAsync(operation, mode, 4);
            }
        }

        // No Kafka, Schema Registry, Connect or Kubernetes request: only chart downloads.
        Assert.All(fixture.World.AllRequests, r => Assert.Equal(("ChartRepo", "GET"), (r.Service, r.Method)));
        Assert.NotEmpty(fixture.World.AllRequests);
        var commands = HelmCommandLines.Of(fixture.HelmLog.Verboses, fixture.World.HelmPath(3), fixture.World.HelmPath(4)).Select(HelmCommandLines.Subcommand).Distinct().Order();
        Assert.Equal(["repo add", "repo update", "template", "version"], commands);
    }

    [Fact]
    public async Task A_missing_strimzi_topic_is_a_clear_error_for_components_with_topics()
    {
        var folder = Path.Combine(fixture.World.ScratchDirectory, "no-strimzi-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var config = (YMap)YamlReader.ReadFile(Path.Combine(GitOpsResources.Directory, "config.yaml"))!;
        Assert.True(config.Remove("strimzi_topic"));
        await File.WriteAllTextAsync(Path.Combine(folder, "config.yaml"), YamlWriter.Write(config));
        var pipeline = GitOpsResources.Load(fixture.Variables(4), configDirectory: folder);
        var helm = fixture.Helm(4);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        foreach (var operation in new[] { Operation.Deploy, Operation.Destroy, Operation.Reset })
        {
            var error = await Assert.ThrowsAsync<KPopsException>(() =>
                ManifestRenderer.RenderAsync(pipeline.Inventory.Of(pipeline.Find("streams")!), operation, ManifestMode.Manifest, helm, _ => { }, timeout.Token));
            Assert.Equal("StrimziTopicNotConfigured", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.Contains("streams-app 'streams'", error.Message, StringComparison.Ordinal);
            Assert.Contains("strimzi_topic.label", error.Message, StringComparison.Ordinal);
            Assert.Contains("strimzi_topic.label", error.Hint, StringComparison.Ordinal);
            Assert.Contains("KPOPS_STRIMZI_TOPIC", error.Hint, StringComparison.Ordinal);
            Assert.NotNull(error.Location);
        }

        // Without topics nothing needs the label: the consumer, the helm app and the connectors render as before.
        foreach (var name in new[] { "consumer", "web", "sink", "source" })
        {
            var documents = await ManifestRenderer.RenderAsync(pipeline.Inventory.Of(pipeline.Find(name)!), Operation.Deploy, ManifestMode.Manifest, helm, _ => { }, timeout.Token);
            Assert.Equal((await fixture.RenderAsync(Operation.Deploy, ManifestMode.Manifest, 4)).Of(name).Select(d => d.Yaml), documents.Select(d => d.Yaml));
        }
    }

    private static void AssertSpec(IReadOnlyList<ManifestDocument> topics, string name, long? partitions, long? replicas, params (string Key, string Value)[] configs)
    {
        var spec = (YMap)Parse(topics.Single(t => t.Name == name))["spec"];
        Assert.Equal(partitions, (spec.Get("partitions") as YScalar)?.Value as long?);
        Assert.Equal(replicas, (spec.Get("replicas") as YScalar)?.Value as long?);
        Assert.Equal(partitions is null, spec.Get("partitions") is null);
        Assert.Equal(replicas is null, spec.Get("replicas") is null);
        var config = Assert.IsType<YMap>(spec["config"]);
        Assert.Equal(configs.Select(c => c.Key), config.Keys);
        foreach (var (key, value) in configs) Assert.Equal(value, Assert.IsType<string>(((YScalar)config[key]).Value));
    }

    private static bool IsCleaner(ManifestDocument document) => document.Kind == "Job" && document.Name.EndsWith("-clean", StringComparison.Ordinal);

    private static YMap Parse(ManifestDocument document) => (YMap)YamlReader.Read(document.Yaml, document.Name)!;

    private static YMap Annotations(ManifestDocument document) =>
        (Parse(document).Get("metadata") as YMap)?.Get("annotations") as YMap ?? new YMap();

    private static string? Text(YMap map, string key) => map.Get(key) is YScalar { IsNull: false } s ? s.ToInvariantString() : null;

    private static List<string> Args(ManifestDocument job)
    {
        var container = (YMap)((YSeq)((YMap)((YMap)((YMap)Parse(job)["spec"])["template"])["spec"])["containers"]).Items.Single();
        return ((YSeq)container["args"]).Items.Select(a => ((YScalar)a).ToInvariantString()).ToList();
    }
}
