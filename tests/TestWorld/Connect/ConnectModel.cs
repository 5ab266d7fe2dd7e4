using System.Text.Json.Nodes;

namespace KPops.TestWorld.Connect;

/// <summary>Connector and task states as Connect reports them (upper case on the wire).</summary>
public enum ConnectorState
{
    /// <summary>Not yet assigned to a worker.</summary>
    Unassigned,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Paused (tasks exist but do not process).</summary>
    Paused,

    /// <summary>Failed; the status carries a trace.</summary>
    Failed,

    /// <summary>Being restarted (only seen in restart responses here).</summary>
    Restarting,

    /// <summary>Stopped: no tasks (connectors only).</summary>
    Stopped,
}

/// <summary>Connector type (lower case on the wire).</summary>
public enum ConnectorType
{
    /// <summary>Reads from an external system into Kafka.</summary>
    Source,

    /// <summary>Writes from Kafka into an external system.</summary>
    Sink,
}

/// <summary>
/// One stored offset: <c>{"partition":{…},"offset":{…}}</c>. Sink partitions are
/// <c>{"kafka_topic","kafka_partition"}</c> with offsets <c>{"kafka_offset"}</c>; source ones are whatever the
/// connector uses. A null <see cref="Offset"/> in an alter request removes the partition's offset.
/// </summary>
/// <param name="Partition">Partition key object.</param>
/// <param name="Offset">Offset object, or null.</param>
public sealed record ConnectOffset(JsonObject Partition, JsonObject? Offset)
{
    /// <summary>A sink connector's offset for a topic partition (the committed position of group <c>connect-&lt;name&gt;</c>).</summary>
    public static ConnectOffset Sink(string topic, int partition, long? offset) => new(
        new JsonObject { ["kafka_topic"] = topic, ["kafka_partition"] = partition },
        offset is null ? null : new JsonObject { ["kafka_offset"] = offset });

    /// <summary>A deep copy, so callers never share mutable JSON with the double's state.</summary>
    public ConnectOffset DeepCopy() => new(Partition.DeepClone().AsObject(), Offset?.DeepClone().AsObject());
}

/// <summary>A task of a connector as the double reports it.</summary>
/// <param name="Id">Task number (0-based).</param>
/// <param name="State">Task state.</param>
/// <param name="Trace">Stack trace text when failed.</param>
public sealed record TaskSnapshot(int Id, ConnectorState State, string? Trace);

/// <summary>Everything the double knows about a connector, copied at the time of the call.</summary>
/// <param name="Name">Connector name.</param>
/// <param name="Type">Source or sink, from the plugin.</param>
/// <param name="Config">Configuration, including <c>name</c> and <c>connector.class</c>.</param>
/// <param name="TargetState">What the connector was asked to be: Running, Paused or Stopped.</param>
/// <param name="State">Reported connector state.</param>
/// <param name="Trace">Connector trace when failed.</param>
/// <param name="Tasks">Tasks (none while stopped).</param>
/// <param name="Offsets">Stored offsets (for sinks: from the offsets backend).</param>
/// <param name="ActiveTopics">Topics reported by <c>GET /connectors/{name}/topics</c>.</param>
public sealed record ConnectorSnapshot(
    string Name,
    ConnectorType Type,
    IReadOnlyDictionary<string, string> Config,
    ConnectorState TargetState,
    ConnectorState State,
    string? Trace,
    IReadOnlyList<TaskSnapshot> Tasks,
    IReadOnlyList<ConnectOffset> Offsets,
    IReadOnlyList<string> ActiveTopics);
