using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Schema;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Writes the JSON Schema of pipeline, defaults or config files — custom types included — for editors such as
/// VS Code with the YAML extension.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsSchema")]
[OutputType(typeof(string))]
public sealed class GetKPopsSchemaCommand : KPopsCmdlet
{
    /// <summary>Which file the schema describes.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public SchemaKind For { get; set; }

    /// <summary>A pipeline base directory whose kpops-components.yaml types are included.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BaseDirectory { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var registry = SessionTypes.For(Runspace.DefaultRunspace).Clone();
        try
        {
            if (BaseDirectory is not null) ComponentTypeFile.Register(registry, ResolvePath(BaseDirectory), inflateScriptLoader: _ => _ => []);
        }
        catch (KPopsException e)
        {
            ThrowEngineError(e, BaseDirectory);
        }
        WriteObject(JsonSchemaGenerator.Generate(For, registry));
    }
}
