using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;

namespace KPops.PowerShell.Internal;

/// <summary>
/// The component types of each runspace: built-in ones plus those registered with Register-KPopsComponentType.
/// Kept per runspace so parallel runspaces (ForEach-Object -Parallel, jobs) do not see each other's types.
/// </summary>
internal static class SessionTypes
{
    private static readonly ConditionalWeakTable<Runspace, ComponentTypeRegistry> Registries = new();
    private static readonly ConditionalWeakTable<Runspace, List<ScriptSchemaProvider>> SchemaProviders = new();

    /// <summary>The schema providers registered in a runspace, in registration order.</summary>
    public static List<ScriptSchemaProvider> SchemaProvidersFor(Runspace? runspace) =>
        runspace is null ? [] : SchemaProviders.GetValue(runspace, _ => []);

    public static ComponentTypeRegistry For(Runspace? runspace) =>
        runspace is null ? ComponentTypeRegistry.CreateDefault() : Registries.GetValue(runspace, _ => ComponentTypeRegistry.CreateDefault());

    /// <summary>Wraps a script block as an inflate hook: it gets the component and returns components or hashtables.</summary>
    public static InflateHandler Inflater(ScriptBlock script) => component =>
    {
        var output = script.Invoke(component);
        return output.Where(o => o is not null).Select(o => Unwrap(o) switch
        {
            Component c => (object)c,
            System.Collections.IDictionary table => YNodeConverter.FromDotNet(table, Unwrap),
            var other => other!,   // reported by the loader with its type name
        }).ToList();
    };

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
