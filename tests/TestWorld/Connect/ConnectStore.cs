using System.Text.Json;
using KPops.TestWorld.Common;
using static KPops.TestWorld.Connect.ConnectErrors;

namespace KPops.TestWorld.Connect;

/// <summary>
/// The worker's state and rules, shared by the REST routes and the C# state API. Thread-safe; the sink offsets
/// backend is called outside the lock because it may be another double. Errors are <see cref="HttpDoubleException"/>s.
/// </summary>
internal sealed class ConnectStore(ConnectPlugins plugins)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConnectorEntry> _connectors = new(StringComparer.Ordinal);
    // Keyed by connector name and kept when a connector is deleted, like records in Connect's offsets topic.
    private readonly Dictionary<string, List<ConnectOffset>> _sourceOffsets = new(StringComparer.Ordinal);
    private readonly InMemorySinkOffsets _defaultSinkOffsets = new();
    private volatile IConnectOffsetsBackend? _sinkOffsets;

    public ConnectPlugins Plugins => plugins;

    /// <summary>Where sink offsets live; the in-memory default until a test world plugs in its Kafka double.</summary>
    public IConnectOffsetsBackend SinkOffsets
    {
        get => _sinkOffsets ?? _defaultSinkOffsets;
        set => _sinkOffsets = value;
    }

    /// <summary>Cluster id reported by <c>GET /</c>.</summary>
    public string KafkaClusterId { get; set; } = "TestWorldKafkaCluster";

    /// <summary><c>host:port</c> reported as <c>worker_id</c>.</summary>
    public string WorkerId { get; set; } = "";

    /// <summary>The consumer group of a sink connector.</summary>
    public static string GroupId(string connector) => $"connect-{connector}";

    public IReadOnlyList<string> Names()
    {
        lock (_gate) { return _connectors.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    public ConnectorSnapshot Get(string name)
    {
        lock (_gate) { return Find(name).Snapshot(); }
    }

    /// <summary>Creates (POST, or PUT of a new name) or replaces (PUT) a connector's config.</summary>
    public (ConnectorSnapshot Connector, bool Created) Put(string name, Dictionary<string, string> config, bool allowReplace, ConnectorState initialState)
    {
        var plugin = Prepare(name, config);
        lock (_gate)
        {
            if (_connectors.TryGetValue(name, out var existing))
            {
                if (!allowReplace) throw AlreadyExists(name);
                existing.Reconfigure(plugin, config);
                return (existing.Snapshot(), false);
            }

            var created = new ConnectorEntry(name, plugin, config, initialState);
            _connectors[name] = created;
            return (created.Snapshot(), true);
        }
    }

    /// <summary>Applies a config patch: keys with null values are removed.</summary>
    public ConnectorSnapshot Patch(string name, IReadOnlyDictionary<string, string?> patch)
    {
        lock (_gate)
        {
            var entry = Find(name);
            var config = new Dictionary<string, string>(entry.Config, StringComparer.Ordinal);
            foreach (var (key, value) in patch)
            {
                if (value is null) config.Remove(key);
                else config[key] = value;
            }
            entry.Reconfigure(Prepare(name, config), config);
            return entry.Snapshot();
        }
    }

    public void Delete(string name)
    {
        lock (_gate)
        {
            if (!_connectors.Remove(name)) throw ConnectorNotFound(name);
        }
    }

    /// <summary>Pause, resume or stop.</summary>
    public void MoveTo(string name, ConnectorState target)
    {
        lock (_gate) { Find(name).MoveTo(target); }
    }

    /// <summary>
    /// Restarts the connector and/or tasks. Returns null for a plain restart (answered 204), otherwise the status
    /// to answer with 202, showing RESTARTING for what was restarted; the stored states are already the target ones.
    /// </summary>
    public ConnectorSnapshot? Restart(string name, bool includeTasks, bool onlyFailed)
    {
        lock (_gate)
        {
            var entry = Find(name);
            var restartConnector = !onlyFailed || entry.State == ConnectorState.Failed;
            var tasks = includeTasks ? entry.Tasks.FindAll(t => !onlyFailed || t.State == ConnectorState.Failed) : [];
            var before = entry.Snapshot();
            var reported = before with
            {
                State = restartConnector ? ConnectorState.Restarting : before.State,
                Trace = restartConnector ? null : before.Trace,
                Tasks = before.Tasks.Select(t => tasks.Exists(r => r.Id == t.Id) ? new TaskSnapshot(t.Id, ConnectorState.Restarting, null) : t).ToList(),
            };

            if (restartConnector)
            {
                entry.State = entry.Target;
                entry.Trace = null;
            }
            tasks.ForEach(t => t.Restart(entry.TaskTarget));
            return includeTasks || onlyFailed ? reported : null;
        }
    }

    public void RestartTask(string name, int task)
    {
        lock (_gate)
        {
            var entry = Find(name);
            entry.Task(task).Restart(entry.TaskTarget);
        }
    }

    public TaskSnapshot GetTask(string name, int task)
    {
        lock (_gate) { return Find(name).Task(task).Snapshot(); }
    }

    public void SetState(string name, ConnectorState state, string? trace)
    {
        lock (_gate)
        {
            var entry = Find(name);
            entry.State = state;
            entry.Trace = trace;
        }
    }

    public void SetTaskState(string name, int task, ConnectorState state, string? trace)
    {
        lock (_gate)
        {
            var entry = Find(name).Task(task);
            entry.State = state;
            entry.Trace = trace;
        }
    }

    public void SetActiveTopics(string name, IEnumerable<string> topics)
    {
        lock (_gate) { Find(name).ActiveTopics = topics.ToList(); }
    }

    public IReadOnlyList<ConnectOffset> GetOffsets(string name)
    {
        lock (_gate)
        {
            if (Find(name).Plugin.Type == ConnectorType.Source)
                return _sourceOffsets.TryGetValue(name, out var offsets) ? offsets.Select(o => o.DeepCopy()).ToList() : [];
        }
        return SinkOffsets.GetSinkOffsets(GroupId(name));
    }

    /// <summary>PATCH offsets: only for STOPPED connectors.</summary>
    public void AlterOffsets(string name, IReadOnlyList<ConnectOffset> offsets)
    {
        lock (_gate)
        {
            if (StoppedEntry(name).Plugin.Type == ConnectorType.Source)
            {
                OffsetList.Apply(_sourceOffsets, name, offsets);
                return;
            }
        }
        foreach (var offset in offsets) ValidateSinkOffset(offset);
        SinkOffsets.AlterSinkOffsets(GroupId(name), offsets);
    }

    /// <summary>DELETE offsets: only for STOPPED connectors; a sink's consumer group is reset.</summary>
    public void ResetOffsets(string name)
    {
        lock (_gate)
        {
            if (StoppedEntry(name).Plugin.Type == ConnectorType.Source)
            {
                _sourceOffsets.Remove(name);
                return;
            }
        }
        SinkOffsets.ResetSinkOffsets(GroupId(name));
    }

    /// <summary>Replaces a connector's stored offsets (test arrangement; no state check).</summary>
    public void SetOffsets(string name, IReadOnlyList<ConnectOffset> offsets)
    {
        lock (_gate)
        {
            if (Find(name).Plugin.Type == ConnectorType.Source)
            {
                _sourceOffsets.Remove(name);
                OffsetList.Apply(_sourceOffsets, name, offsets);
                return;
            }
        }
        SinkOffsets.ResetSinkOffsets(GroupId(name));
        SinkOffsets.AlterSinkOffsets(GroupId(name), offsets);
    }

    public void Reset()
    {
        lock (_gate)
        {
            _connectors.Clear();
            _sourceOffsets.Clear();
        }
        _defaultSinkOffsets.Clear();
        plugins.Reset();
    }

    private ConnectorEntry Find(string name) => _connectors.GetValueOrDefault(name) ?? throw ConnectorNotFound(name);

    private ConnectorEntry StoppedEntry(string name)
    {
        var entry = Find(name);
        return entry.Target == ConnectorState.Stopped ? entry : throw NotStopped(name);
    }

    /// <summary>Checks the name, fills in <c>name</c>, finds the plugin and validates; as a worker does before storing a config.</summary>
    private ConnectorPlugin Prepare(string name, Dictionary<string, string> config)
    {
        if (string.IsNullOrWhiteSpace(name)) throw BadRequest("Connector name must not be empty");
        if (config.TryGetValue("name", out var included) && included != name)
            throw BadRequest($"Connector name configuration ({included}) doesn't match connector name in the URL ({name})");
        config["name"] = name;
        var plugin = plugins.Resolve(config.GetValueOrDefault("connector.class") ?? throw NoConnectorType(config));
        ConnectConfigValidator.EnsureValid(plugin, config);
        return plugin;
    }

    private static void ValidateSinkOffset(ConnectOffset offset)
    {
        if (offset.Partition["kafka_topic"]?.GetValueKind() != JsonValueKind.String
            || offset.Partition["kafka_partition"]?.GetValueKind() != JsonValueKind.Number)
            throw BadRequest("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");
        if (offset.Offset is { } value && value["kafka_offset"]?.GetValueKind() != JsonValueKind.Number)
            throw BadRequest("The offset for a sink connector should either be null or contain the key 'kafka_offset'");
    }
}
