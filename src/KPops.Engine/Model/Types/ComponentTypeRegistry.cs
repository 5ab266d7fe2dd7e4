using System.Text.RegularExpressions;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;

namespace KPops.Engine.Model.Types;

/// <summary>
/// The component types a load can use: the built-in ones plus custom types. Instances are independent (no global
/// state): a PowerShell session keeps one, and each load copies it and adds the types declared next to the pipeline.
/// </summary>
public sealed partial class ComponentTypeRegistry
{
    /// <summary>streams-bootstrap v2 types KPOps still ships, deprecated, and which are not supported here.</summary>
    public static readonly IReadOnlyList<string> UnsupportedLegacyTypes = ["streams-app-v2", "producer-app-v2", "streams-bootstrap-v2"];

    private readonly Dictionary<string, ComponentType> _types = new(StringComparer.Ordinal);

    [GeneratedRegex("\\A(?=[a-z0-9-]{1,128}\\z)[a-z][a-z0-9]*(-[a-z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TypeNamePattern();

    private ComponentTypeRegistry() { }

    /// <summary>A registry with the built-in types.</summary>
    public static ComponentTypeRegistry CreateDefault()
    {
        var registry = new ComponentTypeRegistry();
        string[] root = ["pipeline-component", "base-defaults-component"];
        string[] kubernetes = ["kubernetes-app", .. root];
        string[] helm = ["helm-app", .. kubernetes];
        string[] streamsBootstrap = ["streams-bootstrap", "kafka-app", .. helm];
        string[] connector = ["kafka-connector", .. root];
        string[] cleaner = ["streams-bootstrap-cleaner", "cleaner", .. streamsBootstrap];

        registry.AddBuiltIn("pipeline-component", ["base-defaults-component"], ComponentSpecs.PipelineComponent, ComponentBehavior.Inert, true, "Base of all components.");
        registry.AddBuiltIn("kubernetes-app", root, ComponentSpecs.KubernetesApp, ComponentBehavior.Inert, true, "Base of all Kubernetes apps.");
        registry.AddBuiltIn("kafka-app", root, ComponentSpecs.PipelineComponent, ComponentBehavior.Inert, true, "Base of apps that create topics and register schemas.");
        registry.AddBuiltIn("helm-app", kubernetes, ComponentSpecs.HelmApp, new ComponentBehavior(ComponentKind.HelmApp), false, "Any Helm chart (set `chart:`), e.g. a Redis database.");
        registry.AddBuiltIn("streams-bootstrap", ["kafka-app", .. helm], ComponentSpecs.StreamsBootstrap, ComponentBehavior.Inert, true, "Base of streams-bootstrap apps.");
        registry.AddBuiltIn("streams-app", streamsBootstrap, ComponentSpecs.StreamsApp, new StreamsBootstrapBehavior(ComponentKind.StreamsApp), false, "A Kafka Streams app (streams-bootstrap streams-app chart).");
        registry.AddBuiltIn("producer-app", streamsBootstrap, ComponentSpecs.ProducerApp, new ProducerBehavior(), false, "A producer: Job, CronJob (with `schedule`) or Deployment (streams-bootstrap producer-app chart).");
        registry.AddBuiltIn("consumer-app", streamsBootstrap, ComponentSpecs.ConsumerApp, new ConsumerBehavior(), false, "A consumer (streams-bootstrap consumer-app chart).");
        registry.AddBuiltIn("kafka-connector", root, ComponentSpecs.KafkaConnector, ComponentBehavior.Inert, true, "Base of Kafka Connect connectors.");
        registry.AddBuiltIn("kafka-sink-connector", connector, ComponentSpecs.KafkaConnector, new SinkBehavior(), false, "A Kafka Connect sink connector: lets other systems pull data from Kafka.");
        registry.AddBuiltIn("kafka-source-connector", connector, ComponentSpecs.KafkaConnector, new SourceBehavior(), false, "A Kafka Connect source connector: lets other systems push data to Kafka.");
        // Cleanup-job releases: internal, but their names are valid keys in defaults files.
        registry.AddBuiltIn("cleaner", helm, ComponentSpecs.HelmApp, ComponentBehavior.Inert, true, "Defaults for every cleanup-job release.", cleanerOnly: true);
        registry.AddBuiltIn("streams-bootstrap-cleaner", ["cleaner", .. streamsBootstrap], ComponentSpecs.StreamsBootstrap, ComponentBehavior.Inert, true, "Defaults for streams-bootstrap cleanup jobs.", cleanerOnly: true);
        registry.AddBuiltIn("streams-app-cleaner", cleaner, ComponentSpecs.StreamsApp, ComponentBehavior.Inert, true, "Defaults for streams-app cleanup jobs.", cleanerOnly: true);
        registry.AddBuiltIn("producer-app-cleaner", cleaner, ComponentSpecs.ProducerApp, ComponentBehavior.Inert, true, "Defaults for producer-app cleanup jobs.", cleanerOnly: true);
        registry.AddBuiltIn("consumer-app-cleaner", cleaner, ComponentSpecs.ConsumerApp, ComponentBehavior.Inert, true, "Defaults for consumer-app cleanup jobs.", cleanerOnly: true);
        return registry;
    }

    /// <summary>All types, built-in first, in registration order.</summary>
    public IReadOnlyList<ComponentType> Types => _types.Values.ToList();

    /// <summary>Types usable in pipeline files.</summary>
    public IEnumerable<ComponentType> ConcreteTypes => _types.Values.Where(t => !t.IsAbstract);

    /// <summary>Custom (non-built-in) types.</summary>
    public IEnumerable<ComponentType> CustomTypes => _types.Values.Where(t => !t.IsBuiltIn);

    /// <summary>Type names that cleanup-job releases inherit defaults from.</summary>
    public ISet<string> CleanerTypeNames { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A copy that can be extended without changing this registry.</summary>
    public ComponentTypeRegistry Clone()
    {
        var copy = new ComponentTypeRegistry();
        foreach (var (name, type) in _types) copy._types[name] = type;
        copy.CleanerTypeNames.UnionWith(CleanerTypeNames);
        return copy;
    }

    /// <summary>Looks a type up.</summary>
    public bool TryGet(string name, out ComponentType type) => _types.TryGetValue(name, out type!);

    /// <summary>Looks a type up or fails with a clear error.</summary>
    public ComponentType Get(string name, Errors.SourceLocation? location = null)
    {
        if (_types.TryGetValue(name, out var type)) return type;
        if (UnsupportedLegacyTypes.Contains(name))
        {
            throw new KPopsException(ErrorIds.UnsupportedComponentType, ErrorKind.InvalidData,
                $"Component type {Echo.Quote(name)} (streams-bootstrap v2) is not supported.", location,
                $"Use '{name.Replace("-v2", "", StringComparison.Ordinal)}' with streams-bootstrap 3 or later (values move from `streams:` to `kafka:`).");
        }
        var suggestion = SpecBinder.Closest(name, ConcreteTypes.Select(t => t.Name));
        throw new KPopsException(ErrorIds.UnknownComponentType, ErrorKind.ObjectNotFound, $"Unknown component type {Echo.Quote(name)}.", location,
            (suggestion is null ? "" : $"Did you mean '{suggestion}'? ") + "Known types: " + string.Join(", ", ConcreteTypes.Select(t => t.Name)) +
            ". Custom types are registered with Register-KPopsComponentType or declared in kpops-components.yaml in the pipeline base directory.");
    }

    /// <summary>
    /// Registers a custom type: its defaults chain is <paramref name="name"/> followed by the base type's chain, its
    /// fields and behaviour are the base type's.
    /// </summary>
    public ComponentType Register(string name, string baseType, string? description = null, InflateHandler? inflate = null, string? declaredIn = null, bool replace = false)
    {
        if (!TypeNamePattern().IsMatch(name))
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidArgument, $"{Echo.Quote(name)} is not a valid component type name.", hint: "Use lower-case words joined by '-', at most 128 characters, e.g. my-streams-app.");
        if (_types.TryGetValue(name, out var existing) && (existing.IsBuiltIn || !replace))
        {
            throw new KPopsException(ErrorIds.ComponentTypeExists, ErrorKind.ResourceExists,
                existing.IsBuiltIn ? $"'{name}' is a built-in component type." : $"Component type '{name}' is already registered{(existing.DeclaredIn is null ? "" : " in " + existing.DeclaredIn)}.",
                hint: existing.IsBuiltIn ? "Choose another name." : "Use -Force to replace it, or choose another name.");
        }
        if (!_types.TryGetValue(baseType, out var parent))
        {
            var suggestion = SpecBinder.Closest(baseType, ConcreteTypes.Select(t => t.Name));
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.ObjectNotFound, $"Unknown base type {Echo.Quote(baseType)} for component type '{name}'.",
                hint: suggestion is null ? "Use one of: " + string.Join(", ", ConcreteTypes.Select(t => t.Name)) : $"Did you mean '{suggestion}'?");
        }
        if (parent.IsAbstract || CleanerTypeNames.Contains(baseType))
        {
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidArgument, $"{Echo.Quote(baseType)} cannot be a base type: it is abstract.",
                hint: "Build on a concrete type: " + string.Join(", ", ConcreteTypes.Select(t => t.Name)) + ".");
        }
        if (parent.Lineage.Contains(name, StringComparer.Ordinal))
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidArgument, $"Component type '{name}' cannot build on '{baseType}', which builds on '{name}'.");
        var type = new ComponentType(name, parent.Lineage, parent.Spec, parent.Behavior, false, false, description ?? $"Custom type based on {baseType}.")
        {
            Inflate = inflate,
            DeclaredIn = declaredIn,
        };
        _types[name] = type;
        return type;
    }

    /// <summary>Removes a custom type; true when it was registered. A type other types build on stays until they are removed.</summary>
    public bool Unregister(string name)
    {
        if (!_types.TryGetValue(name, out var type) || type.IsBuiltIn) return false;
        var dependents = _types.Values.Where(t => t.Name != name && t.Is(name)).Select(t => t.Name).ToList();
        if (dependents.Count > 0)
        {
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidOperation,
                $"Component type '{name}' cannot be removed: {string.Join(", ", dependents)} build(s) on it.", hint: "Unregister those types first.");
        }
        return _types.Remove(name);
    }

    private void AddBuiltIn(string name, string[] ancestors, ObjectSpec spec, ComponentBehavior behavior, bool isAbstract, string description, bool cleanerOnly = false)
    {
        _types[name] = new ComponentType(name, ancestors, spec, behavior, isAbstract, true, description);
        if (cleanerOnly) CleanerTypeNames.Add(name);
    }
}
