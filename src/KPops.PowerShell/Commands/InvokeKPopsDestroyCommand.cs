using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Removes the Helm releases and connectors of components, in reverse pipeline order.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KPopsDestroy", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(StepResult))]
public sealed class InvokeKPopsDestroyCommand : TeardownCmdlet
{
    /// <inheritdoc />
    protected override Operation Operation => Operation.Destroy;
}
