using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Errors;
using KPops.Engine.Model.Types;
using KPops.PowerShell.Completion;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Registers a custom component type for this session: a new type name built on an existing type, whose defaults
/// chain is the new name followed by the base type's chain, optionally with an inflate script block.
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "KPopsComponentType", SupportsShouldProcess = true)]
[OutputType(typeof(ComponentType))]
public sealed class RegisterKPopsComponentTypeCommand : KPopsCmdlet
{
    /// <summary>The new type name, e.g. filter (used as `type: filter` and as a key in defaults files).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The type it builds on: a built-in concrete type or another custom type.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ComponentTypeCompleter))]
    public string BaseType { get; set; } = "";

    /// <summary>What the type is for (shown in schemas).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>
    /// Receives each enriched component of this type (param($Component)) and returns what takes its place: the
    /// component itself first, then new components as hashtables shaped like pipeline.yaml entries.
    /// </summary>
    [Parameter]
    public ScriptBlock? Inflate { get; set; }

    /// <summary>Replace a custom type of the same name.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the registered type.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, $"Register component type based on {BaseType}")) return;
        try
        {
            var type = SessionTypes.For(Runspace.DefaultRunspace)
                .Register(Name, BaseType, Description, Inflate is null ? null : SessionTypes.Inflater(Inflate), replace: Force);
            if (PassThru) WriteObject(type);
        }
        catch (KPopsException e)
        {
            WriteEngineError(e, Name);
        }
    }
}
