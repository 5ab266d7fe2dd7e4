namespace KPops.Engine.Lifecycle;

/// <summary>The lifecycle operations.</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum Operation : long
{
    /// <summary>Create topics, register schemas, install releases and connectors.</summary>
    Deploy,

    /// <summary>Remove releases and connectors.</summary>
    Destroy,

    /// <summary>Destroy, then reset state (consumer offsets, streams state, connector offsets).</summary>
    Reset,

    /// <summary>Reset, then delete output topics, schemas, consumer groups and volumes.</summary>
    Clean,
}

/// <summary>The kind of resource a step works on.</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum ResourceKind : long
{
    /// <summary>A Helm release of an app.</summary>
    HelmRelease,

    /// <summary>A cleanup-job release (reset/clean).</summary>
    CleanupJob,

    /// <summary>A Kafka topic.</summary>
    Topic,

    /// <summary>A Schema Registry subject.</summary>
    Subject,

    /// <summary>A Kafka Connect connector.</summary>
    Connector,

    /// <summary>A consumer group.</summary>
    ConsumerGroup,

    /// <summary>A persistent volume claim.</summary>
    Pvc,
}

/// <summary>What a step did (or, under -WhatIf, would do).</summary>
/// <remarks>Based on long: ConvertTo-Json writes such enums by name, others as numbers.</remarks>
public enum StepAction : long
{
    /// <summary>Created.</summary>
    Created,

    /// <summary>Changed.</summary>
    Updated,

    /// <summary>Already as desired.</summary>
    Unchanged,

    /// <summary>Removed.</summary>
    Deleted,

    /// <summary>State reset (connector offsets).</summary>
    Reset,

    /// <summary>A cleanup job ran to completion.</summary>
    Ran,

    /// <summary>Nothing to do for this resource (e.g. schema registry disabled).</summary>
    Skipped,

    /// <summary>The resource to remove did not exist.</summary>
    NotFound,

    /// <summary>-WhatIf: would be created.</summary>
    WouldCreate,

    /// <summary>-WhatIf: would be changed.</summary>
    WouldUpdate,

    /// <summary>-WhatIf: would be removed.</summary>
    WouldDelete,

    /// <summary>-WhatIf: would be reset.</summary>
    WouldReset,

    /// <summary>-WhatIf: the cleanup job would run.</summary>
    WouldRun,

    /// <summary>-WhatIf: a check failed (incompatible schema, invalid connector config, partition decrease); the real run would stop here.</summary>
    WouldFail,
}

/// <summary>One resource step of a lifecycle run, written as soon as it completes.</summary>
public sealed record StepResult
{
    /// <summary>The pipeline.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The component (its name in the pipeline).</summary>
    public required string Component { get; init; }

    /// <summary>The component type.</summary>
    public required string ComponentType { get; init; }

    /// <summary>The operation.</summary>
    public required Operation Operation { get; init; }

    /// <summary>The resource kind.</summary>
    public required ResourceKind Kind { get; init; }

    /// <summary>The resource's name (release, topic, subject, connector, group, claim).</summary>
    public required string Resource { get; init; }

    /// <summary>What happened.</summary>
    public required StepAction Action { get; init; }

    /// <summary>The change as a diff (YAML of manifests, topic configs, connector config), when there is one.</summary>
    public string? Diff { get; init; }

    /// <summary>A short explanation.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// What the step changes in one line (<c>~ replicas 1→2, +2 env</c>, <c>+2 partitions</c>, <c>no change</c>), read
    /// from <see cref="Diff"/>, <see cref="Action"/> and <see cref="Message"/>.
    /// </summary>
    public string Summary => KPops.Engine.Diff.ChangeSummary.Of(this);

    /// <summary>How long the step took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>True for -WhatIf results.</summary>
    public bool IsPlan => Action is StepAction.WouldCreate or StepAction.WouldUpdate or StepAction.WouldDelete or StepAction.WouldReset or StepAction.WouldRun or StepAction.WouldFail;

    /// <inheritdoc />
    public override string ToString() => $"{Operation} {Component}: {Kind} {Resource} {Action}";
}
