using KPops.Engine.Config;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Pipelines;

/// <summary>One loaded pipeline: its enriched components in file order, validated as a whole.</summary>
public sealed class Pipeline
{
    internal Pipeline(string name, string filePath, string baseDirectory, string? environment, KpopsConfig config,
        IReadOnlyList<Component> components, ComponentTypeRegistry registry, ComponentEnricher enricher)
    {
        Name = name;
        FilePath = filePath;
        BaseDirectory = baseDirectory;
        Environment = environment;
        Config = config;
        Components = components;
        Registry = registry;
        Enricher = enricher;
        Graph = new PipelineGraph(components);
        foreach (var component in components) component.Pipeline = this;
    }

    /// <summary>The pipeline name (${pipeline.name}): its folder relative to the base directory, joined with '-'.</summary>
    public string Name { get; }

    /// <summary>Full path of the pipeline file.</summary>
    public string FilePath { get; }

    /// <summary>Full path of the pipeline base directory.</summary>
    public string BaseDirectory { get; }

    /// <summary>The environment, or null.</summary>
    public string? Environment { get; }

    /// <summary>The configuration used.</summary>
    public KpopsConfig Config { get; }

    /// <summary>All components in pipeline order (before -Steps filtering).</summary>
    public IReadOnlyList<Component> Components { get; }

    /// <summary>The component/topic graph.</summary>
    public PipelineGraph Graph { get; }

    internal ComponentTypeRegistry Registry { get; }

    /// <summary>The directory relative settings (pipeline_base_dir, schema_registry.schemas_path) are resolved against.</summary>
    public string WorkingDirectory { get; internal init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The environment the pipeline was loaded with (<see cref="LoadRequest.EnvironmentVariables"/>); the processes a
    /// run starts (helm) get it on top of the inherited one, so a run sees the variables its configuration saw. Internal:
    /// it may hold secrets and is no property to show.
    /// </summary>
    internal IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Builds components of this pipeline (cleanup jobs) the way the loader built its components.</summary>
    internal ComponentEnricher Enricher { get; }

    /// <summary>A component by name, or null.</summary>
    public Component? Find(string name) => Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({FilePath})";
}
