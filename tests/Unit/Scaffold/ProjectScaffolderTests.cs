using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Scaffold;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Scaffold;

/// <summary>New-KPopsProject's files (KPOps' init): config.yaml with the required settings, an empty pipeline and defaults.</summary>
public sealed class ProjectScaffolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kpops-scaffold-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        if (File.Exists(_root)) File.Delete(_root);
    }

    [Fact]
    public void A_project_is_a_config_a_pipeline_and_defaults()
    {
        var files = ProjectScaffolder.Plan(_root, includeOptional: false);

        Assert.Equal(["config.yaml", "pipeline.yaml", "defaults.yaml"], files.Select(f => Path.GetFileName(f.Path)));
        Assert.All(files, f => Assert.Equal(_root, Path.GetDirectoryName(f.Path)));
    }

    [Fact]
    public void The_config_holds_the_required_settings_only()
    {
        var config = (YMap)YamlReader.Read(ProjectScaffolder.ConfigYaml(includeOptional: false), "config.yaml")!;

        Assert.Equal(["kafka_brokers"], config.Keys);
    }

    [Fact]
    public void With_optional_settings_the_config_holds_every_setting_with_its_default()
    {
        var config = (YMap)YamlReader.Read(ProjectScaffolder.ConfigYaml(includeOptional: true), "config.yaml")!;

        Assert.Equal(".", ((YScalar)config["pipeline_base_dir"]).Value);
        Assert.Equal(false, ((YScalar)((YMap)config["schema_registry"])["enabled"]).Value);
        Assert.DoesNotContain("brokers", config.Keys);
        Assert.DoesNotContain("operation_mode", config.Keys);
    }

    [Fact]
    public void The_pipeline_is_an_empty_list_and_the_defaults_an_empty_mapping()
    {
        var files = ProjectScaffolder.Plan(_root, includeOptional: false).ToDictionary(f => Path.GetFileName(f.Path), f => f.Content);

        Assert.Empty(Assert.IsType<YSeq>(YamlReader.Read(files["pipeline.yaml"], "pipeline.yaml")).Items);
        Assert.Empty(Assert.IsType<YMap>(YamlReader.Read(files["defaults.yaml"], "defaults.yaml")));
    }

    [Fact]
    public void A_filled_in_config_with_every_setting_loads()
    {
        Directory.CreateDirectory(_root);
        var yaml = ProjectScaffolder.ConfigYaml(includeOptional: true).Replace("kafka_brokers: null", "kafka_brokers: kafka:9092", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_root, "config.yaml"), yaml);

        var config = ConfigLoader.Load(new ConfigRequest(_root, null, [], new Dictionary<string, string>())).Config;

        Assert.Equal("kafka:9092", config.KafkaBrokers);
    }

    [Fact]
    public void A_new_or_empty_directory_is_a_valid_target()
    {
        ProjectScaffolder.CheckTarget(_root, ProjectScaffolder.Plan(_root, false), force: false);
        Directory.CreateDirectory(_root);

        ProjectScaffolder.CheckTarget(_root, ProjectScaffolder.Plan(_root, false), force: false);
    }

    [Fact]
    public void Existing_files_are_not_overwritten_without_force()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "pipeline.yaml"), "[]\n");
        var files = ProjectScaffolder.Plan(_root, false);

        var error = Assert.Throws<KPopsException>(() => ProjectScaffolder.CheckTarget(_root, files, force: false));

        Assert.Equal(ErrorIds.ProjectPathNotEmpty, error.ErrorId);
        Assert.Contains("pipeline.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_allows_overwriting_existing_files()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "pipeline.yaml"), "[]\n");

        ProjectScaffolder.CheckTarget(_root, ProjectScaffolder.Plan(_root, false), force: true);
    }

    [Fact]
    public void A_file_is_no_target()
    {
        File.WriteAllText(_root, "");

        var error = Assert.Throws<KPopsException>(() => ProjectScaffolder.CheckTarget(_root, ProjectScaffolder.Plan(_root, false), force: false));

        Assert.Equal(ErrorIds.ProjectPathIsFile, error.ErrorId);
    }
}
