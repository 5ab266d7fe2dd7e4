using System.Globalization;
using System.Text.RegularExpressions;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Kafka.State;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.SchemaRegistry;

namespace KPops.TestWorld.Effects;

/// <summary>
/// Gives the Jobs of the <c>*-cleanup-job</c> test charts the effects the real streams-bootstrap cleanup jobs have
/// (external-systems spec §1.4): when such a Job succeeds in the Kubernetes double, the reset or clean is applied to
/// the Kafka and Schema Registry doubles, and every change is recorded in <see cref="EffectsLog"/>. Failed and
/// running Jobs change nothing.
/// </summary>
/// <remarks>
/// <para>The chart is recognised by the <c>streams-bootstrap/kind</c> label (or <c>helm.sh/chart</c>, the 2.x charts'
/// <c>chart</c> label, or the container name), the command by the container's first argument (<c>reset</c>/<c>clean</c>)
/// or, for the streams-bootstrap 2.x cleanup jobs, by <c>APP_CLEAN_UP=true</c> with <c>APP_DELETE_OUTPUT</c> (streams
/// apps clean when it is true and reset otherwise; producers clean), everything else by the container env
/// (<c>APP_*</c>, or the prefix in <c>ENV_PREFIX</c>; Secret and ConfigMap references are resolved). 2.x jobs name their
/// topics <c>APP_EXTRA_*</c> instead of <c>APP_LABELED_*</c>, and their application id is the pod's
/// <c>consumerGroup</c> annotation (or <c>STREAMS_APPLICATION_ID</c>): a 2.x app chooses it in its code.</para>
/// <list type="bullet">
/// <item>streams <b>reset</b> (needs <c>APP_APPLICATION_ID</c>): like <c>StreamsResetter</c>, the group
/// <c>&lt;application id&gt;</c> commits the log start offset of every partition of the existing input topics
/// (<c>APP_INPUT_TOPICS</c>, <c>APP_LABELED_INPUT_TOPICS</c>, topics matching <c>APP_INPUT_PATTERN</c> /
/// <c>APP_LABELED_INPUT_PATTERNS</c>; the group is created when missing) and the internal topics
/// (<c>&lt;application id&gt;-…-changelog</c>, <c>-repartition</c>, foreign-key join topics) are deleted; then their
/// <c>-key</c>/<c>-value</c> subjects are soft-deleted (also those of internal topics that only left subjects).</item>
/// <item>streams <b>clean</b>: the reset, then the output, labeled output and error topics are deleted when they exist,
/// their subjects are soft-deleted even when they do not, and the group is deleted.</item>
/// <item>producer <b>clean</b>: output and labeled output topics deleted when they exist, their subjects soft-deleted.</item>
/// <item>consumer <b>reset</b> (<c>APP_GROUP_ID</c>): the group's committed offsets go to the log start offsets; a missing
/// group is left alone. Consumer <b>clean</b>: the group is deleted when it exists.</item>
/// </list>
/// <para>Subjects are only touched when the Job has a Schema Registry URL (<c>APP_SCHEMA_REGISTRY_URL</c> or
/// <c>KAFKA_SCHEMA_REGISTRY_URL</c>), as the real job skips schema deletion without one. Not modelled: the real resetter
/// and consumer reset refuse a group that still has members (the Job fails; give it the Failed outcome to model that),
/// intermediate topics, local state, and topology-derived topic lists (the env is taken as the topology's topics).</para>
/// </remarks>
public sealed class CleanupJobEffects : IDisposable
{
    private static readonly Regex InternalTopicFormat = new(
        @"(-changelog|-repartition|-subscription-registration-topic|-subscription-response-topic)$|.+-KTABLE-FK-JOIN-SUBSCRIPTION-(REGISTRATION|RESPONSE)-\d+-topic$",
        RegexOptions.CultureInvariant);

    private readonly KubernetesDouble _kubernetes;
    private readonly KafkaBrokerDouble _kafka;
    private readonly SchemaRegistryDouble? _schemaRegistry;
    private readonly Lock _gate = new();
    private readonly List<CleanupEffect> _log = [];

    /// <summary>Subscribes to <see cref="KubernetesDouble.JobFinished"/>.</summary>
    /// <param name="kubernetes">Where the Jobs run.</param>
    /// <param name="kafka">Whose topics and groups are cleaned.</param>
    /// <param name="schemaRegistry">Whose subjects are cleaned; null to leave subjects alone.</param>
    public CleanupJobEffects(KubernetesDouble kubernetes, KafkaBrokerDouble kafka, SchemaRegistryDouble? schemaRegistry)
    {
        _kubernetes = kubernetes;
        _kafka = kafka;
        _schemaRegistry = schemaRegistry;
        _kubernetes.JobFinished += OnJobFinished;
    }

    /// <summary>The cleanup charts whose Jobs have effects.</summary>
    public static IReadOnlyList<string> Charts { get; } = [.. CleanupJob.Charts.Keys];

    /// <summary>Every change applied so far, in order.</summary>
    public IReadOnlyList<CleanupEffect> EffectsLog
    {
        get { lock (_gate) { return _log.ToList(); } }
    }

    /// <summary>Forgets the recorded effects.</summary>
    public void Clear()
    {
        lock (_gate) { _log.Clear(); }
    }

    /// <summary>Unsubscribes; later Jobs have no effects.</summary>
    public void Dispose() => _kubernetes.JobFinished -= OnJobFinished;

