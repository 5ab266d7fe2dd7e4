using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KPops.TestWorld.Common;
using KPops.TestWorld.SchemaRegistry;
using Xunit;
using static KPops.TestWorld.Tests.SchemaRegistry.SchemaRegistryFixture;

namespace KPops.TestWorld.Tests.SchemaRegistry;

/// <summary>REST behaviour the .NET client does not reach: validation, conflicts, shapes, config, logging.</summary>
public sealed class SchemaRegistryRestTests : IClassFixture<SchemaRegistryFixture>
{
    private readonly SchemaRegistryFixture _sr;
    private readonly SchemaRegistryDouble _registry;

    public SchemaRegistryRestTests(SchemaRegistryFixture fixture)
    {
        _sr = fixture;
        _registry = fixture.Registry;
        _registry.Reset();
    }

    [Theory]
    [InlineData("""{"type":"record","name":"X"}""", null)]
    [InlineData("""{"type":"record","fields":[]}""", null)]
    [InlineData("""{"type":"recordd","name":"X","fields":[]}""", null)]
    [InlineData("""{"type":"enum","name":"E","symbols":[1]}""", null)]
    [InlineData("\"strin\"", null)]
    [InlineData("42", null)]
    [InlineData("not json", null)]
    [InlineData("not json", "JSON")]
    [InlineData("int32 x = 1;", "PROTOBUF")]
    [InlineData("""{"type":"string"}""", "XML")]
    public async Task An_invalid_schema_is_rejected_with_42201(string schema, string? schemaType)
    {
        var response = await _sr.PostSchemaAsync("subjects/x-value/versions", schema, schemaType);

        await AssertErrorAsync(response, 422, 42201);
        Assert.Empty(_registry.Subjects);
    }

