using System.Collections;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;
using KPops.Engine.Schema;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>
/// The deprecated streams-bootstrap 2 types (streams-app-v2, producer-app-v2) as KPOps 11 models them: Kafka settings
/// under <c>values.streams</c>, their own defaults chain, 2.x defaults and naming, cleanup jobs that switch
/// <c>streams.deleteOutput</c>, and a deprecation warning once per type and load.
/// </summary>
public sealed class StreamsBootstrapV2Tests : IDisposable
{
    private const string V2Defaults = """
        kubernetes-app:
          namespace: test-ns
        streams-bootstrap-v2:
          values:
            image: registry/app
            imageTag: "1.0.0"
            streams:
              brokers: ${config.kafka_brokers}
        """;

    private readonly Workspace _ws = new(defaults: V2Defaults);

    public void Dispose() => _ws.Dispose();

    private Component Single(string type, string body = "") => _ws.LoadSingle($"- type: {type}\n  name: comp\n{body}");

    private static IDictionary Streams(Component c) => (IDictionary)c.Values!["streams"]!;

    private static YMap Values(string yaml) => (YMap)YamlReader.Read(yaml, "values")!;

    private static YMap? Section(YMap map, params string[] path) =>
        path.Aggregate((YMap?)map, (current, key) => current?.Get(key) as YMap);

    // ---- from and to ------------------------------------------------------------------------------------------

    [Fact]
    public void From_topics_and_patterns_go_to_the_streams_section_with_extra_names()
    {
        var c = Single("streams-app-v2", """
              from:
                topics:
                  in: {}
                  labeled: {label: accounts}
                  in-.*: {type: pattern}
                  other-.*: {type: pattern, label: others}
            """);

        var streams = Streams(c);
        Assert.Equal(new object[] { "in" }, (object[])streams["inputTopics"]!);
        Assert.Equal(new object[] { "labeled" }, (object[])((IDictionary)streams["extraInputTopics"]!)["accounts"]!);
        Assert.Equal("in-.*", streams["inputPattern"]);
        Assert.Equal("other-.*", ((IDictionary)streams["extraInputPatterns"]!)["others"]);
        Assert.False(c.Values!.Contains("kafka"));
        Assert.Equal(["in", "labeled"], c.AllInputTopics);
    }

    [Fact]
    public void To_topics_go_to_output_error_and_extra_output_topics()
    {
        var c = Single("streams-app-v2", """
              to:
                topics:
                  out: {type: output}
                  dead: {type: error}
                  side: {label: audit}
            """);

        var streams = Streams(c);
        Assert.Equal("out", streams["outputTopic"]);
        Assert.Equal("dead", streams["errorTopic"]);
        Assert.Equal("side", ((IDictionary)streams["extraOutputTopics"]!)["audit"]);
        Assert.Equal(("out", "dead"), (c.OutputTopic, c.ErrorTopic));
        Assert.Equal("side", c.LabeledOutputTopics["audit"]);
    }