    private void OnJobFinished(object? sender, JobFinishedEventArgs e)
    {
        if (e.Outcome != JobOutcome.Succeeded) return;
        if (CleanupJob.TryRead(e.Job, _kubernetes) is not { } job) return;
        var effects = new List<CleanupEffect>();
        void Record(CleanupAction action, string target, string? detail = null) =>
            effects.Add(new CleanupEffect(job.Namespace, job.Name, job.Chart, job.Command, action, target, detail));

        try
        {
            switch (job.App, job.Command)
            {
                case (CleanupApp.Streams, _):
                    CleanStreams(job, Record);
                    break;
                case (CleanupApp.Producer, "clean"):
                    foreach (var topic in job.OutputTopics.Distinct(StringComparer.Ordinal)) DeleteTopicAndSubjects(job, topic, Record);
                    break;
                case (CleanupApp.Consumer, "reset") when job.GroupId is { } group:
                    ResetCommittedOffsets(group, Record);
                    break;
                case (CleanupApp.Consumer, "clean") when job.GroupId is { } group:
                    if (_kafka.State.DeleteGroup(group)) Record(CleanupAction.DeleteGroup, group);
                    break;
            }
        }
        finally
        {
            lock (_gate) { _log.AddRange(effects); }
        }
    }

    private void CleanStreams(CleanupJob job, Action<CleanupAction, string, string?> record)
    {
        var appId = job.ApplicationId;
        var state = _kafka.State;
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        if (appId is not null)
        {
            // Reset: StreamsResetter with --input-topics (existing ones only), which also deletes the internal topics.
            var existing = state.Topics.Select(t => t.Name).ToList();
            var patterns = job.InputPatterns.Select(p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant)).ToList();
            inputs.UnionWith(existing.Where(t => job.InputTopics.Contains(t, StringComparer.Ordinal) || patterns.Any(p => p.IsMatch(t))));
            ResetInputOffsets(appId, inputs, record);

            bool IsInternal(string topic) => !inputs.Contains(topic) && topic.StartsWith(appId + "-", StringComparison.Ordinal) && InternalTopicFormat.IsMatch(topic);
            var internalTopics = existing.Where(IsInternal).ToList();
            foreach (var topic in internalTopics)
            {
                if (state.DeleteTopic(topic)) record(CleanupAction.DeleteTopic, topic, null);
            }
            // The topology's internal topics get their subjects reset, whether or not the topics were still there.
            var fromSubjects = (_schemaRegistry?.Subjects ?? []).Select(TopicOfSubject).OfType<string>().Where(IsInternal);
            foreach (var topic in internalTopics.Union(fromSubjects, StringComparer.Ordinal)) DeleteSubjects(job, topic, record);
        }
        if (job.Command != "clean") return;

        var outputs = job.OutputTopics.Concat(job.ErrorTopic is { } error ? [error] : []).Distinct(StringComparer.Ordinal);
        foreach (var topic in outputs) DeleteTopicAndSubjects(job, topic, record);
        if (appId is not null && state.DeleteGroup(appId)) record(CleanupAction.DeleteGroup, appId, null);
    }

    /// <summary>Commits the log start offset of every partition of the topics, creating the group as a consumer commit would.</summary>
    private void ResetInputOffsets(string groupId, HashSet<string> topics, Action<CleanupAction, string, string?> record)
    {
        if (topics.Count == 0) return;
        var state = _kafka.State;
        var reset = new List<(string Topic, int Partition, long Offset)>();
        lock (state.Gate)
        {
            var group = state.EnsureGroupLocked(groupId, "");
            foreach (var topic in topics.Order(StringComparer.Ordinal))
            {
                foreach (var partition in state.TopicModels[topic].Partitions)
                {
                    group.Offsets[(topic, partition.Index)] = new OffsetModel(partition.LogStartOffset, "");
                    reset.Add((topic, partition.Index, partition.LogStartOffset));
                }
            }
        }
        record(CleanupAction.ResetOffsets, groupId, Describe(reset));
    }

    /// <summary>Moves the group's committed offsets to the log start offsets of their partitions.</summary>
    private void ResetCommittedOffsets(string groupId, Action<CleanupAction, string, string?> record)
    {
        var state = _kafka.State;
        var reset = new List<(string Topic, int Partition, long Offset)>();
        lock (state.Gate)
        {
            if (!state.GroupModels.TryGetValue(groupId, out var group)) return;
            foreach (var ((topic, index), committed) in group.Offsets.ToList())
            {
                if (state.TopicModels.GetValueOrDefault(topic)?.Partition(index) is not { } partition) continue;
                group.Offsets[(topic, index)] = committed with { Offset = partition.LogStartOffset };
                reset.Add((topic, index, partition.LogStartOffset));
            }
        }
        if (reset.Count > 0) record(CleanupAction.ResetOffsets, groupId, Describe(reset));
    }

    private void DeleteTopicAndSubjects(CleanupJob job, string topic, Action<CleanupAction, string, string?> record)
    {
        if (_kafka.State.DeleteTopic(topic)) record(CleanupAction.DeleteTopic, topic, null);
        DeleteSubjects(job, topic, record);
    }

    private void DeleteSubjects(CleanupJob job, string topic, Action<CleanupAction, string, string?> record)
    {
        if (_schemaRegistry is null || !job.HasSchemaRegistry) return;
        var subjects = _schemaRegistry.Subjects;
        foreach (var subject in new[] { topic + "-key", topic + "-value" })
        {
            if (!subjects.Contains(subject, StringComparer.Ordinal)) continue;
            _schemaRegistry.DeleteSubject(subject);
            record(CleanupAction.DeleteSubject, subject, null);
        }
    }

    private static string? TopicOfSubject(string subject) =>
        subject.EndsWith("-key", StringComparison.Ordinal) ? subject[..^4]
        : subject.EndsWith("-value", StringComparison.Ordinal) ? subject[..^6]
        : null;

    private static string Describe(IEnumerable<(string Topic, int Partition, long Offset)> offsets) =>
        string.Join(",", offsets.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Topic}-{o.Partition}={o.Offset}")));
}
