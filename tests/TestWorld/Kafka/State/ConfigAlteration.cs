namespace KPops.TestWorld.Kafka.State;

/// <summary>IncrementalAlterConfigs operation codes.</summary>
internal enum AlterConfigOp : sbyte
{
    Set = 0,
    Delete = 1,
    Append = 2,
    Subtract = 3,
}

/// <summary>One requested config change.</summary>
internal sealed record ConfigChange(string Name, AlterConfigOp Op, string? Value);

/// <summary>
/// Validates and applies config changes to a set of overrides (a topic's dynamic configs or the broker's dynamic
/// layer), with the error codes a broker returns: INVALID_CONFIG for bad names/values on topics,
/// INVALID_REQUEST for duplicate keys, bad operations and broker configs that are not dynamically updatable.
/// </summary>
internal static class ConfigAlteration
{
    /// <summary>Checks topic configs given at creation (CreateTopics) or by tests.</summary>
    public static ApiError ValidateTopicConfigs(IEnumerable<KeyValuePair<string, string?>> configs)
    {
        foreach (var (name, value) in configs)
        {
            var error = ValidateOne(name, value, forBroker: false);
            if (error.IsError) return error;
        }
        return ApiError.None;
    }

    /// <summary>IncrementalAlterConfigs semantics; returns the new overrides or an error (and no change).</summary>
    public static (ApiError Error, Dictionary<string, string>? Result) Incremental(
        IReadOnlyDictionary<string, string> current,
        IReadOnlyList<ConfigChange> changes,
        bool forBroker,
        Func<string, string?> effectiveValue)
    {
        var duplicate = changes.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return (new(KafkaErrorCode.InvalidRequest, $"Error due to duplicate config keys: {duplicate.Key}"), null);

        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var definition = forBroker ? ConfigCatalog.FindBrokerConfig(change.Name) : ConfigCatalog.FindTopicConfig(change.Name);
            switch (change.Op)
            {
                case AlterConfigOp.Set:
                    var error = ValidateOne(change.Name, change.Value, forBroker);
                    if (error.IsError) return (error, null);
                    result[change.Name] = change.Value!;
                    break;
                case AlterConfigOp.Delete:
                    var nameError = ValidateName(change.Name, forBroker);
                    if (nameError.IsError) return (nameError, null);
                    result.Remove(change.Name);
                    break;
                case AlterConfigOp.Append:
                case AlterConfigOp.Subtract:
                    if (definition is null || definition.Type != ConfigType.List)
                        return (new(KafkaErrorCode.InvalidConfig,
                            $"Config value append is not allowed for config key: {change.Name}"), null);
                    // Kafka appends to / subtracts from the value currently in effect (override or default).
                    var items = ConfigLists.Split(result.TryGetValue(change.Name, out var own) ? own : effectiveValue(change.Name));
                    var delta = ConfigLists.Split(change.Value);
                    if (change.Op == AlterConfigOp.Append) items.AddRange(delta.Where(d => !items.Contains(d)));
                    else items.RemoveAll(delta.Contains);
                    var joined = ConfigLists.Join(items);
                    var listError = joined.Length == 0 ? ApiError.None : ValidateOne(change.Name, joined, forBroker);
                    if (listError.IsError) return (listError, null);
                    result[change.Name] = joined;
                    break;
                default:
                    return (new(KafkaErrorCode.InvalidRequest, $"Unknown config operation {(sbyte)change.Op} for {change.Name}"), null);
            }
        }
        return (ApiError.None, result);
    }

    /// <summary>Legacy AlterConfigs semantics: the given set replaces every override.</summary>
    public static (ApiError Error, Dictionary<string, string>? Result) Replace(
        IReadOnlyList<KeyValuePair<string, string?>> configs, bool forBroker)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in configs)
        {
            if (value is null)
                return (new(KafkaErrorCode.InvalidRequest, $"Null value not supported for {(forBroker ? "broker" : "topic")} configs: {name}"), null);
            var error = ValidateOne(name, value, forBroker);
            if (error.IsError) return (error, null);
            result[name] = value;
        }
        return (ApiError.None, result);
    }

    private static ApiError ValidateOne(string name, string? value, bool forBroker)
    {
        var nameError = ValidateName(name, forBroker);
        if (nameError.IsError) return nameError;
        if (value is null)
            return new(KafkaErrorCode.InvalidRequest, $"Null value not supported for {(forBroker ? "broker" : "topic")} configs: {name}");
        var definition = forBroker ? ConfigCatalog.FindBrokerConfig(name)! : ConfigCatalog.FindTopicConfig(name)!;
        var message = definition.Validate(value);
        return message is null ? ApiError.None : new(KafkaErrorCode.InvalidConfig, message);
    }

    /// <summary>Unknown topic configs are INVALID_CONFIG; broker configs that cannot change at runtime are INVALID_REQUEST.</summary>
    private static ApiError ValidateName(string name, bool forBroker)
    {
        if (forBroker)
            return ConfigCatalog.IsDynamicBrokerConfig(name)
                ? ApiError.None
                : new(KafkaErrorCode.InvalidRequest, $"Cannot update these configs dynamically: Set({name})");
        return ConfigCatalog.FindTopicConfig(name) is null
            ? new(KafkaErrorCode.InvalidConfig, $"Unknown topic config name: {name}")
            : ApiError.None;
    }
}
