using System.Buffers.Binary;
using System.Collections.Concurrent;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka.Handlers;
using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka;

/// <summary>
/// Turns one request frame into one response frame (or a decision to close the connection): decodes the request
/// header v1, picks the handler, logs the request, applies latency and fault rules, and frames the response with
/// response header v0 (correlation id only).
/// </summary>
internal sealed class RequestDispatcher
{
    /// <summary>Status logged for a request that was dropped without an answer.</summary>
    internal const int DroppedStatus = -1;

    private readonly Dictionary<short, ApiHandler> _handlers;
    private readonly KafkaClusterState _state;
    private readonly BrokerNode _node;
    private readonly RequestLog _log;
    private readonly FaultInjector _faults;
    private readonly ConcurrentQueue<Exception> _errors;

    public RequestDispatcher(KafkaClusterState state, BrokerNode node, RequestLog log, FaultInjector faults, ConcurrentQueue<Exception> errors)
    {
        Handlers = HandlerRegistry.Create();
        _handlers = Handlers.ToDictionary(h => (short)h.Key);
        _state = state;
        _node = node;
        _log = log;
        _faults = faults;
        _errors = errors;
    }

    public IReadOnlyList<ApiHandler> Handlers { get; }

    /// <summary>Handles one request; returns the framed response, or null to close the connection.</summary>
    public async Task<byte[]?> HandleAsync(byte[] frame, CancellationToken cancellationToken)
    {
        // Refusing also drops connections that were open before the switch, like a broker going away.
        if (_faults.RefuseConnections) return null;
        var sequence = _log.NextSequence();
        var at = DateTimeOffset.UtcNow;

        var reader = new KafkaReader(frame);
        var key = reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        reader.ReadNullableString(); // client_id
        var name = ApiKeyNames.NameOf(key);
        void Record(string path, int status) =>
            _log.Add(new RequestRecord("Kafka", name, path, null, null, status, key, version, sequence, at));

        var latency = _faults.Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency, cancellationToken).ConfigureAwait(false);

        var handler = _handlers.GetValueOrDefault(key);
        if (handler is ApiVersionsHandler apiVersions && version > apiVersions.MaxVersion)
        {
            // The body of a flexible ApiVersions request is not needed to answer it, so it is not decoded.
            Record("", KafkaErrorCode.UnsupportedVersion);
            var body = new KafkaWriter();
            apiVersions.WriteUnsupportedVersion(body);
            return Frame(correlationId, body);
        }
        if (handler is null || !handler.Supports(version))
        {
            // A real broker closes the connection on an API or version it does not know.
            Record("", KafkaErrorCode.UnsupportedVersion);
            return null;
        }

        ParsedRequest request;
        try
        {
            request = handler.Parse(reader, version);
            if (reader.Remaining != 0) throw new KafkaProtocolException($"{reader.Remaining} bytes left after the request body.");
        }
        catch (KafkaProtocolException)
        {
            Record("", KafkaErrorCode.InvalidRequest);
            return null;
        }

        var resourcePath = string.Join(",", request.Resources);
        var rule = _faults.Match(name, resourcePath);
        switch (rule?.Action)
        {
            case FaultAction.Drop:
                Record(resourcePath, DroppedStatus);
                return null;
            case FaultAction.Delay:
                await Task.Delay(rule.Delay, cancellationToken).ConfigureAwait(false);
                break;
        }

        var context = new RequestContext(version, _state, _node, rule?.Action == FaultAction.Fail ? rule : null, request.Resources);
        var responseBody = new KafkaWriter();
        try
        {
            request.Respond(context, responseBody);
        }
        catch (Exception e)
        {
            // A bug in the double, not a client mistake: keep it visible to the test and close the connection.
            _errors.Enqueue(new InvalidOperationException($"{name} v{version} ({resourcePath}) failed in the Kafka broker double: {e.Message}", e));
            Record(resourcePath, DroppedStatus);
            return null;
        }
        // Logged before the response is sent, so a test that awaited the client call always sees the record.
        Record(resourcePath, context.FirstError);
        return Frame(correlationId, responseBody);
    }

    /// <summary>Keeps an unexpected exception (a bug in the double) for <see cref="KafkaBrokerDouble.InternalErrors"/>.</summary>
    public void ReportInternalError(Exception error) => _errors.Enqueue(error);

    /// <summary>int32 size, response header v0 (correlation id), body.</summary>
    private static byte[] Frame(int correlationId, KafkaWriter body)
    {
        var payload = body.WrittenMemory.Span;
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 4 + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), correlationId);
        payload.CopyTo(frame.AsSpan(8));
        return frame;
    }
}
