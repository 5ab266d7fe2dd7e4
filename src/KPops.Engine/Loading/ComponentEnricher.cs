using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>
/// Turns entries into components the way KPOps' models do: defaults along the type's lineage, substitution to a
/// fixed point, validation, and from/to applied to the values; and prepares the cleanup jobs of streams-bootstrap
/// apps. It lives only while a pipeline loads.
/// </summary>
internal sealed class ComponentEnricher
{
    private readonly DefaultsSource _defaults;
    private readonly ComponentTypeRegistry _registry;
    private readonly ComponentFinisher _finisher;

    public ComponentEnricher(KpopsConfig config, VariableTable environment, DefaultsSource defaults, ComponentTypeRegistry registry, PipelineIdentity pipeline)
    {
        _defaults = defaults;
        _registry = registry;
        _finisher = new ComponentFinisher(config, environment, pipeline);
    }

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
        return _finisher.Finish(type, data, entry.Location, warnings);
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
        _finisher.SubstituteWith(component, data);
        DefaultsSource.MergeMissing(data, component.Data);
        return _finisher.Finish(component.ComponentType, data, component.Location, warnings);
    }

    /// <summary>The recipe of the cleanup jobs of a (woven) streams-bootstrap app, or null for other components.</summary>
    public CleanerRecipe? CleanerRecipeOf(Component component) => CleanerRecipe.For(component, _registry, _defaults, _finisher);
}
