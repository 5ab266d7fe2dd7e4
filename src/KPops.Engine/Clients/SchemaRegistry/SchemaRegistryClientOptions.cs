using System.Globalization;
using System.Text;
using KPops.Engine.Clients.Http;
using KPops.Engine.Config;

namespace KPops.Engine.Clients.SchemaRegistry;

/// <summary>How <see cref="SchemaRegistryClient"/> reaches Schema Registry.</summary>
public sealed record SchemaRegistryClientOptions
{
    /// <summary>The registry URL, e.g. <c>http://schema-registry:8081</c>. User info in the URL is used for basic auth.</summary>
    public required string Url { get; init; }

    /// <summary>Timeout of each request; schema_registry.timeout, 30 s by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Basic-auth user; no Authorization header when null.</summary>
    public string? Username { get; init; }

    /// <summary>Basic-auth password.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// How many times the Confluent client sends a lookup, compatibility check or registration that failed with
    /// 408, 429 or 5xx (its own retry, with jittered exponential backoff); 1 sends each request once. Default 3.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The base delay of those retries. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay of those retries. Default 20 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

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

    // Records print every property; the password must not end up in a log through ToString().
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Url = {RestTransport.Redact(Url)}, Timeout = {Timeout}, Username = {Username}, Password = {(Password is null ? "" : "***")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"MaxAttempts = {MaxAttempts}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}");
        return true;
    }
}
