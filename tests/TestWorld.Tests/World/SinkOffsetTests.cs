using System.Net;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.TestWorld.Tests.World;

/// <summary>Sink connector offsets live in the Kafka double as the committed offsets of group connect-&lt;name&gt;.</summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class SinkOffsetTests : TestWorldTest, IDisposable
{
    private readonly HttpClient _http;

    public SinkOffsetTests(TestWorldFixture fixture) : base(fixture)
    {
        _http = new HttpClient { BaseAddress = new Uri(World.ConnectUrl) };
    }

    private KafkaClusterState Kafka => World.RequireDoubles().Kafka.State;

    public void Dispose() => _http.Dispose();

    [DoubleOnlyFact]
    public async Task Connect_reports_the_offsets_the_group_committed_in_kafka()
    {
        Kafka.CreateTopic("orders", 2);
        Kafka.CommitOffset("connect-sink", "orders", 1, 42);
        await CreateSinkAsync();

        var offsets = await _http.GetStringAsync("connectors/sink/offsets");

        Assert.Equal("""{"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":1},"offset":{"kafka_offset":42}}]}""", offsets);
    }

    [DoubleOnlyFact]
    public async Task Resetting_a_sinks_offsets_through_connect_deletes_its_group_in_kafka()
    {
        Kafka.CreateTopic("orders", 2);
        Kafka.CommitOffset("connect-sink", "orders", 0, 7);
        Kafka.CommitOffset("connect-sink", "orders", 1, 9);
        Kafka.CommitOffset("connect-other", "orders", 0, 3);
        await CreateSinkAsync();
        (await _http.PutAsync("connectors/sink/stop", null)).EnsureSuccessStatusCode();

        var response = await _http.DeleteAsync("connectors/sink/offsets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Kafka.GetGroup("connect-sink"));
        Assert.Equal(3, Kafka.GetGroup("connect-other")!.OffsetOf("orders", 0));
        // What a real admin client sees.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = World.BootstrapServers }).Build();
        Assert.DoesNotContain(admin.ListGroups(TimeSpan.FromSeconds(10)), g => g.Group == "connect-sink");
    }

    [DoubleOnlyFact]
    public async Task Altering_a_sinks_offsets_through_connect_commits_them_in_kafka()
    {
        Kafka.CreateTopic("orders", 2);
        Kafka.CommitOffset("connect-sink", "orders", 0, 7);
        await CreateSinkAsync();
        (await _http.PutAsync("connectors/sink/stop", null)).EnsureSuccessStatusCode();

        var response = await _http.PatchAsync("connectors/sink/offsets", Json("""
            {"offsets":[
              {"partition":{"kafka_topic":"orders","kafka_partition":1},"offset":{"kafka_offset":5}},
              {"partition":{"kafka_topic":"orders","kafka_partition":0},"offset":null}]}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var group = Kafka.GetGroup("connect-sink")!;
        Assert.Equal([("orders", 1, 5L)], group.Offsets.Select(o => (o.Topic, o.Partition, o.Offset)));
    }

    [DoubleOnlyFact]
    public async Task Altering_offsets_of_a_partition_kafka_does_not_have_fails_and_changes_nothing()
    {
        Kafka.CreateTopic("orders", 1);
        await CreateSinkAsync();
        (await _http.PutAsync("connectors/sink/stop", null)).EnsureSuccessStatusCode();

        var response = await _http.PatchAsync("connectors/sink/offsets", Json("""
            {"offsets":[{"partition":{"kafka_topic":"orders","kafka_partition":3},"offset":{"kafka_offset":5}}]}
            """));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("orders-3", (await response.Content.ReadFromJsonAsync<KPops.TestWorld.Common.HttpErrorBody>())!.Message);
        Assert.Null(Kafka.GetGroup("connect-sink"));
    }

    [DoubleOnlyFact]
    public async Task Resetting_while_the_group_still_has_members_is_refused()
    {
        Kafka.CreateTopic("orders", 1);
        Kafka.AddGroupMember("connect-sink", "member-1", ["orders"]);
        await CreateSinkAsync();
        (await _http.PutAsync("connectors/sink/stop", null)).EnsureSuccessStatusCode();

        var response = await _http.DeleteAsync("connectors/sink/offsets");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.NotNull(Kafka.GetGroup("connect-sink"));
    }

    private async Task CreateSinkAsync()
    {
        var response = await _http.PutAsync("connectors/sink/config", Json("""{"connector.class":"io.example.FileSink","topics":"orders"}"""));
        response.EnsureSuccessStatusCode();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
