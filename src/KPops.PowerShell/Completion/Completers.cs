using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using KPops.Engine.Loading;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Completion;

/// <summary>Shared helpers of the argument completers.</summary>
internal static class CompletionContext
{
    // Completers run on the pipeline thread while a pipeline is running, so the location is read with a nested
    // command in the current runspace (SessionStateProxy is not usable then).
    public static string WorkingDirectory()
    {
        if (Runspace.DefaultRunspace is null) return System.Environment.CurrentDirectory;
        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        var location = shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>();
        return location.Count > 0 ? location[0].ProviderPath : System.Environment.CurrentDirectory;
    }

    public static string[] Paths(IDictionary bound)
    {
        var value = bound.Contains("Path") ? bound["Path"] : System.Environment.GetEnvironmentVariable("KPOPS_PIPELINE_PATHS")?.Split(',');
        return LanguagePrimitives.ConvertTo<string[]>(value ?? Array.Empty<string>());
    }

    public static string? Text(IDictionary bound, string name) => bound.Contains(name) ? LanguagePrimitives.ConvertTo<string>(bound[name]) : null;

    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string word, string tooltip)
    {
        var pattern = WildcardPattern.Get((word ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return candidates.Distinct(StringComparer.Ordinal).Where(pattern.IsMatch).Order(StringComparer.Ordinal)
            .Select(c => new CompletionResult(c.Contains(' ', StringComparison.Ordinal) ? $"'{c}'" : c, c, CompletionResultType.ParameterValue, $"{tooltip} {c}"));
    }

    public static IReadOnlyList<string> PipelineFiles(IDictionary bound, string workingDirectory)
    {
        try
        {
            return PipelineLoader.FindPipelineFiles(Paths(bound), workingDirectory);
        }
        catch (KPops.Engine.Errors.KPopsException)
        {
            return [];
        }
    }
}

/// <summary>Completes component names (-Steps, -Exclude) from the pipeline files of -Path.</summary>
public sealed class ComponentNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var cwd = CompletionContext.WorkingDirectory();
        var names = new List<string>();
        try
        {
            // The full load gives the names that come from defaults or substitution too.
            var request = new LoadRequest
            {
                Paths = CompletionContext.Paths(fakeBoundParameters),
                WorkingDirectory = cwd,
                ConfigDirectory = CompletionContext.Text(fakeBoundParameters, "Config"),
                Environment = CompletionContext.Text(fakeBoundParameters, "Environment"),
                EnvironmentVariables = LoadRequest.ProcessEnvironment(),
                Registry = SessionTypes.For(Runspace.DefaultRunspace),
            }.WithKpopsEnvironmentDefaults();
            names.AddRange(PipelineLoader.Load(request).Where(r => r.Pipeline is not null).SelectMany(r => r.Pipeline!.Components).Select(c => c.Name));
        }
        catch (KPops.Engine.Errors.KPopsException)
        {
            // An incomplete or invalid project: fall back to the names written in the files.
        }
        if (names.Count == 0)
        {
            foreach (var file in CompletionContext.PipelineFiles(fakeBoundParameters, cwd))
            {
                try
                {
                    names.AddRange(WrittenComponentNames.Of(file));
                }
                catch (KPops.Engine.Errors.KPopsException)
                {
                    // unreadable file: nothing to offer from it
                }
            }
        }
        return CompletionContext.Matching(names, wordToComplete, "Component");
    }
}

/// <summary>Completes environment names from the pipeline_*, defaults_* and config_* files present.</summary>
public sealed class EnvironmentCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var cwd = CompletionContext.WorkingDirectory();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in CompletionContext.PipelineFiles(fakeBoundParameters, cwd))
        {
            for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(file)!); dir is not null && dir.FullName.StartsWith(cwd, StringComparison.Ordinal); dir = dir.Parent)
                directories.Add(dir.FullName);
        }
        var config = CompletionContext.Text(fakeBoundParameters, "Config");
        directories.Add(config is null ? cwd : System.IO.Path.GetFullPath(config, cwd));
        var names = new List<string>();
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var prefix in new[] { "pipeline_", "defaults_", "config_" })
            {
                names.AddRange(Directory.EnumerateFiles(directory, prefix + "*.yaml")
                    .Select(f => System.IO.Path.GetFileNameWithoutExtension(f)[prefix.Length..])
                    .Where(n => n.Length > 0));
            }
        }
        return CompletionContext.Matching(names, wordToComplete, "Environment");
    }
}

/// <summary>Completes component type names (built-in and registered).</summary>
public sealed class ComponentTypeCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var registry = SessionTypes.For(Runspace.DefaultRunspace);
        var types = parameterName == "BaseType" ? registry.ConcreteTypes : registry.Types.Where(t => !registry.CleanerTypeNames.Contains(t.Name));
        return CompletionContext.Matching(types.Select(t => t.Name), wordToComplete, "Component type");
    }
}
