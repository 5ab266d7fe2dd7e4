using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Hostile;

/// <summary>
/// What hostile input must not break and valid KPOps projects must keep: searches that end, pipelines loaded once,
/// trees of any depth handled without recursion, names KPOps accepts still accepted, limits that can be raised.
/// </summary>
public sealed class HostileBehaviourTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static void OnSmallStack(Action action)
    {
        var (error, _) = Bounded.Run(action);
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    // ---- the file system ------------------------------------------------------------------------------------

    [Fact]
    public void Links_to_the_folder_itself_are_not_followed_and_the_pipeline_is_found_once()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Directory.CreateSymbolicLink(_ws.PathOf("pipelines/demo/self1"), _ws.PathOf("pipelines/demo"));
        Directory.CreateSymbolicLink(_ws.PathOf("pipelines/demo/self2"), ".");
        IReadOnlyList<string> files = [];
        OnSmallStack(() => files = PipelineLoader.FindPipelineFiles(["pipelines"], _ws.Root));
        Assert.Equal([_ws.PathOf(Workspace.PipelinePath)], files);
    }

    [Fact]
    public void A_link_to_a_parent_folder_is_not_followed()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Directory.CreateSymbolicLink(_ws.PathOf("pipelines/demo/up"), _ws.PathOf("pipelines"));
        Assert.Single(PipelineLoader.FindPipelineFiles(["pipelines"], _ws.Root));
    }

    [Fact]
    public void A_pipeline_given_twice_is_loaded_once()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        var results = PipelineLoader.Load(_ws.Request([Workspace.PipelinePath, "pipelines/demo/../demo/pipeline.yaml", "pipelines"]));
        Assert.Single(results);
    }

    [Fact]
    public void A_file_link_to_a_pipeline_found_in_the_search_is_loaded_once()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Directory.CreateDirectory(_ws.PathOf("pipelines/other"));
        File.CreateSymbolicLink(_ws.PathOf("pipelines/other/pipeline.yaml"), _ws.PathOf(Workspace.PipelinePath));
        Assert.Single(PipelineLoader.FindPipelineFiles(["pipelines"], _ws.Root));
    }

    [Fact]
    public void A_dangling_folder_link_is_passed_by()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Directory.CreateSymbolicLink(_ws.PathOf("pipelines/gone"), _ws.PathOf("nowhere"));
        Assert.Single(PipelineLoader.FindPipelineFiles(["pipelines"], _ws.Root));
    }

    [Fact]
    public void Permission_denied_becomes_an_error_that_names_the_file()
    {
        var e = InputFile.Failure(new UnauthorizedAccessException("Access to the path is denied."), "/p/.env");
        Assert.Equal(ErrorIds.FileUnreadable, e.ErrorId);
        Assert.Equal("/p/.env", e.Location!.File);
        Assert.Contains("permission denied", e.Message);
    }

    [Fact]
    public void A_file_read_through_a_link_is_read()
    {
        _ws.Write("real-defaults.yaml", Workspace.StandardDefaults);
        File.Delete(_ws.PathOf("pipelines/defaults.yaml"));
        File.CreateSymbolicLink(_ws.PathOf("pipelines/defaults.yaml"), _ws.PathOf("real-defaults.yaml"));
        Assert.Equal("test-ns", _ws.LoadSingle(Loads.App()).Namespace);
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_and_utf16_files_are_read()
    {
        Assert.Equal("x: é\n", InputFile.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("x: é\n")], "bom.yaml"));
        Assert.Equal("x: é\n", InputFile.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("x: é\n")], "utf16.yaml"));
    }

    // ---- trees of any depth ---------------------------------------------------------------------------------

    [Fact]
    public void The_deepest_allowed_values_load_and_print_on_a_small_stack()
    {
        // The pipeline list, the component and values take three of the 512 levels.
        var values = "  values:\n    deep: " + new string('[', 509) + "x" + new string(']', 509) + "\n";
        OnSmallStack(() =>
        {
            var component = _ws.LoadSingle(Loads.App(values));
            Assert.Contains("deep", component.ToYaml(), StringComparison.Ordinal);
            Assert.NotNull(component.ToDictionary());
            Assert.True(component.Data.ValueEquals(component.Data.DeepClone()));
        });
    }

    [Fact]
    public void A_raised_depth_limit_loads_deeper_values_on_a_small_stack()
    {
        _ws.Env["KPOPS_LIMITS__MAX_DEPTH"] = "2048";
        var values = "  values:\n    deep: " + new string('[', 2000) + "x" + new string(']', 2000) + "\n";
        OnSmallStack(() => Assert.Contains("deep", _ws.LoadSingle(Loads.App(values)).ToYaml(), StringComparison.Ordinal));
    }

    /// <summary>A list nested <paramref name="depth"/> deep, built without recursion.</summary>
    private static YSeq Nested(int depth)
    {
        var root = new YSeq();
        var current = root;
        for (var i = 1; i < depth; i++)
        {
            var next = new YSeq();
            current.Items.Add(new YScalar("${x}"));
            current.Items.Add(next);
            current = next;
        }
        return root;
    }

    [Fact]
    public void Tree_operations_do_not_recurse()
    {
        const int Depth = 100_000;
        OnSmallStack(() =>
        {
            var tree = Nested(Depth);
            var copy = tree.DeepClone();
            Assert.True(tree.ValueEquals(copy));
            Assert.Empty(YTreeDiff.Differences(Nested(5_000), Nested(5_000)));   // its paths grow with the depth
            // Block YAML indents every level, so the text grows with the square of the depth: written less deep.
            Assert.NotEmpty(YamlWriter.Write(Nested(2_000)));
            var dotNet = YNodeConverter.ToDotNet(tree);
            Assert.True(YNodeConverter.FromDotNet(dotNet, maxDepth: Depth + 1).ValueEquals(tree));
            var variables = new VariableTable();
            variables.Set("x", "y");
            Substitutor.SubstituteTree(copy, variables, retypePlain: false);
            Assert.NotEmpty(VariableTable.PythonText(copy));
            variables.AddFlattened("deep", new YMap { ["list"] = copy });
        });
    }

    [Fact]
    public void Json_trees_built_in_code_convert_without_recursion()
    {
        // Built from the inside out: System.Text.Json itself walks up the parents when a node is added below them.
        JsonNode root = new JsonArray();
        for (var i = 0; i < 100_000; i++) root = new JsonArray(root);
        OnSmallStack(() => Assert.IsType<YSeq>(ConfigLoader.FromJson(root)));
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused()
    {
        var list = new ArrayList();
        list.Add(list);
        Assert.Equal(ErrorIds.NestingTooDeep, Assert.Throws<KPopsException>(() => YNodeConverter.FromDotNet(list)).ErrorId);
    }

    // ---- what KPOps accepts stays accepted -------------------------------------------------------------------

    [Theory]
    [InlineData("- type: helm-app\n  name: my.app-1\n  chart: oci://registry.example.com/charts/app\n  version: 1.2.3-rc.1\n")]
    [InlineData("- type: helm-app\n  name: app\n  chart: ./charts/local\n  namespace: default\n")]
    [InlineData("- type: helm-app\n  name: app\n  chart: repo/chart\n  prefix: \"\"\n")]
    [InlineData("- type: helm-app\n  name: app\n  chart: repo/chart\n  repo_config:\n    repository_name: my_repo.1\n    url: https://charts.example.com/x?y=1\n")]
    [InlineData("- type: kafka-sink-connector\n  name: My Sink (JDBC) #1\n  config:\n    connector.class: io.example.Sink\n")]
    [InlineData("- type: kafka-source-connector\n  name: src.1\n  prefix: Team_A-\n  config:\n    connector.class: io.example.Source\n")]
    [InlineData("- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n        partitions_count: 1\n        replication_factor: 1\n        configs: {retention.ms: -1, cleanup.policy: compact}\n")]
    [InlineData("- type: helm-app\n  name: app\n  chart: repo/chart\n  values: !!map {a: !!seq [1]}\n")]
    public void Pipelines_KPOps_accepts_still_load(string yaml) => Assert.NotEmpty(_ws.LoadPipeline(yaml).Components);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod-eu_1")]
    [InlineData("v1.2")]
    public void Plain_environment_names_are_accepted(string environment)
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Assert.Single(_ws.Load(environment: environment).Components);
    }

    [Fact]
    public void Settings_KPOps_accepts_still_load()
    {
        _ws.Write("config.yaml", Loads.Config("""
            kafka_connect:
              url: https://connect.example.com:8083/base
              timeout: 0.5
            schema_registry:
              url: http://registry
              timeout: 86400
            helm_config:
              context: kind-kpops
              timeout: 5m30s
              api_version: "1.29"
            strimzi_topic:
              label: {strimzi.io/cluster: c}
              namespace: kafka
            """));
        _ws.Write(Workspace.PipelinePath, Loads.App());
        Assert.Single(_ws.Load().Components);
    }

    // ---- limits ---------------------------------------------------------------------------------------------

    [Fact]
    public void Limits_default_when_not_configured()
    {
        _ws.Write(Workspace.PipelinePath, Loads.App());
        var config = PipelineLoader.LoadConfig(_ws.Request([Workspace.PipelinePath])).Config;
        Assert.Equal(YamlLimits.Default, config.ReadLimits);
        Assert.Equal(SubstitutionBudget.DefaultMaxLength, config.NewSubstitutionBudget().MaxLength);
    }

    [Fact]
    public void Limits_are_read_from_config_yaml_and_KPOPS_variables()
    {
        _ws.Write("config.yaml", Loads.Config("limits:\n  max_aliases: 7\n  max_substitution_work: 2000000\n"));
        _ws.Env["KPOPS_LIMITS__MAX_DEPTH"] = "100";
        var config = PipelineLoader.LoadConfig(_ws.Request([Workspace.PipelinePath])).Config;
        Assert.Equal(new YamlLimits { MaxDepth = 100, MaxAliases = 7 }, config.ReadLimits);
        Assert.Equal(2_000_000, config.NewSubstitutionBudget().MaxTotal);
    }

    [Fact]
    public void Each_pipeline_gets_its_own_substitution_budget()
    {
        _ws.Write("config.yaml", Loads.Config("limits:\n  max_substitution_work: 1048576\n"));
        _ws.Env["BIG"] = new string('b', 700_000);
        const string Pipeline = "- type: helm-app\n  name: app\n  chart: repo/chart\n  values:\n    v: ${BIG}\n";
        _ws.Write("pipelines/one/pipeline.yaml", Pipeline);
        _ws.Write("pipelines/two/pipeline.yaml", Pipeline);
        var results = PipelineLoader.Load(_ws.Request(["pipelines/one/pipeline.yaml", "pipelines/two/pipeline.yaml"]));
        Assert.All(results, r => Assert.Null(r.Error));
    }

    // ---- messages -------------------------------------------------------------------------------------------

    [Fact]
    public void Echo_cuts_long_values_and_says_how_long_they_were()
    {
        var shown = Echo.Quote(new string('a', 1_000_000));
        Assert.StartsWith("'" + new string('a', Echo.MaxLength) + "…", shown);
        Assert.Contains("1,000,000 characters", shown);
    }

    [Fact]
    public void Echo_escapes_line_breaks_and_terminal_sequences() =>
        Assert.Equal("'app\\n\\u001b[2J\\u202e'", Echo.Quote("app\n\u001b[2J\u202e"));

    [Fact]
    public void A_huge_message_is_cut_in_the_middle()
    {
        var e = new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "start " + new string('x', 10_000_000) + " end", hint: new string('h', 10_000));
        Assert.True(e.Message.Length <= KPopsException.MaxMessageLength);
        Assert.StartsWith("start ", e.Message);
        Assert.EndsWith(" end", e.Message);
        Assert.True(e.Hint!.Length <= KPopsException.MaxHintLength);
    }

    [Fact]
    public void Many_problems_are_summarised_with_a_count()
    {
        var errors = Enumerable.Range(0, 100).Select(i => new KPopsException(ErrorIds.UnknownField, ErrorKind.InvalidData, $"problem {i}")).ToList();
        var aggregate = new KPopsAggregateException(errors);
        Assert.Contains("and 97 more", aggregate.Message);
        Assert.Equal(100, aggregate.Errors.Count);
    }
}