    [Theory]
    [InlineData("\"string\"")]
    [InlineData("""["null","string"]""")]
    [InlineData("""{"type":"enum","name":"Color","symbols":["RED"]}""")]
    [InlineData("""{"type":"fixed","name":"Md5","size":16}""")]
    [InlineData("""{"type":"array","items":{"type":"map","values":"long"}}""")]
    [InlineData("""{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}""")]
    public async Task Valid_avro_schemas_are_accepted(string schema)
    {
        var response = await _sr.PostSchemaAsync("subjects/x-value/versions", schema);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_reference_to_a_missing_subject_is_rejected_with_42201()
    {
        const string body = """{"schema":"{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"a\",\"type\":\"com.example.Address\"}]}","references":[{"name":"com.example.Address","subject":"address-value","version":1}]}""";

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Post, "subjects/c-value/versions", body), 422, 42201, "address-value");
    }

    [Fact]
    public async Task An_incompatible_registration_fails_with_40901_and_the_verdict_messages()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.SetCompatibilityVerdict("users-value", false, "READER_FIELD_MISSING_DEFAULT_VALUE: age");

        var response = await _sr.PostSchemaAsync("subjects/users-value/versions", Schemas.UserV2);

        await AssertErrorAsync(response, 409, 40901, "READER_FIELD_MISSING_DEFAULT_VALUE: age");
        Assert.Single(_registry.GetVersions("users-value"));
    }

    [Fact]
    public async Task Compatibility_level_none_ignores_an_incompatible_verdict()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.SetCompatibilityVerdict("users-value", false);
        _registry.SetSubjectCompatibility("users-value", "none");

        Assert.Equal(System.Net.HttpStatusCode.OK, (await _sr.PostSchemaAsync("subjects/users-value/versions", Schemas.UserV2)).StatusCode);
    }

    [Fact]
    public async Task Registering_the_same_schema_with_different_whitespace_returns_the_existing_id()
    {
        var id = _registry.Register("users-value", Schemas.User).Id;
        var spaced = JsonNode.Parse(Schemas.User)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var response = await _sr.PostSchemaAsync("subjects/users-value/versions", spaced);

        Assert.Equal(id, await IdOfAsync(response));
    }

    [Fact]
    public async Task Avro_schemas_match_regardless_of_property_order()
    {
        var id = _registry.Register("e-value", """{"type":"enum","name":"E","symbols":["A"]}""").Id;

        var response = await _sr.PostSchemaAsync("subjects/e-value/versions", """{"symbols":["A"],"name":"E","type":"enum"}""");

        Assert.Equal(id, await IdOfAsync(response));
    }

    [Fact]
    public async Task Normalize_makes_json_schemas_match_regardless_of_property_order()
    {
        var id = await IdOfAsync(await _sr.PostSchemaAsync("subjects/j-value/versions?normalize=true", """{"type":"object","title":"T"}""", "JSON"));

        var lookup = await _sr.PostSchemaAsync("subjects/j-value?normalize=true", """{"title":"T","type":"object"}""", "JSON");

        Assert.Equal(id, await IdOfAsync(lookup));
    }

    [Fact]
    public async Task Version_responses_omit_schemaType_for_avro_and_include_it_otherwise()
    {
        _registry.Register("avro-value", Schemas.User);
        _registry.Register("json-value", Schemas.JsonUser, SchemaFormat.Json);

        var avro = await _sr.Http.GetFromJsonAsync<JsonObject>("subjects/avro-value/versions/latest");
        var json = await _sr.Http.GetFromJsonAsync<JsonObject>("subjects/json-value/versions/1");

        Assert.Equal(["subject", "version", "id", "schema"], avro!.Select(p => p.Key));
        Assert.Equal("JSON", json!["schemaType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Responses_use_the_registry_media_type()
    {
        _registry.Register("users-value", Schemas.User);

        var response = await _sr.Http.GetAsync("subjects/users-value/versions/1");

        Assert.Equal(MediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task References_are_returned_with_the_version_and_by_id()
    {
        _registry.Register("address-value", Schemas.Address);
        var id = _registry.Register("customer-value", Schemas.Customer, SchemaFormat.Avro, [new SchemaRef("com.example.Address", "address-value", -1)]).Id;
        const string expected = """[{"name":"com.example.Address","subject":"address-value","version":1}]""";

        var version = await _sr.Http.GetFromJsonAsync<JsonObject>("subjects/customer-value/versions/-1");
        var byId = await _sr.Http.GetFromJsonAsync<JsonObject>($"schemas/ids/{id}");

        Assert.Equal(expected, version!["references"]!.ToJsonString());
        Assert.Equal(expected, byId!["references"]!.ToJsonString());
    }

    [Fact]
    public async Task The_schema_endpoint_returns_the_raw_schema()
    {
        _registry.Register("users-value", Schemas.User);

        Assert.Equal(Schemas.User, await _sr.Http.GetStringAsync("subjects/users-value/versions/1/schema"));
    }

    [Fact]
    public async Task A_soft_deleted_version_is_only_visible_with_deleted_true()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.Register("users-value", Schemas.UserV2);
        await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/1");

        await AssertErrorAsync(await _sr.Http.GetAsync("subjects/users-value/versions/1"), 404, 40402, "Version 1 not found.");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _sr.Http.GetAsync("subjects/users-value/versions/1?deleted=true")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_version_fails_with_42202()
    {
        _registry.Register("users-value", Schemas.User);

        await AssertErrorAsync(await _sr.Http.GetAsync("subjects/users-value/versions/0"), 422, 42202);
    }

    [Fact]
    public async Task Subject_prefix_filters_the_subject_list()
    {
        _registry.Register("orders-value", Schemas.User);
        _registry.Register("users-value", Schemas.User);

        Assert.Equal("""["users-value"]""", await _sr.Http.GetStringAsync("subjects?subjectPrefix=users"));
    }

    [Fact]
    public async Task Lookup_of_a_soft_deleted_version_needs_deleted_true()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.DeleteSubject("users-value");

        await AssertErrorAsync(await _sr.PostSchemaAsync("subjects/users-value", Schemas.User), 404, 40401);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _sr.PostSchemaAsync("subjects/users-value?deleted=true", Schemas.User)).StatusCode);
    }

    [Fact]
    public async Task Compatibility_with_latest_of_a_missing_subject_is_true()
    {
        var response = await _sr.PostSchemaAsync("compatibility/subjects/new-value/versions/latest", Schemas.User);

        Assert.Equal("""{"is_compatible":true}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Compatibility_with_a_missing_explicit_version_fails_with_40402()
    {
        _registry.Register("users-value", Schemas.User);

        await AssertErrorAsync(await _sr.PostSchemaAsync("compatibility/subjects/users-value/versions/3", Schemas.UserV2), 404, 40402);
    }

    [Fact]
    public async Task Verbose_compatibility_returns_the_verdict_messages()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.SetCompatibilityVerdict("users-value", false, "NAME_MISMATCH");

        var response = await _sr.PostSchemaAsync("compatibility/subjects/users-value/versions/1?verbose=true", Schemas.UserV2);

        Assert.Equal("""{"is_compatible":false,"messages":["NAME_MISMATCH"]}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Subject_config_without_a_level_fails_with_40408_unless_defaulting_to_global()
    {
        await AssertErrorAsync(await _sr.Http.GetAsync("config/users-value"), 404, 40408);
        Assert.Equal("""{"compatibilityLevel":"BACKWARD"}""", await _sr.Http.GetStringAsync("config/users-value?defaultToGlobal=true"));
    }

    [Fact]
    public async Task Put_config_echoes_the_level_and_delete_returns_the_previous_one()
    {
        var put = await _sr.SendAsync(HttpMethod.Put, "config/users-value", """{"compatibility":"full"}""");
        var delete = await _sr.SendAsync(HttpMethod.Delete, "config/users-value");

        Assert.Equal("""{"compatibility":"FULL"}""", await put.Content.ReadAsStringAsync());
        Assert.Equal("""{"compatibilityLevel":"FULL"}""", await delete.Content.ReadAsStringAsync());
        Assert.Null(_registry.GetSubjectCompatibility("users-value"));
    }

    [Fact]
    public async Task An_unknown_compatibility_level_fails_with_42203()
    {
        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Put, "config", """{"compatibility":"SIDEWAYS"}"""), 422, 42203);
    }

    [Fact]
    public async Task Schema_id_versions_list_every_subject_using_it()
    {
        var id = _registry.Register("a-value", Schemas.User).Id;
        _registry.Register("b-value", Schemas.User);

        Assert.Equal("""[{"subject":"a-value","version":1},{"subject":"b-value","version":1}]""",
            await _sr.Http.GetStringAsync($"schemas/ids/{id}/versions"));
    }

    [Fact]
    public async Task Mode_is_readwrite()
    {
        Assert.Equal("""{"mode":"READWRITE"}""", await _sr.Http.GetStringAsync("mode"));
    }

    [Fact]
    public async Task Plain_json_bodies_are_accepted_and_text_bodies_are_not()
    {
        var json = await _sr.Http.PostAsync("subjects/a-value/versions", new StringContent("""{"schema":"\"int\""}""", System.Text.Encoding.UTF8, "application/json"));
        var text = await _sr.Http.PostAsync("subjects/a-value/versions", new StringContent("""{"schema":"\"int\""}"""));

        Assert.Equal(System.Net.HttpStatusCode.OK, json.StatusCode);
        await AssertErrorAsync(text, 415, 415);
    }

    [Fact]
    public async Task Requests_are_logged_with_method_path_query_content_type_and_status()
    {
        await _sr.PostSchemaAsync("subjects/users-value/versions?normalize=False", Schemas.User);

        var record = Assert.Single(_registry.Log.Records);
        Assert.Equal(("SchemaRegistry", "POST", "/subjects/users-value/versions", "normalize=False", MediaType, 200),
            (record.Service, record.Method, record.Path, record.Query, record.ContentType, record.Status));
    }

    [Fact]
    public async Task Injected_failures_carry_a_registry_error_code()
    {
        _registry.Faults.Add(new FaultRule { Method = "POST", PathPattern = "/versions$", Status = 500, ErrorCode = 50001, Message = "Error in the backend data store" });

        await AssertErrorAsync(await _sr.PostSchemaAsync("subjects/users-value/versions", Schemas.User), 500, 50001, "backend data store");
    }

    [Fact]
    public async Task Reset_forgets_subjects_ids_config_log_and_faults()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.GlobalCompatibility = "NONE";
        _registry.Faults.Add(new FaultRule());
        await _sr.Http.GetAsync("subjects");

        _registry.Reset();

        Assert.Empty(_registry.Subjects);
        Assert.Empty(_registry.Log.Records);
        Assert.Equal("BACKWARD", _registry.GlobalCompatibility);
        Assert.Equal(1, _registry.Register("other-value", Schemas.UserV2).Id);
    }
}
