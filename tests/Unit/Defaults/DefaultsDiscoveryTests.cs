using KPops.Engine.Loading;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Defaults;

/// <summary>Which defaults files a pipeline reads, and in which order (§2.2).</summary>
public sealed class DefaultsDiscoveryTests : IDisposable
{
    private const string App = "- type: helm-app\n  name: app\n  chart: c/c\n";

    private readonly Workspace _ws = new(defaults: null);

    public void Dispose() => _ws.Dispose();

    private void WriteAllSix()
    {
        foreach (var dir in new[] { "pipelines/a/b", "pipelines/a", "pipelines" })
        {
            _ws.Write(dir + "/defaults.yaml", "kubernetes-app:\n  namespace: ns\n");
            _ws.Write(dir + "/defaults_dev.yaml", "kubernetes-app:\n  namespace: ns\n");
        }
    }

    [Fact]
    public void Files_are_found_from_the_pipeline_folder_up_to_the_base_dir_env_file_first()
    {
        WriteAllSix();
        var files = DefaultsSource.Discover(_ws.PathOf("pipelines/a/b"), _ws.PathOf("pipelines"), "dev");
        Assert.Equal(
        [
            _ws.PathOf("pipelines/a/b/defaults_dev.yaml"),
            _ws.PathOf("pipelines/a/b/defaults.yaml"),
            _ws.PathOf("pipelines/a/defaults_dev.yaml"),
            _ws.PathOf("pipelines/a/defaults.yaml"),
            _ws.PathOf("pipelines/defaults_dev.yaml"),
            _ws.PathOf("pipelines/defaults.yaml"),
        ], files);
    }

    [Fact]
    public void Loaded_pipeline_uses_the_same_six_files()
    {
        WriteAllSix();
        _ws.Write("pipelines/a/b/pipeline.yaml", App);
        var pipeline = _ws.Load("pipelines/a/b/pipeline.yaml", environment: "dev");
        Assert.Equal(6, pipeline.DefaultsFiles.Count);
        Assert.Equal(_ws.PathOf("pipelines/a/b/defaults_dev.yaml"), pipeline.DefaultsFiles[0]);
        Assert.Equal(_ws.PathOf("pipelines/defaults.yaml"), pipeline.DefaultsFiles[^1]);
    }

    [Fact]
    public void Environment_files_are_skipped_without_an_environment()
    {
        WriteAllSix();
        var files = DefaultsSource.Discover(_ws.PathOf("pipelines/a/b"), _ws.PathOf("pipelines"), null);
        Assert.Equal(
        [
            _ws.PathOf("pipelines/a/b/defaults.yaml"),
            _ws.PathOf("pipelines/a/defaults.yaml"),
            _ws.PathOf("pipelines/defaults.yaml"),
        ], files);
    }

    [Fact]
    public void Files_of_another_environment_are_not_read()
    {
        WriteAllSix();
        var files = DefaultsSource.Discover(_ws.PathOf("pipelines/a/b"), _ws.PathOf("pipelines"), "prod");
        Assert.DoesNotContain(files, f => f.EndsWith("_dev.yaml", StringComparison.Ordinal));
        Assert.Equal(3, files.Count);
    }

    [Fact]
    public void Missing_files_are_skipped()
    {
        _ws.Write("pipelines/a/defaults.yaml", "kubernetes-app:\n  namespace: ns\n");
        var files = DefaultsSource.Discover(_ws.PathOf("pipelines/a/b"), _ws.PathOf("pipelines"), "dev");
        Assert.Equal([_ws.PathOf("pipelines/a/defaults.yaml")], files);
    }

    [Fact]
    public void Files_above_the_base_dir_are_never_read()
    {
        _ws.Write("defaults.yaml", "kubernetes-app:\n  namespace: above-base\nhelm-app:\n  values:\n    above: true\n");
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: at-base\n");
        _ws.Write("pipelines/a/pipeline.yaml", App);
        var pipeline = _ws.Load("pipelines/a/pipeline.yaml");
        var component = Assert.Single(pipeline.Components);
        Assert.Equal("at-base", component.Namespace);
        Assert.False(component.Values!.Contains("above"));
        Assert.DoesNotContain(_ws.PathOf("defaults.yaml"), pipeline.DefaultsFiles);
    }

    [Fact]
    public void Defaults_next_to_the_config_are_read_when_the_base_dir_is_the_project_root()
    {
        _ws.Write("config.yaml", "pipeline_base_dir: .\nkafka_brokers: b:9092\n");
        _ws.Write("defaults.yaml", "kubernetes-app:\n  namespace: root-ns\n");
        _ws.Write("demo/pipeline.yaml", App);
        Assert.Equal("root-ns", Assert.Single(_ws.Load("demo/pipeline.yaml").Components).Namespace);
    }

    [Fact]
    public void Empty_defaults_file_is_ignored()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: ns\n");
        _ws.Write("pipelines/a/defaults.yaml", "# nothing yet\n");
        _ws.Write("pipelines/a/pipeline.yaml", App);
        Assert.Equal("ns", Assert.Single(_ws.Load("pipelines/a/pipeline.yaml").Components).Namespace);
    }
}
