using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace KPops.Engine.Substitution;

/// <summary>
/// Python <c>string.Template.safe_substitute</c> with KPOps' identifier pattern: <c>$name</c> or <c>${name}</c>,
/// names <c>[_a-z][_.a-z0-9]*</c> (ASCII, case-insensitive), unknown names stay as written, <c>$$</c> becomes
/// <c>$</c>. Hyphens end a name, so <c>${my-var}</c> is never substituted.
/// </summary>
public static partial class Template
{
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_.a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_.a-zA-Z0-9]*)\}|(?<invalid>))", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Normalises a variable name for lookup: dots and double underscores are the same separator.</summary>
    public static string NormalizeName(string name) => name.Replace(".", "__", StringComparison.Ordinal);

    /// <summary>Substitutes once. <paramref name="lookup"/> gets normalised names and returns null for unknown ones.</summary>
    public static string SafeSubstitute(string text, Func<string, string?> lookup) =>
        TrySafeSubstitute(text, lookup, int.MaxValue, out var result) ? result : throw new InvalidOperationException("The substituted text exceeds the largest string.");

    /// <summary>
    /// Substitutes once like <see cref="SafeSubstitute"/>, but stops as soon as the result would be longer than
    /// <paramref name="maxLength"/>: false then, and <paramref name="result"/> is null.
    /// </summary>
    public static bool TrySafeSubstitute(string text, Func<string, string?> lookup, int maxLength, [NotNullWhen(true)] out string? result)
    {
        result = null;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            if (text.Length > maxLength) return false;
            result = text;
            return true;
        }
        var builder = new StringBuilder();
        var position = 0;
        for (var match = Pattern().Match(text); match.Success; match = match.NextMatch())
        {
            string replacement;
            if (match.Groups["escaped"].Success) replacement = "$";
            else
            {
                var name = match.Groups["named"].Success ? match.Groups["named"].Value
                    : match.Groups["braced"].Success ? match.Groups["braced"].Value
                    : null;
                replacement = (name is null ? null : lookup(NormalizeName(name))) ?? match.Value;
            }
            if ((long)builder.Length + (match.Index - position) + replacement.Length > maxLength) return false;
            builder.Append(text, position, match.Index - position).Append(replacement);
            position = match.Index + match.Length;
        }
        if ((long)builder.Length + (text.Length - position) > maxLength) return false;
        result = builder.Append(text, position, text.Length - position).ToString();
        return true;
    }

    /// <summary>The placeholders in a text, as written (for messages).</summary>
    public static IEnumerable<string> Placeholders(string text)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            var name = match.Groups["named"].Success ? match.Groups["named"].Value
                : match.Groups["braced"].Success ? match.Groups["braced"].Value : null;
            if (name is not null) yield return name;
        }
    }

    /// <summary>Python's <c>repr()</c> of a string, used when lists are inserted into text.</summary>
    internal static string PythonRepr(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }
        return builder.Append(quote).ToString();
    }
}
