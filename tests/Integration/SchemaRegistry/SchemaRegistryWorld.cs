using KPops.Engine.Clients.SchemaRegistry;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.SchemaRegistry;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>
/// The registry of one test class: the double, or the real registry named by KPOPS_TEST_SR_URL. Tests that need
/// the double's state, log or faults are marked <c>[DoubleOnlyFact]</c> (skipped against a real registry) and reach the double through <see cref="RequireDouble"/>.
/// </summary>
public sealed class SchemaRegistryWorld : IAsyncLifetime
{
    public const string Trait = "World";
    public const string DoubleOnly = "DoubleOnly";

    /// <summary>The double, or null against a real registry.</summary>
    public SchemaRegistryDouble? Registry { get; private set; }

    /// <summary>The double, for tests marked <c>[DoubleOnlyFact]</c> (which are skipped against a real registry).</summary>
    public SchemaRegistryDouble RequireDouble() => Registry ?? throw new InvalidOperationException("This test needs the Schema Registry double; mark it [DoubleOnlyFact].");

    public string Endpoint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Endpoints.FromEnvironment(Endpoints.SchemaRegistryVariable) is { } url)
        {
            Endpoint = url;
            return;
        }
        Registry = await SchemaRegistryDouble.StartAsync();
        Endpoint = Registry.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
    }

    /// <summary>Back to an empty registry (the double only; a real registry is shared, so tests use unique subjects).</summary>
    public void Reset() => Registry?.Reset();

    /// <summary>Options with a short timeout and quick retries, so failing tests fail fast.</summary>
    public SchemaRegistryClientOptions Options(string? url = null) => new()
    {
        Url = url ?? Endpoint,
        Timeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };
}

/// <summary>Schemas used by the registry tests.</summary>
internal static class Schemas
{
    public const string User = """{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"string"}]}""";

    public const string UserV2 = """{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"age","type":["null","int"],"default":null}]}""";

    /// <summary>Not backward compatible with <see cref="User"/>: a new field without a default.</summary>
    public const string UserIncompatible = """{"type":"record","name":"User","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"email","type":"string"}]}""";

    public const string Address = """{"type":"record","name":"Address","namespace":"com.example","fields":[{"name":"street","type":"string"}]}""";

    public const string Customer = """{"type":"record","name":"Customer","namespace":"com.example","fields":[{"name":"address","type":"com.example.Address"}]}""";

    public const string JsonUser = """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"id":{"type":"string"}}}""";

    public const string ProtobufAddress = "syntax = \"proto3\";\npackage com.example;\n\nmessage Address {\n  string street = 1;\n}\n";

    public const string ProtobufCustomer = "syntax = \"proto3\";\npackage com.example;\n\nimport \"address.proto\";\n\nmessage Customer {\n  com.example.Address address = 1;\n}\n";

    public const string ProtobufUser = "syntax = \"proto3\";\npackage com.example;\n\nmessage User {\n  string id = 1;\n}\n";
}
