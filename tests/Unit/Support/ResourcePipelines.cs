using KPops.Engine.Loading;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;

namespace KPops.Tests.Unit.Support;

/// <summary>Loads pipelines from a resource folder with an explicit (empty unless given) environment.</summary>
public static class ResourcePipelines
{
    /// <summary>Loads <paramref name="pipelinePath"/> relative to <paramref name="workingDirectory"/>.</summary>
    public static Pipeline Load(string workingDirectory, string pipelinePath, IReadOnlyDictionary<string, string>? environmentVariables = null, string? environment = null) =>
        PipelineLoader.LoadOne(new LoadRequest
        {
            Paths = [pipelinePath],
            WorkingDirectory = workingDirectory,
            EnvironmentVariables = environmentVariables ?? new Dictionary<string, string>(),
            Environment = environment,
            Registry = ComponentTypeRegistry.CreateDefault(),
        });

    /// <summary>What <c>kpops generate</c> prints for a pipeline.</summary>
    public static string Generate(Pipeline pipeline) => string.Concat(pipeline.Components.Select(c => c.ToYaml()));
}
