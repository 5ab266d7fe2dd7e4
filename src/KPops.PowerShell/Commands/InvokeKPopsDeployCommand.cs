using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Deploys components: creates their topics, registers their schemas, then installs their Helm releases or creates their connectors.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KPopsDeploy", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(StepResult))]
public sealed class InvokeKPopsDeployCommand : LifecycleCmdlet
{
    /// <summary>Upgrade every Helm release, also those whose rendered manifest and values equal the live release.</summary>
    [Parameter]
    public SwitchParameter ForceUpgrade { get; set; }

    /// <inheritdoc />
    protected override Operation Operation => Operation.Deploy;

    /// <inheritdoc />
    protected override bool ForceUpgradeReleases => ForceUpgrade;
}
