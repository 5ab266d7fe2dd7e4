using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>A built cleanup-job component and the warnings its building gave.</summary>
/// <param name="Cleaner">The cleanup-job component.</param>
/// <param name="Warnings">Warnings of building it (shown when the job runs, as they concern the job).</param>
internal sealed record CleanerBuild(Component Cleaner, IReadOnlyList<string> Warnings);

/// <summary>
/// How the cleanup-job component of a streams-bootstrap app is built (KPOps' <c>Cleaner.from_parent</c>): the app's
/// fields without from/to/diff_config, named <c>&lt;name&gt;-clean</c>, with its own name overrides,
/// <c>kafka.deleteOutput</c> (<c>streams.deleteOutput</c> for streams-bootstrap 2) set for clean, and the defaults of
/// the cleaner types (<c>streams-app-cleaner</c>, <c>cleaner</c>, …) below everything else. Prepared at load from a snapshot of the app and of those defaults, so
/// building the job again from the values of the running release (at reset and clean time) reads nothing shared
/// and mutable.
/// </summary>
internal sealed class CleanerRecipe
{
    private readonly ComponentType _type;
    private readonly YMap _template;
    private readonly IReadOnlyList<YMap> _defaults;
    private readonly ComponentFinisher _finisher;
    private readonly string _parentFullName;
    private readonly string _parentName;
    private readonly bool _hasDeleteOutput;
    private readonly SourceLocation? _location;
    private readonly bool _mentionsDeleteOutput;
    private readonly string _section;

    private CleanerRecipe(ComponentType type, YMap template, IReadOnlyList<YMap> defaults, ComponentFinisher finisher, Component parent)
    {
        _type = type;
        _template = template;
        _defaults = defaults;
        _finisher = finisher;
        _parentFullName = parent.FullName;
        _parentName = parent.Name;
        _hasDeleteOutput = parent.Kind != ComponentKind.ProducerApp;
        _location = parent.Location;
        _section = parent.ComponentType.Behavior.Layout!.Section;
        // A placeholder such as ${component.values.kafka.deleteOutput} makes the two jobs differ in more than the switch.
        _mentionsDeleteOutput = NamesDeleteOutput(template) || defaults.Any(NamesDeleteOutput);
    }

    /// <summary>The recipe of an app's cleanup job, or null for components without one.</summary>
    public static CleanerRecipe? For(Component parent, ComponentTypeRegistry registry, DefaultsSource defaults, ComponentFinisher finisher)
    {
        if (registry.CleanerOf(parent.ComponentType) is not { } type) return null;
        var template = (YMap)parent.Data.DeepClone();
        foreach (var key in new[] { "from", "to", "diff_config" }) template.Remove(key);
        template["name"] = new YScalar(parent.Name + ResourceNames.CleanSuffix);
        return new CleanerRecipe(type, template, defaults.SectionsFor(type.Lineage, type.Spec), finisher, parent);
    }

    /// <summary>
    /// The cleanup-job component with the app's own values (<paramref name="values"/> null) or with the values of the
    /// running release; throws the problems when they do not validate.
    /// </summary>
    public CleanerBuild Build(YMap? values, bool deleteOutput)
    {
        var data = (YMap)_template.DeepClone();
        if (values is not null) data["values"] = values.DeepClone();
        var valuesNode = (YMap)data["values"];
        // The cleanup job's own names, so its Job does not take the app's name and labels.
        var nameOverride = ResourceNames.CleanupNameOverride(_parentFullName);
        valuesNode["nameOverride"] = new YScalar(nameOverride);
        valuesNode["fullnameOverride"] = new YScalar(nameOverride);
        if (_hasDeleteOutput)
        {
            if (valuesNode.Get(_section) is not YMap kafka) valuesNode[_section] = kafka = new YMap();
            kafka["deleteOutput"] = new YScalar(deleteOutput);
        }
        foreach (var section in _defaults) DefaultsSource.MergeMissing(data, section);
        var warnings = new List<string>();
        return new CleanerBuild(_finisher.Finish(_type, data, _location, warnings), warnings);
    }

    /// <summary>
    /// The job of <paramref name="built"/> with the other <c>deleteOutput</c>. Building it again would give the
    /// same component unless a placeholder names the switch, so that case is built again.
    /// </summary>
    public CleanerBuild WithDeleteOutput(CleanerBuild built, bool deleteOutput)
    {
        if (_mentionsDeleteOutput) return Build(null, deleteOutput);
        var data = (YMap)built.Cleaner.Data.DeepClone();
        if (data.Get("values") is YMap values && values.Get(_section) is YMap kafka) kafka["deleteOutput"] = new YScalar(deleteOutput);
        return built with { Cleaner = new Component(_type, data, _location, _finisher.Pipeline) };
    }

    // Whether a string (value or key) holds a placeholder that names the deleteOutput switch.
    private static bool NamesDeleteOutput(YNode node) => node switch
    {
        YScalar { Value: string s } => NamesDeleteOutput(s),
        YMap map => map.Any(p => NamesDeleteOutput(p.Key) || NamesDeleteOutput(p.Value)),
        YSeq seq => seq.Items.Any(NamesDeleteOutput),
        _ => false,
    };

    private static bool NamesDeleteOutput(string text) => text.Contains("${", StringComparison.Ordinal) && text.Contains("deleteOutput", StringComparison.Ordinal);

    /// <summary>Whether the job of this recipe has a <c>deleteOutput</c> switch (producers have none).</summary>
    public bool HasDeleteOutput => _hasDeleteOutput;

    /// <summary>The name of the app.</summary>
    public string ParentName => _parentName;
}

/// <summary>
/// The cleanup jobs of one streams-bootstrap app, built at load with the app's own values — the reset job
/// (<c>deleteOutput</c> false) and the clean job (true); producers have one job for both — and built again from the
/// values of the running release when a reset or clean has them.
/// </summary>
internal sealed class CleanupJobs
{
    private readonly CleanerRecipe _recipe;

    internal CleanupJobs(CleanerRecipe recipe)
    {
        _recipe = recipe;
        Clean = recipe.Build(null, deleteOutput: true);
        Reset = recipe.HasDeleteOutput ? recipe.WithDeleteOutput(Clean, deleteOutput: false) : Clean;
    }

    /// <summary>The cleanup jobs of an app (problems of building them are load errors), or null for components without one.</summary>
    public static CleanupJobs? For(Component parent, ComponentTypeRegistry registry, DefaultsSource defaults, ComponentFinisher finisher) =>
        CleanerRecipe.For(parent, registry, defaults, finisher) is { } recipe ? new CleanupJobs(recipe) : null;

    /// <summary>The reset job with the app's values.</summary>
    public CleanerBuild Reset { get; }

    /// <summary>The clean job with the app's values.</summary>
    public CleanerBuild Clean { get; }

    /// <summary>The job with the app's values.</summary>
    public CleanerBuild Of(bool deleteOutput) => deleteOutput ? Clean : Reset;

    /// <summary>
    /// The job with the values of the running release when there are some and they validate; otherwise, with a
    /// warning, the job with the app's values.
    /// </summary>
    public CleanerBuild WithLiveValues(YMap? liveValues, bool deleteOutput, Action<string> warn)
    {
        if (liveValues is null) return Of(deleteOutput);
        try
        {
            return _recipe.Build(liveValues, deleteOutput);
        }
        catch (KPopsException e)
        {
            warn($"The values of the running release of {_recipe.ParentName} do not validate ({e.Message}); the cleanup job uses the pipeline's values.");
            return Of(deleteOutput);
        }
    }
}
