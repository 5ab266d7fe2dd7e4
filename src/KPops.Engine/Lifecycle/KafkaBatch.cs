using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle.Steps;

namespace KPops.Engine.Lifecycle;

/// <summary>The Kafka requests a <see cref="KafkaBatch"/> sends for the steps of several components at once.</summary>
internal enum BatchedRequestKind
{
    /// <summary>Describe consumer groups (what a planned clean reads): sent when the first step asks.</summary>
    DescribeGroups,

    /// <summary>Delete consumer groups (clean): sent once every component with one has come to it.</summary>
    DeleteGroups,

    /// <summary>Delete topics (clean): sent once every component with one has come to it.</summary>
    DeleteTopics,
}

/// <summary>A step of a component whose Kafka request its batch sends with those of the other components.</summary>
internal interface IBatchedKafkaStep
{
    /// <summary>The request the step's resource is part of, in a run or in a plan (-WhatIf); null for none.</summary>
    BatchedRequestKind? BatchedAs(bool dryRun);
}

/// <summary>An item of a batched request: a resource of a component's step.</summary>
/// <param name="Owner">The component.</param>
/// <param name="Kind">The request.</param>
/// <param name="Name">The topic or group.</param>
internal sealed record BatchedItem(object Owner, BatchedRequestKind Kind, string Name);

/// <summary>
/// The Kafka admin requests of components that became ready together (started together by the scheduler; in a
/// sequential run, each component alone). Each kind of request goes out once, for every item of the batch that needs
/// it, and each step reports its own item's outcome, so a topic's or group's failure stays with its component and
/// NotFound stays NotFound. Items the batch does not name (a component's later steps of a kind, after other steps) are
/// asked for on their own. Thread safe.
/// </summary>
/// <remarks>
/// <para>Deploy: the topics of the batch are described together (with the run's, <see cref="RunShared"/>); the first
/// step that finds its topic missing creates every missing topic of the batch in one CreateTopics request, the first
/// that finds its configs differ changes those of every such topic in one IncrementalAlterConfigs request, and the
/// first that adds partitions adds those of every such topic in one CreatePartitions request. These bring topics to
/// what the pipeline declares and come first in a component's steps, so they go out when the first step asks.</para>
/// <para>Clean: consumer groups and topics are deleted after a component's connector, so those requests wait: a
/// delete goes out once every component of the batch with such an item has come to that step (its earlier steps are
/// done) or has ended, and names the items of the components that came. A component waits only for components that
/// have not come to a request yet; the requests that wait come in one order in every component's steps (groups, then
/// topics; an item out of that order is asked for on its own), so no two components wait for each other. A waiting
/// step holds no per-service slot (topics and groups have none).</para>
/// <para>A planned clean (-WhatIf) reads the batch's consumer groups in one call; it changes nothing.</para>
/// </remarks>
internal sealed class KafkaBatch
{
    // The requests that wait for their components, in the order they come in a component's steps.
    private static readonly BatchedRequestKind[] WaitingOrder = [BatchedRequestKind.DeleteGroups, BatchedRequestKind.DeleteTopics];

    private readonly Func<IKafkaAdmin> _kafka;
    private readonly RunShared _shared;
    private readonly CancellationToken _cancellationToken;
    private readonly IReadOnlyList<NewTopicSpec> _topics;
    private readonly BatchedRequest<TopicDescription?> _described;
    private readonly BatchedRequest<KPopsException?> _created;
    private readonly BatchedRequest<KPopsException?> _altered;
    private readonly BatchedRequest<KPopsException?> _increased;
    private readonly BatchedRequest<KafkaItemResult<bool>> _deletedTopics;
    private readonly BatchedRequest<KafkaItemResult<bool>> _deletedGroups;
    private readonly BatchedRequest<KafkaItemResult<ConsumerGroupDescription?>> _describedGroups;

