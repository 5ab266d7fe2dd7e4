using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using Xunit;

namespace KPops.TestWorld.Tests.Connect;

/// <summary>One Connect worker per test class; each test resets it (tests of a class run one after another).</summary>
public sealed class ConnectFixture : IAsyncLifetime
{
    public const string JdbcSink = "io.confluent.connect.jdbc.JdbcSinkConnector";
    public const string FileSource = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    public ConnectDouble Connect { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connect = await ConnectDouble.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(Connect.Endpoint) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Connect.DisposeAsync();
    }

    /// <summary>A valid JDBC sink config reading <paramref name="topics"/>.</summary>
    public static Dictionary<string, string> SinkConfig(string topics = "orders", string tasksMax = "1") => new()
    {
        ["connector.class"] = JdbcSink,
        ["tasks.max"] = tasksMax,
        ["topics"] = topics,
        ["connection.url"] = "jdbc:postgresql://db/orders",
    };

    /// <summary>A valid file source config.</summary>
    public static Dictionary<string, string> SourceConfig() => new()
    {
        ["connector.class"] = FileSource,
        ["topic"] = "lines",
        ["file"] = "/data/in.txt",
    };

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null) =>
        Http.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        });

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body) =>
        SendAsync(method, path, System.Text.Json.JsonSerializer.Serialize(body));

    public async Task<JsonObject> GetObjectAsync(string path) => (await Http.GetFromJsonAsync<JsonObject>(path))!;

    public async Task<JsonArray> GetArrayAsync(string path) => (await Http.GetFromJsonAsync<JsonArray>(path))!;

    /// <summary>Asserts a Connect error: status, <c>error_code</c> equal to it, and (part of) the message.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string? messagePart = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<HttpErrorBody>();
        Assert.NotNull(body);
        Assert.Equal(status, body.ErrorCode);
        if (messagePart is not null) Assert.Contains(messagePart, body.Message);
    }
}
