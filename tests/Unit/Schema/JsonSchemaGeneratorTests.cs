using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using KPops.Engine.Model.Types;
using KPops.Engine.Schema;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Schema;

/// <summary>The JSON Schemas of pipeline, defaults and config files: valid schemas that accept the example files and refuse what the loader refuses.</summary>
public sealed class JsonSchemaGeneratorTests
{
    private static JsonSchema SchemaOf(SchemaKind kind, ComponentTypeRegistry? registry = null) =>
        JsonSchema.FromText(JsonSchemaGenerator.Generate(kind, registry ?? ComponentTypeRegistry.CreateDefault()));

    // YAML as the editors' YAML language servers see it: the same tree as JSON.
    private static JsonElement Json(string yaml) =>
        JsonSerializer.SerializeToElement(YNodeConverter.ToDotNet(YamlReader.Read(yaml, "test.yaml") ?? new YMap()));

    private static JsonElement JsonOfFile(string relativePath) =>
        Json(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, relativePath)));

    private static EvaluationResults Evaluate(JsonSchema schema, JsonElement instance) =>
        schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static void AssertValid(JsonSchema schema, JsonElement instance, string what)
    {
        var result = Evaluate(schema, instance);
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(20);
        Assert.True(result.IsValid, $"{what} does not validate:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [InlineData(SchemaKind.Pipeline)]
    [InlineData(SchemaKind.Defaults)]
    [InlineData(SchemaKind.Config)]
    public void Each_schema_is_draft_07(SchemaKind kind)
    {
        var schema = JsonNode.Parse(JsonSchemaGenerator.Generate(kind, ComponentTypeRegistry.CreateDefault()))!;

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
    }

    // Pipelines that set every required field themselves (others take some from their defaults files, which a
    // schema of the pipeline file alone cannot know).
    [Theory]
    [InlineData("examples/word-count/pipeline.yaml")]
    [InlineData("tests/Unit/Resources/generate/pipelines/helm-app/pipeline.yaml")]
    [InlineData("tests/Unit/Resources/generate/pipelines/connectors/pipeline.yaml")]
    public void Example_pipelines_validate_against_the_pipeline_schema(string file)
    {
        AssertValid(SchemaOf(SchemaKind.Pipeline), JsonOfFile(file), file);
    }

    [Theory]
    [InlineData("examples/defaults.yaml")]
    [InlineData("examples/defaults_demo.yaml")]
    [InlineData("examples/word-count/defaults.yaml")]
    [InlineData("examples/word-count-v2/defaults.yaml")]
    [InlineData("tests/Unit/Resources/conformance/pipelines/fraud-v2/defaults.yaml")]
    [InlineData("tests/Unit/Resources/generate/pipelines/defaults.yaml")]
    public void Example_defaults_validate_against_the_defaults_schema(string file)
    {
        AssertValid(SchemaOf(SchemaKind.Defaults), JsonOfFile(file), file);
    }

    // Whole configurations (config_<env>.yaml files only add to one).
    [Theory]
    [InlineData("examples/config.yaml")]
    [InlineData("tests/Unit/Resources/generate/config.yaml")]
    public void Example_configs_validate_against_the_config_schema(string file)
    {
        AssertValid(SchemaOf(SchemaKind.Config), JsonOfFile(file), file);
    }

    [Fact]
    public void An_unknown_component_type_does_not_validate()
    {
        Assert.False(Evaluate(SchemaOf(SchemaKind.Pipeline), Json("- type: streams-appp\n  name: app\n")).IsValid);
    }

    [Fact]
    public void A_misspelt_config_setting_does_not_validate()
    {
        Assert.False(Evaluate(SchemaOf(SchemaKind.Config), Json("kafka_brokers: b:9092\nschema_registery:\n  enabled: true\n")).IsValid);
    }

    [Fact]
    public void A_config_without_its_required_setting_does_not_validate()
    {
        Assert.False(Evaluate(SchemaOf(SchemaKind.Config), Json("create_namespace: true\n")).IsValid);
    }

    [Fact]
    public void A_custom_type_is_a_component_type_of_the_pipeline_and_defaults_schemas()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("filter", "streams-app");
        var pipeline = Json("- type: filter\n  name: app\n  namespace: ns\n");
        var defaults = Json("filter:\n  values:\n    image: registry/filter\n");

        AssertValid(SchemaOf(SchemaKind.Pipeline, registry), pipeline, "a filter component");
        AssertValid(SchemaOf(SchemaKind.Defaults, registry), defaults, "filter defaults");
        Assert.False(Evaluate(SchemaOf(SchemaKind.Pipeline), pipeline).IsValid);
    }
}