    [Fact]
    public void A_v2_app_reads_the_outputs_of_the_component_before_it()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: producer-app-v2
              name: producer
              to:
                topics:
                  produced: {}
            - type: streams-app-v2
              name: app
            """);

        Assert.Equal(["produced"], pipeline.Find("app")!.InputTopics);
        Assert.Equal("produced", Streams(pipeline.Find("producer")!)["outputTopic"]);
    }

    [Fact]
    public void Snake_case_spellings_of_the_streams_fields_are_accepted()
    {
        var c = Single("streams-app-v2", """
              values:
                streams:
                  schema_registry_url: http://registry:8081
                  input_topics: [a]
                  extra_output_topics: {audit: b}
                  delete_output: true
            """);

        var streams = Streams(c);
        Assert.Equal("http://registry:8081", streams["schemaRegistryUrl"]);
        Assert.Equal(new object[] { "a" }, (object[])streams["inputTopics"]!);
        Assert.Equal("b", ((IDictionary)streams["extraOutputTopics"]!)["audit"]);
        Assert.Equal(true, streams["deleteOutput"]);
    }

    [Fact]
    public void A_producer_v2_reads_no_topics()
    {
        var error = _ws.LoadError("- type: producer-app-v2\n  name: comp\n  from:\n    topics:\n      in: {}\n");

        Assert.Equal(ErrorIds.InvalidFromSection, error.ErrorId);
    }

    [Fact]
    public void A_producer_v2_has_no_error_topic()
    {
        var error = _ws.LoadError("- type: producer-app-v2\n  name: comp\n  to:\n    topics:\n      dead: {type: error}\n");

        Assert.Equal(ErrorIds.InvalidToSection, error.ErrorId);
    }

    // ---- fields, defaults and their chain ---------------------------------------------------------------------

    [Fact]
    public void Brokers_are_required()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: test-ns\n");

        var error = _ws.LoadError("- type: streams-app-v2\n  name: comp\n  values:\n    streams: {}\n");

        Assert.Equal(ErrorIds.MissingField, error.ErrorId);
        Assert.Contains("'brokers'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_streams_section_is_required()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: test-ns\n");

        var error = _ws.LoadError("- type: producer-app-v2\n  name: comp\n");

        Assert.Equal(ErrorIds.MissingField, error.ErrorId);
        Assert.Contains("'streams'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_v2_defaults_are_the_2_9_0_chart_of_the_streams_bootstrap_repository_and_the_latest_image()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: test-ns\nstreams-bootstrap-v2:\n  values:\n    streams:\n      brokers: b:9092\n");

        var c = Single("streams-app-v2");

        Assert.Equal("2.9.0", c.ChartVersion);
        Assert.Equal("bakdata-streams-bootstrap/streams-app", c.Chart);
        Assert.Equal("bakdata-streams-bootstrap/streams-app-cleanup-job", c.CleanupChart);
        Assert.Equal("latest", c.Values!["imageTag"]);
        Assert.Equal(false, c.Values!["statefulSet"]);
        Assert.Equal(false, ((IDictionary)c.Values!["persistence"]!)["enabled"]);
    }

    [Fact]
    public void Any_chart_version_is_accepted_as_KPOps_does_for_v2()
    {
        var c = Single("streams-app-v2", "  version: 2.23.0\n");

        Assert.Equal("2.23.0", c.ChartVersion);
    }

    [Fact]
    public void V2_types_take_defaults_from_streams_bootstrap_v2_and_the_common_ancestors_but_not_from_streams_bootstrap()
    {
        _ws.Write("pipelines/defaults.yaml", V2Defaults + """

            kafka-app:
              values:
                labels:
                  from-kafka-app: "yes"
            helm-app:
              timeout: 3m0s
            streams-bootstrap:
              values:
                labels:
                  from-streams-bootstrap: "yes"
            streams-app-v2:
              values:
                replicaCount: 2
            """);

        var c = Single("streams-app-v2");

        var labels = (IDictionary)c.Values!["labels"]!;
        Assert.Equal("yes", labels["from-kafka-app"]);
        Assert.False(labels.Contains("from-streams-bootstrap"));
        Assert.Equal("3m0s", c.Timeout);
        Assert.Equal(2L, c.Values!["replicaCount"]);
        Assert.Equal(["streams-app-v2", "streams-bootstrap-v2", "kafka-app", "helm-app", "kubernetes-app", "pipeline-component", "base-defaults-component"],
            c.ComponentType.Lineage);
    }

    [Fact]
    public void Autoscaling_needs_the_consumer_group_and_the_lag_threshold()
    {
        var error = _ws.LoadError("- type: streams-app-v2\n  name: comp\n  values:\n    autoscaling:\n      enabled: true\n      lagThreshold: 10\n");

        Assert.Equal(ErrorIds.MissingField, error.ErrorId);
        Assert.Contains("consumerGroup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Persistence_needs_a_size()
    {
        var error = _ws.LoadError("- type: streams-app-v2\n  name: comp\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n");

        Assert.Equal(ErrorIds.MissingField, error.ErrorId);
        Assert.Contains("size", error.Message, StringComparison.Ordinal);
    }

    // ---- generate and Helm values -----------------------------------------------------------------------------

    [Fact]
    public void Generate_prints_the_plain_defaults_and_leaves_out_empty_lists_and_unset_streams_fields()
    {
        var yaml = Single("streams-app-v2", "  to:\n    topics:\n      out: {}\n").ToYaml();

        var c = Assert.IsType<YMap>(Assert.Single(((YSeq)YamlReader.Read(yaml, "generate")!).Items));
        var values = (YMap)c["values"];
        Assert.Equal("""
            brokers: broker:9092
            outputTopic: out

