using Confluent.SchemaRegistry;
using KPops.TestWorld.SchemaRegistry;
using Xunit;

namespace KPops.TestWorld.Tests.SchemaRegistry;

/// <summary>The real <see cref="CachedSchemaRegistryClient"/> against the double (a fresh client per test: it caches).</summary>
public sealed class SchemaRegistryClientTests : IClassFixture<SchemaRegistryFixture>, IDisposable
{
    private readonly SchemaRegistryDouble _registry;
    private readonly CachedSchemaRegistryClient _client;

    public SchemaRegistryClientTests(SchemaRegistryFixture fixture)
    {
        _registry = fixture.Registry;
        _registry.Reset();
        _client = NewClient();
    }

    public void Dispose() => _client.Dispose();

    private CachedSchemaRegistryClient NewClient() => new(new SchemaRegistryConfig { Url = _registry.Endpoint });

    [Fact]
    public async Task RegisterSchemaAsync_stores_an_avro_schema_as_version_1()
    {
        var id = await _client.RegisterSchemaAsync("users-value", new Schema(Schemas.User, SchemaType.Avro));

        var version = Assert.Single(_registry.GetVersions("users-value"));
        Assert.Equal((id, 1, SchemaFormat.Avro, Schemas.User), (version.Id, version.Version, version.Definition.Format, version.Definition.Schema));
    }

    [Fact]
    public async Task RegisterSchemaAsync_stores_a_json_schema()
    {
        await _client.RegisterSchemaAsync("users-json-value", new Schema(Schemas.JsonUser, SchemaType.Json));

        Assert.Equal(SchemaFormat.Json, Assert.Single(_registry.GetVersions("users-json-value")).Definition.Format);
    }

    [Fact]
    public async Task RegisterSchemaAsync_stores_a_protobuf_schema()
    {
        await _client.RegisterSchemaAsync("users-proto-value", new Schema(Schemas.ProtobufUser, SchemaType.Protobuf));

        Assert.Equal(SchemaFormat.Protobuf, Assert.Single(_registry.GetVersions("users-proto-value")).Definition.Format);
    }

    [Fact]
    public async Task RegisterSchemaAsync_stores_references()
    {
        await _client.RegisterSchemaAsync("address-value", new Schema(Schemas.Address, SchemaType.Avro));
        var reference = new SchemaReference("com.example.Address", "address-value", 1);

        await _client.RegisterSchemaAsync("customer-value", new Schema(Schemas.Customer, [reference], SchemaType.Avro));

        Assert.Equal([new SchemaRef("com.example.Address", "address-value", 1)],
            Assert.Single(_registry.GetVersions("customer-value")).Definition.References);
    }

    [Fact]
    public async Task Registering_the_same_schema_again_returns_the_same_id_and_no_new_version()
    {
        var first = await _client.RegisterSchemaAsync("users-value", new Schema(Schemas.User, SchemaType.Avro));
        using var freshClient = NewClient();

        var second = await freshClient.RegisterSchemaAsync("users-value", new Schema(Schemas.User, SchemaType.Avro));

        Assert.Equal(first, second);
        Assert.Single(_registry.GetVersions("users-value"));
    }

