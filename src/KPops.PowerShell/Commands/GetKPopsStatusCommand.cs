using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.Engine.Status;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Compares the live state of every resource the components own — Helm releases and their workloads, topics,
/// subjects, connectors, consumer group lag — with the pipeline, without changing anything.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsStatus", DefaultParameterSetName = PathSet)]
[OutputType(typeof(StatusResult), typeof(ComponentStatus))]
public sealed class GetKPopsStatusCommand : ClusterCmdlet
{
    /// <summary>Consumer lag above which a consumer group is Degraded.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MaxLag { get; set; } = -1;

    /// <summary>One summary object per component (its worst status) instead of one object per resource.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            var selection = ByPipeline();
            if (selection.Count == 0) return;
            ResolveTargets();
            var options = new StatusOptions(MyInvocation.BoundParameters.ContainsKey(nameof(MaxLag)) ? MaxLag : null);
            RunEngine($"Status of {string.Join(", ", selection.Select(p => p.Pipeline.Name))}",
                cancellation => StatusReporter.Start(selection, options, ClusterClients, cancellation),
                runEvent =>
                {
                    if (runEvent is not ComponentCompleted completed) return;
                    var results = completed.Objects.Cast<StatusResult>().ToList();
                    if (Summary) WriteObject(ComponentStatus.Of(completed.Component, results));
                    else WriteObject(results, enumerateCollection: true);
                });
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
