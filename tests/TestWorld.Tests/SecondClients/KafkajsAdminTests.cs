using System.Text.Json.Nodes;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// The kafkajs admin client, a Kafka protocol implementation in JavaScript that shares no code with librdkafka,
/// against the broker double: topics, configs and consumer groups with the assertions of the librdkafka tests in
/// <c>Kafka/</c>. kafkajs asks for other API versions (CreateTopics v3, DescribeConfigs v2, DescribeGroups v2, …).
/// </summary>
/// <remarks>
/// Not covered: kafkajs' <c>setOffsets</c>/<c>resetOffsets</c> join the group as a consumer (JoinGroup/SyncGroup),
/// which the double does not serve; groups and members are set up through the state API instead.
/// </remarks>
[Collection(SecondClientsDefinition.Name)]
public sealed class KafkajsAdminTests(TestWorldFixture fixture, KafkajsDriver driver, ITestOutputHelper output) : TestWorldTest(fixture), IClassFixture<KafkajsDriver>
{
    private KafkaClusterState State => World.Kafka!.State;

    // Runs the calls in one admin session; returns one {"call","result"|"error"} object per call.
    private async Task<List<JsonObject>> AdminAsync(params (string Call, JsonNode?[] Args)[] calls)
    {
        var input = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
        {
            ["call"] = c.Call,
            ["args"] = new JsonArray(c.Args.Select(a => a?.DeepClone()).ToArray()),
        }).ToArray());
        var answers = await driver.RunAsync(World.BootstrapServers, input);
        output.WriteLine($"kafkajs {input.ToJsonString()}\n-> {string.Join('\n', answers.Select(a => a.ToJsonString()))}");
        return answers;
    }

    private async Task<JsonNode?> CallAsync(string call, params JsonNode?[] args)
    {
        var answer = Assert.Single(await AdminAsync((call, args)));
        Assert.True(answer["error"] is null, $"{call} failed: {answer["error"]?.ToJsonString()}");
        return answer["result"];
    }

    private async Task<JsonObject> FailureAsync(string call, params JsonNode?[] args)
    {
        var answer = Assert.Single(await AdminAsync((call, args)));
        return Assert.IsType<JsonObject>(answer["error"]);
    }

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    // The Kafka error name of a failure: kafkajs nests it in an aggregate (createTopics), a retry wrapper or a per-group list.
    private static string? ErrorType(JsonObject error) =>
        (string?)error["type"]
        ?? (string?)error["errors"]?[0]?["type"]
        ?? (string?)error["cause"]?["type"]
        ?? (string?)error["groups"]?[0]?["error"]?["type"];

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeCluster_reports_the_node_as_controller_at_its_real_address()
    {
        var cluster = (await CallAsync("describeCluster"))!;

        var broker = Assert.Single(cluster["brokers"]!.AsArray())!;
        Assert.Equal((KafkaBrokerDouble.NodeId, "127.0.0.1", World.Kafka!.Port), ((int)broker["nodeId"]!, (string?)broker["host"], (int)broker["port"]!));
        Assert.Equal(KafkaBrokerDouble.NodeId, (int)cluster["controller"]!);
        Assert.Equal(State.ClusterId, (string?)cluster["clusterId"]);
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreateTopics_creates_the_topic_with_partitions_replication_and_configs()
    {
        var created = await CallAsync("createTopics", J("""
            {"topics":[{"topic":"orders","numPartitions":3,"replicationFactor":1,
              "configEntries":[{"name":"cleanup.policy","value":"compact"},{"name":"retention.ms","value":"1000"}]}]}
            """));

        Assert.True((bool)created!);
        var topic = State.GetTopic("orders");
        Assert.NotNull(topic);
        Assert.Equal((3, (short)1), (topic.PartitionCount, topic.ReplicationFactor));
        Assert.Equal(("compact", "1000"), (topic.Configs["cleanup.policy"], topic.Configs["retention.ms"]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreateTopics_with_minus_one_takes_the_broker_defaults()
    {
        State.SetBrokerConfig("num.partitions", "4");

        await CallAsync("createTopics", J("""{"topics":[{"topic":"defaults","numPartitions":-1,"replicationFactor":-1}]}"""));

        Assert.Equal(4, State.GetTopic("defaults")!.PartitionCount);
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreateTopics_validate_only_creates_nothing()
    {
        await CallAsync("createTopics", J("""{"validateOnly":true,"waitForLeaders":false,"topics":[{"topic":"orders","numPartitions":2}]}"""));

        Assert.Null(State.GetTopic("orders"));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreateTopics_for_an_existing_topic_reports_it_was_not_created_and_changes_nothing()
    {
        State.CreateTopic("orders", partitions: 2);

        var created = await CallAsync("createTopics", J("""{"topics":[{"topic":"orders","numPartitions":5}]}"""));

        // kafkajs turns TOPIC_ALREADY_EXISTS into false.
        Assert.False((bool)created!);
        Assert.Equal(2, State.GetTopic("orders")!.PartitionCount);
    }

    [ClientTheory(SecondClient.Kafkajs)]
    [InlineData("""{"topic":"orders","numPartitions":0}""", "INVALID_PARTITIONS")]
    [InlineData("""{"topic":"orders","numPartitions":1,"replicationFactor":3}""", "INVALID_REPLICATION_FACTOR")]
    [InlineData("""{"topic":"bad name!","numPartitions":1}""", "INVALID_TOPIC_EXCEPTION")]
    [InlineData("""{"topic":"orders","numPartitions":1,"configEntries":[{"name":"no.such.config","value":"1"}]}""", "INVALID_CONFIG")]
    public async Task CreateTopics_with_an_invalid_request_fails_with_the_broker_error(string topic, string expected)
    {
        var error = await FailureAsync("createTopics", J($$"""{"topics":[{{topic}}]}"""));

        Assert.Equal(expected, ErrorType(error));
        if (!World.IsRealCluster) Assert.Empty(State.Topics);
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task ListTopics_and_FetchTopicMetadata_report_the_topics_and_their_leaders()
    {
        State.CreateTopic("orders", partitions: 2);
        State.CreateTopic("payments", partitions: 1);

        var answers = await AdminAsync(("listTopics", []), ("fetchTopicMetadata", [J("""{"topics":["orders"]}""")]));

        Assert.Equal(["orders", "payments"], answers[0]["result"]!.AsArray().Select(t => (string?)t).Order(StringComparer.Ordinal));
        var partitions = Assert.Single(answers[1]["result"]!["topics"]!.AsArray())!["partitions"]!.AsArray();
        Assert.Equal([0, 1], partitions.Select(p => (int)p!["partitionId"]!).Order());
        Assert.All(partitions, p => Assert.Equal((0, KafkaBrokerDouble.NodeId), ((int)p!["partitionErrorCode"]!, (int)p["leader"]!)));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DeleteTopics_removes_an_existing_topic_and_the_offsets_committed_for_it()
    {
        State.CreateTopic("orders", partitions: 1);
        State.CreateTopic("kept", partitions: 1);
        State.CommitOffset("app", "orders", 0, 5);
        State.CommitOffset("app", "kept", 0, 7);

        await CallAsync("deleteTopics", J("""{"topics":["orders"]}"""));

        Assert.Equal(["kept"], State.Topics.Select(t => t.Name));
        Assert.Equal(["kept"], State.GetGroup("app")!.Offsets.Select(o => o.Topic));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DeleteTopics_for_an_unknown_topic_fails_with_UnknownTopicOrPartition()
    {
        var error = await FailureAsync("deleteTopics", J("""{"topics":["missing"]}"""));

        Assert.Equal("UNKNOWN_TOPIC_OR_PARTITION", ErrorType(error));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreatePartitions_increases_the_partition_count()
    {
        State.CreateTopic("orders", partitions: 2);

        await CallAsync("createPartitions", J("""{"topicPartitions":[{"topic":"orders","count":5}]}"""));

        Assert.Equal(5, State.GetTopic("orders")!.PartitionCount);
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task CreatePartitions_to_fewer_partitions_fails_with_InvalidPartitions()
    {
        State.CreateTopic("orders", partitions: 3);

        var error = await FailureAsync("createPartitions", J("""{"topicPartitions":[{"topic":"orders","count":2}]}"""));

        Assert.Equal("INVALID_PARTITIONS", ErrorType(error));
        Assert.Equal(3, State.GetTopic("orders")!.PartitionCount);
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeConfigs_of_a_topic_tells_dynamic_overrides_from_defaults()
    {
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var resource = Assert.Single((await CallAsync("describeConfigs", J("""
            {"resources":[{"type":2,"name":"orders","configNames":["cleanup.policy","retention.ms"]}],"includeSynonyms":false}
            """)))!["resources"]!.AsArray())!;

        var entries = resource["configEntries"]!.AsArray().ToDictionary(e => (string)e!["configName"]!);
        Assert.Equal(0, (int)resource["errorCode"]!);
        // Config sources: 1 = DYNAMIC_TOPIC_CONFIG, 5 = DEFAULT_CONFIG.
        Assert.Equal(("compact", false, 1), ((string?)entries["cleanup.policy"]!["configValue"], (bool)entries["cleanup.policy"]!["isDefault"]!, (int)entries["cleanup.policy"]!["configSource"]!));
        Assert.Equal(("604800000", true, 5), ((string?)entries["retention.ms"]!["configValue"], (bool)entries["retention.ms"]!["isDefault"]!, (int)entries["retention.ms"]!["configSource"]!));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeConfigs_of_an_unknown_topic_fails_with_UnknownTopicOrPartition()
    {
        var error = await FailureAsync("describeConfigs", J("""{"resources":[{"type":2,"name":"missing"}],"includeSynonyms":false}"""));

        Assert.Equal("UNKNOWN_TOPIC_OR_PARTITION", ErrorType(error));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeConfigs_of_the_broker_reports_partition_and_replication_defaults()
    {
        State.SetBrokerConfig("num.partitions", "6");

        var resource = Assert.Single((await CallAsync("describeConfigs", J($$"""
            {"resources":[{"type":4,"name":"{{KafkaBrokerDouble.NodeId}}","configNames":["num.partitions","default.replication.factor"]}],"includeSynonyms":false}
            """)))!["resources"]!.AsArray())!;

        var entries = resource["configEntries"]!.AsArray().ToDictionary(e => (string)e!["configName"]!, e => (string?)e!["configValue"]);
        Assert.Equal(("6", "1"), (entries["num.partitions"], entries["default.replication.factor"]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task AlterConfigs_replaces_every_override_of_the_topic()
    {
        State.CreateTopic("orders", partitions: 1, configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "1000" });

        await CallAsync("alterConfigs", J("""{"resources":[{"type":2,"name":"orders","configEntries":[{"name":"retention.ms","value":"2000"}]}]}"""));

        var configs = State.GetTopic("orders")!.Configs;
        Assert.Equal("2000", configs["retention.ms"]);
        Assert.False(configs.ContainsKey("cleanup.policy"));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task ListGroups_lists_every_group()
    {
        State.CommitOffset("empty-app", "orders", 0, 1);
        State.AddGroupMember("running-app", "member-1", ["orders"]);

        var groups = (await CallAsync("listGroups"))!["groups"]!.AsArray();

        Assert.Equal(["empty-app", "running-app"], groups.Select(g => (string?)g!["groupId"]).Order(StringComparer.Ordinal));
        Assert.All(groups, g => Assert.Equal("consumer", (string?)g!["protocolType"]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeGroups_of_an_empty_group_reports_Empty_without_members()
    {
        State.CommitOffset("app", "orders", 0, 1);

        var group = Assert.Single((await CallAsync("describeGroups", J("""["app"]""")))!["groups"]!.AsArray())!;

        Assert.Equal((0, "Empty"), ((int)group["errorCode"]!, (string?)group["state"]));
        Assert.Empty(group["members"]!.AsArray());
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeGroups_of_a_group_with_members_reports_Stable_and_the_members()
    {
        State.CreateTopic("orders", partitions: 2);
        State.AddGroupMember("app", "member-1", ["orders"], clientId: "app-client");

        var group = Assert.Single((await CallAsync("describeGroups", J("""["app"]""")))!["groups"]!.AsArray())!;

        Assert.Equal(("Stable", "consumer"), ((string?)group["state"], (string?)group["protocolType"]));
        var member = Assert.Single(group["members"]!.AsArray())!;
        Assert.Equal(("member-1", "app-client"), ((string?)member["memberId"], (string?)member["clientId"]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DescribeGroups_of_an_unknown_group_reports_Dead()
    {
        var group = Assert.Single((await CallAsync("describeGroups", J("""["nobody"]""")))!["groups"]!.AsArray())!;

        Assert.Equal(("nobody", "Dead"), ((string?)group["groupId"], (string?)group["state"]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DeleteGroups_deletes_an_empty_group()
    {
        State.CommitOffset("app", "orders", 0, 1);

        await CallAsync("deleteGroups", J("""["app"]"""));

        Assert.Null(State.GetGroup("app"));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DeleteGroups_of_a_group_with_members_fails_with_NonEmptyGroup()
    {
        State.AddGroupMember("app", "member-1", ["orders"]);

        var error = await FailureAsync("deleteGroups", J("""["app"]"""));

        Assert.Equal("NON_EMPTY_GROUP", ErrorType(error));
        Assert.NotNull(State.GetGroup("app"));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task DeleteGroups_of_an_unknown_group_fails_with_GroupIdNotFound()
    {
        var error = await FailureAsync("deleteGroups", J("""["nobody"]"""));

        Assert.Equal("GROUP_ID_NOT_FOUND", ErrorType(error));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task FetchOffsets_returns_committed_offsets_and_minus_one_for_the_rest()
    {
        State.CreateTopic("orders", partitions: 3);
        State.CommitOffset("app", "orders", 0, 5);
        State.CommitOffset("app", "orders", 2, 9);

        var topic = Assert.Single((await CallAsync("fetchOffsets", J("""{"groupId":"app","topics":["orders"]}""")))!.AsArray())!;

        Assert.Equal("orders", (string?)topic["topic"]);
        var offsets = topic["partitions"]!.AsArray().ToDictionary(p => (int)p!["partition"]!, p => (string?)p!["offset"]);
        Assert.Equal(("5", "-1", "9"), (offsets[0], offsets[1], offsets[2]));
    }

    [ClientFact(SecondClient.Kafkajs, DoublesOnly = true)]
    public async Task FetchTopicOffsets_reports_log_start_and_end_offsets()
    {
        State.CreateTopic("orders", partitions: 1);
        State.SetEndOffset("orders", 0, 42);
        State.SetLogStartOffset("orders", 0, 7);

        var partition = Assert.Single((await CallAsync("fetchTopicOffsets", JsonValue.Create("orders")))!.AsArray())!;

        Assert.Equal(("42", "7"), ((string?)partition["high"], (string?)partition["low"]));
    }
}