            """, YamlWriter.Write(Section(values, "streams")!));
        Assert.Equal(false, ((YScalar)values["statefulSet"]).Value);
        Assert.Equal("enabled: false\n", YamlWriter.Write(Section(values, "persistence")!));
        Assert.Null(values.Get("tolerations"));
        Assert.Equal("2.9.0", ((YScalar)c["version"]).Value);
        Assert.Equal("demo-comp", ((YScalar)c["helm_name_override"]).Value);
    }

    [Fact]
    public void Helm_values_leave_out_what_equals_a_default_and_carry_the_name_overrides()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: test-ns\nstreams-bootstrap-v2:\n  values:\n    streams:\n      brokers: b:9092\n");
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n  values:\n    persistence:\n      enabled: false\n      size: 1Gi\n");

        var release = pipeline.Inventory.Of(pipeline.Components[0]).Deployed.OfType<HelmReleaseResource>().Single();

        Assert.Equal("""
            streams:
              brokers: b:9092
            persistence:
              size: 1Gi
            nameOverride: demo-comp
            fullnameOverride: demo-comp

            """, release.Request!.ValuesYaml);
    }

    [Fact]
    public void A_scheduled_v2_producer_keeps_the_63_character_name_override()
    {
        var name = new string('p', 58);

        var c = _ws.LoadSingle($"- type: producer-app-v2\n  name: {name}\n  values:\n    schedule: \"0 12 * * *\"\n");

        Assert.True(c.IsCronJob);
        Assert.Equal(63, c.HelmNameOverride!.Length);
        Assert.Equal(53, c.HelmReleaseName!.Length);
    }

    // ---- cleanup jobs -----------------------------------------------------------------------------------------

    private static CleanupJobResource Job(Pipeline pipeline, Operation operation) =>
        pipeline.Inventory.Of(pipeline.Components[0]).For(operation).OfType<CleanupJobResource>().Single();

    [Fact]
    public void The_reset_job_of_a_v2_app_keeps_the_output_and_the_clean_job_deletes_it()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n");

        var reset = Values(Job(pipeline, Operation.Reset).Release.Request.ValuesYaml);
        var clean = Values(Job(pipeline, Operation.Clean).Release.Request.ValuesYaml);

        Assert.Equal(false, ((YScalar)Section(reset, "streams")!["deleteOutput"]).Value);
        Assert.Equal(true, ((YScalar)Section(clean, "streams")!["deleteOutput"]).Value);
        Assert.Null(clean.Get("kafka"));
        Assert.Equal("demo-comp-clean", ((YScalar)clean["nameOverride"]).Value);
    }

    [Fact]
    public void The_cleanup_job_of_a_v2_app_is_the_2_x_cleanup_chart_of_the_app()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n");

        var request = Job(pipeline, Operation.Clean).Release.Request;

        Assert.Equal(("demo-comp-clean", "bakdata-streams-bootstrap/streams-app-cleanup-job", "2.9.0"), (request.Release, request.Chart, request.Version));
        Assert.True(request.WaitForJobs);
    }

    [Fact]
    public void A_v2_producer_has_a_clean_job_without_delete_output_and_no_reset_job()
    {
        var pipeline = _ws.LoadPipeline("- type: producer-app-v2\n  name: comp\n  to:\n    topics:\n      out: {}\n");
        var inventory = pipeline.Inventory.Of(pipeline.Components[0]);

        var clean = Values(inventory.For(Operation.Clean).OfType<CleanupJobResource>().Single().Release.Request.ValuesYaml);

        Assert.Empty(inventory.For(Operation.Reset).OfType<CleanupJobResource>());
        Assert.Equal("out", ((YScalar)Section(clean, "streams")!["outputTopic"]).Value);
        Assert.Null(Section(clean, "streams")!.Get("deleteOutput"));
        Assert.Equal("bakdata-streams-bootstrap/producer-app-cleanup-job", inventory.For(Operation.Clean).OfType<CleanupJobResource>().Single().Release.Request.Chart);
    }

    [Fact]
    public void The_cleaner_defaults_of_KPOps_apply_to_v2_cleanup_jobs_through_streams_bootstrap_v2()
    {
        _ws.Write("pipelines/defaults.yaml", V2Defaults + """