    [Fact]
    public async Task The_same_schema_under_another_subject_gets_the_same_id()
    {
        var first = await _client.RegisterSchemaAsync("a-value", new Schema(Schemas.User, SchemaType.Avro));

        var second = await _client.RegisterSchemaAsync("b-value", new Schema(Schemas.User, SchemaType.Avro));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetLatestSchemaAsync_returns_the_newest_version()
    {
        _registry.Register("users-value", Schemas.User);
        var v2 = _registry.Register("users-value", Schemas.UserV2);

        var latest = await _client.GetLatestSchemaAsync("users-value");

        Assert.Equal((2, v2.Id, Schemas.UserV2, SchemaType.Avro), (latest.Version, latest.Id, latest.SchemaString, latest.SchemaType));
    }

    [Fact]
    public async Task GetSchemaAsync_by_id_returns_text_and_type()
    {
        var id = _registry.Register("users-json-value", Schemas.JsonUser, SchemaFormat.Json).Id;

        var schema = await _client.GetSchemaAsync(id);

        Assert.Equal((Schemas.JsonUser, SchemaType.Json), (schema.SchemaString, schema.SchemaType));
    }

    [Fact]
    public async Task GetSchemaAsync_of_an_avro_schema_reports_avro()
    {
        var id = _registry.Register("users-value", Schemas.User).Id;

        Assert.Equal(SchemaType.Avro, (await _client.GetSchemaAsync(id)).SchemaType);
    }

    [Fact]
    public async Task GetAllSubjectsAsync_lists_subjects()
    {
        _registry.Register("b-value", Schemas.User);
        _registry.Register("a-value", Schemas.User);

        Assert.Equal(["a-value", "b-value"], await _client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task GetSubjectVersionsAsync_lists_versions()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.Register("users-value", Schemas.UserV2);

        Assert.Equal([1, 2], await _client.GetSubjectVersionsAsync("users-value"));
    }

    [Fact]
    public async Task LookupSchemaAsync_finds_the_registered_version()
    {
        _registry.Register("users-value", Schemas.User);
        var v2 = _registry.Register("users-value", Schemas.UserV2);

        var found = await _client.LookupSchemaAsync("users-value", new Schema(Schemas.UserV2, SchemaType.Avro), ignoreDeletedSchemas: true);

        Assert.Equal((v2.Id, 2, "users-value"), (found.Id, found.Version, found.Subject));
    }

    [Fact]
    public async Task LookupSchemaAsync_of_an_unknown_schema_fails_with_40403()
    {
        _registry.Register("users-value", Schemas.User);

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            _client.LookupSchemaAsync("users-value", new Schema(Schemas.UserV2, SchemaType.Avro), ignoreDeletedSchemas: true));

        Assert.Equal(40403, error.ErrorCode);
    }

    [Fact]
    public async Task IsCompatibleAsync_is_true_by_default()
    {
        _registry.Register("users-value", Schemas.User);

        Assert.True(await _client.IsCompatibleAsync("users-value", new Schema(Schemas.UserV2, SchemaType.Avro)));
    }

    [Fact]
    public async Task IsCompatibleAsync_follows_a_forced_incompatible_verdict()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.SetCompatibilityVerdict("users-value", false, "READER_FIELD_MISSING_DEFAULT_VALUE: age");

        Assert.False(await _client.IsCompatibleAsync("users-value", new Schema(Schemas.UserV2, SchemaType.Avro)));
    }

    [Fact]
    public async Task UpdateCompatibilityAsync_sets_the_subject_level_that_GetCompatibilityAsync_reads()
    {
        var updated = await _client.UpdateCompatibilityAsync(Compatibility.Full, "users-value");

        Assert.Equal(Compatibility.Full, updated);
        Assert.Equal(Compatibility.Full, await _client.GetCompatibilityAsync("users-value"));
        Assert.Equal("FULL", _registry.GetSubjectCompatibility("users-value"));
    }

    [Fact]
    public async Task UpdateCompatibilityAsync_without_subject_sets_the_global_level()
    {
        await _client.UpdateCompatibilityAsync(Compatibility.ForwardTransitive);

        Assert.Equal(Compatibility.ForwardTransitive, await _client.GetCompatibilityAsync());
        Assert.Equal("FORWARD_TRANSITIVE", _registry.GlobalCompatibility);
    }

    [Fact]
    public async Task A_missing_subject_fails_with_40401()
    {
        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => _client.GetLatestSchemaAsync("missing-value"));

        Assert.Equal((40401, System.Net.HttpStatusCode.NotFound), (error.ErrorCode, error.Status));
    }
}
