using System.Diagnostics;
using System.Text.RegularExpressions;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Connect;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>Bounded, jittered retries while the cluster rebalances (409), and no retries otherwise.</summary>
public sealed class ConnectRetryTests(ConnectWorld world) : ConnectTestBase(world), IClassFixture<ConnectWorld>
{
    private static FaultRule Rebalance(string method, string? pathPattern, int times = 1) =>
        new() { Method = method, PathPattern = pathPattern, Status = 409, Times = times };

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task A_one_shot_409_is_retried_and_the_request_then_succeeds()
    {
        var worker = World.RequireDouble();
        var name = Name("rebalance-once");
        worker.Faults.Add(Rebalance("PUT", "/config$"));

        var created = await Client.PutConfigAsync(name, ConnectWorld.SinkConfig(), None);

        Assert.True(created);
        Assert.Equal([409, 201], worker.Log.Records.Where(r => r.Method == "PUT").Select(r => r.Status));
        Assert.Contains(Log.Lines, l => Regex.IsMatch(l, @"^VERBOSE: Kafka Connect is rebalancing \(409 Conflict\); retrying in \d+ ms \(attempt 2 of 6\)$"));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task Reads_deletes_and_state_changes_are_retried_too()
    {
        var worker = World.RequireDouble();
        var name = Name("rebalance-all");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);
        worker.Faults.Add(Rebalance("GET", "/status$", times: 2));
        worker.Faults.Add(Rebalance("PUT", "/pause$"));
        worker.Faults.Add(Rebalance("DELETE", null));

        Assert.Equal("RUNNING", (await Client.GetStatusAsync(name, None))?.State);
        await Client.PauseAsync(name, None);
        Assert.True(await Client.DeleteAsync(name, None));

        Assert.Equal(3, worker.Log.Records.Count(r => r.Path.EndsWith("/status", StringComparison.Ordinal)));
        Assert.Equal(2, worker.Log.Records.Count(r => r.Path.EndsWith("/pause", StringComparison.Ordinal)));
        Assert.Equal(2, worker.Log.Records.Count(r => r.Method == "DELETE"));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task A_permanent_409_gives_up_after_the_bounded_attempts_within_a_bounded_time()
    {
        var worker = World.RequireDouble();
        var name = Name("rebalance-forever");
        worker.Faults.Add(Rebalance("POST", "^/connectors$", times: int.MaxValue));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(6, worker.Log.Records.Count(r => r.Method == "POST"));
        Assert.Equal((Service.KafkaConnect, 409), (e.Service, e.StatusCode));
        Assert.Contains("kept rebalancing", e.Message);
        Assert.Contains("6 attempts", e.Message);
        Assert.Contains("stale configuration", e.Message);
        Assert.Contains("rebalance", e.Hint);
        Assert.Null(worker.GetConnector(name));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task The_waits_between_attempts_stay_under_the_cap()
    {
        var worker = World.RequireDouble();
        worker.Faults.Add(Rebalance("GET", null, times: int.MaxValue));
        using var client = new KafkaConnectClient(World.Options() with
        {
            MaxAttempts = 6,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        });
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectorAsync(Name("capped"), None));

        // Uncapped, the five waits would grow to 100 + 200 + 400 + 800 + 1600 ms; capped they are at most 500 ms together.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal(6, worker.Log.Records.Count);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task One_attempt_means_no_retry()
    {
        var worker = World.RequireDouble();
        worker.Faults.Add(Rebalance("GET", null));
        using var client = new KafkaConnectClient(World.Options() with { MaxAttempts = 1 });

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectorAsync(Name("once"), None));

        Assert.Contains("1 attempts", e.Message);
        Assert.Single(worker.Log.Records);
    }

    [DoubleOnlyTheory]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    public async Task Other_errors_are_not_retried(int status)
    {
        var worker = World.RequireDouble();
        worker.Faults.Add(new FaultRule { Method = "PUT", Status = status, Times = int.MaxValue });

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.PutConfigAsync(Name("no-retry"), ConnectWorld.SinkConfig(), None));

        Assert.Equal(status, e.StatusCode);
        Assert.Single(worker.Log.Records);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task Cancelling_during_the_retries_stops_them()
    {
        var worker = World.RequireDouble();
        worker.Faults.Add(Rebalance("GET", null, times: int.MaxValue));
        using var client = new KafkaConnectClient(World.Options() with { MaxAttempts = 100, RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetConnectorAsync(Name("cancelled"), cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
    }
}
