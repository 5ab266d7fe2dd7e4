using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>
/// Turns entries into components the way KPOps' models do: defaults along the type's lineage, substitution to a
/// fixed point, validation, and from/to applied to the values. It stays with the loaded pipeline, because lifecycle
/// operations build cleanup-job components from app components in the same way.
/// </summary>
internal sealed class ComponentEnricher
{
    private readonly KpopsConfig _config;
    private readonly DefaultsSource _defaults;
    private readonly ComponentTypeRegistry _registry;
    private readonly VariableTable _configVariables;

    public ComponentEnricher(KpopsConfig config, VariableTable environment, DefaultsSource defaults, ComponentTypeRegistry registry)
    {
        _config = config;
        _defaults = defaults;
        _registry = registry;
        _configVariables = new VariableTable(environment);
        _configVariables.AddFlattened("config", config.Data);
    }

    private KpopsConfig Config => _config;

    /// <summary>The defaults files of the pipeline, highest priority first.</summary>
    public DefaultsSource Defaults => _defaults;

    /// <summary>The type of a pipeline entry, or a clear error.</summary>
    public ComponentType ResolveType(YMap map)
    {
        if (map.Get("type") is { } odd and (YScalar { IsNull: false, Value: not string } or YSeq or YMap))
        {
            var shown = odd is YScalar scalar ? " " + Echo.Quote(scalar.ToInvariantString()) : "";
            throw new KPopsException(ErrorIds.UnknownComponentType, ErrorKind.InvalidData, $"`type` must be a type name, got {odd.KindName}{shown}.", odd.Location,
                "Use one of: " + string.Join(", ", _registry.ConcreteTypes.Select(t => t.Name)) + ".");
        }
        if (map.Get("type") is not YScalar { Value: string typeName } typeNode)
        {
            var name = map.Get("name") is YScalar { Value: string n } ? " " + Echo.Quote(n) : "";
            throw new KPopsException(ErrorIds.MissingType, ErrorKind.InvalidData, $"The component{name} has no `type`.", map.Location,
                "Add `type: <type>`, e.g. streams-app, producer-app, consumer-app, helm-app, kafka-sink-connector or kafka-source-connector.");
        }
        var type = _registry.Get(typeName, typeNode.Location);
        if (type.IsAbstract)
        {
            throw new KPopsException(ErrorIds.AbstractComponentType, ErrorKind.InvalidData,
                $"{Echo.Quote(typeName)} is an abstract component type; it can only be used as a key in defaults files.", typeNode.Location,
                "Use a concrete type: " + string.Join(", ", _registry.ConcreteTypes.Select(t => t.Name)) + ".");
        }
        return type;
    }

    /// <summary>A pipeline entry enriched: defaults, substitution, validation, and from/to applied.</summary>
    public Component Enrich(YMap entry, ICollection<string> warnings) => Enrich(ResolveType(entry), entry, warnings);

    private Component Enrich(ComponentType type, YMap entry, ICollection<string> warnings)
    {
        var data = (YMap)entry.DeepClone();
        data.Remove("type");
        // Spellings are unified before merging, so `image_tag` here and `imageTag` in defaults are one field.
        SpecBinder.NormalizeAliases(data, type.Spec);
        _defaults.Apply(data, type.Lineage, type.Spec);
        return Finish(type, data, entry.Location, warnings);
    }

    private Component Finish(ComponentType type, YMap data, SourceLocation? location, ICollection<string> warnings)
    {
        SpecBinder.FillDefaults(data, type.Spec);
        Substitute(type, data);
        var name = data.Get("name") is YScalar { Value: string n } ? n : "?";
        var context = new BindContext($"{type.Name} {Echo.Quote(name)}", location);
        var bound = SpecBinder.BindObject(data, type.Spec, context);
        if (context.Errors.Count == 0) type.Behavior.Validate(bound, context);
        context.ThrowIfAny();
        foreach (var warning in context.Warnings) warnings.Add(warning);
        var result = new Component(type, bound, location);
        ApplyTopics(result);
        WarnAboutImageTag(result, warnings);
        return result;
    }

    private void Substitute(ComponentType type, YMap data)
    {
        // A value may name a key that only exists once substituted (${component.values.labels.${component.type}}
        // next to a `${component.type}:` key), so the component's variables are taken again from the substituted
        // component until a pass changes nothing.
        for (var pass = 1; ; pass++)
        {
            if (!Substitutor.SubstituteInPlace(data, ComponentVariables(type, data), retypePlain: false)) return;
            if (pass == MaxComponentSubstitutionPasses)
            {
                throw new KPopsException(ErrorIds.SubstitutionLoop, ErrorKind.InvalidData,
                    $"An infinite loop condition detected. Check substitution variables: the {type.Name} component keeps changing after {pass} substitution passes.",
                    data.Location, "Make sure no placeholder refers, directly or through others, to itself.");
            }
        }
    }

