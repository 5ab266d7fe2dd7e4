using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Tests.Integration.Support;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>Soft and permanent subject deletion, and what the client sees afterwards.</summary>
public sealed class SchemaRegistryDeleteTests : IClassFixture<SchemaRegistryWorld>, IDisposable
{
    private static readonly SchemaDefinition User = new(Schemas.User, SchemaType.Avro);
    private static readonly SchemaDefinition UserV2 = new(Schemas.UserV2, SchemaType.Avro);

    private readonly SchemaRegistryWorld _world;
    private readonly SchemaRegistryClient _client;
    private readonly string _subject = Endpoints.Unique("orders-value");

    public SchemaRegistryDeleteTests(SchemaRegistryWorld world)
    {
        _world = world;
        _world.Reset();
        _client = new SchemaRegistryClient(world.Options());
    }

    public void Dispose() => _client.Dispose();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_soft_delete_returns_the_deleted_versions_and_hides_the_subject()
    {
        await _client.RegisterAsync(_subject, User, None);
        await _client.RegisterAsync(_subject, UserV2, None);

        var deleted = await _client.DeleteSubjectAsync(_subject, permanent: false, None);

        Assert.Equal([1, 2], deleted);
        Assert.Null(await _client.GetVersionsAsync(_subject, None));
        Assert.Null(await _client.GetLatestVersionAsync(_subject, None));
        Assert.False(await _client.IsRegisteredAsync(_subject, User, None));
    }

    [Fact]
    public async Task Deleting_an_unknown_subject_gives_null()
    {
        Assert.Null(await _client.DeleteSubjectAsync(_subject, permanent: false, None));
        Assert.Null(await _client.DeleteSubjectAsync(_subject, permanent: true, None));
    }

    [Fact]
    public async Task A_second_soft_delete_gives_null()
    {
        await _client.RegisterAsync(_subject, User, None);
        await _client.DeleteSubjectAsync(_subject, permanent: false, None);

        Assert.Null(await _client.DeleteSubjectAsync(_subject, permanent: false, None));
    }

    [Fact]
    public async Task A_permanent_delete_after_a_soft_delete_removes_the_versions()
    {
        await _client.RegisterAsync(_subject, User, None);
        Assert.Equal([1], await _client.DeleteSubjectAsync(_subject, permanent: false, None));

        var deleted = await _client.DeleteSubjectAsync(_subject, permanent: true, None);

        Assert.Equal([1], deleted);
        if (_world.Registry is { } registry) Assert.Empty(registry.GetVersions(_subject, includeDeleted: true));
    }

    [Fact]
    public async Task A_permanent_delete_of_a_live_subject_soft_deletes_it_first()
    {
        await _client.RegisterAsync(_subject, User, None);

        var deleted = await _client.DeleteSubjectAsync(_subject, permanent: true, None);

        Assert.Equal([1], deleted);
        Assert.Null(await _client.GetVersionsAsync(_subject, None));
        if (_world.Registry is { } registry)
        {
            Assert.Empty(registry.GetVersions(_subject, includeDeleted: true));
            Assert.Equal(["", "permanent=true"], registry.Log.Records.Where(r => r.Method == "DELETE").Select(r => r.Query ?? ""));
        }
    }

    [Fact]
    public async Task Registering_again_after_a_delete_reaches_the_registry()
    {
        // A cached client would answer the second registration from its cache and leave the subject empty.
        await _client.RegisterAsync(_subject, User, None);
        Assert.Equal(1, await _client.GetLatestVersionAsync(_subject, None));
        await _client.DeleteSubjectAsync(_subject, permanent: true, None);

        await _client.RegisterAsync(_subject, User, None);

        Assert.Equal([1], await _client.GetVersionsAsync(_subject, None));
        Assert.True(await _client.IsRegisteredAsync(_subject, User, None));
        Assert.Equal(1, await _client.GetLatestVersionAsync(_subject, None));
    }

    [Fact]
    public async Task The_latest_version_is_not_stale_after_a_soft_delete_and_a_new_registration()
    {
        await _client.RegisterAsync(_subject, User, None);
        await _client.RegisterAsync(_subject, UserV2, None);
        Assert.Equal(2, await _client.GetLatestVersionAsync(_subject, None));
        await _client.DeleteSubjectAsync(_subject, permanent: false, None);

        await _client.RegisterAsync(_subject, User, None);

        // Versions continue after a soft delete.
        Assert.Equal(3, await _client.GetLatestVersionAsync(_subject, None));
    }

    [Fact]
    public async Task A_referenced_subject_cannot_be_deleted()
    {
        var address = Endpoints.Unique("address-value");
        await _client.RegisterAsync(address, new SchemaDefinition(Schemas.Address, SchemaType.Avro), None);
        await _client.RegisterAsync(_subject, new SchemaDefinition(Schemas.Customer, SchemaType.Avro,
            [new SchemaReference("com.example.Address", address, 1)]), None);

        var e = await Assert.ThrowsAsync<ServiceException>(() => _client.DeleteSubjectAsync(address, permanent: false, None));

        Assert.Equal(422, e.StatusCode);
        Assert.Contains("reference", e.Hint);
        Assert.Contains(address, e.Message);
    }
}
