using System.Management.Automation;
using System.Management.Automation.Runspaces;
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
        var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var type in SessionTypes.For(Runspace.DefaultRunspace).Types)
        {
            if ((IncludeAbstract || !type.IsAbstract) && patterns.Any(p => p.IsMatch(type.Name))) WriteObject(type);
        }
    }
}
