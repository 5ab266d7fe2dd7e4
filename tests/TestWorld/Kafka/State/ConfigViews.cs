namespace KPops.TestWorld.Kafka.State;

/// <summary>One synonym of a described config: a layer that could supply the value, highest precedence first.</summary>
internal sealed record ConfigSynonymView(string Name, string? Value, ConfigSource Source);

/// <summary>A described config entry, as DescribeConfigs reports it.</summary>
internal sealed record ConfigEntryView(
    string Name,
    string? Value,
    ConfigSource Source,
    bool ReadOnly,
    IReadOnlyList<ConfigSynonymView> Synonyms)
{
    /// <summary>The v0 <c>is_default</c> flag: true when nothing above the built-in default sets the value.</summary>
    public bool IsDefault => Source == ConfigSource.DefaultConfig;
}
