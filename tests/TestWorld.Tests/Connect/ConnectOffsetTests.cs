using System.Net;
using System.Text.Json.Nodes;
using KPops.TestWorld.Connect;
using Xunit;
using static KPops.TestWorld.Tests.Connect.ConnectFixture;

namespace KPops.TestWorld.Tests.Connect;

/// <summary>Connector offsets (only while STOPPED), the sink offsets hook, and active topics.</summary>
public sealed class ConnectOffsetTests : IClassFixture<ConnectFixture>, IDisposable
{
    private const string SourcePartition = """{"filename":"/data/in.txt"}""";

    private readonly ConnectFixture _c;
    private readonly ConnectDouble _connect;
    private readonly IConnectOffsetsBackend _defaultBackend;

    public ConnectOffsetTests(ConnectFixture fixture)
    {
        _c = fixture;
        _connect = fixture.Connect;
        _connect.Reset();
        _defaultBackend = _connect.SinkOffsets;
        _connect.PutConnector("sink", SinkConfig());
        _connect.PutConnector("source", SourceConfig());
    }

    public void Dispose() => _connect.SinkOffsets = _defaultBackend;

    [Fact]
    public async Task Get_offsets_of_a_source_returns_stored_partitions_and_offsets()
    {
        _connect.SetOffsets("source", [SourceOffset(42)]);

        Assert.Equal("""{"offsets":[{"partition":{"filename":"/data/in.txt"},"offset":{"position":42}}]}""",
            await _c.Http.GetStringAsync("connectors/source/offsets"));
    }

    [Fact]
    public async Task Get_offsets_of_a_sink_returns_its_consumer_group_offsets()
    {
        _connect.SetOffsets("sink", [ConnectOffset.Sink("orders", 0, 7)]);

        Assert.Equal("""{"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":0},"offset":{"kafka_offset":7}}]}""",
            await _c.Http.GetStringAsync("connectors/sink/offsets"));
    }

