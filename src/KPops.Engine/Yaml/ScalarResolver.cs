using System.Globalization;
using System.Text.RegularExpressions;

namespace KPops.Engine.Yaml;

/// <summary>
/// Types plain (unquoted) scalars the way PyYAML's SafeLoader does (YAML 1.1 implicit resolvers), because that is
/// what pipeline files mean to KPOps users: <c>on</c> is true, <c>0o17</c> is a string, <c>017</c> is 15, <c>1e5</c>
/// is a string, <c>3.6.1</c> is a string. Timestamps stay strings.
/// </summary>
public static partial class ScalarResolver
{
    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    /// <summary>Resolves the text of a plain scalar to null, bool, long, double or string.</summary>
    public static object? Resolve(string text)
    {
        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL") return null;
        if (BoolPattern().IsMatch(text)) return text[0] is 'y' or 'Y' or 't' or 'T' || text is "on" or "On" or "ON";
        if (IntPattern().IsMatch(text) && TryParseInt(text, out var number)) return number;
        if (FloatPattern().IsMatch(text)) return ParseFloat(text);
        return text;
    }

    /// <summary>True when a string written plain would not read back as the same string (so it must be quoted).</summary>
    public static bool NeedsQuotes(string text) => Resolve(text) is not string || LooksLikeYaml12NonString(text);

    // A value YAML 1.2 readers (helm, Go) would not take as a string, e.g. "1e5" or "0o17", is quoted too,
    // so values files mean the same to helm as to us.
    private static bool LooksLikeYaml12NonString(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0o", StringComparison.Ordinal) || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseInt(string text, out long value)
    {
        value = 0;
        var t = text.Replace("_", "", StringComparison.Ordinal);
        var negative = t.StartsWith('-');
        if (negative || t.StartsWith('+')) t = t[1..];
        ulong magnitude = 0;
        try
        {
            if (t.StartsWith("0b", StringComparison.Ordinal)) magnitude = Convert.ToUInt64(t[2..], 2);
            else if (t.StartsWith("0x", StringComparison.Ordinal)) magnitude = Convert.ToUInt64(t[2..], 16);
            else if (t.Contains(':', StringComparison.Ordinal))
            {
                foreach (var part in t.Split(':')) magnitude = checked(magnitude * 60 + ulong.Parse(part, CultureInfo.InvariantCulture));
            }
            else if (t.Length > 1 && t[0] == '0') magnitude = Convert.ToUInt64(t, 8);
            else magnitude = ulong.Parse(t, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is OverflowException or FormatException or ArgumentException)
        {
            return false;   // e.g. "0x_": only underscores after the prefix
        }
        // The magnitude is taken unsigned so that the smallest long (-9223372036854775808) is read too.
        if (negative && magnitude == (ulong)long.MaxValue + 1) value = long.MinValue;
        else if (magnitude > long.MaxValue) return false;
        else value = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }

    private static double ParseFloat(string text)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal);
        var lower = t.ToLowerInvariant();
        if (lower.EndsWith(".inf", StringComparison.Ordinal)) return t.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        if (lower == ".nan") return double.NaN;
        if (t.Contains(':', StringComparison.Ordinal))
        {
            var sign = t.StartsWith('-') ? -1 : 1;
            var parts = t.TrimStart('-', '+').Split(':');
            var result = 0.0;
            foreach (var part in parts) result = result * 60 + double.Parse(part, CultureInfo.InvariantCulture);
            return sign * result;
        }
        return double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
