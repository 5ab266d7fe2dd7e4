using System.Text.Json.Nodes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// The Schema Registry double through curl: status codes, the registry's media type on answers and errors, and
/// error bodies <c>{"error_code","message"}</c> byte for byte as the real service writes them.
/// </summary>
[Collection(SecondClientsDefinition.Name)]
public sealed class SchemaRegistryCurlTests : TestWorldTest
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";
    private const string StringSchema = """{"schema":"\"string\""}""";
    private readonly Curl _curl;
    private readonly string _subject = "s" + Guid.NewGuid().ToString("N")[..8] + "-value";

    public SchemaRegistryCurlTests(TestWorldFixture fixture, ITestOutputHelper output) : base(fixture)
    {
        _curl = new Curl(World.SchemaRegistryUrl, output);
    }

    private Task<CurlResponse> RegisterAsync(string body = StringSchema) => _curl.SendAsync("POST", $"subjects/{_subject}/versions", body, MediaType);

    private static void AssertError(CurlResponse response, int status, string body)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(MediaType, response.ContentType);
        Assert.Equal(body, response.Body);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Subjects_are_listed_as_a_json_array_in_the_registry_media_type()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("GET", "subjects");

        Assert.Equal((200, MediaType), (response.Status, response.ContentType));
        Assert.Contains(_subject, JsonNode.Parse(response.Body)!.AsArray().Select(s => (string?)s));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Registering_answers_the_id_and_the_same_schema_again_the_same_id()
    {
        var first = await RegisterAsync();
        var second = await RegisterAsync();

        Assert.Equal((200, MediaType), (first.Status, first.ContentType));
        Assert.Matches("""^\{"id":\d+\}$""", first.Body);
        Assert.Equal(first.Body, second.Body);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Registering_with_plain_json_is_accepted()
    {
        var response = await _curl.SendAsync("POST", $"subjects/{_subject}/versions", StringSchema, "application/json");

        Assert.Equal(200, response.Status);
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_version_is_answered_as_the_schema_entity()
    {
        var id = (int)JsonNode.Parse((await RegisterAsync()).Body)!["id"]!;

        var response = await _curl.SendAsync("GET", $"subjects/{_subject}/versions/latest");

        var schema = JsonNode.Parse(response.Body)!;
        Assert.Equal((200, MediaType), (response.Status, response.ContentType));
        Assert.Equal((_subject, 1, id, "\"string\""), ((string?)schema["subject"], (int)schema["version"]!, (int)schema["id"]!, (string?)schema["schema"]));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_subject_is_40401()
    {
        var response = await _curl.SendAsync("GET", $"subjects/{_subject}/versions");

        AssertError(response, 404, $$"""{"error_code":40401,"message":"Subject '{{_subject}}' not found."}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_version_is_40402()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("GET", $"subjects/{_subject}/versions/7");

        AssertError(response, 404, """{"error_code":40402,"message":"Version 7 not found."}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_version_that_is_no_number_is_42202()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("GET", $"subjects/{_subject}/versions/first");

        AssertError(response, 422,
            """{"error_code":42202,"message":"The specified version 'first' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_schema_id_is_40403()
    {
        var response = await _curl.SendAsync("GET", "schemas/ids/987654");

        AssertError(response, 404, """{"error_code":40403,"message":"Schema 987654 not found"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Looking_up_a_schema_the_subject_does_not_have_is_40403()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("POST", $"subjects/{_subject}", """{"schema":"\"int\""}""", MediaType);

        AssertError(response, 404, """{"error_code":40403,"message":"Schema not found"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_invalid_avro_schema_is_42201()
    {
        var response = await RegisterAsync("""{"schema":"{\"type\":\"record\"}"}""");

        Assert.Equal((422, MediaType), (response.Status, response.ContentType));
        var error = JsonNode.Parse(response.Body)!;
        Assert.Equal(42201, (int)error["error_code"]!);
        Assert.StartsWith("Invalid schema", (string?)error["message"]);
    }

    [ClientFact(SecondClient.Curl, DoublesOnly = true)]
    public async Task An_incompatible_schema_is_40901()
    {
        _ = await RegisterAsync();
        World.SchemaRegistry!.SetCompatibilityVerdict(_subject, false, "READER_FIELD_MISSING_DEFAULT_VALUE");

        var response = await RegisterAsync("""{"schema":"\"int\""}""");

        AssertError(response, 409,
            $$"""{"error_code":40901,"message":"Schema being registered is incompatible with an earlier schema for subject \"{{_subject}}\", details: [READER_FIELD_MISSING_DEFAULT_VALUE]"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_compatibility_check_answers_is_compatible()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("POST", $"compatibility/subjects/{_subject}/versions/latest", StringSchema, MediaType);

        Assert.Equal((200, MediaType, """{"is_compatible":true}"""), (response.Status, response.ContentType, response.Body));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Soft_deleting_answers_the_versions_and_a_second_delete_is_40404()
    {
        _ = await RegisterAsync();

        var first = await _curl.SendAsync("DELETE", $"subjects/{_subject}");
        var second = await _curl.SendAsync("DELETE", $"subjects/{_subject}");

        Assert.Equal((200, MediaType, "[1]"), (first.Status, first.ContentType, first.Body));
        AssertError(second, 404, $$"""{"error_code":40404,"message":"Subject '{{_subject}}' was soft deleted.Set permanent=true to delete permanently"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Permanently_deleting_a_subject_not_soft_deleted_first_is_40405()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("DELETE", $"subjects/{_subject}?permanent=true");

        AssertError(response, 404, $$"""{"error_code":40405,"message":"Subject '{{_subject}}' was not deleted first before being permanently deleted"}""");
    }

    [ClientFact(SecondClient.Curl, DoublesOnly = true)]
    public async Task The_global_config_answers_the_compatibility_level()
    {
        var response = await _curl.SendAsync("GET", "config");

        Assert.Equal((200, MediaType, """{"compatibilityLevel":"BACKWARD"}"""), (response.Status, response.ContentType, response.Body));
    }

    [ClientFact(SecondClient.Curl)]
    public async Task Setting_a_subject_compatibility_echoes_it_and_an_invalid_level_is_42203()
    {
        var set = await _curl.SendAsync("PUT", $"config/{_subject}", """{"compatibility":"FULL"}""", MediaType);
        var invalid = await _curl.SendAsync("PUT", $"config/{_subject}", """{"compatibility":"SOMETIMES"}""", MediaType);

        Assert.Equal((200, """{"compatibility":"FULL"}"""), (set.Status, set.Body));
        AssertError(invalid, 422,
            """{"error_code":42203,"message":"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_subject_without_its_own_compatibility_is_40408()
    {
        _ = await RegisterAsync();

        var response = await _curl.SendAsync("GET", $"config/{_subject}");

        AssertError(response, 404, $$"""{"error_code":40408,"message":"Subject '{{_subject}}' does not have subject-level compatibility configured"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task An_unknown_path_is_a_plain_404()
    {
        var response = await _curl.SendAsync("GET", "no/such/resource");

        AssertError(response, 404, """{"error_code":404,"message":"HTTP 404 Not Found"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_method_the_resource_does_not_have_is_405()
    {
        var response = await _curl.SendAsync("DELETE", "subjects");

        AssertError(response, 405, """{"error_code":405,"message":"HTTP 405 Method Not Allowed"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_form_body_as_curl_sends_by_default_is_415()
    {
        var response = await _curl.SendAsync("POST", $"subjects/{_subject}/versions", StringSchema);

        AssertError(response, 415, """{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}""");
    }

    [ClientFact(SecondClient.Curl)]
    public async Task A_malformed_json_body_is_a_400_error_body()
    {
        var response = await RegisterAsync("{not json");

        Assert.Equal((400, MediaType), (response.Status, response.ContentType));
        Assert.Equal(400, (int)JsonNode.Parse(response.Body)!["error_code"]!);
    }
}
