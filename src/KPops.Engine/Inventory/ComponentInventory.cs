using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;

namespace KPops.Engine.Inventory;

/// <summary>
/// Everything a component owns, and which of it each operation concerns: the lifecycle (<see cref="For"/>), the
/// status check (<see cref="Deployed"/>) and the GitOps manifests (<see cref="ManifestsFor"/>) read the same
/// resources, so they cannot drift apart.
/// </summary>
public sealed class ComponentInventory
{
    private readonly IReadOnlyDictionary<Operation, IReadOnlyList<OwnedResource>> _operations;
    private readonly IReadOnlyDictionary<Operation, IReadOnlyList<OwnedResource>> _manifests;

    internal ComponentInventory(string pipeline, KpopsConfig config, Component component, IReadOnlyList<OwnedResource> deployed,
        IReadOnlyDictionary<Operation, IReadOnlyList<OwnedResource>> operations, IReadOnlyDictionary<Operation, IReadOnlyList<OwnedResource>> manifests)
    {
        Pipeline = pipeline;
        Config = config;
        Component = component;
        Deployed = deployed;
        _operations = operations;
        _manifests = manifests;
    }

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; }

    /// <summary>The configuration the resources were derived with.</summary>
    public KpopsConfig Config { get; }

    /// <summary>The component.</summary>
    public Component Component { get; }

    /// <summary>What exists while the component is deployed, in the order the status check reads it.</summary>
    public IReadOnlyList<OwnedResource> Deployed { get; }

    /// <summary>The resources an operation acts on, in the order it acts on them.</summary>
    public IReadOnlyList<OwnedResource> For(Operation operation) => _operations.GetValueOrDefault(operation) ?? [];

    /// <summary>
    /// The resources the Kubernetes manifests of an operation hold (KPOps' manifest mode): releases and cleanup jobs
    /// rendered by helm, topics as Strimzi KafkaTopics.
    /// </summary>
    public IReadOnlyList<OwnedResource> ManifestsFor(Operation operation) => _manifests.GetValueOrDefault(operation) ?? [];

    /// <summary>Every resource the component owns, each once.</summary>
    public IReadOnlyList<OwnedResource> All =>
        Deployed.Concat(Enum.GetValues<Operation>().SelectMany(For)).Concat(Enum.GetValues<Operation>().SelectMany(ManifestsFor)).Distinct().ToList();

    /// <inheritdoc />
    public override string ToString() => $"{Component}: {string.Join(", ", All.Select(r => $"{r.Kind} {r.Name}"))}";
}

/// <summary>The inventories of the components of one pipeline.</summary>
public sealed class ResourceInventory
{
    private readonly Dictionary<Component, ComponentInventory> _byComponent;

    internal ResourceInventory(IReadOnlyList<ComponentInventory> components)
    {
        Components = components;
        // Components compare by reference: two loads of one file are two sets of components.
        _byComponent = components.ToDictionary(i => i.Component);
    }

    /// <summary>The inventories in pipeline order.</summary>
    public IReadOnlyList<ComponentInventory> Components { get; }

    /// <summary>
    /// The inventory of a component of this pipeline: the gate every name passes before it reaches a service, so a
    /// component whose names cannot be handed over (<see cref="Component.HandOffProblems"/>) stops here.
    /// </summary>
    /// <exception cref="ArgumentException">The component is not one of this pipeline's.</exception>
    /// <exception cref="KPopsException">The component holds a name no service may get.</exception>
    public ComponentInventory Of(Component component)
    {
        if (!_byComponent.TryGetValue(component, out var inventory))
            throw new ArgumentException($"{component} is not a component of this pipeline.", nameof(component));
        var problems = component.HandOffProblems;
        if (problems.Count > 0) throw problems.Count == 1 ? problems[0] : new KPopsAggregateException(problems.ToList());
        return inventory;
    }

    /// <summary>
    /// Checks, before any work starts, that every component of a selection can be handed to the services, so that a
    /// run refuses a bad component before it has changed anything; all problems of all components are reported at once.
    /// </summary>
    public static void EnsureHandOff(IEnumerable<(Pipeline Pipeline, Component Component)> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var problems = selection.SelectMany(s => s.Component.HandOffProblems).ToList();
        if (problems.Count > 0) throw problems.Count == 1 ? problems[0] : new KPopsAggregateException(problems);
    }
}
