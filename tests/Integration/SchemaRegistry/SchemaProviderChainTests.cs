using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Tests.Integration.Support;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>Several providers tried in order, and a provided schema registered end to end.</summary>
public sealed class SchemaProviderChainTests : IClassFixture<SchemaRegistryWorld>
{
    private static readonly Dictionary<string, string> NoModels = [];

    private readonly SchemaRegistryWorld _world;

    public SchemaProviderChainTests(SchemaRegistryWorld world)
    {
        _world = world;
        _world.Reset();
    }

    private sealed class Fixed(string schemaClass, string text, List<string>? asked = null) : ISchemaProvider
    {
        public SchemaDefinition? Provide(string name, IReadOnlyDictionary<string, string> models)
        {
            asked?.Add(text);
            return name == schemaClass ? new SchemaDefinition(text, SchemaType.Avro) : null;
        }
    }

    private sealed class Throwing : ISchemaProvider
    {
        public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models) =>
            throw new InvalidOperationException("broken provider");
    }

    private sealed class ModelsEcho : ISchemaProvider
    {
        public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models) =>
            new(string.Join(",", models.Select(kv => $"{kv.Key}={kv.Value}")), SchemaType.Json);
    }

    [Fact]
    public void The_first_provider_that_knows_the_class_wins_and_later_ones_are_not_asked()
    {
        var asked = new List<string>();
        var chain = new SchemaProviderChain(new Fixed("A", "first-a", asked), new Fixed("B", "second-b", asked), new Fixed("B", "third-b", asked));

        Assert.Equal("second-b", chain.Provide("B", NoModels)?.Text);
        Assert.Equal(["first-a", "second-b"], asked);
    }

    [Fact]
    public void No_provider_knowing_the_class_gives_null()
    {
        Assert.Null(new SchemaProviderChain(new Fixed("A", "a")).Provide("B", NoModels));
        Assert.Null(new SchemaProviderChain().Provide("B", NoModels));
    }

    [Fact]
    public void A_failing_provider_is_not_hidden()
    {
        var chain = new SchemaProviderChain(new Fixed("A", "a"), new Throwing());

        Assert.Equal("a", chain.Provide("A", NoModels)?.Text);
        Assert.Throws<InvalidOperationException>(() => chain.Provide("B", NoModels));
    }

    [Fact]
    public void The_models_reach_every_provider()
    {
        var chain = new SchemaProviderChain(new Fixed("A", "a"), new ModelsEcho());

        Assert.Equal("version=2", chain.Provide("B", new Dictionary<string, string> { ["version"] = "2" })?.Text);
    }

    [Fact]
    public void The_providers_are_kept_in_order()
    {
        var first = new Fixed("A", "a");
        var second = new Throwing();

        Assert.Equal(new ISchemaProvider[] { first, second }, new SchemaProviderChain(new List<ISchemaProvider> { first, second }).Providers);
    }

    [Fact]
    public async Task A_file_schema_found_through_the_chain_is_registered()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kpops-it-schemas-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "com", "example"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "com", "example", "User.avsc"), Schemas.User);
            var chain = new SchemaProviderChain(new Fixed("com.example.Other", "x"), new FileSchemaProvider(folder));
            using var client = new SchemaRegistryClient(_world.Options());
            var subject = Endpoints.Unique("users-value");

            var schema = chain.Provide("com.example.User", NoModels)!;
            await client.RegisterAsync(subject, schema, CancellationToken.None);

            Assert.True(await client.IsRegisteredAsync(subject, new SchemaDefinition(Schemas.User, SchemaType.Avro), CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
