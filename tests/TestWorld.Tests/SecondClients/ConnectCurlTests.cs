using System.Text.Json.Nodes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// The Kafka Connect double through curl: status codes, <c>application/json</c> answers, empty bodies where the
/// worker sends none, the Location of a created connector, and error bodies <c>{"error_code","message"}</c> byte for
/// byte as the real worker writes them.
/// </summary>
[Collection(SecondClientsDefinition.Name)]
public sealed class ConnectCurlTests : TestWorldTest
{
    private const string Json = "application/json";
    private readonly Curl _curl;
    private readonly string _name = "c" + Guid.NewGuid().ToString("N")[..8];

    public ConnectCurlTests(TestWorldFixture fixture, ITestOutputHelper output) : base(fixture)
    {
        _curl = new Curl(World.ConnectUrl, output);
    }

    private static string SinkConfig(string topics = "orders") =>
        $$"""{"connector.class":"org.apache.kafka.connect.file.FileStreamSinkConnector","tasks.max":"1","topics":"{{topics}}","file":"/tmp/sink.txt"}""";

    private Task<CurlResponse> CreateAsync() =>
        _curl.SendAsync("POST", "connectors", $$"""{"name":"{{_name}}","config":{{SinkConfig()}}}""", Json);

    private async Task CreatedAsync() => Assert.Equal(201, (await CreateAsync()).Status);

