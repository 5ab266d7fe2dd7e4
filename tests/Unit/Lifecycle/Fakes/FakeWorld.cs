using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Engine.Pipelines;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>One call a fake received, in the order of the whole world.</summary>
/// <param name="Sequence">1-based position among all calls.</param>
/// <param name="Service">The service called.</param>
/// <param name="Method">The interface method without "Async", e.g. UpgradeInstall.</param>
/// <param name="Target">What it was called on (release, topic, subject, connector, claim, ...).</param>
/// <param name="Mutating">True when the call changes state outside KPops.</param>
public sealed record FakeCall(int Sequence, Service Service, string Method, string Target, bool Mutating)
{
    /// <summary>"Service.Method", the key of faults and holds.</summary>
    public string Key => $"{Service}.{Method}";

    /// <inheritdoc />
    public override string ToString() => $"{Key} {Target}";
}

/// <summary>
/// A small in-memory world of the services a lifecycle run talks to: Helm releases, Kafka topics and groups, Schema
/// Registry subjects, Connect connectors and Kubernetes claims and Job logs. Every call is recorded in order; faults
/// make the Nth call of a method throw; holds let a test stop a call until it releases it (or the run is cancelled).
/// </summary>
public sealed class FakeWorld
{
    private readonly object _gate = new();
    private readonly List<FakeCall> _calls = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<(string Key, string? Target, int Nth, Exception Error)> _faults = [];
    private readonly Dictionary<string, Func<FakeCall, CancellationToken, Task>> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _maxInFlight = new(StringComparer.Ordinal);

    public FakeWorld()
    {
        Helm = new FakeHelm(this);
        Kafka = new FakeKafka(this);
        SchemaRegistry = new FakeSchemaRegistry(this);
        Connect = new FakeConnect(this);
        Kubernetes = new FakeKubernetes(this);
        Schemas = new FakeSchemaProvider();
    }

    public FakeHelm Helm { get; }

    public FakeKafka Kafka { get; }

    public FakeSchemaRegistry SchemaRegistry { get; }

    public FakeConnect Connect { get; }

    public FakeKubernetes Kubernetes { get; }

    public FakeSchemaProvider Schemas { get; }

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<FakeCall> Calls
    {
        get
        {
            lock (_gate) return _calls.ToList();
        }
    }

    /// <summary>The calls that changed something.</summary>
    public IReadOnlyList<FakeCall> Mutations => Calls.Where(c => c.Mutating).ToList();

    /// <summary>The calls as "Service.Method target" lines, optionally only those of one service.</summary>
    public List<string> CallLines(Service? service = null) => Calls.Where(c => service is null || c.Service == service).Select(c => c.ToString()).ToList();

    /// <summary>The calls that changed something, as lines.</summary>
    public List<string> MutationLines() => Mutations.Select(c => c.ToString()).ToList();

    /// <summary>Forgets the recorded calls and the call counts faults are numbered by (state, faults and holds stay).</summary>
    public void ClearCalls()
    {
        lock (_gate)
        {
            _calls.Clear();
            _counts.Clear();
        }
    }

    /// <summary>How many client sets were disposed.</summary>
    public int ClientsDisposed { get; set; }

    /// <summary>The client factory a <see cref="LifecycleRunner"/> takes; the Schema Registry is absent unless the pipeline's config enables it.</summary>
    public Func<Pipeline, IOperationLog, ILifecycleClients> Factory => (pipeline, _) => new Clients(this, pipeline.Config.SchemaRegistryEnabled);

    /// <summary>
    /// Makes the <paramref name="nth"/> call (1-based, counted from now on) of <paramref name="key"/> ("Kafka.CreateTopic")
    /// throw — with <paramref name="target"/>, the nth call on that target.
    /// </summary>
    public void Fail(string key, Exception error, int nth = 1, string? target = null)
    {
        lock (_gate) _faults.Add((key, target, _counts.GetValueOrDefault(CountKey(key, target)) + nth, error));
    }

