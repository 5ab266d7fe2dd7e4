using System.Text.RegularExpressions;

namespace KPops.HelpGen;

/// <summary>Reads the yaml block under a parameter heading (the PlatyPS v1 keys, nothing else).</summary>
internal static partial class ParameterYaml
{
    public const string Type = "Type";
    public const string ParameterSets = "Parameter Sets";
    public const string Aliases = "Aliases";
    public const string AcceptedValues = "Accepted values";
    public const string Required = "Required";
    public const string Position = "Position";
    public const string DefaultValue = "Default value";
    public const string PipelineInput = "Accept pipeline input";
    public const string Wildcards = "Accept wildcard characters";

    /// <summary>"(All)": the parameter is in every parameter set.</summary>
    public const string AllSets = "(All)";

    private static readonly string[] RequiredKeys = [Type, ParameterSets, Required, Position, PipelineInput, Wildcards];
    private static readonly string[] OptionalKeys = [Aliases, AcceptedValues, DefaultValue];

    [GeneratedRegex(@"^(False|True \((ByValue|ByPropertyName|FromRemainingArguments)(, (ByValue|ByPropertyName|FromRemainingArguments))*\))$", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineInputPattern();

    /// <summary>Parses <paramref name="yaml"/>, which starts at 1-based line <paramref name="firstLine"/> of <paramref name="file"/>.</summary>
    /// <exception cref="HelpFormatException">The block is not valid.</exception>
    public static ParameterMetadata Parse(string yaml, string file, int firstLine, string parameterName)
    {
        var values = ReadPairs(yaml, file, firstLine, parameterName);
        string Get(string key) => values.TryGetValue(key, out var v) ? v.Value : "";
        int LineOf(string key) => values.TryGetValue(key, out var v) ? v.Line : firstLine;
        HelpFormatException Invalid(string key, string expected) =>
            new(file, LineOf(key), $"-{parameterName}: '{key}: {Get(key)}' is not valid; expected {expected}.");

        foreach (var key in RequiredKeys)
        {
            if (!values.ContainsKey(key)) throw new HelpFormatException(file, firstLine, $"-{parameterName}: the yaml block has no '{key}:' line.");
        }
        if (Get(Type).Length == 0) throw Invalid(Type, "a type name such as String[]");
        if (!TryBool(Get(Required), out var required)) throw Invalid(Required, "True or False");
        if (!TryBool(Get(Wildcards), out var globbing)) throw Invalid(Wildcards, "True or False");
        var position = Get(Position);
        if (!string.Equals(position, "Named", StringComparison.OrdinalIgnoreCase) && !(int.TryParse(position, out var p) && p >= 0))
            throw Invalid(Position, "Named or a position number (0, 1, ...)");
        var pipeline = Get(PipelineInput);
        if (!PipelineInputPattern().IsMatch(pipeline)) throw Invalid(PipelineInput, "False, or True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue)");
        var sets = Get(ParameterSets);
        if (sets.Length == 0) throw Invalid(ParameterSets, "(All) or a comma-separated list of parameter set names");

        return new ParameterMetadata(
            Get(Type),
            sets == AllSets ? [] : Split(sets),
            Split(Get(Aliases)),
            Split(Get(AcceptedValues)),
            required,
            string.Equals(position, "Named", StringComparison.OrdinalIgnoreCase) ? "Named" : position,
            Get(DefaultValue) is { Length: > 0 } d ? d : "None",
            pipeline,
            globbing,
            firstLine);
    }

    // PlatyPS reads these blocks as "Key: value" lines, not as general YAML: values such as "*" or "{a, b}" are
    // plain text here, while a YAML parser would reject or reinterpret them.
    private static Dictionary<string, (string Value, int Line)> ReadPairs(string yaml, string file, int firstLine, string parameterName)
    {
        var result = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            var line = firstLine + i;
            if (text.Length == 0) continue;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new HelpFormatException(file, line, $"-{parameterName}: expected a 'Key: value' line in the yaml block, got '{text}'.");
            var key = text[..colon].Trim();
            if (!RequiredKeys.Concat(OptionalKeys).Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new HelpFormatException(file, line,
                    $"-{parameterName}: unknown key '{key}' in the yaml block; known keys: {string.Join(", ", RequiredKeys.Concat(OptionalKeys))}.");
            }
            if (result.ContainsKey(key)) throw new HelpFormatException(file, line, $"-{parameterName}: '{key}' appears twice in the yaml block.");
            result[key] = (text[(colon + 1)..].Trim(), line);
        }
        if (result.Count == 0) throw new HelpFormatException(file, firstLine, $"-{parameterName}: the yaml block is empty.");
        return result;
    }

    private static bool TryBool(string text, out bool value)
    {
        value = string.Equals(text, "True", StringComparison.OrdinalIgnoreCase);
        return value || string.Equals(text, "False", StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