    private static void AssertError(CurlResponse response, int status, string message)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(Json, response.ContentType);
        Assert.Equal(new JsonObject { ["error_code"] = status, ["message"] = message }.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }), response.Body);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task The_root_answers_the_worker_version_as_json()
    {
        var response = await _curl.SendAsync("GET", "");

        Assert.Equal((200, Json), (response.Status, response.ContentType));
        Assert.Equal(["version", "commit", "kafka_cluster_id"], JsonNode.Parse(response.Body)!.AsObject().Select(p => p.Key));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Creating_answers_201_with_the_connector_and_its_absolute_location()
    {
        var response = await CreateAsync();

        Assert.Equal((201, Json), (response.Status, response.ContentType));
        Assert.Equal(new Uri(new Uri(World.ConnectUrl), $"/connectors/{_name}"), new Uri(response.Headers["location"]));
        var info = JsonNode.Parse(response.Body)!;
        Assert.Equal((_name, "sink", _name), ((string?)info["name"], (string?)info["type"], (string?)info["config"]!["name"]));
        Assert.Equal(_name, (string?)Assert.Single(info["tasks"]!.AsArray())!["connector"]);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Creating_an_existing_connector_is_409()
    {
        await CreatedAsync();

        var response = await CreateAsync();

        AssertError(response, 409, $"Connector {_name} already exists");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_connector_is_404()
    {
        var response = await _curl.SendAsync("GET", $"connectors/{_name}");

        AssertError(response, 404, $"Connector {_name} not found");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Putting_a_config_creates_with_201_and_location_then_updates_with_200()
    {
        var created = await _curl.SendAsync("PUT", $"connectors/{_name}/config", SinkConfig(), Json);
        var updated = await _curl.SendAsync("PUT", $"connectors/{_name}/config", SinkConfig("payments"), Json);

        Assert.Equal((201, 200), (created.Status, updated.Status));
        Assert.True(created.Headers.ContainsKey("location"));
        Assert.False(updated.Headers.ContainsKey("location"));
        Assert.Equal("payments", (string?)JsonNode.Parse(updated.Body)!["config"]!["topics"]);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Putting_a_config_whose_name_differs_from_the_path_is_400()
    {
        var response = await _curl.SendAsync("PUT", $"connectors/{_name}/config", SinkConfig().Replace("{", "{\"name\":\"other\",", StringComparison.Ordinal), Json);

        AssertError(response, 400, $"Connector name configuration (other) doesn't match connector name in the URL ({_name})");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_invalid_config_is_400_listing_the_errors()
    {
        var response = await _curl.SendAsync("PUT", $"connectors/{_name}/config",
            """{"connector.class":"io.confluent.connect.jdbc.JdbcSinkConnector","topics":"orders"}""", Json);

        AssertError(response, 400,
            "Connector configuration is invalid and contains the following 1 error(s):\n" +
            "Missing required configuration \"connection.url\" which has no default value.\n" +
            "You can also find the above list of errors at the endpoint `/connector-plugins/io.confluent.connect.jdbc.JdbcSinkConnector/config/validate`");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Pause_and_resume_answer_202_without_a_body()
    {
        await CreatedAsync();

        var pause = await _curl.SendAsync("PUT", $"connectors/{_name}/pause");
        var paused = JsonNode.Parse((await _curl.SendAsync("GET", $"connectors/{_name}/status")).Body)!;
        var resume = await _curl.SendAsync("PUT", $"connectors/{_name}/resume");

        Assert.Equal((202, "", null), (pause.Status, pause.Body, pause.ContentType));
        Assert.Equal("PAUSED", (string?)paused["connector"]!["state"]);
        Assert.Equal((202, ""), (resume.Status, resume.Body));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Stop_answers_204_and_the_status_says_stopped()
    {
        await CreatedAsync();

        var stop = await _curl.SendAsync("PUT", $"connectors/{_name}/stop");
        var status = JsonNode.Parse((await _curl.SendAsync("GET", $"connectors/{_name}/status")).Body)!;

        Assert.Equal((204, ""), (stop.Status, stop.Body));
        Assert.Equal("STOPPED", (string?)status["connector"]!["state"]);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Resetting_offsets_of_a_running_connector_is_400()
    {
        await CreatedAsync();

        var response = await _curl.SendAsync("DELETE", $"connectors/{_name}/offsets");

        AssertError(response, 400,
            "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified " +
            $"connector by issuing a 'PUT' request to the '/connectors/{_name}/stop' endpoint");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Resetting_offsets_of_a_stopped_connector_answers_the_message()
    {
        await CreatedAsync();
        _ = await _curl.SendAsync("PUT", $"connectors/{_name}/stop");

        var response = await _curl.SendAsync("DELETE", $"connectors/{_name}/offsets");

        Assert.Equal((200, Json, """{"message":"The offsets for this connector have been reset successfully"}"""), (response.Status, response.ContentType, response.Body));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Deleting_answers_204_and_the_connector_is_gone()
    {
        await CreatedAsync();

        var delete = await _curl.SendAsync("DELETE", $"connectors/{_name}");
        var again = await _curl.SendAsync("DELETE", $"connectors/{_name}");

        Assert.Equal((204, ""), (delete.Status, delete.Body));
        AssertError(again, 404, $"Connector {_name} not found");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Listing_with_expand_status_maps_names_to_their_status()
    {
        await CreatedAsync();

        var response = await _curl.SendAsync("GET", "connectors?expand=status");

        var entry = JsonNode.Parse(response.Body)![_name]!;
        Assert.Equal((200, Json), (response.Status, response.ContentType));
        Assert.Equal("RUNNING", (string?)entry["status"]!["connector"]!["state"]);
        Assert.Null(entry["info"]);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Validating_a_config_answers_200_with_the_error_count_even_when_invalid()
    {
        var response = await _curl.SendAsync("PUT", "connector-plugins/JdbcSinkConnector/config/validate",
            $$"""{"name":"{{_name}}","connector.class":"io.confluent.connect.jdbc.JdbcSinkConnector","topics":"orders"}""", Json);

        var infos = JsonNode.Parse(response.Body)!;
        Assert.Equal((200, Json), (response.Status, response.ContentType));
        Assert.Equal(("io.confluent.connect.jdbc.JdbcSinkConnector", 1), ((string?)infos["name"], (int)infos["error_count"]!));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_path_is_a_plain_404()
    {
        var response = await _curl.SendAsync("GET", "no/such/resource");

        AssertError(response, 404, "HTTP 404 Not Found");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_method_the_resource_does_not_have_is_405()
    {
        var response = await _curl.SendAsync("DELETE", "connectors");

        AssertError(response, 405, "HTTP 405 Method Not Allowed");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_form_body_as_curl_sends_by_default_is_415()
    {
        var response = await _curl.SendAsync("POST", "connectors", $$"""{"name":"{{_name}}","config":{{SinkConfig()}}}""");

        AssertError(response, 415, "HTTP 415 Unsupported Media Type");
    }
}
