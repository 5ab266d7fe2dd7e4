using System.Globalization;

namespace KPops.TestWorld.Kafka.State;

/// <summary>Value type of a config, used to validate values the way a broker's ConfigDef does.</summary>
internal enum ConfigType
{
    String,
    Int,
    Long,
    Double,
    Boolean,
    List,
}

/// <summary>Where a described config value comes from (the <c>config_source</c> of DescribeConfigs v1).</summary>
internal enum ConfigSource : sbyte
{
    Unknown = 0,
    DynamicTopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,
    StaticBrokerConfig = 4,
    DefaultConfig = 5,
}

/// <summary>One known config key.</summary>
/// <param name="Name">Config name.</param>
/// <param name="DefaultValue">Kafka's built-in default.</param>
/// <param name="Type">Value type.</param>
/// <param name="BrokerSynonym">For topic configs: the broker config that supplies the default.</param>
/// <param name="ValidValues">Allowed values (every element for lists), or null for any value of the type.</param>
internal sealed record ConfigDefinition(
    string Name,
    string? DefaultValue,
    ConfigType Type,
    string? BrokerSynonym = null,
    IReadOnlyList<string>? ValidValues = null)
{
    /// <summary>Checks a value the way the broker would, returning an INVALID_CONFIG message or null.</summary>
    public string? Validate(string value)
    {
        var ok = Type switch
        {
            ConfigType.Int => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            ConfigType.Long => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            ConfigType.Double => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ConfigType.Boolean => bool.TryParse(value, out _),
            _ => true,
        };
        if (!ok) return $"Invalid value {value} for configuration {Name}: Not a number of type {Type.ToString().ToUpperInvariant()}";
        if (ValidValues is null) return null;
        var items = Type == ConfigType.List ? ConfigLists.Split(value) : [value];
        var bad = items.FirstOrDefault(i => !ValidValues.Contains(i, StringComparer.Ordinal));
        return bad is null ? null : $"Invalid value {bad} for configuration {Name}: String must be one of: {string.Join(", ", ValidValues)}";
    }
}

/// <summary>Comma-separated list values (cleanup.policy and the like).</summary>
internal static class ConfigLists
{
    public static List<string> Split(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    public static string Join(IEnumerable<string> items) => string.Join(",", items);
}

/// <summary>
/// The config keys the double knows, with Kafka 3.x/4.x defaults. Topic configs get their default from a broker
/// synonym, which is why DescribeConfigs on a topic reports STATIC_BROKER_CONFIG when the broker value was set.
/// </summary>
internal static class ConfigCatalog
{
    private const string LongMax = "9223372036854775807";

