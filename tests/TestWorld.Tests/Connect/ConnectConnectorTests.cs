using System.Net;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using Xunit;
using static KPops.TestWorld.Tests.Connect.ConnectFixture;

namespace KPops.TestWorld.Tests.Connect;

/// <summary>Creating, reading, configuring and deleting connectors.</summary>
public sealed class ConnectConnectorTests : IClassFixture<ConnectFixture>
{
    private readonly ConnectFixture _c;
    private readonly ConnectDouble _connect;

    public ConnectConnectorTests(ConnectFixture fixture)
    {
        _c = fixture;
        _connect = fixture.Connect;
        _connect.Reset();
    }

    [Fact]
    public async Task Root_reports_version_commit_and_cluster_id()
    {
        _connect.KafkaClusterId = "cluster-1";

        var root = await _c.GetObjectAsync("");

        Assert.Equal(["version", "commit", "kafka_cluster_id"], root.Select(p => p.Key));
        Assert.Equal("cluster-1", root["kafka_cluster_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_creates_a_running_connector_with_201_and_location()
    {
        var response = await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "orders-sink", config = SinkConfig(tasksMax: "2") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri(new Uri(_connect.Endpoint), "/connectors/orders-sink"), response.Headers.Location);
        Assert.Equal(
            """{"name":"orders-sink","config":{"connector.class":"io.confluent.connect.jdbc.JdbcSinkConnector","tasks.max":"2","topics":"orders","connection.url":"jdbc:postgresql://db/orders","name":"orders-sink"},"tasks":[{"connector":"orders-sink","task":0},{"connector":"orders-sink","task":1}],"type":"sink"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(ConnectorState.Running, _connect.GetConnector("orders-sink")!.State);
    }

    [Theory]
    [InlineData("PAUSED", ConnectorState.Paused, 1)]
    [InlineData("STOPPED", ConnectorState.Stopped, 0)]
    [InlineData("RUNNING", ConnectorState.Running, 1)]
    public async Task Post_honours_initial_state(string initialState, ConnectorState expected, int taskCount)
    {
        await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "s", config = SinkConfig(), initial_state = initialState });

        var connector = _connect.GetConnector("s")!;
        Assert.Equal((expected, taskCount), (connector.State, connector.Tasks.Count));
    }

    [Fact]
    public async Task Post_of_an_existing_connector_fails_with_409()
    {
        _connect.PutConnector("s", SinkConfig());

        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "s", config = SinkConfig() }), 409, "Connector s already exists");
    }

    [Fact]
    public async Task Post_without_connector_class_fails_with_400()
    {
        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "s", config = new { topics = "t" } }), 400, "contains no connector type");
    }

    [Fact]
    public async Task Post_with_a_different_name_in_the_config_fails_with_400()
    {
        var config = SinkConfig();
        config["name"] = "other";

        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "s", config }), 400,
            "Connector name configuration (other) doesn't match connector name in the URL (s)");
    }

    [Fact]
    public async Task Post_with_an_unknown_initial_state_fails_with_400()
    {
        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Post, "connectors", new { name = "s", config = SinkConfig(), initial_state = "SLEEPING" }), 400);
    }

    [Fact]
    public async Task Get_lists_connector_names()
    {
        _connect.PutConnector("b", SinkConfig());
        _connect.PutConnector("a", SourceConfig());

        Assert.Equal("""["a","b"]""", await _c.Http.GetStringAsync("connectors"));
    }

    [Fact]
    public async Task Expand_status_and_info_returns_both_per_connector()
    {
        _connect.PutConnector("a", SourceConfig());

        var expanded = await _c.GetObjectAsync("connectors?expand=status&expand=info");

        Assert.Equal("RUNNING", expanded["a"]!["status"]!["connector"]!["state"]!.GetValue<string>());
        Assert.Equal("source", expanded["a"]!["info"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expand_status_alone_has_no_info()
    {
        _connect.PutConnector("a", SourceConfig());

        var expanded = await _c.GetObjectAsync("connectors?expand=status");

        Assert.Equal(["status"], expanded["a"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Get_connector_returns_info_with_the_type_from_the_plugin()
    {
        _connect.PutConnector("pg", new Dictionary<string, string>
        {
            ["connector.class"] = "io.debezium.connector.postgresql.PostgresConnector",
            ["database.hostname"] = "db",
            ["topic.prefix"] = "pg",
        });

        Assert.Equal("source", (await _c.GetObjectAsync("connectors/pg"))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.Http.GetAsync("connectors/nope"), 404, "Connector nope not found");
    }

    [Fact]
    public void The_state_api_returns_null_for_an_unknown_connector()
    {
        Assert.Null(_connect.GetConnector("nope"));
    }

    [Fact]
    public async Task Get_config_returns_the_flat_config_including_name()
    {
        _connect.PutConnector("s", SinkConfig());

        var config = await _c.GetObjectAsync("connectors/s/config");

        Assert.Equal("s", config["name"]!.GetValue<string>());
        Assert.Equal(JdbcSink, config["connector.class"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_config_creates_with_201_then_updates_with_200()
    {
        var created = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig());
        var updated = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig(topics: "orders,returns"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, updated.StatusCode));
        Assert.Equal("orders,returns", _connect.GetConnector("s")!.Config["topics"]);
    }

    [Fact]
    public async Task Put_config_coerces_numbers_to_strings()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/config",
            """{"connector.class":"io.confluent.connect.jdbc.JdbcSinkConnector","tasks.max":3,"topics":"t","connection.url":"jdbc:x"}""");

        Assert.Equal(3, _connect.GetConnector("s")!.Tasks.Count);
    }

    [Fact]
    public async Task Put_config_with_a_different_name_fails_with_400()
    {
        var config = SinkConfig();
        config["name"] = "other";

        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Put, "connectors/s/config", config), 400, "doesn't match connector name in the URL (s)");
    }

    [Fact]
    public async Task Put_config_that_breaks_plugin_rules_fails_with_400_listing_the_errors()
    {
        var config = SinkConfig();
        config.Remove("connection.url");
        config["insert.mode"] = "merge";

        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", config);

        await AssertErrorAsync(response, 400,
            "Connector configuration is invalid and contains the following 2 error(s):\n" +
            "Missing required configuration \"connection.url\" which has no default value.\n" +
            "Invalid value merge for configuration insert.mode: String must be one of: insert, upsert, update\n" +
            "You can also find the above list of errors at the endpoint `/connector-plugins/io.confluent.connect.jdbc.JdbcSinkConnector/config/validate`");
        Assert.Empty(_connect.Connectors);
    }

    [Fact]
    public async Task Put_config_of_a_sink_without_topics_fails_with_400()
    {
        var config = SinkConfig();
        config.Remove("topics");

        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Put, "connectors/s/config", config), 400, "Must configure one of topics or topics.regex");
    }

    [Fact]
    public async Task Put_config_with_an_unknown_class_fails_with_400()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", new Dictionary<string, string> { ["connector.class"] = "com.example.Mystery" });

        await AssertErrorAsync(response, 400, "Failed to find any class that implements Connector and which name matches com.example.Mystery");
    }

    [Fact]
    public async Task An_unregistered_sink_class_is_accepted_as_a_sink()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/config", new Dictionary<string, string> { ["connector.class"] = "com.example.MySinkConnector", ["topics"] = "t" });

        Assert.Equal(ConnectorType.Sink, _connect.GetConnector("s")!.Type);
    }

    [Fact]
    public async Task With_plugin_inference_off_an_unregistered_class_is_rejected()
    {
        _connect.InferUnknownPlugins = false;

        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", new Dictionary<string, string> { ["connector.class"] = "com.example.MySinkConnector", ["topics"] = "t" });

        await AssertErrorAsync(response, 400, "Failed to find any class");
    }

    [Fact]
    public void The_simple_class_name_and_alias_find_the_plugin()
    {
        _connect.PutConnector("a", new Dictionary<string, string> { ["connector.class"] = "FileStreamSourceConnector", ["topic"] = "t" });
        _connect.PutConnector("b", new Dictionary<string, string> { ["connector.class"] = "FileStreamSource", ["topic"] = "t" });

        Assert.All(new[] { "a", "b" }, n => Assert.Equal(ConnectorType.Source, _connect.GetConnector(n)!.Type));
    }

    [Fact]
    public async Task Patch_config_merges_and_null_removes_a_key()
    {
        var config = SinkConfig();
        config["batch.size"] = "100";
        _connect.PutConnector("s", config);

        var response = await _c.SendAsync(HttpMethod.Patch, "connectors/s/config", """{"topics":"returns","batch.size":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = _connect.GetConnector("s")!.Config;
        Assert.Equal("returns", stored["topics"]);
        Assert.False(stored.ContainsKey("batch.size"));
    }

    [Fact]
    public async Task Patch_config_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Patch, "connectors/nope/config", """{"topics":"t"}"""), 404);
    }

    [Fact]
    public async Task Delete_removes_the_connector_with_204()
    {
        _connect.PutConnector("s", SinkConfig());

        var response = await _c.SendAsync(HttpMethod.Delete, "connectors/s");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(_connect.Connectors);
    }

    [Fact]
    public async Task Delete_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Delete, "connectors/nope"), 404, "Connector nope not found");
    }

    [Fact]
    public async Task Non_json_bodies_are_rejected_with_415()
    {
        var response = await _c.Http.PutAsync("connectors/s/config", new StringContent("connector.class=x"));

        await AssertErrorAsync(response, 415);
    }

    [Fact]
    public async Task Unknown_paths_answer_404_with_an_error_body()
    {
        await AssertErrorAsync(await _c.Http.GetAsync("connectors/s/nonsense/deep"), 404, "HTTP 404 Not Found");
    }

    [Fact]
    public async Task Requests_are_logged()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig());

        var record = Assert.Single(_connect.Log.Records);
        Assert.Equal(("Connect", "PUT", "/connectors/s/config", "application/json; charset=utf-8", 201),
            (record.Service, record.Method, record.Path, record.ContentType, record.Status));
    }

    [Fact]
    public async Task Reset_forgets_connectors_plugins_log_and_faults()
    {
        _connect.PutConnector("s", SinkConfig());
        _connect.AddPlugin("com.example.Custom", ConnectorType.Source);
        _connect.Faults.Add(new FaultRule());
        await _c.Http.GetAsync("connectors");

        _connect.Reset();

        Assert.Empty(_connect.Connectors);
        Assert.Empty(_connect.Log.Records);
        Assert.DoesNotContain(_connect.Plugins, p => p.Class == "com.example.Custom");
        Assert.Equal(HttpStatusCode.OK, (await _c.Http.GetAsync("connectors")).StatusCode);
    }
}
