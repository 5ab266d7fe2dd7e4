using System.Text.Json.Nodes;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// <c>kcat -L</c> against the broker double: the metadata and broker listing an operator reads, in kcat's text and
/// JSON (<c>-J</c>) forms. kcat is a separate program on the system's own librdkafka build, with its own metadata
/// requests.
/// </summary>
[Collection(SecondClientsDefinition.Name)]
public sealed class KcatTests(TestWorldFixture fixture, ITestOutputHelper output) : TestWorldTest(fixture)
{
    private KafkaClusterState State => World.Kafka!.State;

    private Task<ToolResult> KcatAsync(params string[] arguments) =>
        ToolProcess.RunAsync(SecondClientTools.Kcat!, ["-b", World.BootstrapServers, "-m", "10", .. arguments],
            new Dictionary<string, string?>(), output: output, timeout: TimeSpan.FromSeconds(30));

    private async Task<JsonNode> MetadataJsonAsync(params string[] arguments) =>
        JsonNode.Parse((await KcatAsync(["-L", "-J", .. arguments])).Output)!;

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_lists_the_single_broker_at_its_real_address_as_controller()
    {
        var lines = (await KcatAsync("-L")).Output.Split('\n');

        Assert.Equal($"Metadata for all topics (from broker {KafkaBrokerDouble.NodeId}: {World.BootstrapServers}/{KafkaBrokerDouble.NodeId}):", lines[0]);
        Assert.Equal(" 1 brokers:", lines[1]);
        Assert.Equal($"  broker {KafkaBrokerDouble.NodeId} at {World.BootstrapServers} (controller)", lines[2]);
        Assert.Equal(" 0 topics:", lines[3]);
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_json_names_the_controller_and_the_brokers()
    {
        var metadata = await MetadataJsonAsync();

        Assert.Equal(KafkaBrokerDouble.NodeId, (int)metadata["controllerid"]!);
        var broker = Assert.Single(metadata["brokers"]!.AsArray())!;
        Assert.Equal((KafkaBrokerDouble.NodeId, World.BootstrapServers), ((int)broker["id"]!, (string?)broker["name"]));
        Assert.Empty(metadata["topics"]!.AsArray());
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_lists_every_topic_with_its_partitions_leaders_and_replicas()
    {
        State.CreateTopic("orders", partitions: 3);
        State.CreateTopic("payments", partitions: 1);

        var topics = (await MetadataJsonAsync())["topics"]!.AsArray();

        Assert.Equal(["orders", "payments"], topics.Select(t => (string?)t!["topic"]).Order(StringComparer.Ordinal));
        var orders = topics.Single(t => (string?)t!["topic"] == "orders")!;
        Assert.Equal([0, 1, 2], orders["partitions"]!.AsArray().Select(p => (int)p!["partition"]!));
        Assert.All(orders["partitions"]!.AsArray(), p =>
        {
            Assert.Equal(KafkaBrokerDouble.NodeId, (int)p!["leader"]!);
            Assert.Equal([KafkaBrokerDouble.NodeId], p["replicas"]!.AsArray().Select(r => (int)r!["id"]!));
            Assert.Equal([KafkaBrokerDouble.NodeId], p["isrs"]!.AsArray().Select(r => (int)r!["id"]!));
        });
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_in_text_shows_partition_leader_replicas_and_isrs()
    {
        State.CreateTopic("orders", partitions: 2);

        var output = (await KcatAsync("-L", "-t", "orders")).Output;

        Assert.Contains("  topic \"orders\" with 2 partitions:", output);
        Assert.Contains($"    partition 0, leader {KafkaBrokerDouble.NodeId}, replicas: {KafkaBrokerDouble.NodeId}, isrs: {KafkaBrokerDouble.NodeId}", output);
        Assert.Contains($"    partition 1, leader {KafkaBrokerDouble.NodeId}, replicas: {KafkaBrokerDouble.NodeId}, isrs: {KafkaBrokerDouble.NodeId}", output);
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_of_one_topic_lists_only_that_topic()
    {
        State.CreateTopic("orders", partitions: 2);
        State.CreateTopic("payments", partitions: 1);

        var metadata = await MetadataJsonAsync("-t", "payments");

        Assert.Equal("payments", (string?)metadata["query"]!["topic"]);
        Assert.Equal("payments", (string?)Assert.Single(metadata["topics"]!.AsArray())!["topic"]);
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_of_a_missing_topic_reports_unknown_topic_and_creates_nothing()
    {
        var output = (await KcatAsync("-L", "-t", "missing")).Output;

        Assert.Contains("  topic \"missing\" with 0 partitions: Broker: Unknown topic or partition", output);
        Assert.Empty(State.Topics);
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_of_a_missing_topic_in_json_carries_the_error()
    {
        var topic = Assert.Single((await MetadataJsonAsync("-t", "missing"))["topics"]!.AsArray())!;

        Assert.Equal("missing", (string?)topic["topic"]);
        Assert.Equal("Broker: Unknown topic or partition", (string?)topic["error"]);
    }

    [ClientFact(SecondClient.Kcat, DoublesOnly = true)]
    public async Task Metadata_reflects_topics_deleted_and_partitions_added_since()
    {
        State.CreateTopic("orders", partitions: 1);
        State.CreateTopic("gone", partitions: 1);
        _ = await MetadataJsonAsync();

        State.DeleteTopic("gone");
        State.CreateTopic("fresh", partitions: 4);
        var topics = (await MetadataJsonAsync())["topics"]!.AsArray();

        Assert.Equal(["fresh", "orders"], topics.Select(t => (string?)t!["topic"]).Order(StringComparer.Ordinal));
        Assert.Equal(4, topics.Single(t => (string?)t!["topic"] == "fresh")!["partitions"]!.AsArray().Count);
    }
}
