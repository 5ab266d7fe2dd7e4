using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Defaults;

/// <summary>How defaults of several files and types are merged (§2.2).</summary>
public sealed class DefaultsPrecedenceTests : IDisposable
{
    private const string Pipeline = "pipelines/a/b/pipeline.yaml";
    private const string App = "- type: helm-app\n  name: app\n  chart: c/c\n";

    private readonly Workspace _ws = new(defaults: "kubernetes-app:\n  namespace: base-ns\n");

    public void Dispose() => _ws.Dispose();

    private Component LoadApp(string pipeline = App, string? environment = null, ComponentTypeRegistry? registry = null)
    {
        _ws.Write(Pipeline, pipeline);
        return Assert.Single(_ws.Load(Pipeline, environment, registry: registry).Components);
    }

    private static object? Value(Component c, string key) => c.Values![key];

    [Fact]
    public void Deeper_defaults_file_beats_shallower_environment_file()
    {
        _ws.Write("pipelines/a/b/defaults.yaml", "helm-app:\n  values:\n    source: deep-defaults\n");
        _ws.Write("pipelines/defaults_dev.yaml", "helm-app:\n  values:\n    source: shallow-env\n    only_env: x\n");
        var c = LoadApp(environment: "dev");
        Assert.Equal("deep-defaults", Value(c, "source"));
        Assert.Equal("x", Value(c, "only_env"));
    }

    [Fact]
    public void Environment_file_beats_the_plain_file_of_the_same_folder()
    {
        _ws.Write("pipelines/a/b/defaults.yaml", "helm-app:\n  values:\n    source: plain\n");
        _ws.Write("pipelines/a/b/defaults_dev.yaml", "helm-app:\n  values:\n    source: env\n");
        Assert.Equal("env", Value(LoadApp(environment: "dev"), "source"));
        Assert.Equal("plain", Value(LoadApp(), "source"));
    }

    [Fact]
    public void Own_type_section_in_the_lowest_file_beats_ancestor_section_in_the_deepest_file()
    {
        _ws.Write("pipelines/a/b/defaults_dev.yaml", "kubernetes-app:\n  values:\n    source: ancestor-deepest\n");
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-app:\n  values:\n    source: own-type-lowest\n");
        Assert.Equal("own-type-lowest", Value(LoadApp(environment: "dev"), "source"));
    }

    [Fact]
    public void Ancestor_sections_fill_in_what_the_own_type_leaves_out()
    {
        _ws.Write("pipelines/defaults.yaml", """
            pipeline-component:
              prefix: team-
            kubernetes-app:
              namespace: base-ns
              values:
                from_kubernetes_app: k
                shared: kubernetes-app
            helm-app:
              values:
                shared: helm-app
            """);
        var c = LoadApp();
        Assert.Equal("team-", c.Prefix);
        Assert.Equal("k", Value(c, "from_kubernetes_app"));
        Assert.Equal("helm-app", Value(c, "shared"));
    }

    [Fact]
    public void Pipeline_entry_beats_every_default()
    {
        _ws.Write("pipelines/a/b/defaults.yaml", "helm-app:\n  namespace: defaults-ns\n  values:\n    v: defaults\n");
        var c = LoadApp(App + "  namespace: pipeline-ns\n  values:\n    v: pipeline\n");
        Assert.Equal("pipeline-ns", c.Namespace);
        Assert.Equal("pipeline", Value(c, "v"));
    }

    [Fact]
    public void Mappings_are_merged_recursively()
    {
        _ws.Write("pipelines/defaults.yaml", """
            kubernetes-app:
              namespace: base-ns
            helm-app:
              values:
                resources:
                  limits: {memory: 1G, cpu: 1}
                  requests: {memory: 512M}
            """);
        var c = LoadApp(App + "  values:\n    resources:\n      limits:\n        memory: 2G\n");
        var resources = (System.Collections.IDictionary)Value(c, "resources")!;
        var limits = (System.Collections.IDictionary)resources["limits"]!;
        Assert.Equal("2G", limits["memory"]);
        Assert.Equal(1L, limits["cpu"]);
        Assert.Equal("512M", ((System.Collections.IDictionary)resources["requests"]!)["memory"]);
    }

