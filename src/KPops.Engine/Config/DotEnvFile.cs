using System.Text;
using KPops.Engine.Errors;

namespace KPops.Engine.Config;

/// <summary>
/// Reads <c>.env</c> files as python-dotenv does: <c>KEY=value</c> lines, an optional <c>export</c>, single quotes
/// (literal), double quotes (escapes), <c>#</c> comments after unquoted values, and <c>${VAR}</c> expansion from
/// earlier entries and the environment in unquoted and double-quoted values.
/// </summary>
public static class DotEnvFile
{
    /// <summary>Parses a file. Later keys override earlier ones.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(path))
            throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The dotenv file '{path}' does not exist.", hint: "Check the -DotEnv path.");
        return Parse(File.ReadAllText(path), path, environment);
    }

    /// <summary>Parses text.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string file, IReadOnlyDictionary<string, string> environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new KPopsException(ErrorIds.DotEnvInvalid, ErrorKind.InvalidData, $"Expected KEY=value, got '{line}'.",
                    new SourceLocation(file, index + 1, 1), "Write one KEY=value per line.");
            }
            var key = line[..equals].Trim();
            var raw = line[(equals + 1)..].TrimStart();
            string value;
            if (raw.StartsWith('\'') || raw.StartsWith('"'))
            {
                var quote = raw[0];
                var builder = new StringBuilder(raw[1..]);
                // A quoted value may span lines until its closing quote.
                while (!ClosesQuote(builder.ToString(), quote) && index + 1 < lines.Length) builder.Append('\n').Append(lines[++index]);
                var body = builder.ToString();
                var end = ClosingIndex(body, quote);
                if (end < 0)
                    throw new KPopsException(ErrorIds.DotEnvInvalid, ErrorKind.InvalidData, $"Unclosed {quote} quote in the value of {key}.", new SourceLocation(file, index + 1, 1));
                body = body[..end];
                value = quote == '\'' ? body : Expand(Unescape(body), result, environment);
            }
            else
            {
                var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                value = Expand((comment >= 0 ? raw[..comment] : raw).TrimEnd(), result, environment);
            }
            result[key] = value;
        }
        return result;
    }

    private static bool ClosesQuote(string body, char quote) => ClosingIndex(body, quote) >= 0;

    private static int ClosingIndex(string body, char quote)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (quote == '"' && body[i] == '\\') { i++; continue; }
            if (body[i] == quote) return i;
        }
        return -1;
    }

    private static string Unescape(string value) => value
        .Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\t", "\t", StringComparison.Ordinal)
        .Replace("\\\"", "\"", StringComparison.Ordinal)
        .Replace("\\\\", "\\", StringComparison.Ordinal);

    private static string Expand(string value, Dictionary<string, string> earlier, IReadOnlyDictionary<string, string> environment)
    {
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
                    builder.Append(environment.TryGetValue(name, out var env) ? env : earlier.TryGetValue(name, out var prior) ? prior : fallback);
                    i = close;
                    continue;
                }
            }
            builder.Append(value[i]);
        }
        return builder.ToString();
    }
}
