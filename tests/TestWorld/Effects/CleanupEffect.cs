namespace KPops.TestWorld.Effects;

/// <summary>What a cleanup job changed.</summary>
public enum CleanupAction
{
    /// <summary>Committed offsets of a consumer group were set to the partitions' log start offsets.</summary>
    ResetOffsets,

    /// <summary>A topic was deleted.</summary>
    DeleteTopic,

    /// <summary>A Schema Registry subject was soft-deleted.</summary>
    DeleteSubject,

    /// <summary>A consumer group was deleted with its offsets.</summary>
    DeleteGroup,
}

/// <summary>One change a succeeded cleanup job made to the Kafka or Schema Registry double.</summary>
/// <param name="Namespace">Namespace of the Job.</param>
/// <param name="Job">Name of the Job.</param>
/// <param name="Chart">The cleanup chart: <c>streams-app-cleanup-job</c>, <c>producer-app-cleanup-job</c> or <c>consumer-app-cleanup-job</c>.</param>
/// <param name="Command">The job's command: <c>reset</c> or <c>clean</c>.</param>
/// <param name="Action">What was done.</param>
/// <param name="Target">The group, topic or subject.</param>
/// <param name="Detail">For <see cref="CleanupAction.ResetOffsets"/> the new offsets, e.g. <c>orders-0=0,orders-1=5</c>; else null.</param>
public sealed record CleanupEffect(string Namespace, string Job, string Chart, string Command, CleanupAction Action, string Target, string? Detail = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Namespace}/{Job} ({Chart} {Command}): {Action} {Target}{(Detail is null ? "" : " " + Detail)}";
}
