using System.Collections.Concurrent;

namespace KPops.TestWorld.Common;

/// <summary>One request a double received, as tests assert on it.</summary>
/// <param name="Service">The double that received it: Kafka, SchemaRegistry, Connect, Kubernetes, ChartRepo.</param>
/// <param name="Method">HTTP method, or the Kafka API name (CreateTopics, Metadata, ...).</param>
/// <param name="Path">HTTP path (without query), or for Kafka the main resource (topic or group names, comma-joined).</param>
/// <param name="Query">HTTP query string without '?', or null.</param>
/// <param name="ContentType">Request content type (HTTP), or null.</param>
/// <param name="Status">HTTP status, or for Kafka the first non-zero error code in the response (0 when none).</param>
/// <param name="ApiKey">Kafka API key, or null for HTTP.</param>
/// <param name="ApiVersion">Kafka API version, or null for HTTP.</param>
/// <param name="Sequence">Global order of arrival across all doubles of one world.</param>
/// <param name="At">Arrival time.</param>
public sealed record RequestRecord(
    string Service,
    string Method,
    string Path,
    string? Query,
    string? ContentType,
    int Status,
    int? ApiKey,
    int? ApiVersion,
    long Sequence,
    DateTimeOffset At)
{
    /// <summary>True for requests that can change state (HTTP POST/PUT/PATCH/DELETE, Kafka mutating APIs).</summary>
    public bool IsMutating => Method is "POST" or "PUT" or "PATCH" or "DELETE"
        or "CreateTopics" or "DeleteTopics" or "AlterConfigs" or "IncrementalAlterConfigs" or "CreatePartitions"
        or "DeleteGroups" or "OffsetCommit" or "OffsetDelete" or "DeleteRecords";

    /// <inheritdoc />
    public override string ToString() =>
        ApiKey is null
            ? $"{Service} {Method} {Path}{(Query is null ? "" : "?" + Query)} -> {Status}"
            : $"{Service} {Method} v{ApiVersion} {Path} -> {Status}";
}

/// <summary>
/// Thread-safe, append-only log of requests. Sequence numbers come from a counter that can be shared by all
/// doubles of one world, so the order of operations across services can be asserted.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();
    private readonly SequenceCounter _counter;

    /// <summary>Creates a log; pass a shared counter to order requests across doubles.</summary>
    public RequestLog(SequenceCounter? counter = null) => _counter = counter ?? new SequenceCounter();

    /// <summary>Next sequence number (used when a record is created).</summary>
    public long NextSequence() => _counter.Next();

    /// <summary>Appends a record.</summary>
    public void Add(RequestRecord record) => _records.Enqueue(record);

    /// <summary>All records so far, in arrival order.</summary>
    public IReadOnlyList<RequestRecord> Records => _records.OrderBy(r => r.Sequence).ToList();

    /// <summary>Removes every record.</summary>
    public void Clear() => _records.Clear();
}

/// <summary>A shared, monotonically increasing counter.</summary>
public sealed class SequenceCounter
{
    private long _value;

    /// <summary>Returns the next value.</summary>
    public long Next() => Interlocked.Increment(ref _value);
}
