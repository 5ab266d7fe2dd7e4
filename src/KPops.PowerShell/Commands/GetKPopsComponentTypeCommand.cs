using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Errors;
using KPops.Engine.Model.Types;
using KPops.PowerShell.Completion;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Lists the component types of this session: built-in ones and registered custom types.</summary>
[Cmdlet(VerbsCommon.Get, "KPopsComponentType")]
[OutputType(typeof(ComponentType))]
public sealed class GetKPopsComponentTypeCommand : KPopsCmdlet
{
    /// <summary>Type names (wildcards).</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ComponentTypeCompleter))]
    public string[] Name { get; set; } = ["*"];

    /// <summary>Include abstract types (valid only as keys in defaults files).</summary>
    [Parameter]
    public SwitchParameter IncludeAbstract { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var types = SessionTypes.For(Runspace.DefaultRunspace).Types.Where(t => IncludeAbstract || !t.IsAbstract).ToList();
        foreach (var type in types.Where(t => Name.Any(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase).IsMatch(t.Name)))) WriteObject(type);
        foreach (var literal in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!types.Any(t => string.Equals(t.Name, literal, StringComparison.OrdinalIgnoreCase)))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"There is no component type '{literal}'{(IncludeAbstract ? "" : " (abstract types are listed with -IncludeAbstract)")}."),
                    ErrorIds.ComponentTypeNotFound, ErrorCategory.ObjectNotFound, literal));
            }
        }
    }
}
