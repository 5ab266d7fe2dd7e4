using System.Globalization;
using System.Text;

namespace KPops.Engine.Clients.Http;

/// <summary>How a client reaches an HTTP service (Schema Registry, Kafka Connect): URL, timeout, basic auth, retries.</summary>
public abstract record HttpServiceOptions
{
    /// <summary>The service URL. User info in the URL is used for basic auth.</summary>
    public required string Url { get; init; }

    /// <summary>Timeout of each request (each attempt of a retried one); 30 s by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Basic-auth user; no Authorization header when null.</summary>
    public string? Username { get; init; }

    /// <summary>Basic-auth password.</summary>
    public string? Password { get; init; }

    /// <summary>How many times a retried request is sent in all, including the first; 1 disables retries.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The base delay before the first retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; }

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; }

    // Records print every property; the password must not end up in a log through ToString().
    /// <summary>Prints the options with the password masked.</summary>
    protected virtual bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(CultureInfo.InvariantCulture,
            $"Url = {RestTransport.Redact(Url)}, Timeout = {Timeout}, Username = {Username}, Password = {(Password is null ? "" : "***")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"MaxAttempts = {MaxAttempts}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}");
        return true;
    }
}
