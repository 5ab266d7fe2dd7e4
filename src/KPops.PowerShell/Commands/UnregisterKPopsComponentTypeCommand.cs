using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Errors;
using KPops.PowerShell.Completion;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Removes a custom component type from this session.</summary>
[Cmdlet(VerbsLifecycle.Unregister, "KPopsComponentType", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class UnregisterKPopsComponentTypeCommand : KPopsCmdlet
{
    /// <summary>The custom type's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ComponentTypeCompleter))]
    public string Name { get; set; } = "";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var registry = SessionTypes.For(Runspace.DefaultRunspace);
        if (!registry.TryGet(Name, out var type) || type.IsBuiltIn)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"'{Name}' is not a registered custom component type."),
                ErrorIds.ComponentTypeNotFound, ErrorCategory.ObjectNotFound, Name));
            return;
        }
        if (!ShouldProcess(Name, "Unregister component type")) return;
        try
        {
            registry.Unregister(Name);
        }
        catch (KPops.Engine.Errors.KPopsException e)
        {
            WriteEngineError(e, Name);
        }
    }
}