    /// <summary>Topic-level configs; each has a broker synonym.</summary>
    public static readonly IReadOnlyList<ConfigDefinition> TopicConfigs =
    [
        new("cleanup.policy", "delete", ConfigType.List, "log.cleanup.policy", ["compact", "delete"]),
        new("compression.type", "producer", ConfigType.String, "compression.type", ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
        new("delete.retention.ms", "86400000", ConfigType.Long, "log.cleaner.delete.retention.ms"),
        new("file.delete.delay.ms", "60000", ConfigType.Long, "log.segment.delete.delay.ms"),
        new("flush.messages", LongMax, ConfigType.Long, "log.flush.interval.messages"),
        new("flush.ms", LongMax, ConfigType.Long, "log.flush.interval.ms"),
        new("index.interval.bytes", "4096", ConfigType.Int, "log.index.interval.bytes"),
        new("local.retention.bytes", "-2", ConfigType.Long, "log.local.retention.bytes"),
        new("local.retention.ms", "-2", ConfigType.Long, "log.local.retention.ms"),
        new("max.compaction.lag.ms", LongMax, ConfigType.Long, "log.cleaner.max.compaction.lag.ms"),
        new("max.message.bytes", "1048588", ConfigType.Int, "message.max.bytes"),
        new("message.timestamp.after.max.ms", "3600000", ConfigType.Long, "log.message.timestamp.after.max.ms"),
        new("message.timestamp.before.max.ms", LongMax, ConfigType.Long, "log.message.timestamp.before.max.ms"),
        new("message.timestamp.type", "CreateTime", ConfigType.String, "log.message.timestamp.type", ["CreateTime", "LogAppendTime"]),
        new("min.cleanable.dirty.ratio", "0.5", ConfigType.Double, "log.cleaner.min.cleanable.ratio"),
        new("min.compaction.lag.ms", "0", ConfigType.Long, "log.cleaner.min.compaction.lag.ms"),
        new("min.insync.replicas", "1", ConfigType.Int, "min.insync.replicas"),
        new("preallocate", "false", ConfigType.Boolean, "log.preallocate"),
        new("retention.bytes", "-1", ConfigType.Long, "log.retention.bytes"),
        new("retention.ms", "604800000", ConfigType.Long, "log.retention.ms"),
        new("segment.bytes", "1073741824", ConfigType.Int, "log.segment.bytes"),
        new("segment.index.bytes", "10485760", ConfigType.Int, "log.index.size.max.bytes"),
        new("segment.jitter.ms", "0", ConfigType.Long, "log.roll.jitter.ms"),
        new("segment.ms", "604800000", ConfigType.Long, "log.roll.ms"),
        new("unclean.leader.election.enable", "false", ConfigType.Boolean, "unclean.leader.election.enable"),
    ];

    /// <summary>
    /// Broker configs that are not a topic synonym. They are read-only (not dynamically updatable), as
    /// <c>num.partitions</c> and <c>default.replication.factor</c> are on a real broker.
    /// </summary>
    public static readonly IReadOnlyList<ConfigDefinition> BrokerOnlyConfigs =
    [
        new("auto.create.topics.enable", "true", ConfigType.Boolean),
        new("broker.id", "1", ConfigType.Int),
        new("default.replication.factor", "1", ConfigType.Int),
        new("delete.topic.enable", "true", ConfigType.Boolean),
        new("group.initial.rebalance.delay.ms", "3000", ConfigType.Int),
        new("log.retention.hours", "168", ConfigType.Int),
        new("node.id", "1", ConfigType.Int),
        new("num.io.threads", "8", ConfigType.Int),
        new("num.network.threads", "3", ConfigType.Int),
        new("num.partitions", "1", ConfigType.Int),
        new("offsets.retention.minutes", "10080", ConfigType.Int),
        new("offsets.topic.num.partitions", "50", ConfigType.Int),
        new("offsets.topic.replication.factor", "3", ConfigType.Int),
    ];

    /// <summary>
    /// Values a single-node development broker would have in its server.properties (source STATIC_BROKER_CONFIG).
    /// <c>auto.create.topics.enable=false</c> states what the double does: it never creates topics implicitly.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> InitialStaticBrokerConfigs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auto.create.topics.enable"] = "false",
        ["offsets.topic.replication.factor"] = "1",
    };

    private static readonly Dictionary<string, ConfigDefinition> TopicByName =
        TopicConfigs.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every broker config: the synonyms of topic configs (dynamically updatable) and the broker-only ones.</summary>
    private static readonly Dictionary<string, (ConfigDefinition Definition, bool Dynamic)> BrokerByName =
        TopicConfigs
            .Select(t => (Definition: new ConfigDefinition(t.BrokerSynonym!, t.DefaultValue, t.Type, null, t.ValidValues), Dynamic: true))
            .Concat(BrokerOnlyConfigs.Select(b => (Definition: b, Dynamic: false)))
            .ToDictionary(x => x.Definition.Name, StringComparer.Ordinal);

    public static ConfigDefinition? FindTopicConfig(string name) => TopicByName.GetValueOrDefault(name);

    public static ConfigDefinition? FindBrokerConfig(string name) =>
        BrokerByName.TryGetValue(name, out var entry) ? entry.Definition : null;

    public static bool IsDynamicBrokerConfig(string name) => BrokerByName.TryGetValue(name, out var e) && e.Dynamic;

    /// <summary>Broker config names in a stable order.</summary>
    public static IEnumerable<string> BrokerConfigNames => BrokerByName.Keys.Order(StringComparer.Ordinal);
}
