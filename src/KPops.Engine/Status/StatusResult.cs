namespace KPops.Engine.Status;

/// <summary>How a live resource compares with the pipeline.</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum ResourceStatus : long
{
    /// <summary>As the pipeline says.</summary>
    InSync,

    /// <summary>Present, but different from the pipeline (config, values, version, state).</summary>
    Drifted,

    /// <summary>Not there.</summary>
    Missing,

    /// <summary>There, but not healthy (failed release, workload not ready, failed connector, lag above the limit).</summary>
    Degraded,

    /// <summary>Could not be determined.</summary>
    Unknown,
}

/// <summary>The kind of resource a status is about.</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum StatusKind : long
{
    /// <summary>A Helm release.</summary>
    HelmRelease,

    /// <summary>A Deployment, StatefulSet, Job or CronJob of a release.</summary>
    Workload,

    /// <summary>A Kafka topic.</summary>
    Topic,

    /// <summary>A Schema Registry subject.</summary>
    Subject,

    /// <summary>A Kafka Connect connector.</summary>
    Connector,

    /// <summary>A consumer group and its lag.</summary>
    ConsumerGroup,
}

/// <summary>The live state of one resource of a component, compared with the pipeline.</summary>
public sealed record StatusResult : IStatusRecord
{
    /// <summary>The pipeline.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The component.</summary>
    public required string Component { get; init; }

    /// <summary>The component type.</summary>
    public required string ComponentType { get; init; }

    /// <summary>The resource kind.</summary>
    public required StatusKind Kind { get; init; }

    /// <summary>The resource name.</summary>
    public required string Resource { get; init; }

    /// <summary>The verdict.</summary>
    public required ResourceStatus Status { get; init; }

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>What differs, when something does.</summary>
    public string? Diff { get; init; }

    /// <summary>Facts for scripts: revision, chart, partitions, lag, ready replicas, traces, …</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    /// <inheritdoc />
    public override string ToString() => $"{Component} {Kind} {Resource}: {Status}{(Reason is null ? "" : " (" + Reason + ")")}";
}
