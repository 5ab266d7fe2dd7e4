using KPops.TestWorld.SchemaRegistry;
using Xunit;
using static KPops.TestWorld.Tests.SchemaRegistry.SchemaRegistryFixture;

namespace KPops.TestWorld.Tests.SchemaRegistry;

/// <summary>Soft and permanent deletes over plain HTTP (the .NET client has no delete methods).</summary>
public sealed class SchemaRegistryDeleteTests : IClassFixture<SchemaRegistryFixture>
{
    private readonly SchemaRegistryFixture _sr;
    private readonly SchemaRegistryDouble _registry;

    public SchemaRegistryDeleteTests(SchemaRegistryFixture fixture)
    {
        _sr = fixture;
        _registry = fixture.Registry;
        _registry.Reset();
    }

    [Fact]
    public async Task Soft_delete_returns_the_deleted_versions_and_hides_the_subject()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.Register("users-value", Schemas.UserV2);

        var response = await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value");

        Assert.Equal("[1,2]", await response.Content.ReadAsStringAsync());
        Assert.Equal("[]", await _sr.Http.GetStringAsync("subjects"));
    }

    [Fact]
    public async Task Deleted_true_lists_soft_deleted_subjects_and_versions()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.DeleteSubject("users-value");

        Assert.Equal("""["users-value"]""", await _sr.Http.GetStringAsync("subjects?deleted=true"));
        Assert.Equal("[1]", await _sr.Http.GetStringAsync("subjects/users-value/versions?deleted=true"));
        await AssertErrorAsync(await _sr.Http.GetAsync("subjects/users-value/versions"), 404, 40401);
    }

    [Fact]
    public async Task Soft_deleting_twice_fails_with_40404()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.DeleteSubject("users-value");

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value"), 404, 40404, "was soft deleted");
    }

    [Fact]
    public async Task Deleting_an_unknown_subject_fails_with_40401()
    {
        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/nope"), 404, 40401, "Subject 'nope' not found.");
    }

    [Fact]
    public async Task Permanent_delete_before_soft_delete_fails_with_40405()
    {
        _registry.Register("users-value", Schemas.User);

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value?permanent=true"), 404, 40405);
    }

    [Fact]
    public async Task Permanent_delete_after_soft_delete_removes_subject_and_schema_id()
    {
        var id = _registry.Register("users-value", Schemas.User).Id;
        _registry.DeleteSubject("users-value");

        var response = await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value?permanent=true");

        Assert.Equal("[1]", await response.Content.ReadAsStringAsync());
        Assert.Empty(_registry.GetSubjects(includeDeleted: true));
        await AssertErrorAsync(await _sr.Http.GetAsync($"schemas/ids/{id}"), 404, 40403);
    }

    [Fact]
    public async Task Schema_ids_stay_readable_after_a_soft_delete()
    {
        var id = _registry.Register("users-value", Schemas.User).Id;
        _registry.DeleteSubject("users-value");

        Assert.Equal(System.Net.HttpStatusCode.OK, (await _sr.Http.GetAsync($"schemas/ids/{id}")).StatusCode);
    }

    [Fact]
    public async Task Re_registering_after_a_soft_delete_continues_the_version_numbers_with_the_same_id()
    {
        var first = _registry.Register("users-value", Schemas.User);
        _registry.DeleteSubject("users-value");

        var response = await _sr.PostSchemaAsync("subjects/users-value/versions", Schemas.User);

        Assert.Equal($$"""{"id":{{first.Id}}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Assert.Single(_registry.GetVersions("users-value")).Version);
    }

    [Fact]
    public void Versions_start_at_1_again_after_a_permanent_delete()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.DeleteSubject("users-value");
        _registry.DeleteSubject("users-value", permanent: true);

        Assert.Equal(1, _registry.Register("users-value", Schemas.User).Version);
    }

    [Fact]
    public async Task A_schema_referenced_by_a_live_schema_cannot_be_soft_deleted()
    {
        RegisterAddressAndCustomer();

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/address-value"), 422, 42206);
    }

    [Fact]
    public async Task A_schema_referenced_by_a_soft_deleted_schema_cannot_be_deleted_permanently()
    {
        RegisterAddressAndCustomer();
        _registry.DeleteSubject("customer-value");
        _registry.DeleteSubject("address-value");

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/address-value?permanent=true"), 422, 42206);
    }

    [Fact]
    public async Task Deleting_a_version_soft_then_permanently()
    {
        _registry.Register("users-value", Schemas.User);
        _registry.Register("users-value", Schemas.UserV2);

        Assert.Equal("1", await (await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/1")).Content.ReadAsStringAsync());
        Assert.Equal("1", await (await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/1?permanent=true")).Content.ReadAsStringAsync());

        Assert.Equal([2], _registry.GetVersions("users-value", includeDeleted: true).Select(v => v.Version));
    }

    [Fact]
    public async Task Deleting_a_version_twice_fails_with_40406()
    {
        _registry.Register("users-value", Schemas.User);
        await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/latest");

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/1"), 404, 40406);
    }

    [Fact]
    public async Task Permanently_deleting_a_live_version_fails_with_40407()
    {
        _registry.Register("users-value", Schemas.User);

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/1?permanent=true"), 404, 40407);
    }

    [Fact]
    public async Task Deleting_a_missing_version_fails_with_40402()
    {
        _registry.Register("users-value", Schemas.User);

        await AssertErrorAsync(await _sr.SendAsync(HttpMethod.Delete, "subjects/users-value/versions/7"), 404, 40402);
    }

    private void RegisterAddressAndCustomer()
    {
        _registry.Register("address-value", Schemas.Address);
        _registry.Register("customer-value", Schemas.Customer, SchemaFormat.Avro, [new SchemaRef("com.example.Address", "address-value", 1)]);
    }
}
