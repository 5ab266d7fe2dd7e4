namespace KPops.TestWorld.Connect;

/// <summary>
/// A validation rule for one configuration key of a connector plugin. Rules drive both
/// <c>PUT /connector-plugins/{class}/config/validate</c> (per-key errors) and connector creation/update
/// (400 "Connector configuration is invalid…").
/// </summary>
/// <param name="Key">The configuration key.</param>
public sealed record ConfigRule(string Key)
{
    /// <summary>Missing key ⇒ <c>Missing required configuration "key" which has no default value.</c></summary>
    public bool Required { get; init; }

    /// <summary>When set, a present value must be one of these (also returned as <c>recommended_values</c>).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Custom check: given the key's value (null when absent) and the whole config, an error message or null.</summary>
    public Func<string?, IReadOnlyDictionary<string, string>, string?>? Check { get; init; }

    /// <summary>Validation group shown in the definition (<c>Common</c> for framework keys).</summary>
    public string Group { get; init; } = "Connector";

    /// <summary>A required key.</summary>
    public static ConfigRule RequiredKey(string key) => new(key) { Required = true };

    /// <summary>A key whose value, when present, must be one of <paramref name="values"/>.</summary>
    public static ConfigRule OneOf(string key, params string[] values) => new(key) { AllowedValues = values };

    /// <summary>A key checked by <paramref name="check"/> (return an error message, or null when valid).</summary>
    public static ConfigRule Custom(string key, Func<string?, IReadOnlyDictionary<string, string>, string?> check) => new(key) { Check = check };

    /// <summary>The errors this rule finds in <paramref name="config"/>.</summary>
    internal IEnumerable<string> Validate(IReadOnlyDictionary<string, string> config)
    {
        var value = config.GetValueOrDefault(Key);
        if (Required && value is null) yield return $"Missing required configuration \"{Key}\" which has no default value.";
        if (value is not null && AllowedValues is not null && !AllowedValues.Contains(value))
            yield return $"Invalid value {value} for configuration {Key}: String must be one of: {string.Join(", ", AllowedValues)}";
        if (Check?.Invoke(value, config) is { } error) yield return error;
    }
}

/// <summary>An installed connector plugin: <c>{"class","type","version"}</c> plus its validation rules.</summary>
/// <param name="Class">Fully qualified class name.</param>
/// <param name="Type">Source or sink.</param>
/// <param name="Version">Plugin version.</param>
/// <param name="Rules">Rules for connector-specific keys (framework keys are always checked).</param>
public sealed record ConnectorPlugin(string Class, ConnectorType Type, string Version, IReadOnlyList<ConfigRule> Rules)
{
    /// <summary>The class name without its package.</summary>
    public string SimpleName => Class[(Class.LastIndexOf('.') + 1)..];
}
