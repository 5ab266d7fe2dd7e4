using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>Versions, lookups, compatibility and registration.</summary>
public sealed class SchemaRegistryClientTests : IClassFixture<SchemaRegistryWorld>, IDisposable
{
    private static readonly SchemaDefinition User = new(Schemas.User, SchemaType.Avro);
    private static readonly SchemaDefinition UserV2 = new(Schemas.UserV2, SchemaType.Avro);
    private static readonly SchemaDefinition UserIncompatible = new(Schemas.UserIncompatible, SchemaType.Avro);

    private readonly SchemaRegistryWorld _world;
    private readonly SchemaRegistryClient _client;
    private readonly string _subject = Endpoints.Unique("users-value");

    public SchemaRegistryClientTests(SchemaRegistryWorld world)
    {
        _world = world;
        _world.Reset();
        _client = new SchemaRegistryClient(world.Options());
    }

    public void Dispose() => _client.Dispose();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public void Endpoint_is_the_registry_url_with_a_trailing_slash()
    {
        Assert.Equal(_world.Endpoint.TrimEnd('/') + "/", _client.Endpoint);
    }

    [Fact]
    public async Task GetVersionsAsync_is_null_for_an_unknown_subject()
    {
        Assert.Null(await _client.GetVersionsAsync(_subject, None));
    }

    [Fact]
    public async Task GetVersionsAsync_lists_the_versions_in_order()
    {
        await _client.RegisterAsync(_subject, User, None);
        await _client.RegisterAsync(_subject, UserV2, None);

        Assert.Equal([1, 2], await _client.GetVersionsAsync(_subject, None));
    }

    [Fact]
    public async Task GetLatestVersionAsync_is_null_for_an_unknown_subject()
    {
        Assert.Null(await _client.GetLatestVersionAsync(_subject, None));
    }

    [Fact]
    public async Task GetLatestVersionAsync_follows_new_registrations()
    {
        await _client.RegisterAsync(_subject, User, None);
        Assert.Equal(1, await _client.GetLatestVersionAsync(_subject, None));

        await _client.RegisterAsync(_subject, UserV2, None);

        Assert.Equal(2, await _client.GetLatestVersionAsync(_subject, None));
    }

    [Fact]
    public async Task RegisterAsync_returns_the_id_the_registry_gave()
    {
        var id = await _client.RegisterAsync(_subject, User, None);

        Assert.True(id > 0);
        if (_world.Registry is { } registry) Assert.Equal(id, Assert.Single(registry.GetVersions(_subject)).Id);
    }

    [Fact]
    public async Task RegisterAsync_is_idempotent()
    {
        var first = await _client.RegisterAsync(_subject, User, None);

        var second = await _client.RegisterAsync(_subject, User, None);

        Assert.Equal(first, second);
        Assert.Equal([1], await _client.GetVersionsAsync(_subject, None));
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task RegisterAsync_asks_the_registry_every_time_instead_of_answering_from_a_cache()
    {
        var registry = _world.RequireDouble();
        await _client.RegisterAsync(_subject, User, None);

        await _client.RegisterAsync(_subject, User, None);

        Assert.Equal(2, registry.Log.Records.Count(r => r.Method == "POST" && r.Path == $"/subjects/{_subject}/versions"));
    }

    [Fact]
    public async Task RegisterAsync_of_a_changed_schema_adds_a_version_with_a_new_id()
    {
        var first = await _client.RegisterAsync(_subject, User, None);

        var second = await _client.RegisterAsync(_subject, UserV2, None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, await _client.GetLatestVersionAsync(_subject, None));
    }

    [Fact]
    public async Task RegisterAsync_of_an_incompatible_schema_fails_with_409_and_a_hint()
    {
        await _client.RegisterAsync(_subject, User, None);
        _world.Registry?.SetCompatibilityVerdict(_subject, false, "READER_FIELD_MISSING_DEFAULT_VALUE: email");

        var e = await Assert.ThrowsAsync<ServiceException>(() => _client.RegisterAsync(_subject, UserIncompatible, None));

        Assert.Equal((Service.SchemaRegistry, 409), (e.Service, e.StatusCode));
        Assert.Equal(KPops.Engine.Errors.ErrorKind.ServiceError, e.Kind);
        Assert.Contains("incompatible", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(_subject, e.Endpoint);
        Assert.Contains("compatib", e.Hint);
    }

    [Fact]
    public async Task RegisterAsync_of_an_invalid_schema_fails_with_422()
    {
        var e = await Assert.ThrowsAsync<ServiceException>(() =>
            _client.RegisterAsync(_subject, new SchemaDefinition("""{"type":"record","name":"Broken"}""", SchemaType.Avro), None));

        Assert.Equal(422, e.StatusCode);
        Assert.Contains("schema", e.Hint);
    }

    [Fact]
    public async Task IsRegisteredAsync_is_false_for_an_unknown_subject()
    {
        Assert.False(await _client.IsRegisteredAsync(_subject, User, None));
    }

    [Fact]
    public async Task IsRegisteredAsync_is_true_for_the_registered_schema_and_false_for_another()
    {
        await _client.RegisterAsync(_subject, User, None);

        Assert.True(await _client.IsRegisteredAsync(_subject, User, None));
        Assert.False(await _client.IsRegisteredAsync(_subject, UserV2, None));
    }

    [Fact]
    public async Task CheckCompatibilityAsync_of_a_new_subject_is_compatible()
    {
        var result = await _client.CheckCompatibilityAsync(_subject, User, None);

        Assert.True(result.IsCompatible);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public async Task CheckCompatibilityAsync_of_a_compatible_evolution_is_compatible()
    {
        await _client.RegisterAsync(_subject, User, None);

        Assert.True((await _client.CheckCompatibilityAsync(_subject, UserV2, None)).IsCompatible);
    }

    [Fact]
    public async Task CheckCompatibilityAsync_of_an_incompatible_schema_gives_the_registry_reasons()
    {
        await _client.RegisterAsync(_subject, User, None);
        _world.Registry?.SetCompatibilityVerdict(_subject, false, "READER_FIELD_MISSING_DEFAULT_VALUE: email");

        var result = await _client.CheckCompatibilityAsync(_subject, UserIncompatible, None);

        Assert.False(result.IsCompatible);
        Assert.NotEmpty(result.Messages);
        if (_world.Registry is not null) Assert.Equal(["READER_FIELD_MISSING_DEFAULT_VALUE: email"], result.Messages);
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task CheckCompatibilityAsync_asks_for_reasons_only_when_incompatible()
    {
        var registry = _world.RequireDouble();
        await _client.RegisterAsync(_subject, User, None);
        await _client.CheckCompatibilityAsync(_subject, UserV2, None);
        registry.SetCompatibilityVerdict(_subject, false, "no");

        await _client.CheckCompatibilityAsync(_subject, UserIncompatible, None);

        var checks = registry.Log.Records.Where(r => r.Path == $"/compatibility/subjects/{_subject}/versions/latest").Select(r => r.Query ?? "").ToList();
        Assert.Equal(["", "", "verbose=true"], checks);
    }

    [Fact]
    public async Task A_subject_name_with_reserved_characters_is_escaped()
    {
        var subject = Endpoints.Unique("com.example/odd name?-value");

        await _client.RegisterAsync(subject, User, None);

        Assert.Equal([1], await _client.GetVersionsAsync(subject, None));
        Assert.True(await _client.IsRegisteredAsync(subject, User, None));
    }
}