    [Fact]
    public async Task Get_offsets_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.Http.GetAsync("connectors/nope/offsets"), 404);
    }

    [Fact]
    public async Task Deleting_offsets_of_a_running_connector_fails_with_400()
    {
        var response = await _c.SendAsync(HttpMethod.Delete, "connectors/source/offsets");

        await AssertErrorAsync(response, 400, "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/source/stop' endpoint");
    }

    [Fact]
    public async Task Deleting_offsets_of_a_paused_connector_fails_with_400()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/source/pause");

        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Delete, "connectors/source/offsets"), 400);
    }

    [Fact]
    public async Task Deleting_offsets_of_a_stopped_source_clears_them()
    {
        _connect.SetOffsets("source", [SourceOffset(42)]);
        await _c.SendAsync(HttpMethod.Put, "connectors/source/stop");

        var response = await _c.SendAsync(HttpMethod.Delete, "connectors/source/offsets");

        Assert.Equal("""{"message":"The offsets for this connector have been reset successfully"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(_connect.GetConnector("source")!.Offsets);
    }

    [Fact]
    public async Task Deleting_offsets_of_a_stopped_sink_resets_its_consumer_group_through_the_hook()
    {
        var backend = new RecordingBackend();
        _connect.SinkOffsets = backend;
        await _c.SendAsync(HttpMethod.Put, "connectors/sink/stop");

        var response = await _c.SendAsync(HttpMethod.Delete, "connectors/sink/offsets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["reset connect-sink"], backend.Calls);
    }

    [Fact]
    public async Task Patching_offsets_of_a_stopped_sink_alters_its_consumer_group_through_the_hook()
    {
        var backend = new RecordingBackend();
        _connect.SinkOffsets = backend;
        await _c.SendAsync(HttpMethod.Put, "connectors/sink/stop");

        var response = await _c.SendAsync(HttpMethod.Patch, "connectors/sink/offsets",
            """{"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":1},"offset":{"kafka_offset":5}}]}""");

        Assert.Equal("""{"message":"The offsets for this connector have been altered successfully"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(["alter connect-sink orders/1=5"], backend.Calls);
    }

    [Fact]
    public async Task Patching_offsets_of_a_running_connector_fails_with_400()
    {
        var response = await _c.SendAsync(HttpMethod.Patch, "connectors/source/offsets", """{"offsets":[{"partition":{"filename":"f"},"offset":{"position":1}}]}""");

        await AssertErrorAsync(response, 400, "STOPPED state");
    }

    [Fact]
    public async Task Patching_source_offsets_upserts_and_null_removes()
    {
        _connect.SetOffsets("source", [SourceOffset(42), new ConnectOffset(new JsonObject { ["filename"] = "/data/other.txt" }, new JsonObject { ["position"] = 1 })]);
        await _c.SendAsync(HttpMethod.Put, "connectors/source/stop");

        await _c.SendAsync(HttpMethod.Patch, "connectors/source/offsets",
            $$$"""{"offsets":[{"partition":{{{SourcePartition}}},"offset":{"position":50}},{"partition":{"filename":"/data/other.txt"},"offset":null}]}""");

        var offset = Assert.Single(_connect.GetConnector("source")!.Offsets);
        Assert.Equal("""{"position":50}""", offset.Offset!.ToJsonString());
    }

    [Fact]
    public async Task Sink_offsets_without_kafka_topic_are_rejected_with_400()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/sink/stop");

        var response = await _c.SendAsync(HttpMethod.Patch, "connectors/sink/offsets", """{"offsets":[{"partition":{"topic":"orders"},"offset":{"kafka_offset":5}}]}""");

        await AssertErrorAsync(response, 400, "'kafka_topic' and 'kafka_partition'");
    }

    [Fact]
    public async Task Sink_offsets_are_kept_in_the_double_by_default()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/sink/stop");

        await _c.SendAsync(HttpMethod.Patch, "connectors/sink/offsets", """{"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":0},"offset":{"kafka_offset":3}}]}""");

        Assert.Equal("""{"kafka_offset":3}""", Assert.Single(_connect.GetConnector("sink")!.Offsets).Offset!.ToJsonString());
    }

    [Fact]
    public async Task Offsets_survive_deleting_and_recreating_the_connector()
    {
        _connect.SetOffsets("source", [SourceOffset(42)]);
        await _c.SendAsync(HttpMethod.Delete, "connectors/source");

        _connect.PutConnector("source", SourceConfig());

        Assert.Single(_connect.GetConnector("source")!.Offsets);
    }

    [Fact]
    public async Task Topics_of_a_sink_are_its_configured_topics()
    {
        _connect.PutConnector("sink", SinkConfig(topics: "orders, returns"));

        Assert.Equal("""{"sink":{"topics":["orders","returns"]}}""", await _c.Http.GetStringAsync("connectors/sink/topics"));
    }

    [Fact]
    public async Task Resetting_topics_answers_202_and_empties_them()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connectors/sink/topics/reset");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(_connect.GetConnector("sink")!.ActiveTopics);
    }

    [Fact]
    public async Task Topics_of_a_source_are_set_by_the_test()
    {
        _connect.SetActiveTopics("source", ["lines"]);

        Assert.Equal("""{"source":{"topics":["lines"]}}""", await _c.Http.GetStringAsync("connectors/source/topics"));
    }

    private static ConnectOffset SourceOffset(int position) =>
        new(JsonNode.Parse(SourcePartition)!.AsObject(), new JsonObject { ["position"] = position });

    /// <summary>Records the calls the Connect double makes into the sink offsets backend.</summary>
    private sealed class RecordingBackend : IConnectOffsetsBackend
    {
        public List<string> Calls { get; } = [];

        public IReadOnlyList<ConnectOffset> GetSinkOffsets(string groupId) => [];

        public void AlterSinkOffsets(string groupId, IReadOnlyList<ConnectOffset> offsets) =>
            Calls.AddRange(offsets.Select(o => $"alter {groupId} {o.Partition["kafka_topic"]}/{o.Partition["kafka_partition"]}={o.Offset?["kafka_offset"]}"));

        public void ResetSinkOffsets(string groupId) => Calls.Add($"reset {groupId}");
    }
}
