using KPops.Engine.Clients;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>A connector: config (with its name, as Connect stores it), state and how often its offsets were reset.</summary>
public sealed class FakeConnector
{
    public required Dictionary<string, string> Config { get; init; }

    public required string State { get; set; }

    /// <summary>Status polls that still report the old state after a stop (Connect stops asynchronously).</summary>
    public int PendingStopPolls { get; set; }

    public string? StateBeforeStop { get; set; }

    public int OffsetResets { get; set; }
}

/// <summary>
/// Kafka Connect's REST API over an in-memory set of connectors. A stop takes effect after <see cref="StopLatency"/>
/// status polls; offsets can only be deleted from a STOPPED connector; creating an existing connector is a 409.
/// </summary>
public sealed class FakeConnect(FakeWorld world) : IKafkaConnect
{
    public const string Url = "http://connect:8083";

    public Dictionary<string, FakeConnector> Connectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Status polls after a stop before the connector reports STOPPED.</summary>
    public int StopLatency { get; set; }

    /// <summary>The plugin's validation: problems of a config (none by default).</summary>
    public Func<string, IReadOnlyDictionary<string, string>, IReadOnlyList<ConnectorValidationError>> Validation { get; set; } = (_, _) => [];

    /// <summary>Every connector created, with the initial state it was created in.</summary>
    public List<(string Name, string? InitialState)> Created { get; } = [];

    public string Endpoint => Url;

    /// <summary>Adds a connector as if it had been created earlier.</summary>
    public FakeConnector AddConnector(string name, IReadOnlyDictionary<string, string> config, string state = "RUNNING")
    {
        var connector = new FakeConnector { Config = new Dictionary<string, string>(config, StringComparer.Ordinal) { ["name"] = name }, State = state };
        Connectors[name] = connector;
        return connector;
    }

    public Task<ConnectorInfo?> GetConnectorAsync(string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "GetConnector", name, false,
            () => Connectors.TryGetValue(name, out var c) ? new ConnectorInfo(name, new Dictionary<string, string>(c.Config, StringComparer.Ordinal), TypeOf(c)) : null, cancellationToken);

    public Task<ConnectorStatus?> GetStatusAsync(string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "GetStatus", name, false, () =>
        {
            if (!Connectors.TryGetValue(name, out var c)) return null;
            var state = c.State;
            if (c.PendingStopPolls > 0)
            {
                c.PendingStopPolls--;
                state = c.StateBeforeStop!;
            }
            return new ConnectorStatus(name, state, null, [new ConnectorTaskStatus(0, state, "worker:8083", null)]);
        }, cancellationToken);

    public Task CreateAsync(string name, IReadOnlyDictionary<string, string> config, string? initialState, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "Create", name, true, () =>
        {
            if (Connectors.ContainsKey(name)) throw Error($"Connector {name} already exists", name, 409);
            Created.Add((name, initialState));
            AddConnector(name, config, initialState ?? "RUNNING");
        }, cancellationToken);

    public Task<bool> PutConfigAsync(string name, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "PutConfig", name, true, () =>
        {
            if (Connectors.TryGetValue(name, out var c))
            {
                c.Config.Clear();
                foreach (var (k, v) in config) c.Config[k] = v;
                c.Config["name"] = name;
                return false;
            }
            AddConnector(name, config);
            return true;
        }, cancellationToken);

    public Task PauseAsync(string name, CancellationToken cancellationToken) => SetState("Pause", name, "PAUSED", cancellationToken);

    public Task ResumeAsync(string name, CancellationToken cancellationToken) => SetState("Resume", name, "RUNNING", cancellationToken);

    public Task StopAsync(string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "Stop", name, true, () =>
        {
            var c = Connectors.GetValueOrDefault(name) ?? throw Error($"Connector {name} not found", name, 404);
            if (c.State == "STOPPED") return;
            c.StateBeforeStop = c.State;
            c.PendingStopPolls = StopLatency;
            c.State = "STOPPED";
        }, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "Delete", name, true, () => Connectors.Remove(name), cancellationToken);

    public Task DeleteOffsetsAsync(string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "DeleteOffsets", name, true, () =>
        {
            var c = Connectors.GetValueOrDefault(name) ?? throw Error($"Connector {name} not found", name, 404);
            if (c.State != "STOPPED" || c.PendingStopPolls > 0)
                throw Error("Connectors must be in the STOPPED state before their offsets can be modified.", name + "/offsets", 400);
            c.OffsetResets++;
        }, cancellationToken);

    public Task<IReadOnlyList<ConnectorValidationError>> ValidateAsync(string connectorClass, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, "Validate", connectorClass, false, () => Validation(connectorClass, config), cancellationToken);

    public void Dispose()
    {
    }

    private Task SetState(string method, string name, string state, CancellationToken cancellationToken) =>
        world.Invoke(Service.KafkaConnect, method, name, true, () =>
        {
            var c = Connectors.GetValueOrDefault(name) ?? throw Error($"Connector {name} not found", name, 404);
            c.State = state;
            c.PendingStopPolls = 0;
        }, cancellationToken);

    private static string? TypeOf(FakeConnector connector) =>
        connector.Config.GetValueOrDefault("connector.class") is { } cls ? cls.Contains("Sink", StringComparison.Ordinal) ? "sink" : "source" : null;

    private static ServiceException Error(string message, string path, int status) =>
        new(Service.KafkaConnect, $"{Url}/connectors/{path}", message, statusCode: status);
}
