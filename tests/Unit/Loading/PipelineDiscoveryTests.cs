using KPops.Engine.Loading;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>Finding pipeline files, the working and config directories, and KPOPS_* request defaults (§1.3, §2.3).</summary>
public sealed class PipelineDiscoveryTests : IDisposable
{
    private const string App = "- type: helm-app\n  name: app\n  chart: c/c\n";

    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Folder_is_searched_recursively_in_sorted_order()
    {
        _ws.Write("pipelines/b/pipeline.yaml", App);
        _ws.Write("pipelines/a/two/pipeline.yaml", App);
        _ws.Write("pipelines/a/one/pipeline.yaml", App);
        _ws.Write("pipelines/a/one/pipeline_dev.yaml", App);
        _ws.Write("pipelines/a/one/other.yaml", App);
        var files = PipelineLoader.FindPipelineFiles(["pipelines"], _ws.Root);
        Assert.Equal([_ws.PathOf("pipelines/a/one/pipeline.yaml"), _ws.PathOf("pipelines/a/two/pipeline.yaml"), _ws.PathOf("pipelines/b/pipeline.yaml")], files);
    }

    [Fact]
    public void File_path_is_used_as_given_whatever_its_name()
    {
        _ws.Write("pipelines/x/custom-name.yaml", App);
        var pipeline = _ws.Load("pipelines/x/custom-name.yaml");
        Assert.Equal("x", pipeline.Name);
    }

    [Fact]
    public void Several_paths_are_loaded_in_the_order_given()
    {
        _ws.Write("pipelines/z/pipeline.yaml", App);
        _ws.Write("pipelines/a/pipeline.yaml", App);
        var results = PipelineLoader.Load(_ws.Request(["pipelines/z/pipeline.yaml", "pipelines/a/pipeline.yaml"]));
        Assert.Equal(["z", "a"], results.Select(r => r.Pipeline!.Name));
    }

    [Fact]
    public void Symlinked_pipeline_folder_loads_like_the_original()
    {
        _ws.Write("pipelines/real/pipeline.yaml", App);
        Directory.CreateSymbolicLink(_ws.PathOf("pipelines/link"), _ws.PathOf("pipelines/real"));
        var viaLink = _ws.Load("pipelines/link/pipeline.yaml");
        Assert.Equal("real", viaLink.Name);
        Assert.Equal(_ws.PathOf("pipelines/real/pipeline.yaml"), viaLink.FilePath);
        Assert.Equal("real-app", viaLink.Components[0].FullName);
    }

    [Fact]
    public void Base_dir_is_relative_to_the_working_directory_not_the_config_directory()
    {
        _ws.Write("settings/config.yaml", "pipeline_base_dir: pipelines\nkafka_brokers: b:9092\n");
        _ws.Write("pipelines/demo/pipeline.yaml", App);
        var pipeline = PipelineLoader.LoadOne(_ws.Request([Workspace.PipelinePath]) with { ConfigDirectory = "settings" });
        Assert.Equal(_ws.PathOf("pipelines"), pipeline.BaseDirectory);
        Assert.Equal("demo", pipeline.Name);
    }

    [Fact]
    public void Config_directory_defaults_to_the_working_directory()
    {
        _ws.Write("config.yaml", "pipeline_base_dir: pipelines\nkafka_brokers: from-working-dir:9092\n");
        _ws.Write(Workspace.PipelinePath, App);
        Assert.Equal("from-working-dir:9092", _ws.Load().Config.KafkaBrokers);
    }

    [Fact]
    public void Kpops_variables_fill_in_what_the_request_leaves_open()
    {
        _ws.Env["KPOPS_PIPELINE_PATHS"] = "pipelines/a/pipeline.yaml, pipelines/b/pipeline.yaml";
        _ws.Env["KPOPS_CONFIG_PATH"] = "settings";
        _ws.Env["kpops_environment"] = "dev";
        _ws.Env["KPOPS_DOTENV_PATH"] = "one.env,two.env";
        var request = _ws.Request([]).WithKpopsEnvironmentDefaults();
        Assert.Equal(["pipelines/a/pipeline.yaml", "pipelines/b/pipeline.yaml"], request.Paths);
        Assert.Equal("settings", request.ConfigDirectory);
        Assert.Equal("dev", request.Environment);
        Assert.Equal(["one.env", "two.env"], request.DotEnvFiles);
    }

    [Fact]
    public void Explicit_request_values_win_over_kpops_variables()
    {
        _ws.Env["KPOPS_PIPELINE_PATHS"] = "from-env";
        _ws.Env["KPOPS_ENVIRONMENT"] = "dev";
        var request = (_ws.Request(["given"], environment: "prod")).WithKpopsEnvironmentDefaults();
        Assert.Equal(["given"], request.Paths);
        Assert.Equal("prod", request.Environment);
    }

    [Fact]
    public void Unknown_top_level_keys_are_kept()
    {
        _ws.Write(Workspace.PipelinePath, App + "  owner: team-data\n");
        var component = Assert.Single(_ws.Load().Components);
        Assert.Contains("owner: team-data", component.ToYaml());
    }

    [Fact]
    public void From_underscore_is_accepted_as_from()
    {
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n  from_:\n    topics:\n      in: {}\n");
        var component = Assert.Single(_ws.Load().Components);
        Assert.Equal(["in"], component.InputTopics);
        Assert.Contains("from:", component.ToYaml());
    }

    [Fact]
    public void From_and_from_underscore_together_are_an_error()
    {
        var e = _ws.LoadError("- type: streams-app\n  name: app\n  from: {}\n  from_: {}\n");
        Assert.Equal(KPops.Engine.Errors.ErrorIds.InvalidFieldValue, e.ErrorId);
        Assert.Equal(4, e.Location!.Line);
        Assert.Contains("Keep 'from'", e.Hint);
    }

    [Fact]
    public void Image_tag_warning_for_a_missing_or_latest_tag()
    {
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: pinned\n- type: streams-app\n  name: latest\n  values:\n    imageTag: latest\n");
        var result = Assert.Single(PipelineLoader.Load(_ws.Request([Workspace.PipelinePath])));
        Assert.Contains(result.Warnings, w => w.Contains("'latest'", StringComparison.Ordinal) && w.Contains("imageTag", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("'pinned'", StringComparison.Ordinal));
    }

    [Fact]
    public void Deprecated_v10_connector_settings_are_ignored_with_a_warning()
    {
        _ws.Write(Workspace.PipelinePath, "- type: kafka-sink-connector\n  name: sink\n  config:\n    connector.class: a.B\n  resetter_values:\n    x: 1\n");
        var result = Assert.Single(PipelineLoader.Load(_ws.Request([Workspace.PipelinePath])));
        Assert.NotNull(result.Pipeline);
        Assert.Contains(result.Warnings, w => w.Contains("resetter_values", StringComparison.Ordinal));
        Assert.DoesNotContain("resetter_values", result.Pipeline.Components[0].ToYaml());
    }
}