    [Fact]
    public void Lists_are_replaced_not_merged()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-app:\n  values:\n    args: [a, b, c]\n");
        var c = LoadApp(App + "  values:\n    args: [z]\n");
        Assert.Equal(new object[] { "z" }, (object[])Value(c, "args")!);
    }

    [Fact]
    public void Lists_of_two_defaults_files_are_not_concatenated()
    {
        _ws.Write("pipelines/a/b/defaults.yaml", "helm-app:\n  values:\n    args: [deep]\n");
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-app:\n  values:\n    args: [shallow1, shallow2]\n");
        Assert.Equal(new object[] { "deep" }, (object[])Value(LoadApp(), "args")!);
    }

    [Fact]
    public void Scalar_in_the_higher_side_beats_a_mapping_in_the_lower_side()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-app:\n  values:\n    setting:\n      nested: true\n");
        Assert.Equal("flat", Value(LoadApp(App + "  values:\n    setting: flat\n"), "setting"));
    }

    [Fact]
    public void Null_in_the_pipeline_overrides_a_default()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-app:\n  values:\n    setting: from-defaults\n");
        var c = LoadApp(App + "  values:\n    setting: null\n");
        Assert.True(c.Values!.Contains("setting"));
        Assert.Null(Value(c, "setting"));
    }

    [Fact]
    public void To_null_switches_off_inherited_topics()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + """

            producer-app:
              to:
                topics:
                  ${output_topic_name}:
                    partitions_count: 3
            """);
        _ws.Write(Pipeline, """
            - type: producer-app
              name: with-default-topic
            - type: producer-app
              name: without-topics
              to: null
            """);
        var pipeline = _ws.Load(Pipeline);
        Assert.Equal(["a-b-with-default-topic"], pipeline.Components[0].Topics.Select(t => t.Name));
        Assert.Equal("a-b-with-default-topic", pipeline.Components[0].OutputTopic);
        Assert.Empty(pipeline.Components[1].Topics);
        Assert.Null(pipeline.Components[1].OutputTopic);
        Assert.DoesNotContain("to:", pipeline.Components[1].ToYaml());
    }

    [Fact]
    public void Defaults_of_a_pipeline_component_section_apply_to_every_type()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\npipeline-component:\n  prefix: everyone-\n");
        _ws.Write(Pipeline, """
            - type: helm-app
              name: helm
              chart: c/c
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
            """);
        var pipeline = _ws.Load(Pipeline);
        Assert.All(pipeline.Components, c => Assert.Equal("everyone-", c.Prefix));
        Assert.Equal("everyone-source", pipeline.Components[1].Config!["name"]);
    }

    [Fact]
    public void Cleaner_only_sections_do_not_apply_to_apps()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + """

            cleaner:
              values:
                cleanerOnly: true
              diff_config:
                ignore:
                  - [metadata, labels, helm.sh/chart]
            streams-bootstrap-cleaner:
              values:
                alsoCleanerOnly: true
            streams-app-cleaner:
              values:
                streamsCleanerOnly: true
            """);
        var c = LoadApp("- type: streams-app\n  name: app\n");
        Assert.False(c.Values!.Contains("cleanerOnly"));
        Assert.False(c.Values!.Contains("alsoCleanerOnly"));
        Assert.False(c.Values!.Contains("streamsCleanerOnly"));
        Assert.Null(c.Data.Get("diff_config"));
    }

    [Fact]
    public void Snake_case_in_the_pipeline_beats_camel_case_in_defaults()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\nstreams-app:\n  values:\n    imageTag: from-defaults\n    kafka:\n      applicationId: from-defaults\n");
        var c = LoadApp("- type: streams-app\n  name: app\n  values:\n    image_tag: from-pipeline\n    kafka:\n      application_id: from-pipeline\n");
        Assert.Equal("from-pipeline", Value(c, "imageTag"));
        Assert.Equal("from-pipeline", ((System.Collections.IDictionary)Value(c, "kafka")!)["applicationId"]);
    }

    [Fact]
    public void Spellings_of_two_defaults_files_are_one_field()
    {
        _ws.Write("pipelines/a/b/defaults.yaml", "streams-app:\n  values:\n    image_tag: deep\n");
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\nstreams-app:\n  values:\n    imageTag: shallow\n");
        Assert.Equal("deep", Value(LoadApp("- type: streams-app\n  name: app\n"), "imageTag"));
    }

    [Fact]
    public void Environment_entry_with_snake_case_overrides_the_camel_case_value()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults);
        _ws.Write("pipelines/a/b/pipeline_prod.yaml", "- type: streams-app\n  name: app\n  values:\n    image_tag: prod\n");
        Assert.Equal("prod", Value(LoadApp("- type: streams-app\n  name: app\n", environment: "prod"), "imageTag"));
    }

    [Fact]
    public void Streams_app_inherits_along_its_lineage()
    {
        Assert.Equal(
            ["streams-app", "streams-bootstrap", "kafka-app", "helm-app", "kubernetes-app", "pipeline-component", "base-defaults-component"],
            ComponentTypeRegistry.CreateDefault().Get("streams-app").Lineage);
    }

    [Theory]
    [InlineData("producer-app")]
    [InlineData("consumer-app")]
    public void Producer_and_consumer_apps_share_the_streams_bootstrap_lineage(string type)
    {
        Assert.Equal(
            [type, "streams-bootstrap", "kafka-app", "helm-app", "kubernetes-app", "pipeline-component", "base-defaults-component"],
            ComponentTypeRegistry.CreateDefault().Get(type).Lineage);
    }

    [Theory]
    [InlineData("kafka-sink-connector")]
    [InlineData("kafka-source-connector")]
    public void Connectors_inherit_from_kafka_connector(string type)
    {
        Assert.Equal([type, "kafka-connector", "pipeline-component", "base-defaults-component"], ComponentTypeRegistry.CreateDefault().Get(type).Lineage);
    }

    [Fact]
    public void Cleaner_lineage_goes_through_cleaner_to_the_app_bases()
    {
        var cleaner = ComponentTypeRegistry.CreateDefault().Get("streams-app-cleaner");
        Assert.Equal(["streams-app-cleaner", "streams-bootstrap-cleaner", "cleaner", "streams-bootstrap", "kafka-app", "helm-app"], cleaner.Lineage.Take(6));
    }

    [Fact]
    public void Custom_type_inherits_defaults_through_its_custom_base_types()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("sub-streams-app", "streams-app");
        registry.Register("filter", "sub-streams-app");
        Assert.Equal(["filter", "sub-streams-app", "streams-app", "streams-bootstrap"], registry.Get("filter").Lineage.Take(4));

        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + """

            streams-app:
              values:
                fromStreamsApp: s
                level: streams-app
            sub-streams-app:
              values:
                fromSub: sub
                level: sub-streams-app
            filter:
              values:
                level: filter
            """);
        var c = LoadApp("- type: filter\n  name: my-filter\n", registry: registry);
        Assert.Equal("filter", c.Type);
        Assert.Equal(ComponentKind.StreamsApp, c.Kind);
        Assert.Equal("filter", Value(c, "level"));
        Assert.Equal("sub", Value(c, "fromSub"));
        Assert.Equal("s", Value(c, "fromStreamsApp"));
        Assert.Equal("registry/app", Value(c, "image"));
    }

    [Fact]
    public void Custom_types_can_be_declared_in_the_base_dir()
    {
        _ws.Write("pipelines/kpops-components.yaml", """
            - type: sub-streams-app
              base: streams-app
            - type: filter
              base: sub-streams-app
              description: Drops invalid records.
            """);
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\nsub-streams-app:\n  values:\n    fromSub: sub\n");
        var c = LoadApp("- type: filter\n  name: my-filter\n");
        Assert.Equal("sub", Value(c, "fromSub"));
        Assert.Equal("filter", c.Type);
    }

    [Fact]
    public void Defaults_section_for_an_unknown_type_gives_a_warning()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: base-ns\nhelm-ap:\n  values:\n    typo: true\n");
        _ws.Write(Pipeline, App);
        var result = Assert.Single(KPops.Engine.Loading.PipelineLoader.Load(_ws.Request([Pipeline])));
        Assert.NotNull(result.Pipeline);
        Assert.Contains(result.Warnings, w => w.Contains("'helm-ap' is not a component type", StringComparison.Ordinal) && w.Contains("helm-app", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_substituted_with_the_pipeline_variables()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: ${pipeline.name}-ns\n");
        Assert.Equal("a-b-ns", LoadApp().Namespace);
    }
}