    /// <summary>A batch.</summary>
    /// <param name="kafka">The Kafka client, asked for when a request is sent.</param>
    /// <param name="shared">What the run's steps share (the one description of the run's topics).</param>
    /// <param name="topics">The topics the deploy steps of the batch ensure (a name declared twice counts as first declared).</param>
    /// <param name="items">The items of the other requests.</param>
    /// <param name="cancellationToken">The run's: the batch's requests are shared by its steps.</param>
    public KafkaBatch(Func<IKafkaAdmin> kafka, RunShared shared, IEnumerable<NewTopicSpec> topics, IEnumerable<BatchedItem> items,
        CancellationToken cancellationToken)
    {
        _kafka = kafka;
        _shared = shared;
        _cancellationToken = cancellationToken;
        _topics = topics.DistinctBy(t => t.Name, StringComparer.Ordinal).ToList();
        var declared = items.ToList();
        IEnumerable<(object Owner, string Item)> Of(BatchedRequestKind kind) => declared.Where(i => i.Kind == kind).Select(i => (i.Owner, i.Name));

        var names = _topics.Select(t => t.Name).ToList();
        _described = BatchedRequest<TopicDescription?>.Eager(names, DescribeAllAsync);
        _created = BatchedRequest<KPopsException?>.Eager(names, _ => CreateMissingAsync());
        _altered = BatchedRequest<KPopsException?>.Eager(names, _ => AlterChangedAsync());
        _increased = BatchedRequest<KPopsException?>.Eager(names, _ => IncreaseAsync());
        _deletedTopics = BatchedRequest<KafkaItemResult<bool>>.Waiting(Of(BatchedRequestKind.DeleteTopics), topics =>
        {
            foreach (var topic in topics) _shared.Changed(topic);
            return Kafka.DeleteTopicsAsync(topics, _cancellationToken);
        });
        _deletedGroups = BatchedRequest<KafkaItemResult<bool>>.Waiting(Of(BatchedRequestKind.DeleteGroups),
            groups => Kafka.DeleteGroupsAsync(groups, _cancellationToken));
        _describedGroups = BatchedRequest<KafkaItemResult<ConsumerGroupDescription?>>.Eager(Of(BatchedRequestKind.DescribeGroups).Select(i => i.Item),
            groups => Kafka.DescribeGroupsAsync(groups, _cancellationToken));
    }

    /// <summary>A batch of nothing: every item is asked for on its own.</summary>
    public static KafkaBatch None(Func<IKafkaAdmin> kafka, RunShared shared) => new(kafka, shared, [], [], CancellationToken.None);

    /// <summary>The batch of components that became ready together; planned (-WhatIf) components change nothing.</summary>
    public static KafkaBatch Of(IEnumerable<ScheduledComponent> components, Func<IKafkaAdmin> kafka, RunShared shared, CancellationToken cancellationToken)
    {
        var list = components.ToList();
        var topics = list.Where(c => !c.Item.DryRun).SelectMany(c => c.Steps).OfType<EnsureTopicStep>().Select(s => s.Spec);
        var items = list.SelectMany(c => Items(c.Item.Component, c.Steps, c.Item.DryRun));
        return new KafkaBatch(kafka, shared, topics, items, cancellationToken);
    }

    /// <summary>
    /// The items a component's steps have in batched requests: of each kind, those of its first steps of that kind in
    /// a row; of the requests that wait, only those in their order.
    /// </summary>
    internal static IEnumerable<BatchedItem> Items(object owner, IEnumerable<IStep> steps, bool dryRun)
    {
        var done = new HashSet<BatchedRequestKind>();
        BatchedRequestKind? previous = null;
        var waited = -1;
        foreach (var step in steps)
        {
            var kind = (step as IBatchedKafkaStep)?.BatchedAs(dryRun);
            if (previous is { } ended && ended != kind) done.Add(ended);
            previous = kind;
            if (kind is not { } k || done.Contains(k)) continue;
            var order = Array.IndexOf(WaitingOrder, k);
            if (order >= 0)
            {
                if (order < waited) continue;
                waited = order;
            }
            yield return new BatchedItem(owner, k, step.Resource);
        }
    }

    /// <summary>The topics the deploy steps of the batch ensure.</summary>
    public IReadOnlyList<NewTopicSpec> Topics => _topics;

    private IKafkaAdmin Kafka => _kafka();

    /// <summary>Whether the batch's CreateTopics request created <paramref name="topic"/>.</summary>
    public bool Created(string topic) => _created.TryGetAnswer(topic, out var failure) && failure is null;

