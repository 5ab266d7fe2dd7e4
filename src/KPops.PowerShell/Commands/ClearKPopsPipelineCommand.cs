using System.Management.Automation;
using KPops.Engine.Lifecycle;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Resets components and removes their Kafka resources: output topics, schemas, consumer groups and volumes.</summary>
[Cmdlet(VerbsCommon.Clear, "KPopsPipeline", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(StepResult))]
public sealed class ClearKPopsPipelineCommand : TeardownCmdlet
{
    /// <inheritdoc />
    protected override Operation Operation => Operation.Clean;
}
