using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Conformance;

/// <summary>
/// Our own equivalents of KPOps 11's generate snapshot cases (tests/pipeline/snapshots/test_generate) and of its two
/// example projects: each case under <c>Resources/conformance/pipelines</c> exercises the rule of one KPOps case with
/// files of its own, and its generate output must equal <c>Resources/conformance/expected/&lt;case&gt;.yaml</c> as
/// parsed YAML. The expected files follow what KPOps prints for such input (its snapshots are the reference).
/// After an intended change, <c>KPOPS_UPDATE_GOLDEN=1 dotnet test tests/Unit --filter "FullyQualifiedName~ConformanceTests"</c>
/// rewrites them in the source tree; review the diff before committing.
/// </summary>
public class ConformanceTests
{
    private static string Root => Path.Combine(TestPaths.Resources, "conformance");

    private static string SourceRoot => Path.Combine(TestPaths.RepositoryRoot, "tests", "Unit", "Resources", "conformance");

    /// <summary>One case: the KPOps case it stands for, the paths given to the load, environment and config folder.</summary>
    public sealed record ConformanceCase(string Name, string KpopsCase, string[] Paths, string? Environment = null, string? ConfigDirectory = null)
    {
        public override string ToString() => $"{Name} ({KpopsCase})";
    }

    private static readonly ConformanceCase[] All =
    [
        new("load-pipeline", "test_load_pipeline", ["pipelines/load-pipeline/pipeline.yaml"]),
        new("folders", "test_load_pipeline_with_folder_path", ["pipelines/folders"]),
        new("folders-listed", "test_load_pipeline_with_multiple_pipeline_paths",
            ["pipelines/folders/third/pipeline.yaml", "pipelines/folders/first/pipeline.yaml", "pipelines/folders/second/pipeline.yaml"]),
        new("with-envs", "test_pipelines_with_envs", ["pipelines/with-envs/pipeline.yaml"], "staging"),
        new("inflate", "test_inflate_pipeline", ["pipelines/inflate/pipeline.yaml"]),
        new("substitution", "test_substitute_in_component", ["pipelines/substitution/pipeline.yaml"]),
        new("pattern-input", "test_no_input_topic", ["pipelines/pattern-input/pipeline.yaml"]),
        new("built-in-only", "test_no_user_defined_components", ["pipelines/built-in-only/pipeline.yaml"]),
        new("sink-weave", "test_kafka_connect_sink_weave_from_topics", ["pipelines/sink-weave/pipeline.yaml"]),
        new("source-in-middle", "test_kafka_connect_source_in_middle_of_pipeline", ["pipelines/source-in-middle/pipeline.yaml"]),
        new("read-from-component", "test_read_from_component", ["pipelines/read-from-component/pipeline.yaml"]),
        new("env-defaults", "test_with_env_defaults", ["pipelines/env-defaults/pipeline.yaml"], "staging"),
        new("component-prefix", "test_prefix_pipeline_component", ["pipelines/component-prefix/pipeline.yaml"]),
        new("custom-config", "test_with_custom_config_with_relative_defaults_path", ["pipelines/custom-config/pipeline.yaml"], "staging", "pipelines/custom-config"),
        new("custom-config-absolute", "test_with_custom_config_with_absolute_defaults_path", ["pipelines/custom-config/pipeline.yaml"], "staging", "<absolute>pipelines/custom-config"),
        new("default-config", "test_default_config", ["pipelines/custom-config/pipeline.yaml"], "staging"),
        new("serialization", "test_model_serialization", ["pipelines/serialization/pipeline.yaml"]),
        new("streams-bootstrap", "test_streams_bootstrap", ["pipelines/streams-bootstrap/pipeline.yaml"]),
        new("word-count", "test_example word-count", ["pipelines/word-count/pipeline.yaml"], ConfigDirectory: "pipelines/word-count"),
        new("fraud", "test_example atm-fraud (streams-bootstrap 3 types)", ["pipelines/fraud/pipeline.yaml"]),
        new("fraud-v2", "test_example atm-fraud (streams-bootstrap 2 types, as KPOps' example is written)", ["pipelines/fraud-v2/pipeline.yaml"]),
    ];

