using System.Runtime.CompilerServices;
using KPops.Engine.Loading;
using KPops.Engine.Pipelines;
using Xunit.Sdk;

namespace KPops.Tests.Integration.Support;

/// <summary>
/// The test pipeline of <c>Resources/gitops</c>: every component type (producer Job and CronJob, streams, consumer,
/// helm-app, sink and source connectors), charts from the test world's chart repository. Names come from
/// <c>GITOPS_ID</c> (prefix and topics) and <c>GITOPS_NAMESPACE</c>.
/// </summary>
public static class GitOpsResources
{
    /// <summary>The resources as copied to the output folder (where tests read them).</summary>
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Resources", "gitops");

    /// <summary>The pipeline folder (relative to <see cref="Directory"/>); also the pipeline's name.</summary>
    public const string PipelinePath = "pipeline";

    /// <summary>The resources in the source tree (where <c>KPOPS_UPDATE_GOLDEN=1</c> writes the golden files).</summary>
    public static string SourceDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Resources", "gitops"));

    /// <summary>Loads the test pipeline with these variables (and optionally another folder's config.yaml).</summary>
    public static Pipeline Load(IReadOnlyDictionary<string, string> variables, string? configDirectory = null)
    {
        var result = PipelineLoader.Load(new LoadRequest
        {
            Paths = [PipelinePath],
            WorkingDirectory = Directory,
            ConfigDirectory = configDirectory,
            EnvironmentVariables = variables,
        }).Single();
        return result.Pipeline ?? throw new XunitException("the gitops test pipeline did not load: " + result.Error!.FullMessage);
    }
}
