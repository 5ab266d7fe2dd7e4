using KPops.Engine.Clients.Connect;
using KPops.Tests.Integration.Support;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>A client per test, unique connector names, and (for a real worker) deletion of what a test created.</summary>
public abstract class ConnectTestBase : IAsyncLifetime
{
    private readonly List<string> _names = [];

    protected ConnectTestBase(ConnectWorld world)
    {
        World = world;
        World.Reset();
        Log = new RecordingLog();
        Client = new KafkaConnectClient(world.Options(), Log);
    }

    protected ConnectWorld World { get; }

    protected RecordingLog Log { get; }

    protected KafkaConnectClient Client { get; }

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A connector name unique to this run, deleted after the test.</summary>
    protected string Name(string name)
    {
        var unique = Endpoints.Unique(name);
        _names.Add(unique);
        return unique;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (World.Worker is null)
        {
            using var cleanup = new KafkaConnectClient(World.Options());
            foreach (var name in _names) await cleanup.DeleteAsync(name, None);
        }
        Client.Dispose();
    }
}