    /// <summary>Makes the <paramref name="nth"/> call of <paramref name="key"/> throw a <see cref="ServiceException"/> of its service.</summary>
    public ServiceException Fail(string key, int nth = 1, string message = "injected failure", string? target = null)
    {
        var service = Enum.Parse<Service>(key[..key.IndexOf('.', StringComparison.Ordinal)]);
        var error = new ServiceException(service, EndpointOf(service), message);
        Fail(key, error, nth, target);
        return error;
    }

    private static string CountKey(string key, string? target) => target is null ? key : key + " " + target;

    /// <summary>Removes all faults.</summary>
    public void ClearFaults()
    {
        lock (_gate) _faults.Clear();
    }

    /// <summary>Runs <paramref name="hold"/> at the start of every call of <paramref name="key"/> (after it was recorded).</summary>
    public void Hold(string key, Func<FakeCall, CancellationToken, Task> hold)
    {
        lock (_gate) _holds[key] = hold;
    }

    /// <summary>The largest number of calls of <paramref name="key"/> that were in progress at the same time.</summary>
    public int MaxConcurrent(string key)
    {
        lock (_gate) return _maxInFlight.GetValueOrDefault(key);
    }

    /// <summary>Calls of <paramref name="key"/> in progress now.</summary>
    public int InFlight(string key)
    {
        lock (_gate) return _inFlight.GetValueOrDefault(key);
    }

    internal static string EndpointOf(Service service) => service switch
    {
        Service.Helm => "helm",
        Service.Kafka => FakeKafka.Bootstrap,
        Service.SchemaRegistry => FakeSchemaRegistry.Url,
        Service.KafkaConnect => FakeConnect.Url,
        _ => FakeKubernetes.Url,
    };

    /// <summary>Records a call, applies holds and faults, then runs <paramref name="body"/> under the world's lock.</summary>
    internal async Task<T> Invoke<T>(Service service, string method, string target, bool mutating, Func<T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = $"{service}.{method}";
        FakeCall call;
        Exception? fault;
        Func<FakeCall, CancellationToken, Task>? hold;
        lock (_gate)
        {
            var n = _counts[key] = _counts.GetValueOrDefault(key) + 1;
            var onTarget = _counts[CountKey(key, target)] = _counts.GetValueOrDefault(CountKey(key, target)) + 1;
            call = new FakeCall(_calls.Count + 1, service, method, target, mutating);
            _calls.Add(call);
            fault = _faults.FirstOrDefault(f => f.Key == key && (f.Target is null ? f.Nth == n : f.Target == target && f.Nth == onTarget)).Error;
            hold = _holds.GetValueOrDefault(key);
            var now = _inFlight[key] = _inFlight.GetValueOrDefault(key) + 1;
            _maxInFlight[key] = Math.Max(_maxInFlight.GetValueOrDefault(key), now);
        }
        try
        {
            if (hold is not null) await hold(call, cancellationToken).ConfigureAwait(false);
            else await Task.Yield();
            if (fault is not null) throw fault;
            lock (_gate) return body();
        }
        finally
        {
            lock (_gate) _inFlight[key]--;
        }
    }

    internal Task Invoke(Service service, string method, string target, bool mutating, Action body, CancellationToken cancellationToken) =>
        Invoke(service, method, target, mutating, () =>
        {
            body();
            return true;
        }, cancellationToken);

    private sealed class Clients(FakeWorld world, bool schemaRegistryEnabled) : ILifecycleClients
    {
        public IHelmClient Helm => world.Helm;

        public IKafkaAdmin Kafka => world.Kafka;

        public ISchemaRegistry? SchemaRegistry => schemaRegistryEnabled ? world.SchemaRegistry : null;

        public IKafkaConnect Connect => world.Connect;

        public IKubernetes Kubernetes => world.Kubernetes;

        public ISchemaProvider SchemaProvider => world.Schemas;

        public void Dispose() => world.ClientsDisposed++;
    }
}
