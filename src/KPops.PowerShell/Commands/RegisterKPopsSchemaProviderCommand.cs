using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Registers a schema provider for this session: a script block that returns the schema of a schema class named in
/// <c>to.topics.*.key_schema</c>/<c>value_schema</c>. Providers are asked in registration order, before the built-in
/// file provider (schema_registry.schemas_path).
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "KPopsSchemaProvider", SupportsShouldProcess = true)]
[OutputType(typeof(ScriptSchemaProvider))]
public sealed class RegisterKPopsSchemaProviderCommand : KPopsCmdlet
{
    /// <summary>param($SchemaClass, $Models): return the schema text, @{ Schema; Type; References }, or nothing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>A name for messages (and to replace a provider of the same name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "script";

    /// <summary>Write the registered provider.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, "Register schema provider")) return;
        var providers = SessionTypes.SchemaProvidersFor(Runspace.DefaultRunspace);
        providers.RemoveAll(p => p.Name == Name);
        var provider = new ScriptSchemaProvider(Name, ScriptBlock);
        providers.Add(provider);
        if (PassThru) WriteObject(provider);
    }
}
