using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Model.Types;
using KPops.PowerShell.Completion;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Lists the component types pipelines of the current project can use: built-in ones, the custom types registered
/// in this session and those declared in kpops-components.yaml of the project's pipeline base directory.
/// </summary>
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

    /// <summary>Directory of config.yaml, whose pipeline_base_dir holds kpops-components.yaml (default: the current location, or KPOPS_CONFIG_PATH).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>Environment: config_&lt;name&gt;.yaml is read too (default: KPOPS_ENVIRONMENT).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentCompleter))]
    public string? Environment { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = SessionTypes.For(Runspace.DefaultRunspace);
        var registry = session;
        try
        {
            registry = ComponentTypeFile.ForProject(new LoadRequest
            {
                Paths = [],
                WorkingDirectory = WorkingDirectory,
                ConfigDirectory = Config is null ? null : ResolvePath(Config),
                Environment = Environment,
                EnvironmentVariables = LoadRequest.ProcessEnvironment(),
                Registry = session,
                // Listing never inflates, so a declared script is read only if the listed type's hook is called.
                InflateScriptLoader = path => component => SessionTypes.Inflater(InvokeCommand.NewScriptBlock(File.ReadAllText(path)))(component),
            }.WithKpopsEnvironmentDefaults());
        }
        catch (KPopsException e)
        {
            WriteEngineError(e, Config ?? WorkingDirectory);
        }
        var types = registry.Types.Where(t => IncludeAbstract || !t.IsAbstract).ToList();
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
