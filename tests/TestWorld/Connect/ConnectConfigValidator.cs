namespace KPops.TestWorld.Connect;

/// <summary>
/// Validates a connector configuration the way a worker does: framework keys (<c>name</c>, <c>connector.class</c>,
/// <c>tasks.max</c>, and for sinks exactly one of <c>topics</c>/<c>topics.regex</c>) plus the plugin's rules.
/// </summary>
internal static class ConnectConfigValidator
{
    private const string CommonGroup = "Common";

    private static readonly ConfigRule[] FrameworkRules =
    [
        ConfigRule.RequiredKey("name") with { Group = CommonGroup },
        ConfigRule.RequiredKey("connector.class") with { Group = CommonGroup },
        ConfigRule.Custom("tasks.max", TasksMax) with { Group = CommonGroup },
    ];

    private static readonly ConfigRule[] SinkRules =
    [
        ConfigRule.Custom("topics", SinkTopics) with { Group = CommonGroup },
        ConfigRule.Custom("topics.regex", SinkTopics) with { Group = CommonGroup },
    ];

    /// <summary>The ConfigInfos answer of the validate endpoint (always produced, valid or not).</summary>
    public static ConfigInfosDto Validate(ConnectorPlugin plugin, IReadOnlyDictionary<string, string> config)
    {
        var rules = FrameworkRules.Concat(plugin.Type == ConnectorType.Sink ? SinkRules : []).Concat(plugin.Rules).ToList();
        var configs = rules.GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select((keyRules, order) => ToConfigInfo(keyRules.ToList(), config, order + 1))
            .ToList();
        return new ConfigInfosDto(plugin.Class, configs.Sum(c => c.Value.Errors.Count),
            rules.Select(r => r.Group).Distinct().ToList(), configs);
    }

    /// <summary>Throws Connect's 400 "Connector configuration is invalid…" when the config has errors.</summary>
    public static void EnsureValid(ConnectorPlugin plugin, IReadOnlyDictionary<string, string> config)
    {
        var errors = Validate(plugin, config).Configs.SelectMany(c => c.Value.Errors).ToList();
        if (errors.Count > 0) throw ConnectErrors.InvalidConfig(plugin.Class, errors);
    }

    private static ConfigInfoDto ToConfigInfo(List<ConfigRule> rules, IReadOnlyDictionary<string, string> config, int order)
    {
        var first = rules[0];
        var definition = new ConfigKeyDto(first.Key, "STRING", rules.Exists(r => r.Required), null, "HIGH", "", first.Group, order, "NONE", first.Key, []);
        var value = new ConfigValueDto(first.Key, config.GetValueOrDefault(first.Key),
            rules.SelectMany(r => r.AllowedValues ?? []).ToList(), rules.SelectMany(r => r.Validate(config)).ToList(), true);
        return new ConfigInfoDto(definition, value);
    }

    private static string? TasksMax(string? value, IReadOnlyDictionary<string, string> config)
    {
        if (value is null) return null;
        if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var tasks))
            return $"Invalid value {value} for configuration tasks.max: Not a number of type INT";
        return tasks < 1 ? $"Invalid value {value} for configuration tasks.max: Value must be at least 1" : null;
    }

    private static string? SinkTopics(string? value, IReadOnlyDictionary<string, string> config)
    {
        var hasTopics = !string.IsNullOrWhiteSpace(config.GetValueOrDefault("topics"));
        var hasRegex = !string.IsNullOrWhiteSpace(config.GetValueOrDefault("topics.regex"));
        return (hasTopics, hasRegex) switch
        {
            (true, true) => "topics and topics.regex are mutually exclusive options, but both are set.",
            (false, false) => "Must configure one of topics or topics.regex",
            _ => null,
        };
    }
}
