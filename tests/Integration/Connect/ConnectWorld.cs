using KPops.Engine.Clients;
using KPops.Engine.Clients.Connect;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.Connect;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>
/// The Connect cluster of one test class: the double, or the real worker named by KPOPS_TEST_CONNECT_URL (which
/// needs Kafka's FileStream connectors on its plugin path). Tests that need the double's state, log or faults are
/// marked <c>[DoubleOnlyFact]</c> (skipped against a real worker) and reach the double through <see cref="RequireDouble"/>.
/// </summary>
public sealed class ConnectWorld : IAsyncLifetime
{
    public const string Trait = "World";
    public const string DoubleOnly = "DoubleOnly";

    public const string FileSink = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    public const string FileSource = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    /// <summary>The double, or null against a real worker.</summary>
    public ConnectDouble? Worker { get; private set; }

    /// <summary>The double, for tests marked <c>[DoubleOnlyFact]</c> (which are skipped against a real worker).</summary>
    public ConnectDouble RequireDouble() => Worker ?? throw new InvalidOperationException("This test needs the Connect double; mark it [DoubleOnlyFact].");

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Endpoints.FromEnvironment(Endpoints.ConnectVariable) is { } url)
        {
            Endpoint = url;
            return;
        }
        Worker = await ConnectDouble.StartAsync();
        Endpoint = Worker.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null) await Worker.DisposeAsync();
    }

    /// <summary>Back to an empty worker (the double only; on a real worker tests use unique names and clean up).</summary>
    public void Reset() => Worker?.Reset();

    /// <summary>Options with a short timeout and quick retries, so the tests stay fast.</summary>
    public KafkaConnectClientOptions Options(string? url = null) => new()
    {
        Url = url ?? Endpoint,
        Timeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 6,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A valid sink config; with a <paramref name="name"/> (which validation needs, and the config of a connector may hold).</summary>
    public static Dictionary<string, string> SinkConfig(string topics = "orders", string? name = null) => Named(name, new()
    {
        ["connector.class"] = FileSink,
        ["tasks.max"] = "1",
        ["topics"] = topics,
        ["file"] = "/var/data/kpops-it-sink.txt",
    });

    /// <summary>A valid source config; with a <paramref name="name"/> when given.</summary>
    public static Dictionary<string, string> SourceConfig(string? name = null) => Named(name, new()
    {
        ["connector.class"] = FileSource,
        ["tasks.max"] = "1",
        ["topic"] = "lines",
        ["file"] = "/var/data/kpops-it-source.txt",
    });

    private static Dictionary<string, string> Named(string? name, Dictionary<string, string> config)
    {
        if (name is not null) config["name"] = name;
        return config;
    }

    /// <summary>Waits until the connector reports <paramref name="state"/> (a real worker gets there asynchronously).</summary>
    public static async Task<ConnectorStatus> WaitForStateAsync(IKafkaConnect client, string name, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var status = await client.GetStatusAsync(name, CancellationToken.None);
            if (status?.State == state || DateTime.UtcNow > deadline) return status ?? throw new InvalidOperationException($"Connector {name} is gone.");
            await Task.Delay(100);
        }
    }
}
