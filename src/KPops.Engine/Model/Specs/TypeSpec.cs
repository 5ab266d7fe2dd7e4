using System.Text.RegularExpressions;

namespace KPops.Engine.Model.Specs;

/// <summary>
/// The type of a field. Together with <see cref="ObjectSpec"/> this describes every file format the engine reads
/// once, and validation, defaults, generate output and the JSON Schemas are all derived from that description.
/// </summary>
public abstract record TypeSpec
{
    /// <summary>Human description of the type for error messages ("a string", "a list of strings").</summary>
    public abstract string Describe();

    /// <summary>Any value.</summary>
    public static readonly TypeSpec Any = new AnyType();

    /// <summary>A string.</summary>
    public static readonly TypeSpec Text = new StringType();

    /// <summary>An integer.</summary>
    public static readonly TypeSpec WholeNumber = new IntType();

    /// <summary>A boolean.</summary>
    public static readonly TypeSpec Bool = new BoolType();

    /// <summary>A number.</summary>
    public static readonly TypeSpec Number = new NumberType();

    /// <summary>A list of the given item type.</summary>
    public static TypeSpec ListOf(TypeSpec item) => new ListType(item);

    /// <summary>A mapping from strings to the given value type.</summary>
    public static TypeSpec MapOf(TypeSpec value) => new MapType(value);

    /// <summary>A string matching a pattern.</summary>
    public static TypeSpec Pattern(string pattern) => new StringType(pattern);

    /// <summary>One of the given strings.</summary>
    public static TypeSpec Enum(params string[] values) => new StringType(null, values);

    /// <summary>An object described by a spec.</summary>
    public static TypeSpec ObjectOf(ObjectSpec spec) => new ObjectType(spec);
}

/// <summary>Any YAML value.</summary>
public sealed record AnyType : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "any value";
}

/// <summary>
/// A string, optionally matching a pattern or one of fixed values. With <see cref="AcceptScalars"/>, numbers and
/// booleans are taken and turned into their text (as KPOps does for topic configs and connector settings).
/// </summary>
public sealed record StringType(string? RegexPattern = null, IReadOnlyList<string>? Allowed = null, bool AcceptScalars = false) : TypeSpec
{
    private Regex? _regex;

    /// <summary>The compiled pattern.</summary>
    public Regex? Regex => RegexPattern is null ? null : _regex ??= new Regex(RegexPattern, RegexOptions.CultureInvariant);

    /// <summary>
    /// True when the pattern matches the whole text. A pattern ending in <c>$</c> also matches before a final line
    /// break, so "abc\n" would pass <c>^.{0,63}$</c>; the match must span the text instead. (The pattern stays as
    /// written, because JSON Schema has no <c>\z</c>.)
    /// </summary>
    public bool Matches(string text) => Regex is not { } regex || regex.Match(text) is { Success: true, Index: 0 } match && match.Length == text.Length;

    /// <inheritdoc />
    public override string Describe() => Allowed is { Count: > 0 } ? "one of " + string.Join(", ", Allowed) : "a string";
}

/// <summary>An integer (strings of digits are accepted, as pydantic's lax mode does), optionally within bounds.</summary>
public sealed record IntType(long? Minimum = null, long? Maximum = null) : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "an integer";
}

/// <summary>A boolean (true/false/yes/no/on/off/1/0 strings are accepted).</summary>
public sealed record BoolType : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "true or false";
}

/// <summary>A number.</summary>
public sealed record NumberType : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "a number";
}

/// <summary>A list.</summary>
public sealed record ListType(TypeSpec Item) : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "a list";
}

/// <summary>A mapping with string keys.</summary>
public sealed record MapType(TypeSpec Value) : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "a mapping";
}

/// <summary>An object with named fields.</summary>
public sealed record ObjectType(ObjectSpec Spec) : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => "a mapping";
}

/// <summary>Either of several types; the first that accepts the value wins.</summary>
public sealed record UnionType(IReadOnlyList<TypeSpec> Options) : TypeSpec
{
    /// <inheritdoc />
    public override string Describe() => string.Join(" or ", Options.Select(o => o.Describe()));
}
