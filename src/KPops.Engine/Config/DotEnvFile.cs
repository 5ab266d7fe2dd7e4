using System.Text;
using KPops.Engine.Errors;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Config;

/// <summary>One <c>KEY=value</c> of a dotenv file and the line it starts on.</summary>
/// <param name="Key">The variable name.</param>
/// <param name="Value">The value, unquoted and expanded.</param>
/// <param name="Location">Where the entry starts.</param>
public sealed record DotEnvEntry(string Key, string Value, SourceLocation Location);

/// <summary>
/// Reads <c>.env</c> files as python-dotenv does: <c>KEY=value</c> lines, an optional <c>export</c>, single quotes
/// (literal), double quotes (escapes), <c>#</c> comments after unquoted values, and <c>${VAR}</c> expansion from
/// earlier entries and the environment in unquoted and double-quoted values.
/// </summary>
/// <remarks>
/// Expansion is held to a <see cref="SubstitutionBudget"/>: <c>A=${A}${A}</c> repeated doubles with every line.
/// Errors never repeat a line (it may hold a secret), only where it is.
/// </remarks>
public static class DotEnvFile
{
    /// <summary>Parses a file. Later keys override earlier ones.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path, IReadOnlyDictionary<string, string> environment) => ToDictionary(ReadEntries(path, environment));

    /// <summary>Parses a file into its entries, in file order.</summary>
    public static IReadOnlyList<DotEnvEntry> ReadEntries(string path, IReadOnlyDictionary<string, string> environment, SubstitutionBudget? budget = null)
    {
        if (!InputFile.Exists(path) && !Directory.Exists(path))
            throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The dotenv file {Echo.Quote(path, 300)} does not exist.", hint: "Check the -DotEnv path.");
        return ParseEntries(InputFile.ReadText(path), path, environment, budget);
    }

    /// <summary>Parses text.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string file, IReadOnlyDictionary<string, string> environment) =>
        ToDictionary(ParseEntries(text, file, environment));

    private static Dictionary<string, string> ToDictionary(IEnumerable<DotEnvEntry> entries)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries) result[entry.Key] = entry.Value;
        return result;
    }

    /// <summary>Parses text into its entries, in file order.</summary>
    public static IReadOnlyList<DotEnvEntry> ParseEntries(string text, string file, IReadOnlyDictionary<string, string> environment, SubstitutionBudget? budget = null)
    {
        budget ??= new SubstitutionBudget();
        var entries = new List<DotEnvEntry>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var location = new SourceLocation(file, index + 1, 1);
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new KPopsException(ErrorIds.DotEnvInvalid, ErrorKind.InvalidData, "This line is not a KEY=value entry.", location, "Write one KEY=value per line.");
            }
            var key = line[..equals].Trim();
            var raw = line[(equals + 1)..].TrimStart();
            string value;
            if (raw.StartsWith('\'') || raw.StartsWith('"'))
            {
                var quote = raw[0];
                var body = new StringBuilder(raw, 1, raw.Length - 1, raw.Length);
                // A quoted value may span lines until its closing quote; the text is scanned once, line by line.
                var scan = new QuoteScan(quote);
                var end = scan.Find(body);
                while (end < 0 && index + 1 < lines.Length)
                {
                    body.Append('\n').Append(lines[++index]);
                    end = scan.Find(body);
                }
                if (end < 0)
                {
                    throw new KPopsException(ErrorIds.DotEnvInvalid, ErrorKind.InvalidData, $"Unclosed {quote} quote in the value of {Echo.Quote(key)}: it opens here and is never closed.", location,
                        $"Close the value with {quote}.");
                }
                var inner = body.ToString(0, end);
                value = quote == '\'' ? inner : Expand(Unescape(inner), values, environment, budget, location);
            }
            else
            {
                var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                value = Expand((comment >= 0 ? raw[..comment] : raw).TrimEnd(), values, environment, budget, location);
            }
            values[key] = value;
            entries.Add(new DotEnvEntry(key, value, location));
        }
        return entries;
    }

    /// <summary>Finds the closing quote, continuing where the last call stopped (an escape may end one line).</summary>
    private sealed class QuoteScan(char quote)
    {
        private int _position;

        public int Find(StringBuilder body)
        {
            for (; _position < body.Length; _position++)
            {
                var c = body[_position];
                if (quote == '"' && c == '\\')
                {
                    _position++;
                    continue;
                }
                if (c == quote) return _position;
            }
            return -1;
        }
    }

    private static string Unescape(string value) => value
        .Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\t", "\t", StringComparison.Ordinal)
        .Replace("\\\"", "\"", StringComparison.Ordinal)
        .Replace("\\\\", "\\", StringComparison.Ordinal);

    private static string Expand(string value, Dictionary<string, string> earlier, IReadOnlyDictionary<string, string> environment, SubstitutionBudget budget, SourceLocation location)
    {
        if (!value.Contains("${", StringComparison.Ordinal)) return value;
        var maxLength = budget.LimitFor(value);
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close > 0)
                {
                    var spec = value[(i + 2)..close];
                    var split = spec.IndexOf(":-", StringComparison.Ordinal);
                    var name = split >= 0 ? spec[..split] : spec;
                    var fallback = split >= 0 ? spec[(split + 2)..] : "";
                    var replacement = environment.TryGetValue(name, out var env) ? env : earlier.TryGetValue(name, out var prior) ? prior : fallback;
                    if ((long)builder.Length + replacement.Length > maxLength) throw budget.TooLong(value, location);
                    builder.Append(replacement);
                    i = close;
                    continue;
                }
            }
            if (builder.Length >= maxLength) throw budget.TooLong(value, location);
            builder.Append(value[i]);
        }
        budget.Spend(builder.Length, value, location);
        return builder.ToString();
    }
}
