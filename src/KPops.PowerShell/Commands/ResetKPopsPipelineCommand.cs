using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Destroys components and resets their state (consumer offsets, Kafka Streams state, connector offsets) so the data can be reprocessed after a redeployment.</summary>
[Cmdlet(VerbsCommon.Reset, "KPopsPipeline", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(StepResult))]
public sealed class ResetKPopsPipelineCommand : TeardownCmdlet
{
    /// <inheritdoc />
    protected override Operation Operation => Operation.Reset;
}
