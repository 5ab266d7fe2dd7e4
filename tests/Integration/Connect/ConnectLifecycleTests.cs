using KPops.Engine.Clients;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>Pause, resume, stop, and resetting offsets (KIP-875).</summary>
public sealed class ConnectLifecycleTests(ConnectWorld world) : ConnectTestBase(world), IClassFixture<ConnectWorld>
{
    [Fact]
    public async Task Pause_resume_and_stop_change_the_reported_state()
    {
        var name = Name("lifecycle");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        await Client.PauseAsync(name, None);
        Assert.Equal("PAUSED", (await ConnectWorld.WaitForStateAsync(Client, name, "PAUSED")).State);

        await Client.ResumeAsync(name, None);
        Assert.Equal("RUNNING", (await ConnectWorld.WaitForStateAsync(Client, name, "RUNNING")).State);

        await Client.StopAsync(name, None);
        var stopped = await ConnectWorld.WaitForStateAsync(Client, name, "STOPPED");
        Assert.Equal("STOPPED", stopped.State);
        Assert.Empty(stopped.Tasks);

        await Client.ResumeAsync(name, None);
        Assert.Equal("RUNNING", (await ConnectWorld.WaitForStateAsync(Client, name, "RUNNING")).State);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task State_changes_accept_the_status_codes_connect_sends()
    {
        var worker = World.RequireDouble();
        var name = Name("codes");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        await Client.PauseAsync(name, None);
        await Client.ResumeAsync(name, None);
        await Client.StopAsync(name, None);

        Assert.Equal([("pause", 202), ("resume", 202), ("stop", 204)],
            worker.Log.Records.Where(r => r.Method == "PUT").Select(r => (r.Path[(r.Path.LastIndexOf('/') + 1)..], r.Status)));
    }

    [Fact]
    public async Task Pausing_an_unknown_connector_is_a_404_error()
    {
        var name = Name("ghost");

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.PauseAsync(name, None));

        Assert.Equal((Service.KafkaConnect, 404), (e.Service, e.StatusCode));
        Assert.Contains($"Pausing connector '{name}'", e.Message);
        Assert.Contains("/pause", e.Endpoint);
    }

    [Fact]
    public async Task Resetting_the_offsets_of_a_running_connector_says_to_stop_it_first()
    {
        var name = Name("running");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.DeleteOffsetsAsync(name, None));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("STOPPED", e.Message);
        Assert.Contains("Stop the connector first", e.Hint);
        Assert.Contains($"/connectors/{name}/offsets", e.Endpoint);
    }

    [Fact]
    public async Task Resetting_the_offsets_of_a_stopped_sink_clears_them()
    {
        var name = Name("stopped-sink");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), "STOPPED", None);
        World.Worker?.SetOffsets(name, [ConnectOffset.Sink("orders", 0, 42)]);

        await Client.DeleteOffsetsAsync(name, None);

        if (World.Worker is { } worker) Assert.Empty(worker.GetConnector(name)!.Offsets);
    }

    [Fact]
    public async Task Resetting_the_offsets_of_a_stopped_source_clears_them()
    {
        var name = Name("stopped-source");
        await Client.CreateAsync(name, ConnectWorld.SourceConfig(), null, None);
        await Client.StopAsync(name, None);
        await ConnectWorld.WaitForStateAsync(Client, name, "STOPPED");
        World.Worker?.SetOffsets(name, [new ConnectOffset(new() { ["filename"] = "/var/data/in.txt" }, new() { ["position"] = 10 })]);

        await Client.DeleteOffsetsAsync(name, None);

        if (World.Worker is { } worker) Assert.Empty(worker.GetConnector(name)!.Offsets);
    }

    [Fact]
    public async Task Resetting_the_offsets_of_an_unknown_connector_says_it_does_not_exist()
    {
        var name = Name("ghost");

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.DeleteOffsetsAsync(name, None));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("does not exist", e.Hint);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task A_worker_without_the_offsets_endpoint_is_told_apart_from_a_missing_connector()
    {
        var worker = World.RequireDouble();
        var name = Name("old-worker");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), "STOPPED", None);
        worker.Faults.Add(new FaultRule { Method = "DELETE", PathPattern = "/offsets$", Status = 404 });

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.DeleteOffsetsAsync(name, None));

        Assert.Contains("3.6", e.Hint);
    }
}
