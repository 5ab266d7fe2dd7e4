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
    private readonly Dictionary<string, ComponentType> _types = new(StringComparer.Ordinal);

    // The cleanup-job type of each kind of app and streams-bootstrap generation. KPOps names the cleaners of both
    // generations alike (streams-app-cleaner, ...), so the same defaults sections apply to both; the streams-bootstrap 2
    // ones inherit from streams-bootstrap-v2 and are only found here.
    private readonly Dictionary<(ComponentKind Kind, int Major), ComponentType> _cleaners = [];

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
        string[] streamsBootstrapV2 = ["streams-bootstrap-v2", "kafka-app", .. helm];
        string[] cleanerV2 = ["streams-bootstrap-cleaner", "cleaner", .. streamsBootstrapV2];

        registry.AddBuiltIn("pipeline-component", ["base-defaults-component"], ComponentSpecs.PipelineComponent, ComponentBehavior.Inert, true, "Base of all components.");
        registry.AddBuiltIn("kubernetes-app", root, ComponentSpecs.KubernetesApp, ComponentBehavior.Inert, true, "Base of all Kubernetes apps.");
        registry.AddBuiltIn("kafka-app", root, ComponentSpecs.PipelineComponent, ComponentBehavior.Inert, true, "Base of apps that create topics and register schemas.");
        registry.AddBuiltIn("helm-app", kubernetes, ComponentSpecs.HelmApp, new ComponentBehavior(ComponentKind.HelmApp), false, "Any Helm chart (set `chart:`), e.g. a Redis database.");
        registry.AddBuiltIn("streams-bootstrap", ["kafka-app", .. helm], ComponentSpecs.StreamsBootstrap, ComponentBehavior.Inert, true, "Base of streams-bootstrap apps.");
        registry.AddBuiltIn("streams-app", streamsBootstrap, ComponentSpecs.StreamsApp, new StreamsBootstrapBehavior(ComponentKind.StreamsApp, StreamsBootstrapLayout.V3), false, "A Kafka Streams app (streams-bootstrap streams-app chart).");
        registry.AddBuiltIn("producer-app", streamsBootstrap, ComponentSpecs.ProducerApp, new ProducerBehavior(StreamsBootstrapLayout.V3), false, "A producer: Job, CronJob (with `schedule`) or Deployment (streams-bootstrap producer-app chart).");
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
        // Deprecated, as in KPOps; after the others, so that listings keep their order.
        registry.AddBuiltIn("streams-bootstrap-v2", ["kafka-app", .. helm], ComponentSpecs.StreamsBootstrapV2, ComponentBehavior.Inert, true, "Base of the deprecated streams-bootstrap 2 apps.",
            deprecation: V2Deprecation("streams-bootstrap-v2", "streams-bootstrap"));
        registry.AddBuiltIn("streams-app-v2", streamsBootstrapV2, ComponentSpecs.StreamsAppV2, new StreamsBootstrapBehavior(ComponentKind.StreamsApp, StreamsBootstrapLayout.V2), false,
            "Deprecated: a Kafka Streams app with the streams-bootstrap 2 streams-app chart (`streams:` values); use streams-app.", deprecation: V2Deprecation("streams-app-v2", "streams-app"));
        registry.AddBuiltIn("producer-app-v2", streamsBootstrapV2, ComponentSpecs.ProducerAppV2, new ProducerBehavior(StreamsBootstrapLayout.V2), false,
            "Deprecated: a producer with the streams-bootstrap 2 producer-app chart (`streams:` values); use producer-app.", deprecation: V2Deprecation("producer-app-v2", "producer-app"));
        registry._cleaners[(ComponentKind.StreamsApp, 3)] = registry._types["streams-app-cleaner"];
        registry._cleaners[(ComponentKind.ProducerApp, 3)] = registry._types["producer-app-cleaner"];
        registry._cleaners[(ComponentKind.ConsumerApp, 3)] = registry._types["consumer-app-cleaner"];
        registry._cleaners[(ComponentKind.StreamsApp, 2)] = new ComponentType("streams-app-cleaner", cleanerV2, ComponentSpecs.StreamsAppV2, ComponentBehavior.Inert, true, true,
            "Defaults for streams-app-v2 cleanup jobs.");
        registry._cleaners[(ComponentKind.ProducerApp, 2)] = new ComponentType("producer-app-cleaner", cleanerV2, ComponentSpecs.ProducerAppV2, ComponentBehavior.Inert, true, true,
            "Defaults for producer-app-v2 cleanup jobs.");
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
        foreach (var (key, type) in _cleaners) copy._cleaners[key] = type;
        copy.CleanerTypeNames.UnionWith(CleanerTypeNames);
        return copy;
    }

    /// <summary>Looks a type up.</summary>
    public bool TryGet(string name, out ComponentType type) => _types.TryGetValue(name, out type!);

    /// <summary>Looks a type up or fails with a clear error.</summary>
    public ComponentType Get(string name, Errors.SourceLocation? location = null)
    {
        if (_types.TryGetValue(name, out var type)) return type;
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
            Deprecation = parent.Deprecation,
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

    /// <summary>
    /// The cleanup-job type of an app of <paramref name="type"/> (streams-bootstrap apps and custom types built on them),
    /// or null for components without one.
    /// </summary>
    internal ComponentType? CleanerOf(ComponentType type) =>
        type.Behavior.Layout is { } layout && _cleaners.TryGetValue((type.Behavior.Kind, layout.Major), out var cleaner) ? cleaner : null;

    private void AddBuiltIn(string name, string[] ancestors, ObjectSpec spec, ComponentBehavior behavior, bool isAbstract, string description, bool cleanerOnly = false,
        string? deprecation = null)
    {
        _types[name] = new ComponentType(name, ancestors, spec, behavior, isAbstract, true, description) { Deprecation = deprecation };
        if (cleanerOnly) CleanerTypeNames.Add(name);
    }

    // How to move a streams-bootstrap 2 type to 3: what KPops' migration guide says, in one warning.
    private static string V2Deprecation(string type, string replacement) =>
        $"'{type}' (streams-bootstrap 2) is deprecated, as in KPOps; move to '{replacement}' with streams-bootstrap 3: rename the type "
        + $"(and its defaults sections: {type} → {replacement}, streams-bootstrap-v2 → streams-bootstrap), move values.streams to values.kafka "
        + "(brokers → bootstrapServers, extraInputTopics → labeledInputTopics, extraInputPatterns → labeledInputPatterns, "
        + "extraOutputTopics → labeledOutputTopics), name the consumer group in values.kafka.applicationId, and set version to 3.x "
        + $"(the default is {ComponentSpecs.StreamsBootstrapVersion}). See docs/migrating-from-kpops.md.";
}
