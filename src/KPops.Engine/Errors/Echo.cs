using System.Globalization;
using System.Text;

namespace KPops.Engine.Errors;

/// <summary>
/// Input quoted in messages. Every value, key or name an error, warning or log line repeats goes through here, so a
/// 20 MB value or a 1 MB key never lands whole in a message, and a line break, terminal escape sequence or bidi
/// control inside a value shows as an escape instead of reshaping the message.
/// </summary>
public static class Echo
{
    /// <summary>How many characters of a value a message shows.</summary>
    public const int MaxLength = 80;

    /// <summary>The value cut to <paramref name="maxLength"/> characters, control characters escaped.</summary>
    public static string Text(string? value, int maxLength = MaxLength)
    {
        if (value is null) return "";
        var cut = value.Length > maxLength;
        var shown = cut ? value[..maxLength] : value;
        if (cut && shown.Length > 0 && char.IsHighSurrogate(shown[^1])) shown = shown[..^1];   // never half a character
        var builder = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
        {
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        if (cut) builder.Append("… (").Append(value.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters)");
        return builder.ToString();
    }

    /// <summary>The value in single quotes, cut and escaped like <see cref="Text"/>.</summary>
    public static string Quote(string? value, int maxLength = MaxLength) => "'" + Text(value, maxLength) + "'";
}
