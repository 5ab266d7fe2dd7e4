using System.Net;
using System.Text.Json.Nodes;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using Xunit;
using static KPops.TestWorld.Tests.Connect.ConnectFixture;

namespace KPops.TestWorld.Tests.Connect;

/// <summary>The plugin table, config validation driven by rules, and injected rebalances.</summary>
public sealed class ConnectPluginTests : IClassFixture<ConnectFixture>
{
    private readonly ConnectFixture _c;
    private readonly ConnectDouble _connect;

    public ConnectPluginTests(ConnectFixture fixture)
    {
        _c = fixture;
        _connect = fixture.Connect;
        _connect.Reset();
    }

    [Fact]
    public async Task Connector_plugins_lists_the_defaults_with_class_type_and_version()
    {
        var plugins = await _c.GetArrayAsync("connector-plugins");

        Assert.Contains(plugins, p => p!["class"]!.GetValue<string>() == "com.github.jcustenborder.kafka.connect.redis.RedisSinkConnector"
            && p["type"]!.GetValue<string>() == "sink" && p["version"] is not null);
        Assert.Contains(plugins, p => p!["class"]!.GetValue<string>() == "io.debezium.connector.postgresql.PostgresConnector"
            && p["type"]!.GetValue<string>() == "source");
    }

    [Fact]
    public async Task Added_plugins_are_listed()
    {
        _connect.AddPlugin("com.bakdata.kafka.BlobSink", ConnectorType.Sink);

        Assert.Contains(await _c.GetArrayAsync("connector-plugins"), p => p!["class"]!.GetValue<string>() == "com.bakdata.kafka.BlobSink");
    }

    [Fact]
    public async Task Validate_of_a_valid_config_has_no_errors()
    {
        var infos = await ValidateAsync("JdbcSinkConnector", Named(SinkConfig()));

        Assert.Equal(JdbcSink, infos["name"]!.GetValue<string>());
        Assert.Equal(0, infos["error_count"]!.GetValue<int>());
        Assert.Equal("""["Common","Connector"]""", infos["groups"]!.ToJsonString());
    }

    [Fact]
    public async Task Validate_reports_rule_errors_per_key_with_200()
    {
        var config = SinkConfig();
        config.Remove("connection.url");
        config["insert.mode"] = "merge";

        var infos = await ValidateAsync(JdbcSink, Named(config));

        Assert.Equal(2, infos["error_count"]!.GetValue<int>());
        Assert.Equal(["Missing required configuration \"connection.url\" which has no default value."], ErrorsOf(infos, "connection.url"));
        var insertMode = ValueOf(infos, "insert.mode");
        Assert.Equal("merge", insertMode["value"]!.GetValue<string>());
        Assert.Equal("""["insert","upsert","update"]""", insertMode["recommended_values"]!.ToJsonString());
    }

    [Fact]
    public async Task Validate_applies_custom_rules_added_by_the_test()
    {
        _connect.AddPlugin("com.bakdata.kafka.BlobSinkConnector", ConnectorType.Sink,
            ConfigRule.Custom("blob.bucket", (value, _) => value?.StartsWith("s3://", StringComparison.Ordinal) == true ? null : "blob.bucket must be an s3:// URL"));

        var infos = await ValidateAsync("BlobSinkConnector", new() { ["name"] = "blob", ["connector.class"] = "com.bakdata.kafka.BlobSinkConnector", ["topics"] = "t", ["blob.bucket"] = "gs://x" });

        Assert.Equal(1, infos["error_count"]!.GetValue<int>());
        Assert.Equal(["blob.bucket must be an s3:// URL"], ErrorsOf(infos, "blob.bucket"));
    }

    [Fact]
    public async Task Validate_checks_framework_keys_of_sinks()
    {
        var infos = await ValidateAsync("JdbcSinkConnector", new() { ["connector.class"] = JdbcSink, ["connection.url"] = "jdbc:x", ["tasks.max"] = "zero" });

        Assert.Equal(["Invalid value zero for configuration tasks.max: Not a number of type INT"], ErrorsOf(infos, "tasks.max"));
        Assert.Equal(["Must configure one of topics or topics.regex"], ErrorsOf(infos, "topics"));
        Assert.Equal(["Missing required configuration \"name\" which has no default value."], ErrorsOf(infos, "name"));
    }

    [Fact]
    public async Task Validate_with_a_connector_class_not_ending_with_the_path_class_fails_with_400()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connector-plugins/S3SinkConnector/config/validate", SinkConfig());

        await AssertErrorAsync(response, 400, $"Included connector type {JdbcSink} does not match request type S3SinkConnector");
    }

    [Fact]
    public async Task Validate_of_an_unknown_plugin_fails_with_400()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connector-plugins/Mystery/config/validate", new Dictionary<string, string> { ["connector.class"] = "com.example.Mystery" });

        await AssertErrorAsync(response, 400, "Failed to find any class that implements Connector");
    }

    [Fact]
    public async Task An_injected_409_carries_the_rebalance_message_once_then_the_request_succeeds()
    {
        _connect.Faults.Add(new FaultRule { Method = "PUT", PathPattern = "^/connectors/s/config$", Status = 409 });

        var first = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig());
        var retry = await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig());

        await AssertErrorAsync(first, 409,
            "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal([409, 201], _connect.Log.Records.Select(r => r.Status));
    }

    [Fact]
    public async Task An_injected_409_can_hit_several_requests()
    {
        _connect.Faults.Add(new FaultRule { PathPattern = "^/connectors", Status = 409, Times = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await _c.Http.GetAsync("connectors")).StatusCode);

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.OK], statuses);
    }

    private async Task<JsonObject> ValidateAsync(string pluginClass, Dictionary<string, string> config)
    {
        var response = await _c.SendAsync(HttpMethod.Put, $"connector-plugins/{pluginClass}/config/validate", config);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static Dictionary<string, string> Named(Dictionary<string, string> config)
    {
        config["name"] = "s";
        return config;
    }

    private static JsonObject ValueOf(JsonObject infos, string key) =>
        infos["configs"]!.AsArray().Single(c => c!["definition"]!["name"]!.GetValue<string>() == key)!["value"]!.AsObject();

    private static IEnumerable<string> ErrorsOf(JsonObject infos, string key) =>
        ValueOf(infos, key)["errors"]!.AsArray().Select(e => e!.GetValue<string>());
}
