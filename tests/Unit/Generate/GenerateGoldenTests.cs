using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Generate;

/// <summary>
/// <c>kpops generate</c> output (§5.1) against golden files, compared as parsed YAML. Inputs live in
/// <c>Resources/generate/pipelines/&lt;case&gt;/pipeline.yaml</c> next to <c>expected.yaml</c>.
/// </summary>
public class GenerateGoldenTests
{
    private static string GenerateRoot => Path.Combine(TestPaths.Resources, "generate");

    private static Pipeline LoadCase(string name) =>
        ResourcePipelines.Load(GenerateRoot, $"pipelines/{name}/pipeline.yaml", new Dictionary<string, string> { ["NAMESPACE"] = "golden-ns" });

    private static YSeq Output(Pipeline pipeline) => (YSeq)YamlReader.Read(ResourcePipelines.Generate(pipeline), "generated.yaml")!;

    public static TheoryData<string> Cases => new() { "helm-app", "streams-app", "producer-app", "consumer-app", "connectors" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_output_matches_the_golden_file(string name)
    {
        var expected = File.ReadAllText(Path.Combine(GenerateRoot, "pipelines", name, "expected.yaml"));
        YamlAssert.Equivalent(expected, ResourcePipelines.Generate(LoadCase(name)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Type_and_name_come_first(string name)
    {
        foreach (var component in Output(LoadCase(name)).Items.Cast<YMap>())
            Assert.Equal(["type", "name", "enabled", "prefix"], component.Keys.Take(4));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Repo_config_and_diff_config_are_left_out(string name)
    {
        foreach (var component in Output(LoadCase(name)).Items.Cast<YMap>())
        {
            Assert.False(component.ContainsKey("repo_config"));
            Assert.False(component.ContainsKey("diff_config"));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Helm_types_end_with_release_name_and_name_override(string name)
    {
        foreach (var component in Output(LoadCase(name)).Items.Cast<YMap>())
        {
            var isConnector = ((YScalar)component["type"]).AsString!.StartsWith("kafka-", StringComparison.Ordinal);
            if (isConnector)
            {
                Assert.False(component.ContainsKey("helm_release_name"));
                Assert.False(component.ContainsKey("helm_name_override"));
            }
            else
            {
                Assert.Equal(["helm_release_name", "helm_name_override"], component.Keys.TakeLast(2));
            }
        }
    }

    [Fact]
    public void Plain_defaults_are_kept_and_empty_optional_collections_dropped()
    {
        var app = (YMap)Output(LoadCase("streams-app")).Items[0];
        var values = (YMap)app["values"];
        Assert.Equal(false, ((YScalar)values["statefulSet"]).Value);
        Assert.True(((YMap)app["from"])["components"] is YMap { Count: 0 });
        Assert.True(((YMap)app["to"])["models"] is YMap { Count: 1 });
        var errorTopic = (YMap)((YMap)((YMap)app["to"])["topics"])["streams-app-processor-error"];
        Assert.True(errorTopic["configs"] is YMap { Count: 0 });
        Assert.True(((YMap)values["javaOptions"])["others"] is YSeq { Items.Count: 0 });
        Assert.False(values.ContainsKey("commandLine"));
        Assert.False(values.ContainsKey("env"));
    }

    [Fact]
    public void Producer_without_models_still_prints_an_empty_models_mapping()
    {
        var producer = (YMap)Output(LoadCase("producer-app")).Items[1];
        Assert.True(((YMap)producer["to"])["models"] is YMap { Count: 0 });
    }

    [Fact]
    public void Nulls_are_left_out()
    {
        var yaml = ResourcePipelines.Generate(LoadCase("helm-app")) + ResourcePipelines.Generate(LoadCase("connectors"));
        Assert.DoesNotContain("null", yaml);
        Assert.DoesNotContain("from:", yaml);
    }

    [Fact]
    public void Connector_values_are_strings()
    {
        foreach (var connector in Output(LoadCase("connectors")).Items.Cast<YMap>())
        {
            Assert.All((YMap)connector["config"], pair => Assert.IsType<string>(((YScalar)pair.Value).Value));
        }
    }

    [Fact]
    public void Urls_are_normalised_in_the_output()
    {
        Assert.Contains("schemaRegistryUrl: http://schema-registry.kafka:8081/", ResourcePipelines.Generate(LoadCase("streams-app")));
    }

    [Fact]
    public void Unset_environment_variable_in_a_namespace_is_printed_as_written_and_refused_where_it_reaches_a_service()
    {
        var pipeline = ResourcePipelines.Load(GenerateRoot, "pipelines/helm-app/pipeline.yaml");
        Assert.Contains("namespace: ${NAMESPACE}", ResourcePipelines.Generate(pipeline), StringComparison.Ordinal);
        var e = Assert.Throws<KPops.Engine.Errors.KPopsException>(() => pipeline.Inventory.Of(pipeline.Components[0]));
        Assert.Equal(KPops.Engine.Errors.ErrorIds.UnresolvedPlaceholder, e.ErrorId);
        Assert.Contains("${NAMESPACE}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_given_to_the_load_are_used()
    {
        var pipeline = ResourcePipelines.Load(GenerateRoot, "pipelines/helm-app/pipeline.yaml", new Dictionary<string, string> { ["NAMESPACE"] = "prod" });
        Assert.Equal("prod", pipeline.Components[0].Namespace);
    }

    [Fact]
    public void Cleaner_defaults_never_reach_the_output()
    {
        foreach (var name in new[] { "streams-app", "producer-app", "consumer-app" })
            Assert.DoesNotContain("cleanerOnly", ResourcePipelines.Generate(LoadCase(name)));
    }

    [Fact]
    public void ToDictionary_holds_what_ToYaml_prints()
    {
        var component = LoadCase("streams-app").Components[0];
        var fromDictionary = YNodeConverter.FromDotNet(component.ToDictionary());
        YamlAssert.Equivalent(YamlReader.Read(component.ToYaml(), "c.yaml"), new YSeq([fromDictionary]));
    }

    [Fact]
    public void Word_count_example_matches_its_golden_file()
    {
        var examples = Path.Combine(TestPaths.RepositoryRoot, "examples");
        var pipeline = ResourcePipelines.Load(examples, "word-count");
        var expected = File.ReadAllText(Path.Combine(TestPaths.Resources, "word-count", "expected.yaml"));
        YamlAssert.Equivalent(expected, ResourcePipelines.Generate(pipeline));
    }

    [Fact]
    public void Word_count_example_is_woven_producer_to_streams_app_to_sink()
    {
        var pipeline = ResourcePipelines.Load(Path.Combine(TestPaths.RepositoryRoot, "examples"), "word-count");
        Assert.Equal(["data-producer", "word-count-app", "redis-sink-connector"], pipeline.Components.Select(c => c.Name));
        Assert.Equal(["word-count-data-producer-topic"], pipeline.Components[1].InputTopics);
        Assert.Equal("word-count-word-count-app-topic", pipeline.Components[2].Config!["topics"]);
        Assert.Equal([["data-producer"], ["word-count-app"], ["redis-sink-connector"]],
            pipeline.Graph.Levels(pipeline.Components).Select(l => l.Select(c => c.Name).ToList()).ToList());
    }
}
