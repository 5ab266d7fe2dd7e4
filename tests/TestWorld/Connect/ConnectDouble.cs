using KPops.TestWorld.Common;

namespace KPops.TestWorld.Connect;

/// <summary>
/// An in-process Kafka Connect worker (REST, JSON) with a C# API to arrange and inspect connectors, tasks,
/// offsets and plugins. Changes take effect at once: there are no real tasks, so states only change through
/// the REST lifecycle calls and the setters here.
/// </summary>
/// <remarks>
/// Deliberately not implemented: running connectors (no data moves; sink active topics come from the
/// <c>topics</c> setting and can be overridden), task configs other than a copy of the connector config,
/// <c>?forward=</c>, internal endpoints (<c>/connectors/{n}/tasks</c> POST, fencing), logger admin
/// (<c>/admin/loggers</c>), <c>/connector-plugins/{class}/config</c>, transforms/converters in the plugin list,
/// config providers, exactly-once source support, the 90 s request timeout, and authentication. A rebalance
/// (409) is injected through <see cref="Faults"/>; a 409 rule without a message carries Connect's
/// "Cannot complete request momentarily due to stale configuration…" message.
/// </remarks>
public sealed class ConnectDouble : IDouble
{
    private readonly ConnectStore _store;
    private readonly HttpDoubleHost _host;

    private ConnectDouble(ConnectStore store, HttpDoubleHost host, RequestLog log, FaultInjector faults)
    {
        _store = store;
        _host = host;
        Log = log;
        Faults = faults;
    }

    /// <inheritdoc />
    public string Name => "Connect";

    /// <inheritdoc />
    public string Endpoint => _host.Endpoint.ToString();

    /// <inheritdoc />
    public RequestLog Log { get; }

    /// <inheritdoc />
    public FaultInjector Faults { get; }

    /// <summary>Cluster id reported by <c>GET /</c>; a world sets it to its Kafka double's id. Kept across <see cref="Reset"/>.</summary>
    public string KafkaClusterId
    {
        get => _store.KafkaClusterId;
        set => _store.KafkaClusterId = value;
    }

    /// <summary>
    /// Where sink offsets (consumer group <c>connect-&lt;name&gt;</c>) live. Defaults to the double's own memory;
    /// a world plugs in its Kafka double here. Kept across <see cref="Reset"/>.
    /// </summary>
    public IConnectOffsetsBackend SinkOffsets
    {
        get => _store.SinkOffsets;
        set => _store.SinkOffsets = value;
    }

    /// <summary>
    /// Whether an unregistered class with "Sink" or "Source" in its simple name counts as an installed plugin of
    /// that type without rules (default true); when false only registered plugins exist, as on a real worker.
    /// </summary>
    public bool InferUnknownPlugins
    {
        get => _store.Plugins.InferUnknown;
        set => _store.Plugins.InferUnknown = value;
    }

    /// <summary>Connector names, sorted.</summary>
    public IReadOnlyList<string> Connectors => _store.Names();

    /// <summary>Installed plugins, sorted by class.</summary>
    public IReadOnlyList<ConnectorPlugin> Plugins => _store.Plugins.All;

    /// <summary>Starts a worker on a free loopback port.</summary>
    /// <param name="sequence">Counter shared by all doubles of a world, to order requests across services.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ConnectDouble> StartAsync(SequenceCounter? sequence = null, CancellationToken cancellationToken = default)
    {
        var store = new ConnectStore(new ConnectPlugins());
        var log = new RequestLog(sequence);
        var faults = new FaultInjector();
        var host = await HttpDoubleHost.StartAsync(new HttpDoubleOptions
        {
            Service = "Connect",
            Log = log,
            Faults = faults,
            MapRoutes = app =>
            {
                ConnectorRoutes.Map(app, store);
                ConnectorOffsetRoutes.Map(app, store);
                ConnectClusterRoutes.Map(app, store);
            },
            DefaultFaultMessage = status => status == 409 ? ConnectErrors.RebalanceMessage : HttpErrorBody.StatusMessage(status),
        }, cancellationToken).ConfigureAwait(false);
        store.WorkerId = host.Endpoint.Authority;
        return new ConnectDouble(store, host, log, faults);
    }

    /// <summary>A copy of a connector's state including its stored offsets, or null when it does not exist.</summary>
    public ConnectorSnapshot? GetConnector(string name)
    {
        try
        {
            return _store.Get(name) with { Offsets = _store.GetOffsets(name) };
        }
        catch (HttpDoubleException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Creates or replaces a connector as <c>PUT /connectors/{name}/config</c> would (same validation).</summary>
    public ConnectorSnapshot PutConnector(string name, IReadOnlyDictionary<string, string> config, ConnectorState initialState = ConnectorState.Running) =>
        _store.Put(name, new Dictionary<string, string>(config, StringComparer.Ordinal), allowReplace: true, initialState).Connector;

    /// <summary>Sets the reported connector state, e.g. <see cref="ConnectorState.Failed"/> with a trace.</summary>
    public void SetConnectorState(string name, ConnectorState state, string? trace = null) => _store.SetState(name, state, trace);

    /// <summary>Sets the reported state of one task.</summary>
    public void SetTaskState(string name, int task, ConnectorState state, string? trace = null) => _store.SetTaskState(name, task, state, trace);

    /// <summary>Replaces a connector's stored offsets (sinks: through <see cref="SinkOffsets"/>).</summary>
    public void SetOffsets(string name, IEnumerable<ConnectOffset> offsets) => _store.SetOffsets(name, offsets.ToList());

    /// <summary>Replaces the topics <c>GET /connectors/{name}/topics</c> reports.</summary>
    public void SetActiveTopics(string name, IEnumerable<string> topics) => _store.SetActiveTopics(name, topics);

    /// <summary>Installs (or replaces) a plugin with validation rules for its own keys.</summary>
    public void AddPlugin(string connectorClass, ConnectorType type, params ConfigRule[] rules) =>
        _store.Plugins.Add(new ConnectorPlugin(connectorClass, type, "1.0.0", rules));

    /// <summary>Installs (or replaces) a plugin.</summary>
    public void AddPlugin(ConnectorPlugin plugin) => _store.Plugins.Add(plugin);

    /// <inheritdoc />
    public void Reset()
    {
        _store.Reset();
        Log.Clear();
        Faults.Reset();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
