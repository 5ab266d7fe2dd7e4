using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;

namespace KPops.Tests.Unit.Support;

/// <summary>
/// A throw-away project folder for one test: files are written relative to <see cref="Root"/>, and pipelines are
/// loaded with <see cref="Root"/> as working directory and only the variables in <see cref="Env"/> (never the real
/// process environment), so every test is hermetic.
/// </summary>
public sealed class Workspace : IDisposable
{
    /// <summary>The usual config: pipelines live below <c>pipelines/</c>.</summary>
    public const string StandardConfig = """
        pipeline_base_dir: pipelines
        kafka_brokers: broker:9092
        """;

    /// <summary>Defaults that make every built-in type valid: a namespace and an image.</summary>
    public const string StandardDefaults = """
        kubernetes-app:
          namespace: test-ns
        streams-bootstrap:
          values:
            image: registry/app
            imageTag: "1.0.0"
        """;

    /// <summary>The pipeline file most tests use; its pipeline name is <c>demo</c>.</summary>
    public const string PipelinePath = "pipelines/demo/pipeline.yaml";

    public Workspace(string? config = StandardConfig, string? defaults = StandardDefaults)
    {
        Root = Path.Combine(Path.GetTempPath(), "kpops-unit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (config is not null) Write("config.yaml", config);
        if (defaults is not null) Write("pipelines/defaults.yaml", defaults);
    }

    /// <summary>The project folder (working directory of every load).</summary>
    public string Root { get; }

    /// <summary>The environment variables the loads see.</summary>
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes a file (parent folders are created) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The full path of a file of the workspace.</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>A load request over this workspace.</summary>
    public LoadRequest Request(string[] paths, string? environment = null, IReadOnlyList<string>? dotEnvFiles = null, ComponentTypeRegistry? registry = null) => new()
    {
        Paths = paths,
        WorkingDirectory = Root,
        EnvironmentVariables = Env,
        Environment = environment,
        DotEnvFiles = dotEnvFiles ?? [],
        Registry = registry ?? ComponentTypeRegistry.CreateDefault(),
    };

    /// <summary>Writes <see cref="PipelinePath"/> and loads it.</summary>
    public Pipeline LoadPipeline(string pipelineYaml, string? environment = null, ComponentTypeRegistry? registry = null)
    {
        Write(PipelinePath, pipelineYaml);
        return Load(PipelinePath, environment, registry: registry);
    }

    /// <summary>Loads one pipeline file or throws its error.</summary>
    public Pipeline Load(string path = PipelinePath, string? environment = null, IReadOnlyList<string>? dotEnvFiles = null, ComponentTypeRegistry? registry = null)
    {
        var pipeline = PipelineLoader.LoadOne(Request([path], environment, dotEnvFiles, registry));
        lock (_loaded) _loaded.Add(pipeline);
        return pipeline;
    }

    /// <summary>The pipeline (loaded by this workspace) a component belongs to.</summary>
    public Pipeline PipelineOf(Component component)
    {
        lock (_loaded) return _loaded.LastOrDefault(p => p.Contains(component)) ?? throw new InvalidOperationException($"{component} was not loaded by this workspace.");
    }

    private readonly List<Pipeline> _loaded = [];

    /// <summary>Writes <see cref="PipelinePath"/>, loads it, and returns the error it must fail with.</summary>
    public KPopsException LoadError(string pipelineYaml, string? environment = null)
    {
        Write(PipelinePath, pipelineYaml);
        return LoadFailure(PipelinePath, environment);
    }

    /// <summary>Loads a pipeline file that must fail and returns the error.</summary>
    public KPopsException LoadFailure(string path = PipelinePath, string? environment = null, IReadOnlyList<string>? dotEnvFiles = null, ComponentTypeRegistry? registry = null)
    {
        try
        {
            var pipeline = Load(path, environment, dotEnvFiles, registry);
            throw new Xunit.Sdk.XunitException($"Expected the load to fail, but it produced {pipeline.Components.Count} components.");
        }
        catch (KPopsException e)
        {
            return e;
        }
    }

    /// <summary>The one component of a pipeline with a single component.</summary>
    public Component LoadSingle(string pipelineYaml) => Assert.Single(LoadPipeline(pipelineYaml).Components);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder does no harm
        }
    }
}
