using System.Globalization;
using KPops.Engine.Config;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Kafka;

/// <summary>
/// How the admin client reaches Kafka: <c>kafka_admin.bootstrap_servers</c> (else <c>kafka_brokers</c>),
/// <c>kafka_admin.timeout</c> and the librdkafka settings of <c>kafka_admin.config</c>. Also masks the secrets of those
/// settings in anything that is logged or shown.
/// </summary>
public sealed class KafkaAdminSettings
{
    /// <summary>kafka_admin.timeout when it is not set.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What a masked secret is replaced with.</summary>
    public const string Mask = "***";

    // KPops sets these itself; letting kafka_admin.config override them would make Endpoint lie in every message.
    private static readonly string[] ReservedKeys = ["bootstrap.servers", "metadata.broker.list"];

    private readonly string[] _secrets;

    /// <summary>Creates settings.</summary>
    /// <param name="bootstrapServers">Comma-separated <c>host:port</c> list.</param>
    /// <param name="timeout">How long one call may take in total; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="config">librdkafka settings (security.protocol, sasl.*, ssl.*, ...).</param>
    public KafkaAdminSettings(string bootstrapServers, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? config = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        var effectiveTimeout = timeout ?? DefaultTimeout;
        // librdkafka takes timeouts as int milliseconds.
        if (effectiveTimeout <= TimeSpan.Zero || effectiveTimeout.TotalMilliseconds >= int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(timeout), effectiveTimeout, "The timeout must be positive and below 24 days.");
        var copy = new Dictionary<string, string>(config ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var reserved = ReservedKeys.FirstOrDefault(copy.ContainsKey);
        if (reserved is not null)
            throw new ArgumentException($"'{reserved}' cannot be set in the librdkafka settings; it comes from the bootstrap servers.", nameof(config));

        BootstrapServers = bootstrapServers.Trim();
        Timeout = effectiveTimeout;
        Config = copy;
        // Longest first, so a secret that contains another one is masked as a whole.
        _secrets = copy.Where(c => IsSecretKey(c.Key) && c.Value.Length > 0).Select(c => c.Value).Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length).ToArray();
    }

    /// <summary>The bootstrap servers.</summary>
    public string BootstrapServers { get; }

    /// <summary>How long one call may take in total, waiting for the brokers included.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The librdkafka settings from <c>kafka_admin.config</c>, as given.</summary>
    public IReadOnlyDictionary<string, string> Config { get; }

    /// <summary>
    /// Reads <c>kafka_admin</c> from the configuration. Throws <see cref="KPopsException"/> (ConfigInvalid) for a
    /// timeout that is not positive or a <c>bootstrap.servers</c> inside <c>kafka_admin.config</c>.
    /// </summary>
    public static KafkaAdminSettings FromConfig(KpopsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (seconds, timeoutLocation) = config.KafkaAdminTimeoutSeconds;
        if (!(seconds > 0) || seconds >= int.MaxValue / 1000.0)
        {
            throw new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData,
                $"kafka_admin.timeout must be a positive number of seconds, got {seconds.ToString(CultureInfo.InvariantCulture)}.",
                timeoutLocation, "Set e.g. `kafka_admin: {timeout: 30}`.");
        }

        var librdkafka = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value, location) in config.KafkaAdminConfig)
        {
            if (ReservedKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData,
                    $"kafka_admin.config must not set {key}.", location,
                    "Set kafka_admin.bootstrap_servers instead (kafka_brokers is used when it is unset).");
            }
            if (value is not null) librdkafka[key] = value;
        }
        return new KafkaAdminSettings(config.AdminBootstrapServers, TimeSpan.FromSeconds(seconds), librdkafka);
    }

    /// <summary>
    /// True for settings whose value is a secret: names containing <c>password</c>, <c>secret</c> or <c>key</c>
    /// (which also catches key files and PEM keys), and <c>sasl.oauthbearer.config</c>, which usually carries client
    /// credentials.
    /// </summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Contains("password", StringComparison.OrdinalIgnoreCase)
            || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || key.Contains("key", StringComparison.OrdinalIgnoreCase)
            || key.Equals("sasl.oauthbearer.config", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Replaces every secret value of <see cref="Config"/> in <paramref name="text"/> with <see cref="Mask"/>.</summary>
    public string MaskSecrets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The settings for a log line, secrets masked.</summary>
    public string Describe()
    {
        var seconds = Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var settings = Config.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key + "=" + (IsSecretKey(c.Key) ? Mask : c.Value));
        return $"bootstrap={BootstrapServers}, timeout={seconds}s" + (Config.Count == 0 ? "" : ", " + string.Join(", ", settings));
    }

    /// <summary>The complete librdkafka configuration: KPops' defaults, then <see cref="Config"/>, then the bootstrap servers.</summary>
    internal Dictionary<string, string> ToClientConfig()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Shows up in broker logs and quotas.
            ["client.id"] = "kpops",
            // The admin client is a producer-type handle in librdkafka, where this defaults to true: a metadata
            // lookup of a missing topic could then create it on brokers with auto.create.topics.enable.
            ["allow.auto.create.topics"] = "false",
        };
        foreach (var (key, value) in Config) result[key] = value;
        result["bootstrap.servers"] = BootstrapServers;
        return result;
    }
}
