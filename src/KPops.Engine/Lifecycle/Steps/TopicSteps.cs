using System.Globalization;
using KPops.Engine.Clients;
using KPops.Engine.Diff;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Model;

namespace KPops.Engine.Lifecycle.Steps;

/// <summary>
/// Deploy: creates a topic, or brings an existing one to the desired state — configs set and removed, partitions
/// increased when asked. A partition decrease or a replication change is an error (checked in real runs too, not
/// only under -WhatIf as KPOps does). Unset partitions/replication mean "whatever the topic has or the broker default".
/// </summary>
internal sealed class EnsureTopicStep(TopicResource resource) : Step(ResourceKind.Topic, resource.Name, $"create or update topic {resource.Name}")
{
    private TopicConfig Topic => resource.Desired;

    /// <summary>The topic as it is created when missing.</summary>
    internal NewTopicSpec Spec => new(Topic.Name, Topic.PartitionsCount, Topic.ReplicationFactor, Topic.Configs);

    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        var existing = await batch.DescribeTopicAsync(Topic.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var defaults = await context.Clients.Kafka.GetBrokerDefaultsAsync(cancellationToken).ConfigureAwait(false);
            var diff = Invariant($"+ partitions: {Topic.PartitionsCount ?? defaults.Partitions}{(Topic.PartitionsCount is null ? " (broker default)" : "")}\n")
                + Invariant($"+ replication factor: {Topic.ReplicationFactor ?? defaults.ReplicationFactor}{(Topic.ReplicationFactor is null ? " (broker default)" : "")}\n")
                + ConfigDiff.Describe(new Dictionary<string, string>(), Topic.Configs);
            if (context.DryRun) return Done(StepAction.WouldCreate, diff, $"Topic {Topic.Name} does not exist in the cluster.");
            await batch.CreateTopicAsync(Spec, cancellationToken).ConfigureAwait(false);
            return Done(StepAction.Created, diff);
        }

        var problems = new List<string>();
        var increase = false;
        if (Topic.PartitionsCount is { } partitions && partitions != existing.Partitions)
        {
            if (partitions < existing.Partitions) problems.Add(Invariant($"Topic {Topic.Name} has {existing.Partitions} partitions; partitions_count {partitions} would decrease them, which Kafka cannot do."));
            else increase = true;
        }
        if (Topic.ReplicationFactor is { } replication && replication != existing.ReplicationFactor)
            problems.Add(Invariant($"Topic {Topic.Name} has replication factor {existing.ReplicationFactor}, not {replication}; KPops does not reassign replicas."));
        if (problems.Count > 0)
        {
            var message = string.Join(" ", problems);
            if (context.DryRun) return Done(StepAction.WouldFail, null, message);
            throw new KPopsException(ErrorIds.TopicMismatch, ErrorKind.InvalidOperation, message, context.Component.Location,
                "Recreate the topic (Clear-KPopsPipeline) or change partitions_count/replication_factor to match the cluster.");
        }

        var configDiff = ConfigDiffOf(existing, Topic.Configs);
        var partitionDiff = increase ? Invariant($"~ partitions: {existing.Partitions} → {Topic.PartitionsCount}\n") : "";
        var fullDiff = partitionDiff + configDiff;
        if (fullDiff.Length == 0) return Done(StepAction.Unchanged);
        if (context.DryRun) return Done(StepAction.WouldUpdate, fullDiff);

        if (configDiff.Length > 0) await batch.AlterTopicAsync(existing, Spec, cancellationToken).ConfigureAwait(false);
        if (increase) await batch.IncreasePartitionsAsync(Topic.Name, Topic.PartitionsCount!.Value, cancellationToken).ConfigureAwait(false);
        return Done(StepAction.Updated, fullDiff);
    }

    /// <summary>
    /// The config change a deploy makes to an existing topic, or null when it makes none: its configs already match, or
    /// its partitions or replication cannot be brought to the desired ones (the step fails instead).
    /// </summary>
    internal static TopicConfigChange? PlannedChange(TopicDescription existing, NewTopicSpec spec)
    {
        if (spec.Partitions is { } partitions && partitions < existing.Partitions) return null;
        if (spec.ReplicationFactor is { } replication && replication != existing.ReplicationFactor) return null;
        return ConfigDiffOf(existing, spec.Configs).Length == 0 ? null : ChangeOf(existing, spec);
    }

    /// <summary>
    /// The partitions a deploy adds to an existing topic, or null when it adds none: it has as many or more (fewer
    /// fail the step), or its replication cannot be brought to the desired one.
    /// </summary>
    internal static PartitionIncrease? PlannedIncrease(TopicDescription existing, NewTopicSpec spec)
    {
        if (spec.ReplicationFactor is { } replication && replication != existing.ReplicationFactor) return null;
        return spec.Partitions is { } partitions && partitions > existing.Partitions ? new PartitionIncrease(spec.Name, partitions) : null;
    }

    private static string ConfigDiffOf(TopicDescription existing, IReadOnlyDictionary<string, string> desired)
    {
        var fallbacks = existing.Configs.Values.ToDictionary(c => c.Name, c => c.DefaultValue, StringComparer.Ordinal);
        return ConfigDiff.Describe(existing.DynamicConfigs, desired, fallbacks);
    }

    /// <summary>The configs to set and remove to bring an existing topic's to the desired ones.</summary>
    internal static TopicConfigChange ChangeOf(TopicDescription existing, NewTopicSpec spec)
    {
        var current = existing.DynamicConfigs;
        var toSet = spec.Configs.Where(p => !current.TryGetValue(p.Key, out var v) || v != p.Value)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var toRemove = current.Keys.Where(k => !spec.Configs.ContainsKey(k)).ToList();
        return new TopicConfigChange(spec.Name, toSet, toRemove);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Clean: deletes a topic (connectors' <c>to</c> topics; apps delete theirs in their cleanup job).</summary>
internal sealed class DeleteTopicStep(TopicResource topic) : Step(ResourceKind.Topic, topic.Name, $"delete topic {topic.Name}"), IBatchedKafkaStep
{
    /// <inheritdoc />
    public BatchedRequestKind? BatchedAs(bool dryRun) => dryRun ? null : BatchedRequestKind.DeleteTopics;

    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.DryRun)
        {
            // The run's topics are described in one request (RunShared).
            var exists = await context.Shared.DescribeTopicAsync(context.Clients.Kafka, Resource, cancellationToken).ConfigureAwait(false) is not null;
            return Done(exists ? StepAction.WouldDelete : StepAction.NotFound);
        }
        var deleted = await context.Batch.DeleteTopicAsync(context.Component, Resource, cancellationToken).ConfigureAwait(false);
        return Done(deleted ? StepAction.Deleted : StepAction.NotFound);
    }
}
