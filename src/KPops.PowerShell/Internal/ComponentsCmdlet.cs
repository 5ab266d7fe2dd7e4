using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
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

    private readonly List<(Pipeline Pipeline, Component Component)> _components = [];
    private readonly HashSet<Component> _seen = new(ReferenceEqualityComparer.Instance);

    /// <summary>Components from Get-KPopsComponent.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public Component[] InputObject { get; set; } = [];

    /// <summary>The components collected so far (each once), with their pipelines, in the order they came.</summary>
    protected IReadOnlyList<(Pipeline Pipeline, Component Component)> Components => _components;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            foreach (var component in Filter(InputObject))
            {
                if (LoadedPipelines.Of(component) is not { } pipeline)
                {
                    WriteVerbose($"Skipped {component}: its pipeline was not loaded in this process.");
                    continue;
                }
                Add(pipeline, component);
            }
            return;
        }
        ApplyStepsFromEnvironment();
        foreach (var pipeline in LoadPipelines())
        {
            foreach (var component in Filter(pipeline.Components)) Add(pipeline, component);
        }
    }

    /// <summary>The collected components by pipeline, each group in pipeline order (whatever order they arrived in).</summary>
    protected IReadOnlyList<(Pipeline Pipeline, IReadOnlyList<Component> Components)> ByPipeline() =>
        _components.GroupBy(c => c.Pipeline)
            .Select(g => (g.Key, (IReadOnlyList<Component>)Members(g.Key, g.Select(i => i.Component))))
            .ToList();

    private static List<Component> Members(Pipeline pipeline, IEnumerable<Component> collected)
    {
        var set = new HashSet<Component>(collected, ReferenceEqualityComparer.Instance);
        return pipeline.Components.Where(set.Contains).ToList();
    }

    /// <summary>
    /// Makes the clients of a pipeline for engine work: the real clients, with the schema providers registered in this
    /// session (Register-KPopsSchemaProvider) asked before the file provider.
    /// </summary>
    protected static Func<Pipeline, IOperationLog, ILifecycleClients> ClientFactory =>
        new ClientFactory(SessionTypes.SchemaProvidersFor(Runspace.DefaultRunspace).ToList()).Create;

    private void Add(Pipeline pipeline, Component component)
    {
        if (_seen.Add(component)) _components.Add((pipeline, component));
    }
}
