using System.Management.Automation;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;

namespace KPops.PowerShell.Internal;

/// <summary>
/// Cmdlets that work on components given either by -Path (loaded here) or as objects from Get-KPopsComponent.
/// Components are collected in ProcessRecord (-Steps/-Exclude applied to both) and handled in EndProcessing.
/// </summary>
public abstract class ComponentsCmdlet : PipelineCmdlet
{
    /// <summary>Parameter set for component objects from the pipeline.</summary>
    protected const string InputSet = "InputObject";

    private readonly List<Component> _components = [];

    /// <summary>Components from Get-KPopsComponent.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public Component[] InputObject { get; set; } = [];

    /// <summary>The components collected so far (each once).</summary>
    protected IReadOnlyList<Component> Components => _components;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            _components.AddRange(Filter(InputObject).Where(c => !_components.Contains(c)));
            return;
        }
        ApplyStepsFromEnvironment();
        foreach (var pipeline in LoadPipelines()) _components.AddRange(Filter(pipeline.Components));
    }

    /// <summary>The collected components by pipeline, each group in pipeline order (whatever order they arrived in).</summary>
    protected IEnumerable<(Pipeline Pipeline, IReadOnlyList<Component> Components)> ByPipeline() =>
        _components.Where(c => c.Pipeline is not null).GroupBy(c => c.Pipeline!)
            .Select(g => (g.Key, (IReadOnlyList<Component>)g.Key.Components.Where(g.Contains).ToList()));
}
