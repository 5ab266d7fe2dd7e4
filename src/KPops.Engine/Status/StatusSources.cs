using System.Runtime.CompilerServices;
using KPops.Engine.Model;

namespace KPops.Engine.Status;

/// <summary>What every status object says: whose status it is, and the verdict.</summary>
public interface IStatusRecord
{
    /// <summary>The pipeline.</summary>
    string Pipeline { get; }

    /// <summary>The component.</summary>
    string Component { get; }

    /// <summary>The verdict (of the resource, or the worst of the component's resources).</summary>
    ResourceStatus Status { get; }
}

/// <summary>
/// The component object a status result was checked for, so that status objects can be handed back to a lifecycle
/// run (redeploy what drifted). Kept beside the results rather than in them: a result serialises to its own facts,
/// never to the component and its pipeline.
/// </summary>
public static class StatusSources
{
    private static readonly ConditionalWeakTable<object, Component> Sources = new();

    /// <summary>The component <paramref name="status"/> (a <see cref="StatusResult"/> or <see cref="ComponentStatus"/>) was checked for, or null.</summary>
    public static Component? Of(object status) => status is not null && Sources.TryGetValue(status, out var component) ? component : null;

    /// <summary>Whether a redeploy would bring the component of <paramref name="status"/> back: something of it drifted or is missing.</summary>
    public static bool NeedsDeploy(object status) => status switch
    {
        StatusResult result => result.Status is ResourceStatus.Drifted or ResourceStatus.Missing,
        ComponentStatus component => component.Results.Any(r => r.Status is ResourceStatus.Drifted or ResourceStatus.Missing),
        _ => false,
    };

    internal static T Remember<T>(T status, Component component) where T : class
    {
        Sources.AddOrUpdate(status, component);
        return status;
    }
}
