using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>
/// The last part of building a component, once its defaults are merged: spec defaults, substitution to a fixed
/// point, validation, and from/to applied to its values. Immutable after construction, so cleanup jobs built from
/// the values of a running release (at reset time, possibly from parallel steps) can use it safely.
/// </summary>
internal sealed class ComponentFinisher
{
    private const int MaxComponentSubstitutionPasses = 16;

    private readonly KpopsConfig _config;
    private readonly VariableTable _configVariables;

    public ComponentFinisher(KpopsConfig config, VariableTable environment, PipelineIdentity pipeline)
    {
        _config = config;
        Pipeline = pipeline;
        _configVariables = new VariableTable(environment);
        _configVariables.AddFlattened("config", config.Data);
    }

    /// <summary>The pipeline the components belong to.</summary>
    public PipelineIdentity Pipeline { get; }

    /// <summary>Spec defaults, substitution, validation, from/to: the finished component, or the problems found.</summary>
    public Component Finish(ComponentType type, YMap data, SourceLocation? location, ICollection<string> warnings)
    {
        SpecBinder.FillDefaults(data, type.Spec);
        Substitute(type, data);
        var name = data.Get("name") is YScalar { Value: string n } ? n : "?";
        var context = new BindContext($"{type.Name} {Echo.Quote(name)}", location);
        var bound = SpecBinder.BindObject(data, type.Spec, context);
        if (context.Errors.Count == 0) type.Behavior.Validate(bound, context);
        context.ThrowIfAny();
        foreach (var warning in context.Warnings) warnings.Add(warning);
        var result = new Component(type, bound, location, Pipeline) { HandOffProblems = context.HandOffProblems.ToList() };
        ApplyTopics(result);
        WarnAboutImageTag(result, warnings);
        return result;
    }

    /// <summary>Substitutes placeholders of a tree with the variables of a component (a pipeline_&lt;env&gt;.yaml entry before it is merged).</summary>
    public void SubstituteWith(Component component, YNode tree) =>
        Substitutor.SubstituteTree(tree, ComponentVariables(component.ComponentType, component.Data), retypePlain: false);

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
        aliases.Set("output_topic_name", _config.DefaultOutputTopicName);
        aliases.Set("error_topic_name", _config.DefaultErrorTopicName);
        var component = new VariableTable(aliases);
        component.Set("component.type", type.Name);
        component.AddFlattenedOnDemand("component", data);
        return component;
    }

    private static void ApplyTopics(Component component)
    {
        var behavior = component.ComponentType.Behavior;
        foreach (var from in component.FromTopics) behavior.ApplyFrom(component.Data, from.Name, from.Type, from.Label);
        foreach (var to in component.Topics) behavior.ApplyTo(component.Data, to.Name, to.Type, to.Label);
    }

    private static void WarnAboutImageTag(Component component, ICollection<string> warnings)
    {
        // The apps and their cleanup jobs (whose types inherit from them, but deploy nothing of their own).
        if (!component.ComponentType.Is("streams-bootstrap") && !component.ComponentType.Is("streams-bootstrap-v2")) return;
        var tag = component.ValuesNode?.Get("imageTag") as YScalar;
        if (tag is null or { IsNull: true } || tag.Value is "latest")
            warnings.Add($"{component.Location}: {component.Type} {Echo.Quote(component.Name)}: values.imageTag is {(tag?.Value is "latest" ? "'latest'" : "not set")}; pin an image tag for reproducible deployments.");
    }
}
