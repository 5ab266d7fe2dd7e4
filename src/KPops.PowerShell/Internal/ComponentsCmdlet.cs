using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Engine.Status;

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

    /// <summary>Parameter set for status objects from Get-KPopsStatus.</summary>
    protected const string StatusSet = "Status";

    /// <summary>Parameter set for component status objects from Get-KPopsStatus -Summary.</summary>
    protected const string ComponentStatusSet = "ComponentStatus";

    /// <summary>Status objects of a command that takes them (<see cref="StatusSet"/>).</summary>
    protected virtual IReadOnlyList<IStatusRecord> StatusInput => [];

    /// <summary>The components collected so far (each once), with their pipelines, in the order they came.</summary>
    protected IReadOnlyList<(Pipeline Pipeline, Component Component)> Components => _components;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName is StatusSet or ComponentStatusSet)
        {
            var selected = new List<Component>();
            foreach (var status in StatusInput)
            {
                if (!StatusSources.NeedsDeploy(status))
                {
                    WriteVerbose($"Skipped {status.Component} ({status.Pipeline}): {status.Status}.");
                    continue;
                }
                if (StatusSources.Of(status) is { } checkedComponent) selected.Add(checkedComponent);
                else WriteVerbose($"Skipped {status.Component}: its status was not checked in this process.");
            }
            AddLoaded(selected);
            return;
        }
        if (ParameterSetName == InputSet)
        {
            AddLoaded(InputObject);
            return;
        }
        ApplyStepsFromEnvironment();
        foreach (var pipeline in LoadPipelines())
        {
            foreach (var component in Filter(pipeline.Components)) Add(pipeline, component);
        }
    }

    private void AddLoaded(IEnumerable<Component> components)
    {
        foreach (var component in Filter(components))
        {
            if (LoadedPipelines.Of(component) is not { } pipeline)
            {
                WriteVerbose($"Skipped {component}: its pipeline was not loaded in this process.");
                continue;
            }
            Add(pipeline, component);
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