    public static TheoryData<ConformanceCase> Cases
    {
        get
        {
            var data = new TheoryData<ConformanceCase>();
            foreach (var c in All) data.Add(c);
            return data;
        }
    }

    /// <summary>The custom types of the project; fan-out's inflate step is code, as KPOps' ShouldInflate is.</summary>
    internal static ComponentTypeRegistry Registry()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("fan-out", "streams-app", "Inflates into an archive sink per output topic and a replay app.", FanOut);
        return registry;
    }

    private static IReadOnlyList<object> FanOut(Component component)
    {
        var result = new List<object> { component };
        foreach (var topic in component.Topics.Where(t => t.Type == "output"))
        {
            result.Add(Entry($$"""
                type: kafka-sink-connector
                name: {{component.Name}}-archive
                config:
                  topics: {{topic.Name}}
                  archive.path: /archive/{{topic.Name}}
                to:
                  topics:
                    ${component.type}:
                      type: output
                    ${component.name}:
                      label: archive
                """));
            result.Add(Entry($$"""
                type: streams-app
                name: {{component.Name}}-replay
                to:
                  topics:
                    {{component.FullName}}-${component.name}:
                      type: output
                """));
        }
        return result;
    }

    private static YMap Entry(string yaml) => (YMap)YamlReader.Read(yaml, "fan-out inflate")!;

    private static IReadOnlyList<PipelineLoadResult> LoadResults(ConformanceCase c) => PipelineLoader.Load(new LoadRequest
    {
        Paths = c.Paths,
        WorkingDirectory = Root,
        ConfigDirectory = c.ConfigDirectory is { } config
            ? config.StartsWith("<absolute>", StringComparison.Ordinal) ? Path.Combine(Root, config["<absolute>".Length..]) : config
            : null,
        Environment = c.Environment,
        EnvironmentVariables = new Dictionary<string, string>(),
        Registry = Registry(),
    });

    internal static IReadOnlyList<Pipeline> Load(ConformanceCase c)
    {
        var results = LoadResults(c);
        var failure = results.FirstOrDefault(r => r.Error is not null);
        if (failure is not null) throw new Xunit.Sdk.XunitException($"{c}: {failure.FilePath} did not load: {failure.Error!.ErrorId}: {failure.Error.Message}");
        return results.Select(r => r.Pipeline!).ToList();
    }

    internal static ConformanceCase Named(string name) => All.Single(c => c.Name == name);

    private static string Generate(IEnumerable<Pipeline> pipelines) => string.Concat(pipelines.Select(ResourcePipelines.Generate));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_output_is_what_KPOps_prints(ConformanceCase c)
    {
        var actual = Generate(Load(c));
        var expectedPath = Path.Combine(Root, "expected", c.Name + ".yaml");
        if (Environment.GetEnvironmentVariable("KPOPS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceRoot, "expected", c.Name + ".yaml"), $"# {c.KpopsCase}: generated by the conformance tests, reviewed by hand\n" + actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with KPOPS_UPDATE_GOLDEN=1 and review the file.");
        YamlAssert.Equivalent(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loads_without_warnings(ConformanceCase c)
    {
        var results = LoadResults(c);
        Assert.All(results, r => Assert.Null(r.Error));
        // imageTag is pinned everywhere except where a case says otherwise, so warnings point at mistakes in the case.
        var warnings = results.SelectMany(r => r.Warnings).Where(w => !w.Contains("imageTag", StringComparison.Ordinal)).ToList();
        // Deprecated types are named once each, however many components use them.
        var deprecations = warnings.Where(w => w.Contains("is deprecated", StringComparison.Ordinal)).ToList();
        Assert.Equal(c.Name == "fraud-v2" ? 2 : 0, deprecations.Count);
        warnings = warnings.Except(deprecations).ToList();
        Assert.True(c.Name == "with-envs" ? warnings.Count == 1 : warnings.Count == 0, string.Join("\n", warnings));
    }
}
