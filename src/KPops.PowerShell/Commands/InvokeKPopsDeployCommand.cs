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
    /// Status objects from Get-KPopsStatus: the components of those that drifted or are missing are deployed again,
    /// the others are skipped. (Two parameters, one per type: piped objects bind by their exact type.)
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = StatusSet)]
    [ValidateNotNull]
    public StatusResult[] Status { get; set; } = [];

    /// <summary>Status objects from Get-KPopsStatus -Summary, as <see cref="Status"/>.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ComponentStatusSet)]
    [ValidateNotNull]
    public ComponentStatus[] ComponentStatus { get; set; } = [];

    /// <inheritdoc />
    protected override IReadOnlyList<IStatusRecord> StatusInput => ParameterSetName == StatusSet ? Status : ComponentStatus;

    /// <summary>Upgrade every Helm release, also those whose rendered manifest and values equal the live release.</summary>
    [Parameter]
    public SwitchParameter ForceUpgrade { get; set; }

    /// <inheritdoc />
    protected override Operation Operation => Operation.Deploy;

    /// <inheritdoc />
    protected override bool ForceUpgradeReleases => ForceUpgrade;
}
