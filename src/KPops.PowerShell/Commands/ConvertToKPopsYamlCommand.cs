using System.Management.Automation;
using KPops.Engine.Pipelines;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Writes components as the YAML KPOps' generate prints: the enriched pipeline, one YAML list per pipeline.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "KPopsYaml", DefaultParameterSetName = InputSet)]
[OutputType(typeof(string))]
public sealed class ConvertToKPopsYamlCommand : ComponentsCmdlet
{
    /// <inheritdoc />
    protected override bool DefersCleanupJobs => true;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (Components.Count > 0) WriteObject(GenerateOutput.Write(ByPipeline().SelectMany(p => p.Components)));
        base.EndProcessing();
    }
}