    /// <summary>
    /// A topic as it was when the batch's first step asked: every step of the batch sees the cluster as it was before
    /// the batch changed anything, so each topic is reported by what happened to it. Other topics as the run knows them.
    /// </summary>
    public Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken) =>
        _described.AskAsync(null, topic, token => _shared.DescribeTopicAsync(Kafka, topic, token), cancellationToken);

    /// <summary>Creates <paramref name="topic"/>, found missing, with the other missing topics of the batch; throws its own failure.</summary>
    public async Task CreateTopicAsync(NewTopicSpec topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var failure = await _created.AskAsync(null, topic.Name, async token =>
        {
            // Not missing when the batch looked, or not one of its topics: on its own.
            _shared.Changed(topic.Name);
            await Kafka.CreateTopicAsync(topic, false, token).ConfigureAwait(false);
            return null;
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>
    /// Brings the configs of <paramref name="topic"/>, found to differ from <paramref name="existing"/>'s, to the
    /// desired ones, with those of the other topics of the batch that differ; throws its own failure.
    /// </summary>
    public async Task AlterTopicAsync(TopicDescription existing, NewTopicSpec topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var failure = await _altered.AskAsync(null, topic.Name, async token =>
        {
            _shared.Changed(topic.Name);
            var change = EnsureTopicStep.ChangeOf(existing, topic);
            await Kafka.AlterTopicConfigsAsync(topic.Name, change.Set, change.Remove, token).ConfigureAwait(false);
            return null;
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>Adds partitions to <paramref name="topic"/> with the other topics of the batch that get more; throws its own failure.</summary>
    public async Task IncreasePartitionsAsync(string topic, int totalCount, CancellationToken cancellationToken)
    {
        var failure = await _increased.AskAsync(null, topic, async token =>
        {
            _shared.Changed(topic);
            await Kafka.CreatePartitionsAsync(topic, totalCount, token).ConfigureAwait(false);
            return null;
        }, cancellationToken).ConfigureAwait(false);
        if (failure is not null) throw failure;
    }

    /// <summary>Deletes a topic of <paramref name="owner"/> with the other topics the batch deletes; false when it did not exist.</summary>
    public async Task<bool> DeleteTopicAsync(object owner, string topic, CancellationToken cancellationToken) =>
        (await _deletedTopics.AskAsync(owner, topic, async token =>
        {
            _shared.Changed(topic);
            return new KafkaItemResult<bool>(await Kafka.DeleteTopicAsync(topic, token).ConfigureAwait(false), null);
        }, cancellationToken).ConfigureAwait(false)).ValueOrThrow();

    /// <summary>Deletes a consumer group of <paramref name="owner"/> with the other groups the batch deletes; false when it did not exist.</summary>
    public async Task<bool> DeleteGroupAsync(object owner, string group, CancellationToken cancellationToken) =>
        (await _deletedGroups.AskAsync(owner, group, async token =>
            new KafkaItemResult<bool>(await Kafka.DeleteGroupAsync(group, token).ConfigureAwait(false), null), cancellationToken).ConfigureAwait(false)).ValueOrThrow();

    /// <summary>Describes a consumer group with the other groups the batch reads; null when it does not exist.</summary>
    public async Task<ConsumerGroupDescription?> DescribeGroupAsync(string group, CancellationToken cancellationToken) =>
        (await _describedGroups.AskAsync(null, group, async token =>
            new KafkaItemResult<ConsumerGroupDescription?>(await Kafka.DescribeGroupAsync(group, token).ConfigureAwait(false), null),
            cancellationToken).ConfigureAwait(false)).ValueOrThrow();

    /// <summary>The component's steps are done or failed: the requests that wait no longer wait for it.</summary>
    public void Leave(object owner)
    {
        _deletedGroups.Leave(owner);
        _deletedTopics.Leave(owner);
    }

    private async Task<IReadOnlyDictionary<string, TopicDescription?>> DescribeAllAsync(IReadOnlyList<string> topics)
    {
        var described = new Dictionary<string, TopicDescription?>(StringComparer.Ordinal);
        foreach (var topic in topics)
            described[topic] = await _shared.DescribeTopicAsync(Kafka, topic, _cancellationToken).ConfigureAwait(false);
        return described;
    }

    // The topics of the batch as first described, with what the deploy asks of those that exist.
    private async Task<List<(NewTopicSpec Spec, TopicDescription? Existing)>> SnapshotAsync()
    {
        var described = await _described.AllAsync(_cancellationToken).ConfigureAwait(false);
        return _topics.Select(t => (t, described.GetValueOrDefault(t.Name))).ToList();
    }

    private async Task<IReadOnlyDictionary<string, KPopsException?>> CreateMissingAsync()
    {
        var missing = (await SnapshotAsync().ConfigureAwait(false)).Where(t => t.Existing is null).Select(t => t.Spec).ToList();
        foreach (var topic in missing) _shared.Changed(topic.Name);
        return await Kafka.CreateTopicsAsync(missing, _cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, KPopsException?>> AlterChangedAsync()
    {
        var changes = (await SnapshotAsync().ConfigureAwait(false))
            .Select(t => t.Existing is { } existing ? EnsureTopicStep.PlannedChange(existing, t.Spec) : null).OfType<TopicConfigChange>().ToList();
        foreach (var change in changes) _shared.Changed(change.Topic);
        return await Kafka.AlterTopicsConfigsAsync(changes, _cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, KPopsException?>> IncreaseAsync()
    {
        var increases = (await SnapshotAsync().ConfigureAwait(false))
            .Select(t => t.Existing is { } existing ? EnsureTopicStep.PlannedIncrease(existing, t.Spec) : null).OfType<PartitionIncrease>().ToList();
        foreach (var increase in increases) _shared.Changed(increase.Topic);
        return await Kafka.CreatePartitionsAsync(increases, _cancellationToken).ConfigureAwait(false);
    }
}
