using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes;

/// <summary>How a simulated Job ends.</summary>
public enum JobOutcome
{
    /// <summary>Its pod succeeds: <c>succeeded: 1</c>, condition Complete.</summary>
    Succeeded,

    /// <summary>Its pod keeps failing: <c>failed: backoffLimit + 1</c>, condition Failed (BackoffLimitExceeded).</summary>
    Failed,

    /// <summary>It never finishes: <c>active: 1</c> for ever.</summary>
    Running,
}

/// <summary>Raised when a simulated Job completes or fails.</summary>
/// <param name="job">The Job with its final status, as it is about to be stored (a private copy per handler).</param>
/// <param name="outcome"><see cref="JobOutcome.Succeeded"/> or <see cref="JobOutcome.Failed"/>.</param>
public sealed class JobFinishedEventArgs(JsonObject job, JobOutcome outcome) : EventArgs
{
    /// <summary>The finished Job.</summary>
    public JsonObject Job { get; } = job;

    /// <summary>How it ended.</summary>
    public JobOutcome Outcome { get; } = outcome;

    /// <summary>Namespace of the Job.</summary>
    public string Namespace => Job["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    /// <summary>Name of the Job.</summary>
    public string Name => Job["metadata"]?["name"]?.GetValue<string>() ?? "";
}
