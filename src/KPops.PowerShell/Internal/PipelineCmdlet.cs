using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.PowerShell.Completion;

namespace KPops.PowerShell.Internal;

/// <summary>
/// Cmdlets that load pipelines from files: -Path, -Config, -Environment, -DotEnv, -Steps and -Exclude, with KPOps'
/// KPOPS_* variables as defaults for what is not given.
/// </summary>
public abstract class PipelineCmdlet : KPopsCmdlet
{
    /// <summary>Parameter set for loading from files.</summary>
    protected const string PathSet = "Path";

    /// <summary>Parameter set for file objects (Get-ChildItem, Get-Item) and paths taken literally.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>
    /// Pipeline files, or folders searched recursively for pipeline.yaml (default: KPOPS_PIPELINE_PATHS). Strings bind
    /// from the pipeline by value, as with Get-Item; no alias lets a property of another object (a component's
    /// FullName) bind here.
    /// </summary>
    [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("PipelinePath")]
    public string[] Path { get; set; } = [];

    /// <summary>Pipeline files or folders, taken as written; file objects bind by their PSPath.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    // Config, Environment and DotEnv belong to every parameter set: a value from $PSDefaultParameterValues
    // ('*-KPops*:Environment') must not rule out the set of piped components. Piped components were loaded with
    // their own settings, so there the values are not used.

    /// <summary>Directory of config.yaml (default: the current location, or KPOPS_CONFIG_PATH).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>Environment: reads pipeline_&lt;name&gt;.yaml, defaults_&lt;name&gt;.yaml and config_&lt;name&gt;.yaml too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EnvironmentCompleter))]
    public string? Environment { get; set; }

    /// <summary>Dotenv files with settings (KPOPS_*) and ${VAR} values; a later file wins.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] DotEnv { get; set; } = [];

    /// <summary>The paths given with -Path or -LiteralPath.</summary>
    protected string[] GivenPaths => ParameterSetName == LiteralPathSet ? LiteralPath : Path;

    /// <summary>Only components whose name matches one of these wildcard patterns.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ComponentNameCompleter))]
    public string[] Steps { get; set; } = [];

    /// <summary>Leave out components whose name matches one of these wildcard patterns.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ComponentNameCompleter))]
    public string[] Exclude { get; set; } = [];

    /// <summary>Builds the load request from the parameters.</summary>
    protected LoadRequest CreateLoadRequest() => new LoadRequest
    {
        Paths = GivenPaths.Select(ResolvePath).ToList(),
        WorkingDirectory = WorkingDirectory,
        ConfigDirectory = Config is null ? null : ResolvePath(Config),
        Environment = Environment,
        DotEnvFiles = DotEnv.Select(ResolvePath).ToList(),
        EnvironmentVariables = LoadRequest.ProcessEnvironment(),
        Registry = SessionTypes.For(Runspace.DefaultRunspace),
        InflateScriptLoader = path => SessionTypes.Inflater(InvokeCommand.NewScriptBlock(File.ReadAllText(path))),
        CancellationToken = CancellationToken,
        DeferCleanupJobs = DefersCleanupJobs,
    }.WithKpopsEnvironmentDefaults();

    /// <summary>
    /// True for commands that only read the model (no cleanup job runs, renders or is checked): the jobs are then built
    /// by whichever later command needs them, such as a reset of the piped components.
    /// </summary>
    protected virtual bool DefersCleanupJobs => false;

    /// <summary>
    /// Loads the pipelines of the request. Each pipeline that fails is reported as errors and left out; warnings are
    /// written; a problem with the configuration or the paths is reported as errors and stops the command (no pipeline).
    /// </summary>
    protected IEnumerable<KPops.Engine.Pipelines.Pipeline> LoadPipelines()
    {
        IReadOnlyList<PipelineLoadResult> results = [];
        KPopsException? failure = null;
        try
        {
            var request = CreateLoadRequest();
            if (request.Paths.Count == 0)
            {
                throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.InvalidArgument, "No pipeline path given.", hint: "Pass -Path or set KPOPS_PIPELINE_PATHS.");
            }
            var configDirectory = System.IO.Path.GetFullPath(request.ConfigDirectory ?? ".", request.WorkingDirectory);
            WriteVerbose($"Loading {string.Join(", ", request.Paths)} (config: {configDirectory}{(request.Environment is null ? "" : ", environment: " + request.Environment)})");
            if (ConfigLoader.MissingConfigWarning(configDirectory) is { } missing) WriteWarning(missing);
            results = PipelineLoader.Load(request);
        }
        catch (KPopsException e)
        {
            failure = e;
        }
        if (failure is not null)
        {
            // Non-terminating, as a failed run: -ErrorAction Stop on the cmdlet ends a script too, which a terminating
            // error of the cmdlet would not do. No pipeline is loaded, so nothing else happens.
            WriteEngineError(failure, GivenPaths);
            yield break;
        }
        foreach (var result in results)
        {
            foreach (var warning in result.Warnings) WriteWarning(warning);
            if (result.Error is not null)
            {
                WriteEngineError(result.Error, result.FilePath);
                continue;
            }
            WriteVerbose($"Pipeline {result.Pipeline!.Name} ({result.FilePath}): {result.Pipeline.Components.Count} components");
            LoadedPipelines.Remember(result.Pipeline);
            yield return result.Pipeline;
        }
    }

    /// <summary>Applies -Steps and -Exclude (after weaving, so wiring does not change).</summary>
    protected IEnumerable<Component> Filter(IEnumerable<Component> components)
    {
        var include = Steps.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
        var exclude = Exclude.Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
        return components.Where(c => (include.Count == 0 || include.Any(p => p.IsMatch(c.Name))) && !exclude.Any(p => p.IsMatch(c.Name)));
    }

    /// <summary>-Steps defaults to KPOPS_PIPELINE_STEPS (comma-separated), as in KPOps.</summary>
    protected void ApplyStepsFromEnvironment()
    {
        if (Steps.Length == 0 && System.Environment.GetEnvironmentVariable("KPOPS_PIPELINE_STEPS") is { Length: > 0 } steps)
            Steps = steps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
