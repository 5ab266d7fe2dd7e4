using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Specs;

/// <summary>When a field is left out of output.</summary>
public enum OmitRule
{
    /// <summary>Left out when null (pydantic's exclude_none).</summary>
    WhenNull,

    /// <summary>Left out when null or an empty list/mapping (KPOps' SerializeAsOptional).</summary>
    WhenEmpty,

    /// <summary>Never written by generate (repo_config, diff_config).</summary>
    Always,
}

/// <summary>One field of an <see cref="ObjectSpec"/>.</summary>
public sealed record FieldSpec
{
    /// <summary>Creates a field.</summary>
    public FieldSpec(string name, TypeSpec type, string description)
    {
        Name = name;
        Type = type;
        Description = description;
    }

    private readonly string _name = "";
    private readonly IReadOnlyList<string> _aliases = [];
    private readonly string[] _allNames = [];

    /// <summary>The key written in output (the alias for camelCase Helm values).</summary>
    public string Name
    {
        get => _name;
        init => (_name, _allNames) = (value, [value, .. _aliases]);
    }

    /// <summary>Other keys accepted on input (snake_case spellings, <c>from_</c>).</summary>
    public IReadOnlyList<string> Aliases
    {
        get => _aliases;
        init => (_aliases, _allNames) = (value, [_name, .. value]);
    }

    /// <summary>The value type.</summary>
    public TypeSpec Type { get; init; }

    /// <summary>Documentation, shown in JSON Schemas and help.</summary>
    public string Description { get; init; }

    /// <summary>A value must be given (directly or through defaults).</summary>
    public bool Required { get; init; }

    /// <summary>The default when the field is absent; null means "absent" (None).</summary>
    public Func<YNode>? Default { get; init; }

    /// <summary>An explicit null is accepted (Optional in the model).</summary>
    public bool Nullable { get; init; } = true;

    /// <summary>When output leaves the field out.</summary>
    public OmitRule Omit { get; init; } = OmitRule.WhenNull;

    /// <summary>An error message when the field is present at all (for keys that were removed or are forbidden).</summary>
    public string? Forbidden { get; init; }

    /// <summary>The error id reported for a <see cref="Forbidden"/> field (a removed setting has its own).</summary>
    public string ForbiddenErrorId { get; init; } = Errors.ErrorIds.UnknownField;

    /// <summary>Deprecated and ignored, with this explanation.</summary>
    public string? Deprecated { get; init; }

    /// <summary>Every key that names this field: the name, then the aliases (kept, not rebuilt on every lookup).</summary>
    public IReadOnlyList<string> AllNames => _allNames;
}
