namespace KPops.Engine.Yaml;

/// <summary>
/// What reading one input file may cost: its size, how deep its collections nest, and how much its aliases may
/// expand. Every file and every text the engine parses is read within limits (the defaults, unless the
/// configuration's <c>limits</c> section raises them for pipeline, defaults and type files), so no input can
/// exhaust memory or the stack.
/// </summary>
public sealed record YamlLimits
{
    /// <summary>The limits used when none are configured.</summary>
    public static YamlLimits Default { get; } = new();

    /// <summary>Default of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 512;

    /// <summary>Default of <see cref="MaxAliases"/>.</summary>
    public const int DefaultMaxAliases = 10_000;

    /// <summary>Default of <see cref="MaxAliasNodes"/>.</summary>
    public const int DefaultMaxAliasNodes = 200_000;

    /// <summary>Default of <see cref="MaxFileBytes"/> (64 MiB).</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>How deep lists and mappings may nest (the document's top level is depth 1).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>How many aliases (<c>*name</c>, merge keys included) one document may use.</summary>
    public int MaxAliases { get; init; } = DefaultMaxAliases;

    /// <summary>How many nodes the aliases of one document may copy in total (what stops "billion laughs").</summary>
    public int MaxAliasNodes { get; init; } = DefaultMaxAliasNodes;

    /// <summary>The largest file read, in bytes.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;
}
