using KPops.Engine.Clients.Http;
using KPops.Engine.Config;

namespace KPops.Engine.Clients.Connect;

/// <summary>
/// How <see cref="KafkaConnectClient"/> reaches Kafka Connect and how long it waits out a rebalance: a request
/// answered with 409 (rebalancing, stale config) is sent up to 6 times in all, 200 ms apart at first, at most 5 s.
/// </summary>
public sealed record KafkaConnectClientOptions : HttpServiceOptions
{
    /// <summary>Options with Connect's retry defaults.</summary>
    public KafkaConnectClientOptions()
    {
        MaxAttempts = 6;
        RetryDelay = TimeSpan.FromMilliseconds(200);
        MaxRetryDelay = TimeSpan.FromSeconds(5);
    }

    /// <summary>The options of the <c>kafka_connect</c> section of the configuration.</summary>
    public static KafkaConnectClientOptions FromConfig(KpopsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KafkaConnectClientOptions
        {
            Url = config.KafkaConnectUrl,
            Timeout = config.KafkaConnectTimeout,
            Username = config.KafkaConnectUsername,
            Password = config.KafkaConnectPassword,
        };
    }
}
