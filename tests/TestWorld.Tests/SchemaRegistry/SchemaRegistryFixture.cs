using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using KPops.TestWorld.Common;
using KPops.TestWorld.SchemaRegistry;
using Xunit;

namespace KPops.TestWorld.Tests.SchemaRegistry;

/// <summary>One registry per test class; each test resets it (tests of a class run one after another).</summary>
public sealed class SchemaRegistryFixture : IAsyncLifetime
{
    public const string MediaType = "application/vnd.schemaregistry.v1+json";

    public SchemaRegistryDouble Registry { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await SchemaRegistryDouble.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(Registry.Endpoint) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Registry.DisposeAsync();
    }

    /// <summary>Sends a JSON body with the registry's media type.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(MediaType));
        return Http.SendAsync(request);
    }

    /// <summary>Registers a schema body over REST (the body is the JSON of the request, e.g. <c>{"schema":"…"}</c>).</summary>
    public Task<HttpResponseMessage> PostSchemaAsync(string path, string schema, string? schemaType = null) =>
        SendAsync(HttpMethod.Post, path, System.Text.Json.JsonSerializer.Serialize(
            schemaType is null ? new Dictionary<string, string> { ["schema"] = schema } : new() { ["schema"] = schema, ["schemaType"] = schemaType }));

    /// <summary>The <c>id</c> of a registration or lookup response.</summary>
    public static async Task<int> IdOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<int>();

    /// <summary>Asserts an error response: HTTP status, error code and (part of) the message.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, int errorCode, string? messagePart = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<HttpErrorBody>();
        Assert.NotNull(body);
        Assert.Equal(errorCode, body.ErrorCode);
        if (messagePart is not null) Assert.Contains(messagePart, body.Message);
    }
}

/// <summary>Schemas used across the registry tests.</summary>
internal static class Schemas
{
    public const string User = """{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"string"}]}""";

    public const string UserV2 = """{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"age","type":["null","int"],"default":null}]}""";

    public const string Address = """{"type":"record","name":"Address","namespace":"com.example","fields":[{"name":"street","type":"string"}]}""";

    public const string Customer = """{"type":"record","name":"Customer","namespace":"com.example","fields":[{"name":"address","type":"com.example.Address"}]}""";

    public const string JsonUser = """{"type":"object","properties":{"id":{"type":"string"}}}""";

    public const string ProtobufUser = "syntax = \"proto3\";\npackage com.example;\n\nmessage User {\n  string id = 1;\n}\n";
}
