using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle.Steps;

namespace KPops.Engine.Lifecycle;

/// <summary>
/// The topics of components that became ready together. The first of their steps that finds its topic missing creates
/// every missing topic of the batch in one CreateTopics request, and the first that finds its configs differ changes
/// those of every such topic in one IncrementalAlterConfigs request; each step then reports its own topic's outcome, so
/// a topic's failure stays with its component. Within a component the order stays: its topics exist before its schemas
/// and release. Thread safe.
/// </summary>
internal sealed class TopicBatch
{
    private readonly object _gate = new();
    private readonly IReadOnlyList<NewTopicSpec> _topics;
    private Task<IReadOnlyDictionary<string, TopicDescription?>>? _described;
    private Task<IReadOnlyDictionary<string, KPopsException?>>? _created;
    private Task<IReadOnlyDictionary<string, KPopsException?>>? _altered;

    /// <summary>A batch of topics (a name declared twice is created once, as first declared).</summary>
    public TopicBatch(IEnumerable<NewTopicSpec> topics) => _topics = topics.DistinctBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>The topics the deploy steps of these components ensure; planned (-WhatIf) components add none.</summary>
    public static TopicBatch Of(IEnumerable<ScheduledComponent> components) =>
        new(components.Where(c => !c.Item.DryRun).SelectMany(c => c.Steps).OfType<EnsureTopicStep>().Select(s => s.Spec));

    /// <summary>The topics of the batch.</summary>
    public IReadOnlyList<NewTopicSpec> Topics => _topics;

    /// <summary>Whether <paramref name="topic"/> is one of the batch's.</summary>
    public bool Contains(string topic) => _topics.Any(t => t.Name == topic);

    /// <summary>Whether the batch's request created <paramref name="topic"/>.</summary>
    public bool Created(string topic)
    {
        Task<IReadOnlyDictionary<string, KPopsException?>>? created;
        lock (_gate) created = _created;
        return created is { IsCompletedSuccessfully: true } && created.Result.TryGetValue(topic, out var failure) && failure is null;
    }

    /// <summary>
    /// A topic of the batch as it was when the batch's first step asked: every step of the batch sees the cluster as it
    /// was before the batch created anything, so each topic is reported by what happened to it.
    /// </summary>
    public async Task<TopicDescription?> DescribeAsync(string topic, RunShared shared, IKafkaAdmin kafka, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, TopicDescription?>> described;
        lock (_gate) described = _described ??= DescribeAllAsync(shared, kafka, cancellationToken);
        return (await described.ConfigureAwait(false)).GetValueOrDefault(topic);
    }

    /// <summary>
    /// Creates <paramref name="topic"/>, found missing, with the other missing topics of the batch (once for the
    /// batch); throws the topic's own failure, or the request's when the whole request failed.
    /// </summary>
    public async Task CreateAsync(NewTopicSpec topic, RunShared shared, IKafkaAdmin kafka, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, KPopsException?>> created;
        lock (_gate) created = _created ??= CreateMissingAsync(shared, kafka, cancellationToken);
        var outcome = await created.ConfigureAwait(false);
        if (!outcome.TryGetValue(topic.Name, out var failure))
        {
            // Not missing when the batch looked: on its own.
            await kafka.CreateTopicAsync(topic, false, cancellationToken).ConfigureAwait(false);
            shared.Changed(topic.Name);
            return;
        }
        if (failure is not null) throw failure;
    }

    /// <summary>
    /// Sets and removes the configs of <paramref name="topic"/>, found to differ, with those of the other topics of the
    /// batch that differ, in one request (once for the batch); throws the topic's own failure.
    /// </summary>
    public async Task AlterAsync(string topic, RunShared shared, IKafkaAdmin kafka, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, KPopsException?>> altered;
        lock (_gate) altered = _altered ??= AlterChangedAsync(shared, kafka, cancellationToken);
        var outcome = await altered.ConfigureAwait(false);
        if (outcome.TryGetValue(topic, out var failure))
        {
            if (failure is not null) throw failure;
            return;
        }
        throw new InvalidOperationException($"Topic {topic} has no config change in its batch.");
    }

    private async Task<IReadOnlyDictionary<string, KPopsException?>> AlterChangedAsync(RunShared shared, IKafkaAdmin kafka,
        CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, TopicDescription?>> snapshot;
        lock (_gate) snapshot = _described ??= DescribeAllAsync(shared, kafka, cancellationToken);
        var described = await snapshot.ConfigureAwait(false);
        var changes = _topics.Select(t => described.GetValueOrDefault(t.Name) is { } existing ? EnsureTopicStep.PlannedChange(existing, t) : null)
            .OfType<TopicConfigChange>().ToList();
        foreach (var change in changes) shared.Changed(change.Topic);
        return await kafka.AlterTopicsConfigsAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, TopicDescription?>> DescribeAllAsync(RunShared shared, IKafkaAdmin kafka,
        CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, TopicDescription?>(StringComparer.Ordinal);
        foreach (var topic in _topics)
            described[topic.Name] = await shared.DescribeTopicAsync(kafka, topic.Name, cancellationToken).ConfigureAwait(false);
        return described;
    }

    private async Task<IReadOnlyDictionary<string, KPopsException?>> CreateMissingAsync(RunShared shared, IKafkaAdmin kafka,
        CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, TopicDescription?>> snapshot;
        lock (_gate) snapshot = _described ??= DescribeAllAsync(shared, kafka, cancellationToken);
        var described = await snapshot.ConfigureAwait(false);
        var missing = _topics.Where(t => described.GetValueOrDefault(t.Name) is null).ToList();
        foreach (var topic in missing) shared.Changed(topic.Name);
        return await kafka.CreateTopicsAsync(missing, cancellationToken).ConfigureAwait(false);
    }
}
