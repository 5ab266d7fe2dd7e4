using System.Net;
using System.Net.Sockets;

namespace KPops.Tests.Integration.Support;

/// <summary>Where the tests find real services, and URLs that lead nowhere.</summary>
public static class Endpoints
{
    /// <summary>A real Schema Registry to run the tests against instead of the double.</summary>
    public const string SchemaRegistryVariable = "KPOPS_TEST_SR_URL";

    /// <summary>A real Kafka Connect to run the tests against instead of the double.</summary>
    public const string ConnectVariable = "KPOPS_TEST_CONNECT_URL";

    /// <summary>The URL in an environment variable, or null when it is unset or empty.</summary>
    public static string? FromEnvironment(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } url ? url : null;

    /// <summary>A loopback URL whose port was free a moment ago: connecting to it is refused.</summary>
    public static string Refusing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    /// <summary>A name unique to this call of this test run, so tests against a shared real service never collide.</summary>
    public static string Unique(string name) => $"kpops-it-{RunId}-{Interlocked.Increment(ref _counter)}-{name}";

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
    private static int _counter;
}
