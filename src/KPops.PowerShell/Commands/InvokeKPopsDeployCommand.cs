using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.Engine.Status;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Deploys components: creates their topics, registers their schemas, then installs their Helm releases or creates their connectors.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KPopsDeploy", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StepResult))]
public sealed class InvokeKPopsDeployCommand : LifecycleCmdlet
{
    /// <summary>
    /// Status objects from Get-KPopsStatus (per resource or with -Summary): the components that drifted or are missing
    /// are deployed again, the others are skipped.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
    [ValidateNotNull]
    public IStatusRecord[] StatusObject { get; set; } = [];

    /// <inheritdoc />
    protected override IReadOnlyList<IStatusRecord> StatusInput => StatusObject;

    /// <inheritdoc />
    protected override Operation Operation => Operation.Deploy;
}
