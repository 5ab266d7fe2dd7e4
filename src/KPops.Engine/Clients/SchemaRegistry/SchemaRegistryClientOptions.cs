using KPops.Engine.Clients.Http;
using KPops.Engine.Config;

namespace KPops.Engine.Clients.SchemaRegistry;

/// <summary>
/// How <see cref="SchemaRegistryClient"/> reaches Schema Registry. The retries are the Confluent client's own, for
/// requests that failed with 408, 429 or 5xx: 3 attempts in all, 1 s apart at first, at most 20 s.
/// </summary>
public sealed record SchemaRegistryClientOptions : HttpServiceOptions
{
    /// <summary>Options with the Schema Registry client's retry defaults.</summary>
    public SchemaRegistryClientOptions()
    {
        MaxAttempts = 3;
        RetryDelay = TimeSpan.FromSeconds(1);
        MaxRetryDelay = TimeSpan.FromSeconds(20);
    }

    /// <summary>The options of the <c>schema_registry</c> section of the configuration.</summary>
    public static SchemaRegistryClientOptions FromConfig(KpopsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SchemaRegistryClientOptions
        {
            Url = config.SchemaRegistryUrl,
            Timeout = config.SchemaRegistryTimeout,
            Username = config.SchemaRegistryUsername,
            Password = config.SchemaRegistryPassword,
        };
    }
}
