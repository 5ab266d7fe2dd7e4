using KPops.Engine.Model;

namespace KPops.Engine.Status;

/// <summary>The status of a component as a whole: its worst resource status.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Component">The component.</param>
/// <param name="ComponentType">Its type.</param>
/// <param name="Status">The worst status of its resources (Degraded, Missing, Drifted, Unknown, InSync in that order).</param>
/// <param name="Resources">How many resources were checked.</param>
/// <param name="Problems">The resources that are not InSync, with their reasons.</param>
/// <param name="Results">Every resource result.</param>
public sealed record ComponentStatus(string Pipeline, string Component, string ComponentType, ResourceStatus Status, int Resources,
    IReadOnlyList<string> Problems, IReadOnlyList<StatusResult> Results) : IStatusRecord
{
    /// <summary>Summarises the results of one component.</summary>
    public static ComponentStatus Of(Component component, IReadOnlyList<StatusResult> results)
    {
        static int Severity(ResourceStatus status) => status switch
        {
            ResourceStatus.Degraded => 4,
            ResourceStatus.Missing => 3,
            ResourceStatus.Drifted => 2,
            ResourceStatus.Unknown => 1,
            _ => 0,
        };
        var worst = results.Count == 0 ? ResourceStatus.InSync : results.MaxBy(r => Severity(r.Status))!.Status;
        return StatusSources.Remember(new ComponentStatus(component.PipelineName ?? "", component.Name, component.Type, worst, results.Count,
            results.Where(r => r.Status != ResourceStatus.InSync).Select(r => $"{r.Kind} {r.Resource}: {r.Status} — {r.Reason}").ToTextList(), results.ToTextList()), component);
    }
}
