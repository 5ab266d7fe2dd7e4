using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Model.Types;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>The component types of a project (Get-KPopsComponentType): built-in, session and kpops-components.yaml types.</summary>
public sealed class ProjectTypesTests : IDisposable
{
    private const string Declarations = """
        - type: filter
          base: streams-app
          description: Drops records.
        """;

    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private ComponentTypeRegistry ForProject(string? configDirectory = null, string? environment = null, ComponentTypeRegistry? session = null) =>
        ComponentTypeFile.ForProject(new LoadRequest
        {
            Paths = [],
            WorkingDirectory = _ws.Root,
            ConfigDirectory = configDirectory,
            Environment = environment,
            EnvironmentVariables = _ws.Env,
            Registry = session,
        });

    [Fact]
    public void Types_declared_in_the_base_directory_of_the_config_are_listed()
    {
        _ws.Write("pipelines/kpops-components.yaml", Declarations);
        var filter = ForProject().Types.Single(t => t.Name == "filter");
        Assert.Equal("streams-app", filter.BaseType);
        Assert.Equal(_ws.PathOf("pipelines/kpops-components.yaml"), filter.DeclaredIn);
    }

    [Fact]
    public void The_config_directory_can_be_given()
    {
        using var other = new Workspace(config: null, defaults: null);
        other.Write("project/config.yaml", $"pipeline_base_dir: {Path.Combine(other.Root, "project", "pipes")}\nkafka_brokers: b:9092\n");
        other.Write("project/pipes/kpops-components.yaml", Declarations);
        Assert.Contains(ForProject(configDirectory: other.PathOf("project")).Types, t => t.Name == "filter");
    }

    [Fact]
    public void The_environment_config_can_move_the_base_directory()
    {
        _ws.Write("config_prod.yaml", "pipeline_base_dir: prod-pipelines\n");
        _ws.Write("prod-pipelines/kpops-components.yaml", Declarations);
        Assert.DoesNotContain(ForProject().Types, t => t.Name == "filter");
        Assert.Contains(ForProject(environment: "prod").Types, t => t.Name == "filter");
    }

    [Fact]
    public void Without_a_config_file_the_working_directory_is_the_base_directory()
    {
        using var bare = new Workspace(config: null, defaults: null);
        bare.Write("kpops-components.yaml", Declarations);
        var registry = ComponentTypeFile.ForProject(new LoadRequest { Paths = [], WorkingDirectory = bare.Root, EnvironmentVariables = bare.Env });
        Assert.Contains(registry.Types, t => t.Name == "filter");
    }

    [Fact]
    public void A_config_without_kafka_brokers_still_names_the_base_directory()
    {
        using var other = new Workspace(config: "pipeline_base_dir: pipes\n", defaults: null);
        other.Write("pipes/kpops-components.yaml", Declarations);
        var registry = ComponentTypeFile.ForProject(new LoadRequest { Paths = [], WorkingDirectory = other.Root, EnvironmentVariables = other.Env });
        Assert.Contains(registry.Types, t => t.Name == "filter");
    }

    [Fact]
    public void KPOPS_PIPELINE_BASE_DIR_names_the_base_directory()
    {
        using var bare = new Workspace(config: null, defaults: null);
        bare.Write("elsewhere/kpops-components.yaml", Declarations);
        bare.Env["KPOPS_PIPELINE_BASE_DIR"] = "elsewhere";
        var registry = ComponentTypeFile.ForProject(new LoadRequest { Paths = [], WorkingDirectory = bare.Root, EnvironmentVariables = bare.Env });
        Assert.Contains(registry.Types, t => t.Name == "filter");
    }

    [Fact]
    public void Session_types_are_kept_and_not_changed()
    {
        _ws.Write("pipelines/kpops-components.yaml", Declarations);
        var session = ComponentTypeRegistry.CreateDefault();
        session.Register("mine", "producer-app");
        var registry = ForProject(session: session);
        Assert.Contains(registry.Types, t => t.Name == "mine");
        Assert.DoesNotContain(session.Types, t => t.Name == "filter");
    }

    [Fact]
    public void A_broken_declaration_file_is_reported()
    {
        _ws.Write("pipelines/kpops-components.yaml", "type: filter\n");
        var e = Assert.Throws<KPopsException>(() => ForProject());
        Assert.Equal(ErrorIds.ComponentTypeInvalid, e.ErrorId);
    }
}
