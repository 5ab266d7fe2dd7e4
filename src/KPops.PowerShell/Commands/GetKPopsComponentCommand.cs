using System.Management.Automation;
using KPops.Engine.Model;
using KPops.PowerShell.Completion;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Loads pipelines — pipeline.yaml with its defaults, config, environment files and variables — and writes one
/// enriched component object per step, in pipeline order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsComponent", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Component))]
public sealed class GetKPopsComponentCommand : PipelineCmdlet
{
    /// <inheritdoc />
    protected override bool DefersCleanupJobs => true;

    /// <summary>Only components of these types (wildcards); a custom type also matches its base types.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ComponentTypeCompleter))]
    public string[] Type { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        ApplyStepsFromEnvironment();
        var types = Type.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
        foreach (var pipeline in LoadPipelines())
        {
            foreach (var component in Filter(pipeline.Components))
            {
                if (types.Count > 0 && !component.ComponentType.Lineage.Any(t => types.Any(p => p.IsMatch(t)))) continue;
                WriteObject(component);
            }
        }
    }
}
