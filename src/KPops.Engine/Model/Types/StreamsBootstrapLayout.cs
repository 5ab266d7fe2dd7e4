namespace KPops.Engine.Model.Types;

/// <summary>
/// Where a generation of the streams-bootstrap charts keeps what KPops writes and reads in an app's values: the
/// section of the Kafka settings and the names of its labeled topics, where the consumer group of a streams app is
/// named, and how the charts label and name what they create. streams-bootstrap 3 (<c>streams-app</c>,
/// <c>producer-app</c>, <c>consumer-app</c>) and 2 (the deprecated <c>streams-app-v2</c>, <c>producer-app-v2</c>)
/// differ only in these; everything else an app owns and does is the same.
/// </summary>
internal sealed record StreamsBootstrapLayout
{
    /// <summary>streams-bootstrap 3: <c>values.kafka</c>, labeled topics.</summary>
    public static readonly StreamsBootstrapLayout V3 = new()
    {
        Major = 3,
        Section = "kafka",
        LabeledInputTopics = "labeledInputTopics",
        LabeledInputPatterns = "labeledInputPatterns",
        LabeledOutputTopics = "labeledOutputTopics",
        ConsumerGroupPaths = [["kafka", "applicationId"]],
        VolumeNameLabel = "app.kubernetes.io/name",
        TrimsCronJobNames = true,
    };

    /// <summary>
    /// streams-bootstrap 2: <c>values.streams</c>, extra topics. The application id of a 2.x app is chosen in its code;
    /// the values name it for KEDA (<c>autoscaling.consumerGroup</c>) and, by convention, as the pod annotation
    /// <c>consumerGroup</c> (KPOps' atm-fraud example), which wins as it does on the chart's workload.
    /// </summary>
    public static readonly StreamsBootstrapLayout V2 = new()
    {
        Major = 2,
        Section = "streams",
        LabeledInputTopics = "extraInputTopics",
        LabeledInputPatterns = "extraInputPatterns",
        LabeledOutputTopics = "extraOutputTopics",
        ConsumerGroupPaths = [["annotations", "consumerGroup"], ["autoscaling", "consumerGroup"]],
        VolumeNameLabel = "app",
        TrimsCronJobNames = false,
    };

    /// <summary>The major version of the charts.</summary>
    public required int Major { get; init; }

    /// <summary>The values section of the Kafka settings (<c>kafka</c> or <c>streams</c>).</summary>
    public required string Section { get; init; }

    /// <summary>The key of labeled input topics in the section.</summary>
    public required string LabeledInputTopics { get; init; }

    /// <summary>The key of labeled input patterns in the section.</summary>
    public required string LabeledInputPatterns { get; init; }

    /// <summary>The key of labeled output topics in the section.</summary>
    public required string LabeledOutputTopics { get; init; }

    /// <summary>Where the values name a streams app's consumer group (its application id), first found wins.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> ConsumerGroupPaths { get; init; }

    /// <summary>The label whose value is the name override on the volume claims of a StatefulSet.</summary>
    public required string VolumeNameLabel { get; init; }

    /// <summary>Whether the name override of a cron-job producer is trimmed to the CronJob limit (KPOps does so for v3 only).</summary>
    public required bool TrimsCronJobNames { get; init; }

    /// <summary>The values paths of the consumer group, as a message names them.</summary>
    public string ConsumerGroupSetting => string.Join(" or ", ConsumerGroupPaths.Select(p => "values." + string.Join(".", p)));

    /// <summary>The values path of the cleanup job's switch that deletes the output.</summary>
    public IReadOnlyList<string> DeleteOutputPath => [Section, "deleteOutput"];
}
