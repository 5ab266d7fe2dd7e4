namespace KPops.TestWorld.Kafka.State;

/// <summary>
/// The broker's config layers, highest precedence first: dynamic per-broker values (set through
/// AlterConfigs/IncrementalAlterConfigs on the BROKER resource), static values (server.properties; set by tests
/// through <see cref="KafkaClusterState.SetBrokerConfig"/>) and Kafka's built-in defaults. Not thread-safe on its
/// own: <see cref="KafkaClusterState"/> guards it with its lock.
/// </summary>
internal sealed class BrokerConfigStore
{
    private readonly Dictionary<string, string> _static = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dynamic = new(StringComparer.Ordinal);

    public BrokerConfigStore() => Reset();

    /// <summary>Dynamic per-broker overrides.</summary>
    public Dictionary<string, string> Dynamic => _dynamic;

    public void Reset()
    {
        _dynamic.Clear();
        _static.Clear();
        foreach (var (name, value) in ConfigCatalog.InitialStaticBrokerConfigs) _static[name] = value;
    }

    public void SetStatic(string name, string? value)
    {
        if (value is null) _static.Remove(name);
        else _static[name] = value;
    }

    /// <summary>The value in effect (dynamic, else static, else default); null for unknown names without a value.</summary>
    public string? Effective(string name) => Layers(name).FirstOrDefault()?.Value;

    /// <summary>The broker config as int, for num.partitions and default.replication.factor.</summary>
    public int EffectiveInt(string name) =>
        int.Parse(Effective(name) ?? "1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every known or set broker config name.</summary>
    public IEnumerable<string> Names =>
        ConfigCatalog.BrokerConfigNames.Union(_static.Keys).Union(_dynamic.Keys).Order(StringComparer.Ordinal);

    /// <summary>The layers that hold a value for this broker config, highest precedence first.</summary>
    public List<ConfigSynonymView> Layers(string name)
    {
        var layers = new List<ConfigSynonymView>(3);
        if (_dynamic.TryGetValue(name, out var dynamicValue)) layers.Add(new(name, dynamicValue, ConfigSource.DynamicBrokerConfig));
        if (_static.TryGetValue(name, out var staticValue)) layers.Add(new(name, staticValue, ConfigSource.StaticBrokerConfig));
        var definition = ConfigCatalog.FindBrokerConfig(name);
        if (definition is not null) layers.Add(new(name, definition.DefaultValue, ConfigSource.DefaultConfig));
        return layers;
    }

    /// <summary>Describes a broker config.</summary>
    public ConfigEntryView DescribeBrokerConfig(string name)
    {
        var layers = Layers(name);
        var top = layers.FirstOrDefault() ?? new ConfigSynonymView(name, null, ConfigSource.Unknown);
        return new ConfigEntryView(name, top.Value, top.Source, !ConfigCatalog.IsDynamicBrokerConfig(name), layers);
    }

    /// <summary>
    /// Describes a topic config: the topic's own override (DYNAMIC_TOPIC_CONFIG) wins, else the broker synonym's
    /// layers supply value and source, as a real broker reports them.
    /// </summary>
    public ConfigEntryView DescribeTopicConfig(ConfigDefinition definition, string? topicOverride)
    {
        var layers = new List<ConfigSynonymView>(4);
        if (topicOverride is not null) layers.Add(new(definition.Name, topicOverride, ConfigSource.DynamicTopicConfig));
        layers.AddRange(Layers(definition.BrokerSynonym!));
        var top = layers[0];
        return new ConfigEntryView(definition.Name, top.Value, top.Source, ReadOnly: false, layers);
    }
}
