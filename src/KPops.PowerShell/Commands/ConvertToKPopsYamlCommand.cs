using System.Management.Automation;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Writes components as the YAML KPOps' generate prints: the enriched pipeline, one YAML list per pipeline.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "KPopsYaml", DefaultParameterSetName = InputSet)]
[OutputType(typeof(string))]
public sealed class ConvertToKPopsYamlCommand : PipelineCmdlet
{
    private const string InputSet = "InputObject";
    private readonly List<Component> _components = [];

    /// <summary>Components from Get-KPopsComponent.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [ValidateNotNull]
    public Component[] InputObject { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            _components.AddRange(Filter(InputObject));
            return;
        }
        ApplyStepsFromEnvironment();
        foreach (var pipeline in LoadPipelines()) _components.AddRange(Filter(pipeline.Components));
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_components.Count > 0) WriteObject(GenerateOutput.Write(_components));
        base.EndProcessing();
    }
}
