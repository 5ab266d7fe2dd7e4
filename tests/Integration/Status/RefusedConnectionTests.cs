using System.Collections.Concurrent;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Connect;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Status;

/// <summary>
/// A service that resets every connection is Unknown in a status check only when its client always reports a
/// <see cref="ServiceException"/>: a bare exception ends the whole check. SocketsHttpHandler sometimes lets a
/// SocketException ("Transport endpoint is not connected") through when the reset comes right after the connection
/// was accepted, a few times in a few thousand calls, so many calls run side by side here.
/// </summary>
public sealed class RefusedConnectionTests(TestWorldFixture fixture) : TestWorldTest(fixture), IClassFixture<TestWorldFixture>
{
    private const int Calls = 3000;

    [DoubleOnlyFact]
    public async Task Kafka_Connect_that_resets_connections_is_always_unreachable()
    {
        World.RequireDoubles().Connect.Faults.RefuseConnections = true;
        var outcomes = await CallManyAsync(async () =>
        {
            using var connect = new KafkaConnectClient(new KafkaConnectClientOptions { Url = World.ConnectUrl });
            await connect.GetStatusAsync("gitops-sink", CancellationToken.None);
        });
        Assert.Equal([$"ConnectionError: cannot reach Kafka Connect"], outcomes.Keys);
    }

    [DoubleOnlyFact]
    public async Task Schema_Registry_that_resets_connections_is_always_unreachable()
    {
        World.RequireDoubles().SchemaRegistry.Faults.RefuseConnections = true;
        var outcomes = await CallManyAsync(async () =>
        {
            using var registry = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = World.SchemaRegistryUrl, MaxAttempts = 1 });
            await registry.GetLatestVersionAsync("gitops-value", CancellationToken.None);
        });
        Assert.Equal([$"ConnectionError: cannot reach Schema Registry"], outcomes.Keys);
    }

    /// <summary>How the calls ended: "kind: cannot reach …" for service errors, the exception type otherwise.</summary>
    private static async Task<IDictionary<string, int>> CallManyAsync(Func<Task> call)
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            string outcome;
            try
            {
                await call();
                outcome = "answered";
            }
            catch (ServiceException e)
            {
                var reach = e.Message.IndexOf("cannot reach ", StringComparison.Ordinal);
                outcome = $"{e.Kind}: " + (reach < 0 ? e.Message : e.Message[reach..e.Message.IndexOf(':', reach)]);
            }
            catch (Exception e)
            {
                outcome = e.GetType().FullName + ": " + e.Message;
            }
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        });
        return outcomes;
    }
}
