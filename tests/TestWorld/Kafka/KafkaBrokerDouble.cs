using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka.Handlers;

namespace KPops.TestWorld.Kafka;

/// <summary>
/// A single-node Kafka broker that speaks the real wire protocol for the admin APIs Confluent.Kafka's
/// AdminClient uses (librdkafka 2.x). Node 1 is the controller and the group coordinator, and the broker
/// advertises its real <c>127.0.0.1:port</c>.
/// </summary>
/// <remarks>
/// <para>Start with <see cref="StartAsync"/>, stop with <see cref="DisposeAsync"/>. Use <see cref="Endpoint"/> as
/// <c>bootstrap.servers</c>.</para>
/// <para>Only non-flexible (pre-KIP-482) versions are advertised (<see cref="AdvertisedVersions"/>), so every request
/// uses request header v1 and every response header v0. librdkafka's first ApiVersions v3 request is answered with
/// UNSUPPORTED_VERSION in the v0 layout, after which it retries with v0.</para>
/// <para>Every request is logged in <see cref="Log"/>: Method is the API name, Path the main resources
/// comma-joined (topics, config resources, group ids; <c>*</c> for a Metadata request for all topics, empty for
/// APIs without resources), Status the first non-zero error code in the response, 35 for an unsupported API or
/// version (the connection is then closed), 42 for an undecodable request and -1 for a request dropped by a fault
/// rule or failed by a bug in the double (see <see cref="InternalErrors"/>).</para>
/// <para>Fault rules in <see cref="Faults"/> match the API name and the resource path. <see cref="FaultAction.Fail"/>
/// puts <see cref="FaultRule.Status"/> as the Kafka error code on the response entries whose resource the pattern
/// matches on its own (all entries when it matches none alone, or has no pattern), and leaves those entries
/// unapplied; to pick one entry of a request naming several, write the pattern so it also matches the joined path,
/// e.g. <c>(^|,)orders(,|$)</c>. ApiVersions, ListGroups and OffsetFetch/OffsetDelete/OffsetCommit (whose resource
/// is the group) get the code on their request-level error or on every partition. <see cref="FaultAction.Drop"/>
/// closes the connection without answering, <see cref="FaultAction.Delay"/> answers late.
/// <see cref="FaultInjector.RefuseConnections"/> closes new connections at once and open ones at their next request;
/// <see cref="FaultInjector.Latency"/> delays every request.</para>
/// </remarks>
public sealed class KafkaBrokerDouble : IDouble
{
    /// <summary>The node id of this broker (also controller and coordinator).</summary>
    public const int NodeId = 1;

    /// <summary>The advertised host (loopback only).</summary>
    public const string Host = "127.0.0.1";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<KafkaConnection, byte> _connections = new();
    private readonly RequestDispatcher _dispatcher;
    private readonly ConcurrentQueue<Exception> _internalErrors = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private KafkaBrokerDouble(TcpListener listener, SequenceCounter? counter)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Log = new RequestLog(counter);
        State = new KafkaClusterState("kpops-testworld-kafka-" + Port.ToString(CultureInfo.InvariantCulture));
        _dispatcher = new RequestDispatcher(State, new BrokerNode(NodeId, Host, Port), Log, Faults, _internalErrors);
        AdvertisedVersions = _dispatcher.Handlers.ToDictionary(h => h.Key, h => (h.MinVersion, h.MaxVersion));
    }

    /// <summary>
    /// Starts a broker listening on <c>127.0.0.1</c> on a free port. Pass the world's shared counter so the
    /// request log orders requests across doubles.
    /// </summary>
    public static Task<KafkaBrokerDouble> StartAsync(SequenceCounter? counter = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 128);
        var broker = new KafkaBrokerDouble(listener, counter);
        broker._acceptLoop = broker.AcceptLoopAsync();
        return Task.FromResult(broker);
    }

    /// <summary>The listening port.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public string Name => "Kafka";

    /// <inheritdoc />
    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public RequestLog Log { get; }

    /// <inheritdoc />
    public FaultInjector Faults { get; } = new();

    /// <summary>Topics, broker configs and consumer groups.</summary>
    public KafkaClusterState State { get; }

    /// <summary>What ApiVersions advertises: API key to (min, max) version. Exactly these versions are implemented.</summary>
    public IReadOnlyDictionary<ApiKey, (short Min, short Max)> AdvertisedVersions { get; }

    /// <summary>
    /// Exceptions thrown while handling a request: bugs in the double (the connection was closed and the request
    /// logged with status -1). Tests may assert this stays empty.
    /// </summary>
    public IReadOnlyCollection<Exception> InternalErrors => _internalErrors.ToArray();

    /// <inheritdoc />
    public void Reset()
    {
        State.Reset();
        Log.Clear();
        Faults.Reset();
        _internalErrors.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        var connections = _connections.Keys.ToList();
        foreach (var connection in connections) connection.Close();
        await Task.WhenAll(connections.Select(c => c.Completion)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Faults.RefuseConnections)
            {
                socket.Close(0);
                continue;
            }

            // librdkafka waits for each answer; Nagle's algorithm would hold small responses back.
            socket.NoDelay = true;
            var connection = new KafkaConnection(socket, _dispatcher);
            _connections.TryAdd(connection, 0);
            connection.Start(c => _connections.TryRemove(c, out _), _stop.Token);
        }
    }
}
