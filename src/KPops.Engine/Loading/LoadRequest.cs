using System.Collections;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Loading;

/// <summary>What to load: pipeline paths and everything that shapes their enrichment.</summary>
public sealed record LoadRequest
{
    /// <summary>Pipeline files, or folders searched recursively for <c>pipeline.yaml</c>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The directory relative paths (and pipeline_base_dir) are resolved against.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Directory of config.yaml; the working directory when null.</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Environment name (pipeline_&lt;env&gt;.yaml, defaults_&lt;env&gt;.yaml, config_&lt;env&gt;.yaml).</summary>
    public string? Environment { get; init; }

    /// <summary>Dotenv files; later ones win.</summary>
    public IReadOnlyList<string> DotEnvFiles { get; init; } = [];

    /// <summary>The process environment.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>The component types (built-in ones when null).</summary>
    public ComponentTypeRegistry? Registry { get; init; }

    /// <summary>Stops the load (checked between folders, files and components); the cmdlets pass Ctrl+C here.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Builds the cleanup jobs of the streams-bootstrap apps when something first needs them (the resource inventory of
    /// a reset, clean, manifest or status, before any step runs) instead of during the load. For commands that only
    /// read the model (Get-KPopsComponent, generate output, the graph), where the jobs are nearly half the work of a
    /// load; a job that does not build is then reported by the command that needs it, as KPOps reports it at reset
    /// and clean time.
    /// </summary>
    public bool DeferCleanupJobs { get; init; }

    /// <summary>Turns the path of an inflate script declared in kpops-components.yaml into a handler (PowerShell supplies it).</summary>
    public Func<string, InflateHandler>? InflateScriptLoader { get; init; }

    /// <summary>Reads the current process environment into a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value) result[key] = value;
        }
        return result;
    }

    /// <summary>
    /// Fills what was not given from KPOps' variables: KPOPS_PIPELINE_PATHS (comma-separated), KPOPS_CONFIG_PATH,
    /// KPOPS_ENVIRONMENT and KPOPS_DOTENV_PATH (comma-separated).
    /// </summary>
    public LoadRequest WithKpopsEnvironmentDefaults()
    {
        string? Env(string name) => EnvironmentVariables.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } v ? v : null;
        static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return this with
        {
            Paths = Paths.Count > 0 ? Paths : Env("KPOPS_PIPELINE_PATHS") is { } paths ? Split(paths) : Paths,
            ConfigDirectory = ConfigDirectory ?? Env("KPOPS_CONFIG_PATH"),
            Environment = Environment ?? Env("KPOPS_ENVIRONMENT"),
            DotEnvFiles = DotEnvFiles.Count > 0 ? DotEnvFiles : Env("KPOPS_DOTENV_PATH") is { } dotenv ? Split(dotenv) : DotEnvFiles,
        };
    }
}
