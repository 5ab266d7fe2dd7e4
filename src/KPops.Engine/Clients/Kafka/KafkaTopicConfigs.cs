using System.Globalization;
using Ck = Confluent.Kafka.Admin;

namespace KPops.Engine.Clients.Kafka;

/// <summary>
/// Maps DescribeConfigs entries of a topic to <see cref="TopicConfigEntry"/>: the source, and the value a topic-level
/// setting falls back to when it is removed (what KPOps shows as "(was default X)" and "(fallback to default X)").
/// </summary>
internal static class KafkaTopicConfigs
{
    /// <summary>Converts one entry.</summary>
    internal static TopicConfigEntry ToEntry(Ck.ConfigEntryResult entry)
    {
        var source = ToSource(entry.Source);
        var value = entry.IsSensitive ? null : entry.Value;
        var synonyms = (entry.Synonyms ?? []).Select(s => (s.Name, (string?)s.Value, s.Source)).ToList();
        // An entry that is not set on the topic already shows the value the topic falls back to.
        var fallback = source == ConfigSource.DynamicTopic ? FallbackOf(entry.Name, synonyms) : value;
        return new TopicConfigEntry(entry.Name, value, source, fallback);
    }

    /// <summary>Where a value comes from, in the terms the lifecycle needs.</summary>
    internal static ConfigSource ToSource(Ck.ConfigSource source) => source switch
    {
        Ck.ConfigSource.DynamicTopicConfig => ConfigSource.DynamicTopic,
        Ck.ConfigSource.DynamicBrokerConfig or Ck.ConfigSource.DynamicDefaultBrokerConfig or Ck.ConfigSource.StaticBrokerConfig => ConfigSource.Broker,
        Ck.ConfigSource.DefaultConfig => ConfigSource.Default,
        _ => ConfigSource.Other,
    };

    /// <summary>
    /// The value a topic-level setting falls back to. Synonyms come in precedence order, the topic's own setting
    /// first, so the next one with a value is what applies once it is removed; failing that, the built-in default.
    /// </summary>
    internal static string? FallbackOf(string name, IReadOnlyList<(string Name, string? Value, Ck.ConfigSource Source)> synonyms)
    {
        var next = synonyms.SkipWhile(s => s.Source == Ck.ConfigSource.DynamicTopicConfig).FirstOrDefault(s => s.Value is not null);
        if (next.Name is null) next = synonyms.FirstOrDefault(s => s.Source == Ck.ConfigSource.DefaultConfig && s.Value is not null);
        return next.Name is null ? null : InTopicUnits(name, next.Name, next.Value!);
    }

    /// <summary>
    /// Broker synonyms may count in other units than the topic setting: retention.ms falls back to
    /// log.retention.hours (168 on a stock broker) when log.retention.ms is unset. Kafka reports the synonym's raw
    /// value, so convert it, as the broker does; negative means unlimited (-1).
    /// </summary>
    internal static string InTopicUnits(string topicConfig, string synonym, string value)
    {
        if (!topicConfig.EndsWith(".ms", StringComparison.Ordinal)) return value;
        long factor = synonym.EndsWith(".hours", StringComparison.Ordinal) ? 3_600_000
            : synonym.EndsWith(".minutes", StringComparison.Ordinal) ? 60_000
            : 1;
        if (factor == 1 || !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) return value;
        var millis = number < 0 ? -1 : number > long.MaxValue / factor ? long.MaxValue : number * factor;
        return millis.ToString(CultureInfo.InvariantCulture);
    }
}
