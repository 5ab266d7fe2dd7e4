namespace KPops.TestWorld.Connect;

/// <summary>
/// The worker's plugin table: a few realistic defaults, plugins added by tests, and how a
/// <c>connector.class</c> value (full name, simple name, or alias without the <c>Connector</c> suffix) finds one.
/// </summary>
internal sealed class ConnectPlugins
{
    private const string KafkaVersion = "3.9.0";

    private readonly Lock _gate = new();
    private readonly List<ConnectorPlugin> _plugins = [];

    public ConnectPlugins() => Reset();

    /// <summary>
    /// When true (the default), an unregistered class whose simple name contains "Sink" or "Source" is accepted
    /// as a rule-less plugin of that type, so tests need not register every connector class they use.
    /// </summary>
    public bool InferUnknown { get; set; } = true;

    public IReadOnlyList<ConnectorPlugin> All
    {
        get { lock (_gate) { return _plugins.OrderBy(p => p.Class, StringComparer.Ordinal).ToList(); } }
    }

    /// <summary>Adds a plugin, replacing one with the same class.</summary>
    public void Add(ConnectorPlugin plugin)
    {
        lock (_gate)
        {
            _plugins.RemoveAll(p => p.Class == plugin.Class);
            _plugins.Add(plugin);
        }
    }

    /// <summary>The plugin for a class name, or a 400 error naming the available ones (as Connect answers).</summary>
    public ConnectorPlugin Resolve(string connectorClass)
    {
        lock (_gate)
        {
            var wanted = Normalize(connectorClass);
            var found = _plugins.Find(p => p.Class == connectorClass)
                ?? _plugins.Find(p => Normalize(p.SimpleName) == wanted || Normalize(p.Class) == wanted);
            if (found is not null) return found;
        }

        var simple = connectorClass[(connectorClass.LastIndexOf('.') + 1)..];
        if (InferUnknown && simple.Contains("Sink", StringComparison.Ordinal)) return new ConnectorPlugin(connectorClass, ConnectorType.Sink, "unknown", []);
        if (InferUnknown && simple.Contains("Source", StringComparison.Ordinal)) return new ConnectorPlugin(connectorClass, ConnectorType.Source, "unknown", []);
        throw ConnectErrors.BadRequest(
            $"Failed to find any class that implements Connector and which name matches {connectorClass}, available connectors are: {string.Join(", ", All.Select(p => p.Class))}");
    }

    /// <summary>Whether a <c>connector.class</c> value names the plugin given in a validate URL (Connect's suffix rule).</summary>
    public static bool Matches(string connectorClass, string pathClass) =>
        Normalize(connectorClass).EndsWith(Normalize(pathClass), StringComparison.Ordinal);

    public void Reset()
    {
        lock (_gate)
        {
            _plugins.Clear();
            _plugins.AddRange(Defaults());
        }
        InferUnknown = true;
    }

    private static string Normalize(string name) =>
        name.EndsWith("Connector", StringComparison.Ordinal) ? name[..^"Connector".Length] : name;

    private static IEnumerable<ConnectorPlugin> Defaults() =>
    [
        new("io.confluent.connect.jdbc.JdbcSinkConnector", ConnectorType.Sink, "10.8.0",
            [ConfigRule.RequiredKey("connection.url"), ConfigRule.OneOf("insert.mode", "insert", "upsert", "update")]),
        new("io.confluent.connect.jdbc.JdbcSourceConnector", ConnectorType.Source, "10.8.0",
            [ConfigRule.RequiredKey("connection.url"), ConfigRule.OneOf("mode", "bulk", "timestamp", "incrementing", "timestamp+incrementing")]),
        new("com.github.jcustenborder.kafka.connect.redis.RedisSinkConnector", ConnectorType.Sink, "0.0.8", []),
        new("io.confluent.connect.s3.S3SinkConnector", ConnectorType.Sink, "10.6.0",
            [ConfigRule.RequiredKey("s3.bucket.name"), ConfigRule.RequiredKey("storage.class"), ConfigRule.RequiredKey("format.class")]),
        new("io.confluent.connect.elasticsearch.ElasticsearchSinkConnector", ConnectorType.Sink, "14.1.0",
            [ConfigRule.RequiredKey("connection.url")]),
        new("org.apache.kafka.connect.file.FileStreamSinkConnector", ConnectorType.Sink, KafkaVersion, []),
        new("org.apache.kafka.connect.file.FileStreamSourceConnector", ConnectorType.Source, KafkaVersion, [ConfigRule.RequiredKey("topic")]),
        new("org.apache.kafka.connect.mirror.MirrorSourceConnector", ConnectorType.Source, KafkaVersion, []),
        new("io.debezium.connector.postgresql.PostgresConnector", ConnectorType.Source, "2.7.3.Final",
            [ConfigRule.RequiredKey("database.hostname"), ConfigRule.RequiredKey("topic.prefix")]),
    ];
}
