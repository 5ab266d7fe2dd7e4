using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using Ck = Confluent.Kafka.Admin;

namespace KPops.Engine.Clients.Kafka;

/// <summary>
/// <see cref="IKafkaAdmin"/> over Confluent.Kafka's AdminClient (librdkafka), speaking the Kafka protocol to the
/// brokers directly.
/// </summary>
/// <remarks>
/// <para>Constructing one is cheap and does not connect: librdkafka connects as soon as its handle is built, so the
/// handle is built on the first call. Disposing does not wait for the handle to be destroyed. Meant to be created per
/// operation and disposed after.</para>
/// <para>Every call takes at most <see cref="KafkaAdminSettings.Timeout"/> in total (each request gets what is left)
/// and stops waiting when its <see cref="CancellationToken"/> is cancelled; librdkafka itself cannot be cancelled,
/// so an abandoned request finishes in the background until the client is disposed. When librdkafka reports that
/// every broker is down, the calls waiting at that moment fail at once instead of at the timeout.</para>
/// <para>Failures are <see cref="ServiceException"/>s with the Kafka error code as status code. librdkafka's log and
/// errors go to the <see cref="IOperationLog"/> (verbose, secrets masked, each distinct line once), never to stderr.</para>
/// </remarks>
public sealed class KafkaAdminClient : IKafkaAdmin
{
    // librdkafka enforces the request timeout itself; this only guards against an answer that never comes.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private const string FewerPartitionsHint = "Kafka can only add partitions; to have fewer, delete and recreate the topic (its data is lost).";

    // librdkafka retries a refused connection every few dozen milliseconds, each time logging the same lines.
    private const int MaxRememberedLines = 1000;

    private readonly KafkaAdminSettings _settings;
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    // One librdkafka request at a time per client (see RunAsync).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly IOperationLog _log;
    private readonly Lazy<IAdminClient> _admin;
    private readonly ConcurrentDictionary<string, byte> _loggedLines = new(StringComparer.Ordinal);
    private CancellationTokenSource _brokersDown = new();
    private Error? _lastConnectionError;
    private int _repeatedLines;
    private int _disposed;