            streams-app-cleaner:
              values:
                labels:
                  job: cleaner
            cleaner:
              timeout: 9m0s
            streams-bootstrap:
              values:
                labels:
                  from-streams-bootstrap: "yes"
            """);
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n");

        var request = Job(pipeline, Operation.Reset).Release.Request;
        var labels = Section(Values(request.ValuesYaml), "labels")!;

        Assert.Equal("cleaner", ((YScalar)labels["job"]).Value);
        Assert.Null(labels.Get("from-streams-bootstrap"));
        Assert.Equal("9m0s", request.Timeout);
    }

    [Fact]
    public void Running_values_of_a_v2_app_build_its_cleanup_job()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n");
        var warnings = new List<string>();

        var release = Job(pipeline, Operation.Clean).WithLiveValues(Values("imageTag: 2.0.0\nstreams:\n  brokers: live:9092\n"), warnings.Add);

        var values = Values(release.Request.ValuesYaml);
        Assert.Equal("live:9092", ((YScalar)Section(values, "streams")!["brokers"]).Value);
        Assert.Equal(true, ((YScalar)Section(values, "streams")!["deleteOutput"]).Value);
        Assert.Empty(warnings);
    }

    // ---- what a v2 app owns -----------------------------------------------------------------------------------

    [Theory]
    [InlineData("    annotations:\n      consumerGroup: from-annotation\n    autoscaling:\n      consumerGroup: from-autoscaling\n", "from-annotation")]
    [InlineData("    autoscaling:\n      consumerGroup: from-autoscaling\n", "from-autoscaling")]
    public void The_consumer_group_of_a_v2_app_is_its_consumer_group_annotation_or_autoscaling_setting(string values, string group)
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n  values:\n" + values);

        var resource = pipeline.Inventory.Of(pipeline.Components[0]).Deployed.OfType<ConsumerGroupResource>().Single();

        Assert.Equal(group, resource.Group);
    }

    [Fact]
    public void A_v2_app_without_a_consumer_group_setting_has_a_group_that_is_not_known()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n");

        var resource = pipeline.Inventory.Of(pipeline.Components[0]).Deployed.OfType<ConsumerGroupResource>().Single();

        Assert.Null(resource.Group);
        Assert.Equal("values.annotations.consumerGroup or values.autoscaling.consumerGroup", resource.SetBy);
    }

    [Fact]
    public void The_volumes_of_a_stateful_v2_app_are_found_by_the_app_label_of_the_2_x_charts()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n      size: 1Gi\n");

        var volumes = pipeline.Inventory.Of(pipeline.Components[0]).For(Operation.Clean).OfType<VolumeClaimsResource>().Single();

        Assert.Equal("app=demo-comp", volumes.Name);
    }

    [Fact]
    public void Manifests_of_a_v2_app_are_its_release_only_as_KPOps_renders_them()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n  to:\n    topics:\n      out: {}\n");
        var inventory = pipeline.Inventory.Of(pipeline.Components[0]);

        Assert.Equal([ResourceKind.HelmRelease], inventory.ManifestsFor(Operation.Deploy).Select(r => r.Kind));
        foreach (var operation in new[] { Operation.Destroy, Operation.Reset, Operation.Clean }) Assert.Empty(inventory.ManifestsFor(operation));
    }

    [Fact]
    public void A_v2_app_deploys_destroys_resets_and_cleans_like_a_v3_app()
    {
        var pipeline = _ws.LoadPipeline("- type: streams-app-v2\n  name: comp\n  values:\n    autoscaling:\n      consumerGroup: g\n  to:\n    topics:\n      out: {}\n");
        var inventory = pipeline.Inventory.Of(pipeline.Components[0]);

        Assert.Equal(["Topic", "HelmRelease"], inventory.For(Operation.Deploy).Select(r => r.Kind.ToString()));
        Assert.Equal(["HelmRelease"], inventory.For(Operation.Destroy).Select(r => r.Kind.ToString()));
        Assert.Equal(["HelmRelease", "CleanupJob"], inventory.For(Operation.Reset).Select(r => r.Kind.ToString()));
        Assert.Equal(["HelmRelease", "CleanupJob"], inventory.For(Operation.Clean).Select(r => r.Kind.ToString()));
        Assert.Equal(["HelmRelease demo-comp", "Topic out", "ConsumerGroup g"], inventory.Deployed.Select(r => $"{r.Kind} {r.Name}"));
    }

    // ---- deprecation ------------------------------------------------------------------------------------------

    [Fact]
    public void Each_deprecated_type_is_named_once_per_load_with_the_way_to_streams_bootstrap_3()
    {
        const string Pipeline = """
            - type: producer-app-v2
              name: producer
            - type: streams-app-v2
              name: first
            - type: streams-app-v2
              name: second
            """;
        _ws.Write("pipelines/one/pipeline.yaml", Pipeline);
        _ws.Write("pipelines/two/pipeline.yaml", Pipeline);

        var results = PipelineLoader.Load(_ws.Request(["pipelines/one/pipeline.yaml", "pipelines/two/pipeline.yaml"]));

        var deprecations = results.SelectMany(r => r.Warnings).Where(w => w.Contains("is deprecated", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, deprecations.Count);
        var streams = Assert.Single(deprecations, w => w.Contains("'streams-app-v2'", StringComparison.Ordinal));
        Assert.Contains(_ws.PathOf("pipelines/one/pipeline.yaml"), streams, StringComparison.Ordinal);
        foreach (var step in new[] { "'streams-app'", "values.streams to values.kafka", "brokers → bootstrapServers", "extraInputTopics → labeledInputTopics",
            "extraOutputTopics → labeledOutputTopics", "streams-bootstrap-v2 → streams-bootstrap", "version to 3.x" })
        {
            Assert.Contains(step, streams, StringComparison.Ordinal);
        }
        Assert.Single(deprecations, w => w.Contains("'producer-app-v2'", StringComparison.Ordinal) && w.Contains("'producer-app'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_custom_type_on_a_v2_type_behaves_like_it_and_is_named_as_deprecated()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("legacy-app", "streams-app-v2");
        _ws.Write(Workspace.PipelinePath, "- type: legacy-app\n  name: comp\n  from:\n    topics:\n      in: {}\n");

        var result = PipelineLoader.Load(_ws.Request([Workspace.PipelinePath], registry: registry)).Single();

        var c = Assert.Single(result.Pipeline!.Components);
        Assert.Equal(new object[] { "in" }, (object[])Streams(c)["inputTopics"]!);
        Assert.Contains(result.Warnings, w => w.Contains("'legacy-app' builds on a deprecated type", StringComparison.Ordinal));
        Assert.Equal("bakdata-streams-bootstrap/streams-app-cleanup-job",
            result.Pipeline.Inventory.Of(c).For(Operation.Clean).OfType<CleanupJobResource>().Single().Release.Request.Chart);
    }

    [Fact]
    public void Streams_bootstrap_v2_is_abstract()
    {
        var error = _ws.LoadError("- type: streams-bootstrap-v2\n  name: comp\n");

        Assert.Equal(ErrorIds.AbstractComponentType, error.ErrorId);
    }

    // ---- schemas ----------------------------------------------------------------------------------------------

    [Fact]
    public void The_pipeline_schema_describes_the_v2_types_with_their_streams_section()
    {
        var schema = JsonSchemaGenerator.Generate(SchemaKind.Pipeline, ComponentTypeRegistry.CreateDefault());

        Assert.Contains("\"streams-app-v2\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"producer-app-v2\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"extraInputTopics\"", schema, StringComparison.Ordinal);
        Assert.Contains("\"brokers\"", schema, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_schema_has_a_streams_bootstrap_v2_section()
    {
        var schema = JsonSchemaGenerator.Build(SchemaKind.Defaults, ComponentTypeRegistry.CreateDefault());

        Assert.NotNull(schema["properties"]!["streams-bootstrap-v2"]);
    }
}
