using System.Runtime.CompilerServices;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;

namespace KPops.PowerShell.Internal;

/// <summary>
/// The pipelines loaded in this process, by identity, so that component objects piped from Get-KPopsComponent to
/// another cmdlet (of any runspace) lead back to the pipeline they were loaded with. Entries live as long as the
/// pipeline's components do.
/// </summary>
internal static class LoadedPipelines
{
    private static readonly ConditionalWeakTable<PipelineIdentity, Pipeline> Pipelines = new();

    /// <summary>Remembers a loaded pipeline.</summary>
    public static void Remember(Pipeline pipeline) => Pipelines.AddOrUpdate(pipeline.Identity, pipeline);

    /// <summary>The pipeline a component was loaded with, or null when it is not known here.</summary>
    public static Pipeline? Of(Component component) =>
        Pipelines.TryGetValue(component.PipelineIdentity, out var pipeline) && pipeline.Contains(component) ? pipeline : null;
}
