using KPops.Engine.Config;
using KPops.Engine.Inventory;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Pipelines;

/// <summary>
/// One loaded pipeline: its enriched components in file order, validated as a whole, with everything later stages
/// need — the cleanup jobs of its apps are built at load — so no operation goes back to loading.
/// </summary>
public sealed class Pipeline
{
    private readonly Lazy<ResourceInventory> _inventory;
    private readonly Lazy<IReadOnlyDictionary<Component, CleanupJobs>> _cleanupJobs;
    // Every component piped to a cmdlet is checked against its pipeline: a set keeps that linear in the pipeline's size.
    private readonly Lazy<HashSet<Component>> _members;

    internal Pipeline(PipelineIdentity identity, string baseDirectory, string? environment, KpopsConfig config,
        IReadOnlyList<Component> components, ComponentTypeRegistry registry, IReadOnlyList<string> defaultsFiles,
        Func<IReadOnlyDictionary<Component, CleanupJobs>> cleanupJobs)
    {
        Identity = identity;
        BaseDirectory = baseDirectory;
        Environment = environment;
        Config = config;
        Components = components;
        Registry = registry;
        DefaultsFiles = defaultsFiles;
        _cleanupJobs = new Lazy<IReadOnlyDictionary<Component, CleanupJobs>>(cleanupJobs, LazyThreadSafetyMode.ExecutionAndPublication);
        Graph = new PipelineGraph(components);
        _inventory = new Lazy<ResourceInventory>(() => InventoryBuilder.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _members = new Lazy<HashSet<Component>>(() => new HashSet<Component>(components, ReferenceEqualityComparer.Instance),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Which load this is; its components hold the same identity.</summary>
    public PipelineIdentity Identity { get; }

    /// <summary>The pipeline name (${pipeline.name}): its folder relative to the base directory, joined with '-'.</summary>
    public string Name => Identity.Name;

    /// <summary>Full path of the pipeline file.</summary>
    public string FilePath => Identity.FilePath;

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

    /// <summary>The defaults files the components were enriched with, highest priority first.</summary>
    public IReadOnlyList<string> DefaultsFiles { get; }

    /// <summary>What every component owns, for each operation: built once, on first use, from the loaded model.</summary>
    public ResourceInventory Inventory => _inventory.Value;

    internal ComponentTypeRegistry Registry { get; }

    /// <summary>
    /// The cleanup jobs of the streams-bootstrap apps: built at load, or on first use when the load deferred them
    /// (<see cref="Loading.LoadRequest.DeferCleanupJobs"/>); a job that does not build throws its load errors here.
    /// </summary>
    internal IReadOnlyDictionary<Component, CleanupJobs> CleanupJobs => _cleanupJobs.Value;

    /// <summary>The directory relative settings (pipeline_base_dir, schema_registry.schemas_path) are resolved against.</summary>
    public string WorkingDirectory { get; internal init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The environment the pipeline was loaded with (<see cref="LoadRequest.EnvironmentVariables"/>); the processes a
    /// run starts (helm) get it on top of the inherited one, so a run sees the variables its configuration saw. Internal:
    /// it may hold secrets and is no property to show.
    /// </summary>
    internal IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The secret values of this load (variables, configuration, components), which every message, diff and plan of
    /// the pipeline is masked with. Internal: it holds the secrets.
    /// </summary>
    internal Security.SecretMask Secrets { get; init; } = Security.SecretMask.None;

    /// <summary>A component by name, or null.</summary>
    public Component? Find(string name) => Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>True when <paramref name="component"/> is one of this pipeline's components.</summary>
    public bool Contains(Component component) => ReferenceEquals(component.PipelineIdentity, Identity) && _members.Value.Contains(component);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({FilePath})";
}
