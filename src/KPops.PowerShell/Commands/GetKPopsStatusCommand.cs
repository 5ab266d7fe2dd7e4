using System.Management.Automation;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Status;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Compares the live state of every resource the components own — Helm releases and their workloads, topics,
/// subjects, connectors, consumer group lag — with the pipeline, without changing anything.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsStatus", DefaultParameterSetName = PathSet)]
[OutputType(typeof(StatusResult), typeof(ComponentStatus))]
public sealed class GetKPopsStatusCommand : ComponentsCmdlet
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
        var log = new QueuedLog();
        var factory = new ClientFactory();
        var options = new StatusOptions(MyInvocation.BoundParameters.ContainsKey(nameof(MaxLag)) ? MaxLag : null);
        try
        {
            foreach (var (pipeline, components) in ByPipeline())
            {
                var clients = factory.Create(pipeline, log);
                try
                {
                    var reporter = new StatusReporter(clients, options);
                    var progress = new ProgressRecord(2, $"Status of {pipeline.Name}", "Starting");
                    for (var i = 0; i < components.Count; i++)
                    {
                        progress.StatusDescription = components[i].Name;
                        progress.PercentComplete = 100 * i / components.Count;
                        WriteProgress(progress);
                        var results = Await(reporter.CheckAsync(pipeline.Inventory.Of(components[i]), CancellationToken), log);
                        if (Summary) WriteObject(ComponentStatus.Of(components[i], results));
                        else WriteObject(results, enumerateCollection: true);
                    }
                    progress.RecordType = ProgressRecordType.Completed;
                    WriteProgress(progress);
                }
                finally
                {
                    clients.Dispose();
                }
            }
        }
        catch (KPopsException e)
        {
            ThrowEngineError(e, null);
        }
        finally
        {
            base.EndProcessing();
        }
    }
}
