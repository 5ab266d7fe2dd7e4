namespace KPops.Engine.Clients;

/// <summary>A connector as Kafka Connect reports it.</summary>
/// <param name="Name">Connector name.</param>
/// <param name="Config">Its configuration.</param>
/// <param name="Type">source or sink.</param>
public sealed record ConnectorInfo(string Name, IReadOnlyDictionary<string, string> Config, string? Type);

/// <summary>The state of a connector task.</summary>
/// <param name="Id">Task id.</param>
/// <param name="State">RUNNING, PAUSED, FAILED, ...</param>
/// <param name="WorkerId">Worker.</param>
/// <param name="Trace">Stack trace of a failed task.</param>
public sealed record ConnectorTaskStatus(int Id, string State, string? WorkerId, string? Trace);

/// <summary>A connector's status.</summary>
/// <param name="Name">Connector name.</param>
/// <param name="State">RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED.</param>
/// <param name="Trace">Stack trace when failed.</param>
/// <param name="Tasks">Task states.</param>
public sealed record ConnectorStatus(string Name, string State, string? Trace, IReadOnlyList<ConnectorTaskStatus> Tasks);

/// <summary>One problem found by the plugin's config validation.</summary>
/// <param name="Key">Config key.</param>
/// <param name="Message">The error.</param>
public sealed record ConnectorValidationError(string Key, string Message);

/// <summary>Kafka Connect's REST API.</summary>
public interface IKafkaConnect : IDisposable
{
    /// <summary>The Connect URL, for messages.</summary>
    string Endpoint { get; }

    /// <summary>The connector, or null when it does not exist.</summary>
    Task<ConnectorInfo?> GetConnectorAsync(string name, CancellationToken cancellationToken);

    /// <summary>The connector's status, or null when it does not exist.</summary>
    Task<ConnectorStatus?> GetStatusAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a connector, optionally in a given initial state (RUNNING, PAUSED, STOPPED).</summary>
    Task CreateAsync(string name, IReadOnlyDictionary<string, string> config, string? initialState, CancellationToken cancellationToken);

    /// <summary>Creates or updates the config; true when it was created.</summary>
    Task<bool> PutConfigAsync(string name, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);

    /// <summary>Pauses a connector.</summary>
    Task PauseAsync(string name, CancellationToken cancellationToken);

    /// <summary>Resumes a connector.</summary>
    Task ResumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stops a connector (KIP-875).</summary>
    Task StopAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes a connector; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Resets a stopped connector's offsets (sink: its consumer group; source: its stored offsets).</summary>
    Task DeleteOffsetsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Validates a config with the connector plugin; returns the problems (empty when valid).</summary>
    Task<IReadOnlyList<ConnectorValidationError>> ValidateAsync(string connectorClass, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);
}
