using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.SchemaRegistry;
using Xunit;
using SchemaDefinition = KPops.Engine.Clients.SchemaDefinition;
using SchemaReference = KPops.Engine.Clients.SchemaReference;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>JSON Schema and Protobuf schemas, and references between schemas.</summary>
public sealed class SchemaRegistryTypesTests : IClassFixture<SchemaRegistryWorld>, IDisposable
{
    private readonly SchemaRegistryWorld _world;
    private readonly SchemaRegistryClient _client;

    public SchemaRegistryTypesTests(SchemaRegistryWorld world)
    {
        _world = world;
        _world.Reset();
        _client = new SchemaRegistryClient(world.Options());
    }

    public void Dispose() => _client.Dispose();

    private static CancellationToken None => CancellationToken.None;

    [Theory]
    [InlineData(SchemaType.Json, Schemas.JsonUser, SchemaFormat.Json)]
    [InlineData(SchemaType.Protobuf, Schemas.ProtobufUser, SchemaFormat.Protobuf)]
    [InlineData(SchemaType.Avro, Schemas.User, SchemaFormat.Avro)]
    public async Task Each_type_is_registered_as_that_type_and_found_again(SchemaType type, string text, SchemaFormat stored)
    {
        var subject = Endpoints.Unique($"users-{type}-value");
        var schema = new SchemaDefinition(text, type);

        var id = await _client.RegisterAsync(subject, schema, None);

        Assert.True(await _client.IsRegisteredAsync(subject, schema, None));
        Assert.True((await _client.CheckCompatibilityAsync(subject, schema, None)).IsCompatible);
        Assert.Equal(id, await _client.RegisterAsync(subject, schema, None));
        if (_world.Registry is { } registry) Assert.Equal(stored, Assert.Single(registry.GetVersions(subject)).Definition.Format);
    }

    [Fact]
    public async Task An_avro_schema_with_a_reference_is_registered_with_it()
    {
        var address = Endpoints.Unique("address-value");
        var customer = Endpoints.Unique("customer-value");
        await _client.RegisterAsync(address, new SchemaDefinition(Schemas.Address, SchemaType.Avro), None);
        var schema = new SchemaDefinition(Schemas.Customer, SchemaType.Avro, [new SchemaReference("com.example.Address", address, 1)]);

        await _client.RegisterAsync(customer, schema, None);

        Assert.True(await _client.IsRegisteredAsync(customer, schema, None));
        if (_world.Registry is { } registry)
            Assert.Equal([new SchemaRef("com.example.Address", address, 1)], Assert.Single(registry.GetVersions(customer)).Definition.References);
    }

    [Fact]
    public async Task A_protobuf_schema_with_an_import_is_registered_with_its_reference()
    {
        var address = Endpoints.Unique("address-proto-value");
        var customer = Endpoints.Unique("customer-proto-value");
        await _client.RegisterAsync(address, new SchemaDefinition(Schemas.ProtobufAddress, SchemaType.Protobuf), None);
        var schema = new SchemaDefinition(Schemas.ProtobufCustomer, SchemaType.Protobuf, [new SchemaReference("address.proto", address, 1)]);

        await _client.RegisterAsync(customer, schema, None);

        Assert.True(await _client.IsRegisteredAsync(customer, schema, None));
        Assert.True((await _client.CheckCompatibilityAsync(customer, schema, None)).IsCompatible);
        if (_world.Registry is { } registry)
        {
            var version = Assert.Single(registry.GetVersions(customer));
            Assert.Equal((SchemaFormat.Protobuf, new SchemaRef("address.proto", address, 1)), (version.Definition.Format, Assert.Single(version.Definition.References)));
        }
    }

    [Fact]
    public async Task A_reference_to_a_missing_subject_is_refused()
    {
        var schema = new SchemaDefinition(Schemas.Customer, SchemaType.Avro, [new SchemaReference("com.example.Address", Endpoints.Unique("nowhere-value"), 1)]);

        var e = await Assert.ThrowsAsync<ServiceException>(() => _client.RegisterAsync(Endpoints.Unique("customer-value"), schema, None));

        Assert.Equal(422, e.StatusCode);
    }
}