    /// <summary>kpops' priority: the component's own fields, the topic-name aliases, config, then the environment.</summary>
    private VariableTable ComponentVariables(ComponentType type, YMap data)
    {
        var aliases = new VariableTable(_configVariables);
        aliases.Set("output_topic_name", Config.DefaultOutputTopicName);
        aliases.Set("error_topic_name", Config.DefaultErrorTopicName);
        var component = new VariableTable(aliases);
        component.Set("component.type", type.Name);
        component.AddFlattened("component", data);
        return component;
    }

    private const int MaxComponentSubstitutionPasses = 16;

    private static void ApplyTopics(Component component)
    {
        var behavior = component.ComponentType.Behavior;
        foreach (var from in component.FromTopics) behavior.ApplyFrom(component.Data, from.Name, from.Type, from.Label);
        foreach (var to in component.Topics) behavior.ApplyTo(component.Data, to.Name, to.Type, to.Label);
    }

    /// <summary>The pipeline_&lt;env&gt;.yaml entry is merged over the enriched component, which is then built again.</summary>
    public Component Override(Component component, YMap entry, ICollection<string> warnings)
    {
        if (entry.Get("type") is YScalar { Value: string type } typeNode && type != component.Type)
        {
            throw new KPopsException(ErrorIds.EnvironmentPipelineInvalid, ErrorKind.InvalidData,
                $"The environment entry for {Echo.Quote(component.Name)} has type {Echo.Quote(type)}, but the component is a {component.Type}.", typeNode.Location,
                "Use the same type as in pipeline.yaml.");
        }
        var data = (YMap)entry.DeepClone();
        data.Remove("type");
        SpecBinder.NormalizeAliases(data, component.ComponentType.Spec);
        // Placeholders in the entry (a `${output_topic_name}:` topic key) must name what they name in the component,
        // so the entry is substituted with the component's variables before it is merged over the component.
        Substitutor.SubstituteTree(data, ComponentVariables(component.ComponentType, component.Data), retypePlain: false);
        DefaultsSource.MergeMissing(data, component.Data);
        return Finish(component.ComponentType, data, component.Location, warnings);
    }


    private static void WarnAboutImageTag(Component component, ICollection<string> warnings)
    {
        if (!component.ComponentType.Is("streams-bootstrap")) return;
        var tag = component.ValuesNode?.Get("imageTag") as YScalar;
        if (tag is null or { IsNull: true } || tag.Value is "latest")
            warnings.Add($"{component.Location}: {component.Type} {Echo.Quote(component.Name)}: values.imageTag is {(tag?.Value is "latest" ? "'latest'" : "not set")}; pin an image tag for reproducible deployments.");
    }

    /// <summary>
    /// The cleanup-job component of a streams-bootstrap app (KPOps' <c>Cleaner.from_parent</c>): the app's fields
    /// without from/to/diff_config, named <c>&lt;name&gt;-clean</c>, with the values of the running release when
    /// they are given and still valid (else the app's own), <c>kafka.deleteOutput</c> set for clean, and the
    /// defaults of the cleaner types (<c>streams-app-cleaner</c>, <c>cleaner</c>, …) below everything else.
    /// </summary>
    public Component CreateCleaner(Component parent, YMap? liveValues, bool deleteOutput, Action<string> warn)
    {
        var typeName = parent.Kind switch
        {
            ComponentKind.StreamsApp => "streams-app-cleaner",
            ComponentKind.ProducerApp => "producer-app-cleaner",
            ComponentKind.ConsumerApp => "consumer-app-cleaner",
            _ => throw new InvalidOperationException($"{parent.Type} has no cleanup job."),
        };
        var type = _registry.Get(typeName);
        var warnings = new List<string>();
        Component Build(YMap? values)
        {
            var data = (YMap)parent.Data.DeepClone();
            foreach (var key in new[] { "from", "to", "diff_config" }) data.Remove(key);
            data["name"] = new YScalar(parent.Name + ResourceNames.CleanSuffix);
            if (values is not null) data["values"] = values.DeepClone();
            var valuesNode = (YMap)data["values"];
            // The cleanup job's own names, so its Job does not take the app's name and labels.
            var nameOverride = ResourceNames.CleanupNameOverride(parent.FullName);
            valuesNode["nameOverride"] = new YScalar(nameOverride);
            valuesNode["fullnameOverride"] = new YScalar(nameOverride);
            if (parent.Kind != ComponentKind.ProducerApp)
            {
                if (valuesNode.Get("kafka") is not YMap kafka) valuesNode["kafka"] = kafka = new YMap();
                kafka["deleteOutput"] = new YScalar(deleteOutput);
            }
            _defaults.Apply(data, type.Lineage, type.Spec);
            return Finish(type, data, parent.Location, warnings);
        }
        Component cleaner;
        if (liveValues is null) cleaner = Build(null);
        else
        {
            try
            {
                cleaner = Build(liveValues);
            }
            catch (KPopsException e)
            {
                warn($"The values of the running release of {parent.Name} do not validate ({e.Message}); the cleanup job uses the pipeline's values.");
                cleaner = Build(null);
            }
        }
        foreach (var warning in warnings) warn(warning);
        cleaner.Pipeline = parent.Pipeline;
        return cleaner;
    }
}
