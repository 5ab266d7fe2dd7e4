using System.Management.Automation;
using KPops.Engine.Errors;
using KPops.Engine.Scaffold;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>Creates a KPops project: config.yaml, pipeline.yaml and defaults.yaml.</summary>
[Cmdlet(VerbsCommon.New, "KPopsProject", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewKPopsProjectCommand : KPopsCmdlet
{
    /// <summary>The project directory; created if missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Also write every optional setting with its default into config.yaml.</summary>
    [Parameter]
    public SwitchParameter IncludeOptional { get; set; }

    /// <summary>Overwrite files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var directory = ResolvePath(Path);
        var files = ProjectScaffolder.Plan(directory, IncludeOptional);
        try
        {
            ProjectScaffolder.CheckTarget(directory, files, Force);
        }
        catch (KPopsException e)
        {
            ThrowEngineError(e, directory);
        }
        var ours = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any(e => !ours.Contains(e)))
            WriteWarning($"'{directory}' is not empty.");
        foreach (var file in files)
        {
            if (!ShouldProcess(file.Path, "Create file")) continue;
            Directory.CreateDirectory(directory);
            File.WriteAllText(file.Path, file.Content);
            WriteObject(new FileInfo(file.Path));
        }
    }
}
