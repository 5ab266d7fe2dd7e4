using System.Collections.Concurrent;
using Confluent.Kafka;
using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.TestWorld.Tests.Kafka;

/// <summary>One broker double per test class; tests reset it before they run.</summary>
public sealed class KafkaBrokerFixture : IAsyncLifetime
{
    public KafkaBrokerDouble Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await KafkaBrokerDouble.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>
/// Base for tests driving the real Confluent.Kafka AdminClient against the double: resets the broker, builds a
/// client with short timeouts and a log handler that keeps librdkafka's log off stderr (kept for diagnostics).
/// </summary>
public abstract class KafkaDoubleTest : IClassFixture<KafkaBrokerFixture>, IDisposable
{
    /// <summary>Generous for a local call, short enough to keep a failing test quick.</summary>
    protected static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private IAdminClient? _admin;

    protected KafkaDoubleTest(KafkaBrokerFixture fixture)
    {
        Broker = fixture.Broker;
        Broker.Reset();
    }

    protected KafkaBrokerDouble Broker { get; }

    protected KafkaClusterState State => Broker.State;

    /// <summary>librdkafka's log lines, for diagnosing a failure.</summary>
    protected ConcurrentQueue<string> ClientLog { get; } = new();

    /// <summary>The admin client, created on first use.</summary>
    protected IAdminClient Admin => _admin ??= CreateAdmin();

    protected IAdminClient CreateAdmin(Action<AdminClientConfig>? configure = null)
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = Broker.Endpoint,
            SocketTimeoutMs = 5000,
            ReconnectBackoffMs = 10,
            ReconnectBackoffMaxMs = 100,
        };
        configure?.Invoke(config);
        return new AdminClientBuilder(config)
            .SetLogHandler((_, m) => ClientLog.Enqueue($"{m.Level} {m.Facility} {m.Message}"))
            .Build();
    }

    public void Dispose()
    {
        _admin?.Dispose();
        GC.SuppressFinalize(this);
        // A handler that threw is a bug in the double, even when the client coped with the closed connection.
        Assert.Empty(Broker.InternalErrors);
    }
}
