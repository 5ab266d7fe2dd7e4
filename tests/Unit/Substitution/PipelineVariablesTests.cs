using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Substitution;

/// <summary>${pipeline.*}, ${environment} and dotenv variables (§4.3).</summary>
public sealed class PipelineVariablesTests : IDisposable
{
    private const string VariablesApp = """
        - type: helm-app
          name: app
          chart: repo/chart
          values:
            name: ${pipeline.name}
            parent: ${pipeline.parent.name}
            level0: ${pipeline.name_0}
            level1: ${pipeline.name_1}
            env: ${environment}
            path: ${pipeline.path}
        """;

    private readonly Workspace _ws = new(config: "pipeline_base_dir: tests/pipeline\nkafka_brokers: b:9092\n", defaults: null);

    public PipelineVariablesTests() => _ws.Write("tests/pipeline/defaults.yaml", Workspace.StandardDefaults);

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, object?> Values(string path, string? environment = null)
    {
        var values = Assert.Single(_ws.Load(path, environment).Components).Values!;
        return values.Keys.Cast<string>().ToDictionary(k => k, k => values[k]);
    }

    [Fact]
    public void Pipeline_variables_follow_the_folder_below_the_base_dir()
    {
        const string file = "tests/pipeline/resources/first-pipeline/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        var values = Values(file, environment: "development");
        Assert.Equal("resources-first-pipeline", values["name"]);
        Assert.Equal("resources", values["parent"]);
        Assert.Equal("resources", values["level0"]);
        Assert.Equal("first-pipeline", values["level1"]);
        Assert.Equal("development", values["env"]);
        Assert.Equal(_ws.PathOf(file), values["path"]);
    }

    [Fact]
    public void Pipeline_name_is_the_prefix_and_the_topic_name_base()
    {
        const string file = "tests/pipeline/resources/first-pipeline/pipeline.yaml";
        _ws.Write(file, "- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    t: ${output_topic_name}\n");
        var component = Assert.Single(_ws.Load(file).Components);
        Assert.Equal("resources-first-pipeline-", component.Prefix);
        Assert.Equal("resources-first-pipeline-app", component.Values!["t"]);
        Assert.Equal("resources-first-pipeline", component.PipelineName);
    }

    [Fact]
    public void Single_level_pipeline_has_an_empty_parent_name_which_reads_as_null_when_plain()
    {
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        var values = Values(file);
        Assert.Equal("single", values["name"]);
        Assert.Null(values["parent"]);   // `parent: ` after substituting the file text
        Assert.Equal("single", values["level0"]);
        Assert.Equal("${pipeline.name_1}", values["level1"]);
    }

    [Fact]
    public void Deep_pipeline_parent_name_joins_all_but_the_last_folder()
    {
        const string file = "tests/pipeline/a/b/c/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        var values = Values(file);
        Assert.Equal("a-b-c", values["name"]);
        Assert.Equal("a-b", values["parent"]);
        Assert.Equal("a", values["level0"]);
        Assert.Equal("b", values["level1"]);
    }

    [Fact]
    public void Environment_placeholder_stays_literal_without_an_environment()
    {
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        Assert.Equal("${environment}", Values(file)["env"]);
    }

    [Fact]
    public void Each_pipeline_of_a_folder_gets_its_own_name()
    {
        _ws.Write("tests/pipeline/folder/one/pipeline.yaml", VariablesApp);
        _ws.Write("tests/pipeline/folder/two/pipeline.yaml", VariablesApp);
        var results = KPops.Engine.Loading.PipelineLoader.Load(_ws.Request(["tests/pipeline/folder"]));
        Assert.Equal(["folder-one", "folder-two"], results.Select(r => r.Pipeline!.Name));
        Assert.Equal(["folder-one", "folder-two"], results.Select(r => (string)r.Pipeline!.Components[0].Values!["name"]!));
    }

    [Fact]
    public void Dotenv_values_are_usable_as_placeholders()
    {
        _ws.Write(".env", "TEAM=from-dotenv\nREGION=eu\n");
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, "- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    team: ${TEAM}\n    region: $REGION\n");
        var values = Assert.Single(_ws.Load(file, dotEnvFiles: [".env"]).Components).Values!;
        Assert.Equal("from-dotenv", values["team"]);
        Assert.Equal("eu", values["region"]);
    }

    [Fact]
    public void Real_environment_wins_over_dotenv()
    {
        _ws.Write(".env", "TEAM=from-dotenv\n");
        _ws.Env["TEAM"] = "from-env";
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, "- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    team: ${TEAM}\n");
        Assert.Equal("from-env", Assert.Single(_ws.Load(file, dotEnvFiles: [".env"]).Components).Values!["team"]);
    }

    [Fact]
    public void Later_dotenv_file_wins_for_placeholders()
    {
        _ws.Write("first.env", "TEAM=first\nONLY_FIRST=1\n");
        _ws.Write("second.env", "TEAM=second\n");
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, "- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    team: ${TEAM}\n    first: \"${ONLY_FIRST}\"\n");
        var values = Assert.Single(_ws.Load(file, dotEnvFiles: ["first.env", "second.env"]).Components).Values!;
        Assert.Equal("second", values["team"]);
        Assert.Equal("1", values["first"]);
    }

    [Fact]
    public void Pipeline_variables_win_over_environment_variables_of_the_same_name()
    {
        _ws.Env["pipeline.name"] = "from-env";
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        Assert.Equal("single", Values(file)["name"]);
    }

    [Fact]
    public void Missing_dotenv_file_is_FileNotFound()
    {
        const string file = "tests/pipeline/single/pipeline.yaml";
        _ws.Write(file, VariablesApp);
        var e = Assert.Throws<KPopsException>(() => _ws.Load(file, dotEnvFiles: ["missing.env"]));
        Assert.Equal(ErrorIds.FileNotFound, e.ErrorId);
        Assert.Contains("missing.env", e.Message);
    }
}
