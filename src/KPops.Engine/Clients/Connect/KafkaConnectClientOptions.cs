using System.Globalization;
using System.Text;
using KPops.Engine.Clients.Http;
using KPops.Engine.Config;

namespace KPops.Engine.Clients.Connect;

/// <summary>How <see cref="KafkaConnectClient"/> reaches Kafka Connect and how long it waits out a rebalance.</summary>
public sealed record KafkaConnectClientOptions
{
    /// <summary>The Connect REST URL, e.g. <c>http://connect:8083</c>. User info in the URL is used for basic auth.</summary>
    public required string Url { get; init; }

    /// <summary>Timeout of each request (each attempt of a retried one); kafka_connect.timeout, 30 s by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Basic-auth user; no Authorization header when null.</summary>
    public string? Username { get; init; }

    /// <summary>Basic-auth password.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// How many times a request answered with 409 (the cluster is rebalancing or its config is stale) is sent in
    /// all, including the first; 1 disables retries. Default 6.
    /// </summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The base delay before the first retry; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

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

    // Records print every property; the password must not end up in a log through ToString().
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Url = {RestTransport.Redact(Url)}, Timeout = {Timeout}, Username = {Username}, Password = {(Password is null ? "" : "***")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"MaxAttempts = {MaxAttempts}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}");
        return true;
    }
}