    /// <summary>Creates a client; nothing connects until the first call.</summary>
    public KafkaAdminClient(KafkaAdminSettings settings, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _log = log ?? NullOperationLog.Instance;
        _admin = new Lazy<IAdminClient>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Creates a client from <c>kafka_admin</c> (see <see cref="KafkaAdminSettings.FromConfig"/>).</summary>
    public static KafkaAdminClient FromConfig(KpopsConfig config, IOperationLog? log = null) => new(KafkaAdminSettings.FromConfig(config), log);

    /// <inheritdoc />
    public string Endpoint => _settings.BootstrapServers;

    /// <summary>The settings in use.</summary>
    public KafkaAdminSettings Settings => _settings;

    /// <inheritdoc />
    public Task<TopicDescription?> DescribeTopicAsync(string topic, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return RunAsync($"describe topic '{topic}'", async call =>
        {
            // Partitions come from metadata, configs from DescribeConfigs; ask both at once.
            var metadataTask = NullIfUnknownTopic(call.Admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([topic]),
                new DescribeTopicsOptions { RequestTimeout = call.Remaining }));
            var configsTask = NullIfUnknownTopic(call.Admin.DescribeConfigsAsync([TopicResource(topic)],
                new DescribeConfigsOptions { RequestTimeout = call.Remaining }));
            // WhenAll observes both failures; the first one is thrown.
            await Task.WhenAll(metadataTask, configsTask).ConfigureAwait(false);
            var metadata = await metadataTask.ConfigureAwait(false);
            var configs = await configsTask.ConfigureAwait(false);
            // A topic deleted between the two requests is gone.
            if (metadata is null || configs is null) return null;

            var description = metadata.TopicDescriptions.Single();
            var partitions = description.Partitions.OrderBy(p => p.Partition).ToList();
            var replicationFactor = (short)(partitions.FirstOrDefault()?.Replicas.Count ?? 0);
            var entries = configs.Single().Entries.Values.Select(KafkaTopicConfigs.ToEntry).ToDictionary(e => e.Name, StringComparer.Ordinal);
            return new TopicDescription(description.Name, partitions.Count, replicationFactor, entries);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Two requests whatever the number of topics: metadata for all of them, then the configs of those that exist.</remarks>
    public Task<IReadOnlyDictionary<string, TopicDescription?>> DescribeTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var names = topics.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, TopicDescription?>>(new Dictionary<string, TopicDescription?>());
        return RunAsync<IReadOnlyDictionary<string, TopicDescription?>>($"describe topics {List(names)}", async call =>
        {
            var described = names.ToDictionary(n => n, _ => (TopicDescription?)null, StringComparer.Ordinal);
            List<Ck.TopicDescription> found;
            try
            {
                var metadata = await call.Admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(names),
                    new DescribeTopicsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
                found = metadata.TopicDescriptions.ToList();
            }
            catch (DescribeTopicsException e) when (e.Results.TopicDescriptions.All(d => d.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
            {
                found = e.Results.TopicDescriptions.Where(d => !d.Error.IsError).ToList();
            }
            if (found.Count == 0) return described;

            List<DescribeConfigsReport> reports;
            try
            {
                var configs = await call.Admin.DescribeConfigsAsync(found.Select(d => TopicResource(d.Name)).ToList(),
                    new DescribeConfigsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
                reports = configs
                    .Select(r => new DescribeConfigsReport { ConfigResource = r.ConfigResource, Entries = r.Entries, Error = new Error(ErrorCode.NoError) })
                    .ToList();
            }
            catch (DescribeConfigsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
            {
                // A topic deleted between the two requests is gone.
                reports = e.Results.Where(r => !r.Error.IsError).ToList();
            }
            var configsOf = reports.ToDictionary(r => r.ConfigResource.Name, r => r.Entries, StringComparer.Ordinal);
            foreach (var description in found)
            {
                if (!configsOf.TryGetValue(description.Name, out var entries)) continue;
                var partitions = description.Partitions.OrderBy(p => p.Partition).ToList();
                var replicationFactor = (short)(partitions.FirstOrDefault()?.Replicas.Count ?? 0);
                described[description.Name] = new TopicDescription(description.Name, partitions.Count, replicationFactor,
                    entries.Values.Select(KafkaTopicConfigs.ToEntry).ToDictionary(e => e.Name, StringComparer.Ordinal));
            }
            return described;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One CreateTopics request; each topic's error is mapped as <see cref="CreateTopicAsync"/> maps it.</remarks>
    public Task<IReadOnlyDictionary<string, KPopsException?>> CreateTopicsAsync(IReadOnlyList<NewTopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, KPopsException?>>(new Dictionary<string, KPopsException?>());
        return RunAsync<IReadOnlyDictionary<string, KPopsException?>>($"create topics {List(topics.Select(t => t.Name))}", async call =>
        {
            var created = topics.ToDictionary(t => t.Name, _ => (KPopsException?)null, StringComparer.Ordinal);
            try
            {
                await call.Admin.CreateTopicsAsync(topics.Select(Specification).ToList(), new CreateTopicsOptions
                {
                    RequestTimeout = call.Remaining,
                    OperationTimeout = call.OperationTimeout,
                }).ConfigureAwait(false);
            }
            catch (CreateTopicsException e)
            {
                foreach (var report in e.Results.Where(r => r.Error.IsError))
                {
                    var topic = topics.First(t => t.Name == report.Topic);
                    created[report.Topic] = KafkaErrorMapper.ToException(report.Error, CreateAction(topic, false), _settings,
                        Volatile.Read(ref _lastConnectionError), inner: e);
                }
            }
            return created;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Read once per client (one run of one pipeline): the defaults do not change while topics are created, and every
    /// new topic's diff names them. A failed or cancelled read is tried again by the next caller.
    /// </remarks>
    public Task<BrokerDefaults> GetBrokerDefaultsAsync(CancellationToken cancellationToken)
    {
        lock (_brokerDefaultsGate)
        {
            if (_brokerDefaults is { IsFaulted: false, IsCanceled: false } known) return known;
            return _brokerDefaults = ReadBrokerDefaultsAsync(cancellationToken);
        }
    }

    private readonly object _brokerDefaultsGate = new();
    private Task<BrokerDefaults>? _brokerDefaults;

    private Task<BrokerDefaults> ReadBrokerDefaultsAsync(CancellationToken cancellationToken) =>
        RunAsync("read the broker defaults", async call =>
        {
            // Broker configs are described by the broker they belong to, so name one that exists.
            var cluster = await call.Admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            var node = cluster.Nodes.OrderBy(n => n.Id).FirstOrDefault() ?? cluster.Controller
                ?? throw KafkaErrorMapper.ToException(new Error(ErrorCode.Local_UnknownBroker, "the cluster reported no brokers"), "read the broker defaults", _settings);
            var resource = new ConfigResource { Type = ResourceType.Broker, Name = node.Id.ToString(CultureInfo.InvariantCulture) };
            var result = await call.Admin.DescribeConfigsAsync([resource], new DescribeConfigsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            var entries = result.Single().Entries;
            // Kafka's built-in defaults, should a broker leave the entries out.
            var partitions = IntValue(entries, "num.partitions") ?? 1;
            var replication = IntValue(entries, "default.replication.factor") ?? 1;
            return new BrokerDefaults(partitions, checked((short)replication));
        }, cancellationToken);

    /// <inheritdoc />
    public Task CreateTopicAsync(NewTopicSpec topic, bool validateOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentException.ThrowIfNullOrEmpty(topic.Name);
        return RunAsync(CreateAction(topic, validateOnly), async call =>
        {
            await call.Admin.CreateTopicsAsync([Specification(topic)], new CreateTopicsOptions
            {
                ValidateOnly = validateOnly,
                RequestTimeout = call.Remaining,
                OperationTimeout = call.OperationTimeout,
            }).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AlterTopicConfigsAsync(string topic, IReadOnlyDictionary<string, string> configsToSet, IReadOnlyCollection<string> configsToRemove, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(configsToSet);
        ArgumentNullException.ThrowIfNull(configsToRemove);
        var both = configsToRemove.FirstOrDefault(configsToSet.ContainsKey);
        if (both is not null)
            throw new ArgumentException($"'{both}' cannot be set and removed in the same change.", nameof(configsToRemove));
        if (configsToSet.Count == 0 && configsToRemove.Count == 0)
        {
            _log.Verbose($"[Kafka] topic '{topic}': no config to change");
            return Task.CompletedTask;
        }

        var entries = configsToSet.Select(c => new ConfigEntry { Name = c.Key, Value = c.Value, IncrementalOperation = AlterConfigOpType.Set })
            .Concat(configsToRemove.Select(name => new ConfigEntry { Name = name, IncrementalOperation = AlterConfigOpType.Delete }))
            .ToList();
        var action = $"alter configs of topic '{topic}' (set {List(configsToSet.Keys)}; remove {List(configsToRemove)})";
        return RunAsync(action, async call =>
        {
            // One IncrementalAlterConfigs request: the other topic configs stay as they are.
            await call.Admin.IncrementalAlterConfigsAsync(
                new Dictionary<ConfigResource, List<ConfigEntry>> { [TopicResource(topic)] = entries },
                new IncrementalAlterConfigsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One IncrementalAlterConfigs request; each topic's error is mapped as <see cref="AlterTopicConfigsAsync"/> maps it.</remarks>
    public Task<IReadOnlyDictionary<string, KPopsException?>> AlterTopicsConfigsAsync(IReadOnlyList<TopicConfigChange> changes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var both = changes.SelectMany(c => c.Remove.Where(c.Set.ContainsKey)).FirstOrDefault();
        if (both is not null)
            throw new ArgumentException($"'{both}' cannot be set and removed in the same change.", nameof(changes));
        var real = changes.Where(c => c.Set.Count > 0 || c.Remove.Count > 0).ToList();
        var altered = changes.ToDictionary(c => c.Topic, _ => (KPopsException?)null, StringComparer.Ordinal);
        if (real.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, KPopsException?>>(altered);
        return RunAsync<IReadOnlyDictionary<string, KPopsException?>>($"alter configs of topics {List(real.Select(c => c.Topic))}", async call =>
        {
            var request = real.ToDictionary(c => TopicResource(c.Topic), c => c.Set
                .Select(p => new ConfigEntry { Name = p.Key, Value = p.Value, IncrementalOperation = AlterConfigOpType.Set })
                .Concat(c.Remove.Select(name => new ConfigEntry { Name = name, IncrementalOperation = AlterConfigOpType.Delete }))
                .ToList());
            try
            {
                await call.Admin.IncrementalAlterConfigsAsync(request, new IncrementalAlterConfigsOptions { RequestTimeout = call.Remaining })
                    .ConfigureAwait(false);
            }
            catch (IncrementalAlterConfigsException e)
            {
                foreach (var report in e.Results.Where(r => r.Error.IsError))
                {
                    var change = real.First(c => c.Topic == report.ConfigResource.Name);
                    altered[change.Topic] = KafkaErrorMapper.ToException(report.Error,
                        $"alter configs of topic '{change.Topic}' (set {List(change.Set.Keys)}; remove {List(change.Remove)})", _settings,
                        Volatile.Read(ref _lastConnectionError), inner: e);
                }
            }
            return altered;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task CreatePartitionsAsync(string topic, int totalCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return RunAsync($"increase the partitions of topic '{topic}' to {totalCount.ToString(CultureInfo.InvariantCulture)}", async call =>
        {
            try
            {
                await call.Admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = totalCount }],
                    new CreatePartitionsOptions { RequestTimeout = call.Remaining, OperationTimeout = call.OperationTimeout }).ConfigureAwait(false);
            }
            catch (CreatePartitionsException e) when (KafkaErrorMapper.FirstError(e).Code == ErrorCode.InvalidPartitions)
            {
                throw KafkaErrorMapper.ToException(KafkaErrorMapper.FirstError(e), call.Action, _settings, inner: e,
                    hint: FewerPartitionsHint);
            }
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One CreatePartitions request; each topic's error is mapped as <see cref="CreatePartitionsAsync(string, int, CancellationToken)"/> maps it.</remarks>
    public Task<IReadOnlyDictionary<string, KPopsException?>> CreatePartitionsAsync(IReadOnlyList<PartitionIncrease> increases,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(increases);
        var distinct = increases.DistinctBy(i => i.Topic, StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, KPopsException?>>(new Dictionary<string, KPopsException?>());
        return RunAsync<IReadOnlyDictionary<string, KPopsException?>>($"increase the partitions of topics {List(distinct.Select(i => i.Topic))}", async call =>
        {
            var increased = distinct.ToDictionary(i => i.Topic, _ => (KPopsException?)null, StringComparer.Ordinal);
            try
            {
                await call.Admin.CreatePartitionsAsync(distinct.Select(i => new PartitionsSpecification { Topic = i.Topic, IncreaseTo = i.TotalCount }).ToList(),
                    new CreatePartitionsOptions { RequestTimeout = call.Remaining, OperationTimeout = call.OperationTimeout }).ConfigureAwait(false);
            }
            catch (CreatePartitionsException e)
            {
                foreach (var report in e.Results.Where(r => r.Error.IsError))
                {
                    var increase = distinct.First(i => i.Topic == report.Topic);
                    increased[report.Topic] = KafkaErrorMapper.ToException(report.Error,
                        $"increase the partitions of topic '{increase.Topic}' to {increase.TotalCount.ToString(CultureInfo.InvariantCulture)}", _settings,
                        Volatile.Read(ref _lastConnectionError), inner: e,
                        hint: report.Error.Code == ErrorCode.InvalidPartitions ? FewerPartitionsHint : null);
                }
            }
            return increased;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteTopicAsync(string topic, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return (await DeleteTopicsAsync([topic], cancellationToken).ConfigureAwait(false))[topic].ValueOrThrow();
    }

    /// <inheritdoc />
    /// <remarks>One DeleteTopics request.</remarks>
    public Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var names = Names(topics);
        if (names.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, KafkaItemResult<bool>>>(new Dictionary<string, KafkaItemResult<bool>>());
        return RunAsync<IReadOnlyDictionary<string, KafkaItemResult<bool>>>(names.Count == 1 ? $"delete topic '{names[0]}'" : $"delete topics {List(names)}", async call =>
        {
            var deleted = names.ToDictionary(n => n, _ => new KafkaItemResult<bool>(true, null), StringComparer.Ordinal);
            try
            {
                // The operation timeout makes the broker answer once the deletion is done, so a topic of the same
                // name can be created right after.
                await call.Admin.DeleteTopicsAsync(names,
                    new DeleteTopicsOptions { RequestTimeout = call.Remaining, OperationTimeout = call.OperationTimeout }).ConfigureAwait(false);
            }
            catch (DeleteTopicsException e)
            {
                foreach (var report in e.Results.Where(r => r.Error.IsError))
                {
                    deleted[report.Topic] = report.Error.Code == ErrorCode.UnknownTopicOrPart
                        ? new KafkaItemResult<bool>(false, null)
                        : new KafkaItemResult<bool>(false, ItemFailure(report.Error, $"delete topic '{report.Topic}'", e));
                }
            }
            return deleted;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>>("list topics", async call =>
        {
            // Only the (blocking) metadata call lists every topic; internal topics such as __consumer_offsets included.
            var remaining = call.Remaining;
            var metadata = await Task.Run(() => call.Admin.GetMetadata(remaining)).ConfigureAwait(false);
            return metadata.Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).Order(StringComparer.Ordinal).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ConsumerGroupDescription?> DescribeGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return (await DescribeGroupsAsync([groupId], cancellationToken).ConfigureAwait(false))[groupId].ValueOrThrow();
    }

    /// <inheritdoc />
    /// <remarks>One call of this client: the groups one after another (see <see cref="OneGroupAtATimeAsync"/>).</remarks>
    public Task<IReadOnlyDictionary<string, KafkaItemResult<ConsumerGroupDescription?>>> DescribeGroupsAsync(IReadOnlyCollection<string> groupIds,
        CancellationToken cancellationToken)
    {
        var names = Names(groupIds);
        if (names.Count == 0)
            return Task.FromResult<IReadOnlyDictionary<string, KafkaItemResult<ConsumerGroupDescription?>>>(new Dictionary<string, KafkaItemResult<ConsumerGroupDescription?>>());
        return RunAsync(names.Count == 1 ? $"describe consumer group '{names[0]}'" : $"describe consumer groups {List(names)}",
            call => OneGroupAtATimeAsync(call, names, group => DescribeGroupCoreAsync(call, group)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return (await DeleteGroupsAsync([groupId], cancellationToken).ConfigureAwait(false))[groupId].ValueOrThrow();
    }

    /// <inheritdoc />
    /// <remarks>
    /// One call of this client: the groups one after another (see <see cref="OneGroupAtATimeAsync"/>). A group with
    /// members fails with their count.
    /// </remarks>
    public Task<IReadOnlyDictionary<string, KafkaItemResult<bool>>> DeleteGroupsAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken)
    {
        var names = Names(groupIds);
        if (names.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, KafkaItemResult<bool>>>(new Dictionary<string, KafkaItemResult<bool>>());
        return RunAsync(names.Count == 1 ? $"delete consumer group '{names[0]}'" : $"delete consumer groups {List(names)}",
            call => OneGroupAtATimeAsync(call, names, group => DeleteGroupCoreAsync(call, group)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupOffset>> ListGroupOffsetsAsync(string groupId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return RunAsync<IReadOnlyList<GroupOffset>>($"list the committed offsets of consumer group '{groupId}'", async call =>
        {
            List<ListConsumerGroupOffsetsResult> results;
            await EnsureBrokerAnswersAsync(call).ConfigureAwait(false);
            try
            {
                // No partitions = every partition the group committed for (OffsetFetch v2+).
                results = await call.Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(groupId, null)],
                    new ListConsumerGroupOffsetsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            }
            catch (ListConsumerGroupOffsetsException e) when (KafkaErrorMapper.FirstError(e).Code == ErrorCode.GroupIdNotFound)
            {
                return [];
            }
            return results.SelectMany(r => r.Partitions)
                .Where(p => p.Offset.Value >= 0)
                .Select(p => new GroupOffset(p.Topic, p.Partition.Value, p.Offset.Value))
                .OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition)
                .ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Topics that do not exist are left out. The end offset is the high watermark (read_uncommitted).</remarks>
    public Task<IReadOnlyList<GroupOffset>> ListEndOffsetsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0) return Task.FromResult<IReadOnlyList<GroupOffset>>([]);
        return RunAsync<IReadOnlyList<GroupOffset>>($"list the end offsets of {List(topics)}", async call =>
        {
            // ListOffsets needs the partitions; metadata has them.
            IEnumerable<Ck.TopicDescription> described;
            try
            {
                var result = await call.Admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(topics.Distinct(StringComparer.Ordinal)),
                    new DescribeTopicsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
                described = result.TopicDescriptions;
            }
            catch (DescribeTopicsException e) when (e.Results.TopicDescriptions.All(d => d.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
            {
                described = e.Results.TopicDescriptions.Where(d => !d.Error.IsError);
            }

            var requests = described
                .SelectMany(d => d.Partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(d.Name, p.Partition), OffsetSpec = OffsetSpec.Latest() }))
                .ToList();
            if (requests.Count == 0) return [];
            var offsets = await call.Admin.ListOffsetsAsync(requests, new ListOffsetsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            return offsets.ResultInfos
                .Select(i => new GroupOffset(i.TopicPartitionOffsetError.Topic, i.TopicPartitionOffsetError.Partition.Value, i.TopicPartitionOffsetError.Offset.Value))
                .OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition)
                .ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// Releases the librdkafka handle, if one was built. Returns at once: destroying the handle takes about 150 ms
    /// (Confluent.Kafka joins its poll thread, librdkafka its broker threads) that no caller needs to wait for, so it
    /// happens in the background — after the requests still running (a call that timed out or was cancelled leaves
    /// its request running) have ended, because librdkafka can abort the process when a handle is destroyed under a
    /// request that waits for a group coordinator (issue 4605). Every request has a timeout, so the wait is bounded.
    /// Log lines from then on are dropped.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        var repeated = Volatile.Read(ref _repeatedLines);
        if (repeated > 0)
            _log.Verbose($"[Kafka] {repeated.ToString(CultureInfo.InvariantCulture)} repeated librdkafka log lines were left out");
        if (_admin.IsValueCreated)
        {
            var admin = _admin.Value;
            var running = _running.Keys.ToArray();
            var wait = _settings.Timeout + Grace;
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.WhenAll(running).WaitAsync(wait).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // the outcome of those requests was reported (or abandoned) by their callers
                catch (Exception)
#pragma warning restore CA1031
                {
                    // failed, cancelled or still running after their timeout: the handle goes anyway
                }
                admin.Dispose();
            });
        }
    }

    // ------------------------------------------------------------------ calls

    private async Task<T> RunAsync<T>(string action, Func<Call, Task<T>> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        cancellationToken.ThrowIfCancellationRequested();
        // Taken before the handle exists, so a "brokers down" caused by this call's own first connection counts.
        var brokersDown = Volatile.Read(ref _brokersDown).Token;
        _log.Verbose("[Kafka] " + action);

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, brokersDown);
        Task<T>? task = null;
        var holdsGate = false;
        try
        {
            // librdkafka aborts the process (librdkafka issue 4605) when the connection to a group coordinator goes
            // down between its check that the broker is up and the sending of a coordinator request (DescribeGroups,
            // OffsetFetch, DeleteGroups): the request's handle is freed and then used. Another request failing on the
            // same connection is what usually brings it down at that moment, so a client has one request in flight at
            // a time; the gate is released when librdkafka is done with the request, also after this call gave up.
            await _oneAtATime.WaitAsync(abort.Token).ConfigureAwait(false);
            holdsGate = true;
            var call = new Call(_admin.Value, action, _settings.Timeout, abort.Token);
            task = body(call);
            Track(task);
            holdsGate = false;
            _ = task.ContinueWith(_ => _oneAtATime.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return await task.WaitAsync(_settings.Timeout + Grace, abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (brokersDown.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Forget(task);
            throw KafkaErrorMapper.AllBrokersDown(action, _settings, Volatile.Read(ref _lastConnectionError), e);
        }
        catch (OperationCanceledException)
        {
            Forget(task);
            throw;
        }
        catch (TimeoutException e)
        {
            Forget(task);
            throw KafkaErrorMapper.NoAnswer(action, _settings, Volatile.Read(ref _lastConnectionError), e);
        }
        catch (KafkaException e)
        {
            throw KafkaErrorMapper.ToException(KafkaErrorMapper.FirstError(e), action, _settings, Volatile.Read(ref _lastConnectionError), inner: e);
        }
        finally
        {
            // The body failed before it handed a request to librdkafka.
            if (holdsGate) _oneAtATime.Release();
        }
    }

    private void Track(Task task)
    {
        if (task.IsCompleted) return;
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Asks about several groups in one call of this client: one group after another, each request to its coordinator
    /// after a metadata request (<see cref="EnsureBrokerAnswersAsync"/>), as a call for one group does, and none after
    /// the caller gave up. librdkafka has no request for several groups (it sends one per group to the group's
    /// coordinator however many one of its calls names), and a librdkafka call that names several has their requests
    /// in flight at once — what lets it abort the process (issue 4605, see <see cref="RunAsync"/>). With calls of three
    /// groups added to the drop stress test (Invoke-KafkaDropStress.ps1), librdkafka calls of several groups aborted
    /// the process, and so did this loop without the metadata request before each group or the stop; as it is, it
    /// aborted no more often than the same groups asked in separate calls (1 and 3 of 10 runs: at three times the
    /// group requests of that test, the gate does not keep every abort away).
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, KafkaItemResult<T>>> OneGroupAtATimeAsync<T>(Call call, IReadOnlyList<string> groupIds,
        Func<string, Task<KafkaItemResult<T>>> ask)
    {
        var answers = new Dictionary<string, KafkaItemResult<T>>(StringComparer.Ordinal);
        foreach (var group in groupIds)
        {
            // After a lost connection or a cancellation the caller has given up: no request goes out to a broker that
            // is down, as none does of the calls that wait for the gate (RunAsync).
            call.Abandoned.ThrowIfCancellationRequested();
            await EnsureBrokerAnswersAsync(call).ConfigureAwait(false);
            answers[group] = await ask(group).ConfigureAwait(false);
        }
        return answers;
    }

    // A group as its coordinator describes it.
    private async Task<KafkaItemResult<ConsumerGroupDescription?>> DescribeGroupCoreAsync(Call call, string groupId)
    {
        Ck.ConsumerGroupDescription description;
        DescribeConsumerGroupsException? failure = null;
        try
        {
            var result = await call.Admin.DescribeConsumerGroupsAsync([groupId],
                new DescribeConsumerGroupsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            description = result.ConsumerGroupDescriptions.Single();
        }
        catch (DescribeConsumerGroupsException e)
        {
            failure = e;
            description = e.Results.ConsumerGroupDescriptions.Single();
        }
        return description switch
        {
            // What brokers with the KIP-848 ConsumerGroupDescribe API answer for a group they do not know.
            { Error.Code: ErrorCode.GroupIdNotFound } => new(null, null),
            { Error.IsError: true } => new(null, ItemFailure(description.Error, $"describe consumer group '{groupId}'", failure)),
            // The classic DescribeGroups API describes an unknown group as Dead instead of failing.
            { State: ConsumerGroupState.Dead } => new(null, null),
            _ => new(new ConsumerGroupDescription(description.GroupId, description.State.ToString(),
                description.Members.Select(m => new GroupMember(m.ConsumerId, m.ClientId, m.Host)).ToList()), null),
        };
    }

    // Deletes a group: false when it did not exist.
    private async Task<KafkaItemResult<bool>> DeleteGroupCoreAsync(Call call, string groupId)
    {
        DeleteGroupsException failure;
        try
        {
            await call.Admin.DeleteGroupsAsync([groupId], new DeleteGroupsOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);
            return new(true, null);
        }
        catch (DeleteGroupsException e)
        {
            failure = e;
        }

        var error = KafkaErrorMapper.FirstError(failure);
        if (error.Code == ErrorCode.GroupIdNotFound) return new(false, null);
        if (error.Code != ErrorCode.NonEmptyGroup) return new(false, ItemFailure(error, $"delete consumer group '{groupId}'", failure));

        // Say how many members keep the group alive: the usual cause is an app that is still running.
        var members = await CountMembersAsync(call, groupId).ConfigureAwait(false);
        // No count when the group could not be described, or its members left in the meantime.
        var count = members is > 0 ? members.Value.ToString(CultureInfo.InvariantCulture) + " " : "";
        var noun = members == 1 ? "member" : "members";
        return new(false, new ServiceException(Service.Kafka, Endpoint, $"consumer group '{groupId}' still has {count}active {noun}; stop the app first",
            ErrorKind.ServiceError, "Destroy the app that consumes with this group (or wait for its members to leave), then delete the group again.",
            failure, (int)ErrorCode.NonEmptyGroup));
    }

    /// <summary>
    /// Asks for the cluster's metadata before a request to a group coordinator. librdkafka aborts the whole process
    /// (<c>rd_kafka_enq_once_del_source_return: Assertion `eonce->refcnt > 0' failed</c>, librdkafka issue 4605) when
    /// the connection fails under such a request; with this check an unreachable cluster fails the call instead.
    /// </summary>
    private static async Task EnsureBrokerAnswersAsync(Call call) =>
        await call.Admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = call.Remaining }).ConfigureAwait(false);

    private async Task<int?> CountMembersAsync(Call call, string groupId)
    {
        try
        {
            return (await DescribeGroupCoreAsync(call, groupId).ConfigureAwait(false)).Value?.Members.Count;
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            // The count only decorates the message of the error being reported.
            return null;
        }
    }

    // The error of one item of a request that named several, mapped as the request's own error would be.
    private ServiceException ItemFailure(Error error, string action, Exception? inner) =>
        KafkaErrorMapper.ToException(error, action, _settings, Volatile.Read(ref _lastConnectionError), inner: inner);

    private static List<string> Names(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in distinct) ArgumentException.ThrowIfNullOrEmpty(name, nameof(names));
        return distinct;
    }

    private static async Task<T?> NullIfUnknownTopic<T>(Task<T> task) where T : class
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (KafkaException e) when (KafkaErrorMapper.FirstError(e).Code == ErrorCode.UnknownTopicOrPart)
        {
            return null;
        }
    }

    // An abandoned librdkafka task still completes later; observe its failure so it is not reported as unobserved.
    private static void Forget(Task? task) =>
        task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    // ------------------------------------------------------------------ librdkafka handle and callbacks

    private IAdminClient Build()
    {
        _log.Verbose("[Kafka] admin client: " + _settings.Describe());
        try
        {
            return new AdminClientBuilder(_settings.ToClientConfig())
                // Without a log handler librdkafka prints to stderr, which would garble the PowerShell host.
                .SetLogHandler((_, message) => Forward($"[Kafka] librdkafka {message.Level} {message.Facility}: {message.Message}"))
                .SetErrorHandler((_, error) => OnError(error))
                .Build();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KafkaException)
        {
            // librdkafka rejects unknown properties and invalid values when the handle is built.
            throw new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData,
                _settings.MaskSecrets($"kafka_admin.config is not accepted by librdkafka: {e.Message}"),
                hint: "Use the property names and values of librdkafka's CONFIGURATION.md (e.g. security.protocol: SASL_SSL).", inner: e);
        }
    }

    // Called on librdkafka's and Confluent's threads.
    private void OnError(Error error)
    {
        Forward($"[Kafka] librdkafka error {error.Code}: {error.Reason}");
        if (KafkaErrorMapper.IsConnectionLevel(error.Code)) Volatile.Write(ref _lastConnectionError, error);
        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            // librdkafka says this once per outage; fail the calls waiting now, later calls get a fresh token.
            var down = Interlocked.Exchange(ref _brokersDown, new CancellationTokenSource());
            down.Cancel();
        }
    }

    private void Forward(string line)
    {
        if (Volatile.Read(ref _disposed) == 1) return;
        var masked = _settings.MaskSecrets(line);
        var isNew = _loggedLines.Count < MaxRememberedLines ? _loggedLines.TryAdd(masked, 0) : !_loggedLines.ContainsKey(masked);
        if (!isNew)
        {
            Interlocked.Increment(ref _repeatedLines);
            return;
        }
        _log.Verbose(masked);
    }

    // ------------------------------------------------------------------ helpers

    private static string CreateAction(NewTopicSpec topic, bool validateOnly) =>
        $"{(validateOnly ? "validate creating" : "create")} topic '{topic.Name}' "
        + $"(partitions={Describe(topic.Partitions)}, replication factor={Describe(topic.ReplicationFactor)})";

    private static TopicSpecification Specification(NewTopicSpec topic) => new()
    {
        Name = topic.Name,
        // -1 asks the broker for num.partitions / default.replication.factor (CreateTopics v4, Kafka 2.4+).
        NumPartitions = topic.Partitions ?? -1,
        ReplicationFactor = topic.ReplicationFactor ?? -1,
        Configs = topic.Configs.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
    };

    private static ConfigResource TopicResource(string topic) => new() { Type = ResourceType.Topic, Name = topic };

    private static int? IntValue(Dictionary<string, ConfigEntryResult> entries, string name) =>
        entries.TryGetValue(name, out var entry) && int.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Describe<TNumber>(TNumber? value) where TNumber : struct, IFormattable =>
        value is { } v ? v.ToString(null, CultureInfo.InvariantCulture) : "broker default";

    private static string List(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list.Select(n => $"'{n}'"));
    }

    /// <summary>One call: the handle, what is being done, the time left of its timeout, and whether it was given up.</summary>
    private sealed class Call(IAdminClient admin, string action, TimeSpan timeout, CancellationToken abandoned)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public IAdminClient Admin { get; } = admin;

        /// <summary>
        /// Cancelled when the caller stops waiting: cancelled, or every broker went down. A call that sends several
        /// requests one after another sends no more then; librdkafka's own requests cannot be cancelled.
        /// </summary>
        public CancellationToken Abandoned { get; } = abandoned;

        public string Action { get; } = action;

        /// <summary>What is left of the timeout, for the next request; throws <see cref="TimeoutException"/> when nothing is.</summary>
        public TimeSpan Remaining
        {
            get
            {
                var left = timeout - Stopwatch.GetElapsedTime(_started);
                return left > TimeSpan.Zero ? left : throw new TimeoutException();
            }
        }

        /// <summary>
        /// How long the broker may take to complete a create or delete before answering. Shorter than the request
        /// timeout so a slow broker answers REQUEST_TIMED_OUT (the change goes on) before the client gives up blind.
        /// </summary>
        public TimeSpan OperationTimeout => Remaining * 0.8;
    }
}
