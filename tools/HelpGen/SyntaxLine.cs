using System.Text;

namespace KPops.HelpGen;

/// <summary>
/// Reads a syntax line as <c>Get-Command -Syntax</c> prints it, e.g.
/// <c>Get-Thing [-Path] &lt;string[]&gt; [[-Name] &lt;string&gt;] [-Type &lt;string&gt;] -Mode &lt;Mode&gt; [-Force] [&lt;CommonParameters&gt;]</c>.
/// </summary>
internal static class SyntaxLine
{
    /// <summary>The parameters in the order the line names them, and whether it ends with [&lt;CommonParameters&gt;].</summary>
    /// <exception cref="FormatException">The line is not a syntax line of <paramref name="commandName"/>.</exception>
    public static (List<SyntaxParameter> Parameters, bool CommonParameters) Parse(string line, string commandName)
    {
        var tokens = Tokenize(line.Trim());
        if (tokens.Count == 0 || !string.Equals(tokens[0], commandName, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"a syntax line must start with the command name '{commandName}'");
        var parameters = new List<SyntaxParameter>();
        var common = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var hasValue = i + 1 < tokens.Count && tokens[i + 1].StartsWith('<');
            if (token == "[<CommonParameters>]")
            {
                common = true;
            }
            else if (token.StartsWith("[[-", StringComparison.Ordinal))
            {
                // [[-Name] <T>]: optional, positional
                var close = token.IndexOf(']', StringComparison.Ordinal);
                parameters.Add(new SyntaxParameter(Name(token[3..close], line), false, true, false));
            }
            else if (token.StartsWith("[-", StringComparison.Ordinal) && token.EndsWith(']') && !token.Contains(' ', StringComparison.Ordinal))
            {
                // [-Name] <T>: mandatory, positional; [-Switch]: optional switch
                var name = Name(token[2..^1], line);
                if (hasValue)
                {
                    parameters.Add(new SyntaxParameter(name, true, true, false));
                    i++;
                }
                else
                {
                    parameters.Add(new SyntaxParameter(name, false, false, true));
                }
            }
            else if (token.StartsWith("[-", StringComparison.Ordinal) && token.EndsWith(']'))
            {
                // [-Name <T>]: optional, named
                parameters.Add(new SyntaxParameter(Name(token[2..token.IndexOf(' ', StringComparison.Ordinal)], line), false, false, false));
            }
            else if (token.StartsWith('-'))
            {
                // -Name <T>: mandatory, named; -Switch: mandatory switch
                parameters.Add(new SyntaxParameter(Name(token[1..], line), true, false, !hasValue));
                if (hasValue) i++;
            }
            else
            {
                throw new FormatException($"cannot read '{token}' in the syntax line");
            }
        }
        return (parameters, common);
    }

    private static string Name(string text, string line)
    {
        if (text.Length == 0 || !text.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new FormatException($"'{text}' is not a parameter name in '{line}'");
        return text;
    }

    /// <summary>Splits at spaces outside brackets; &lt;type&gt; and {values} are opaque (types may contain [ and ]).</summary>
    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        char? opaqueEnd = null;
        foreach (var c in line)
        {
            if (opaqueEnd is { } end)
            {
                current.Append(c);
                if (c == end) opaqueEnd = null;
                continue;
            }
            switch (c)
            {
                case '<':
                    opaqueEnd = '>';
                    break;
                case '{':
                    opaqueEnd = '}';
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ' ' when depth == 0:
                    if (current.Length > 0) tokens.Add(current.ToString());
                    current.Clear();
                    continue;
            }
            current.Append(c);
        }
        if (depth != 0 || opaqueEnd is not null) throw new FormatException("unbalanced brackets in the syntax line");
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
