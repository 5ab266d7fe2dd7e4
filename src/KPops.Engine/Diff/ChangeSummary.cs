using System.Globalization;
using System.Text.RegularExpressions;
using KPops.Engine.Lifecycle;

namespace KPops.Engine.Diff;

/// <summary>
/// One line that says what a step changes, for the plan table: <c>~ replicas 1→2, +2 env</c>, <c>+2 partitions</c>,
/// <c>config: retention.ms 7d→3d</c>, <c>+ new release (3 resources)</c>, <c>no change</c>. It is read from the
/// step's diff text as the step wrote it — never from the live or desired objects — so whatever the diff hides
/// (secret values) the summary cannot show.
/// </summary>
public static partial class ChangeSummary
{
    /// <summary>Summaries longer than this end with "(+N more)".</summary>
    public const int MaxLength = 80;

    private const int MaxValueLength = 24;

    /// <summary>The summary of a step result.</summary>
    public static string Of(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var diff = result.Diff ?? "";
        return result.Action switch
        {
            StepAction.Unchanged => "no change",
            StepAction.Skipped => "skipped" + Suffix(result.Message),
            StepAction.NotFound => "not found",
            StepAction.WouldFail => "fails: " + (result.Message ?? "a check failed"),
            StepAction.WouldDelete or StepAction.Deleted => "- " + Noun(result.Kind),
            StepAction.WouldReset or StepAction.Reset => "reset" + Suffix(result.Message),
            StepAction.WouldRun or StepAction.Ran => Noun(result.Kind) + " runs" + Suffix(result.Message),
            StepAction.WouldCreate or StepAction.Created => Created(result.Kind, diff, result.Message),
            _ => Updated(result.Kind, diff, result.Message),
        };
    }

    private static string Suffix(string? message) => message is { Length: > 0 } ? ": " + message.TrimEnd('.') : "";

    private static string Noun(ResourceKind kind) => kind switch
    {
        ResourceKind.HelmRelease => "release",
        ResourceKind.CleanupJob => "cleanup job",
        ResourceKind.Topic => "topic",
        ResourceKind.Subject => "subject",
        ResourceKind.Connector => "connector",
        ResourceKind.ConsumerGroup => "consumer group",
        _ => "volume claim",
    };

    private static string Created(ResourceKind kind, string diff, string? message)
    {
        var terms = new List<string> { "+ new " + Noun(kind) };
        switch (kind)
        {
            case ResourceKind.HelmRelease or ResourceKind.CleanupJob:
                var resources = ManifestSections(diff).Count;
                if (resources > 0) terms[0] += Invariant($" ({resources} resource{(resources == 1 ? "" : "s")})");
                break;
            case ResourceKind.Topic:
                var configs = 0;
                foreach (var line in ConfigLines(diff))
                {
                    if (line.Key == "partitions") terms.Add(line.After + " partitions");
                    else if (line.Key == "replication factor") terms.Add("replication " + line.After);
                    else configs++;
                }
                if (configs > 0) terms.Add(Invariant($"+{configs} config{(configs == 1 ? "" : "s")}"));
                break;
            case ResourceKind.Connector:
                var keys = ConfigLines(diff).Count;
                if (keys > 0) terms[0] += Invariant($" ({keys} config keys)");
                if (message is { Length: > 0 }) terms.Add(message.TrimEnd('.'));
                break;
            default:
                if (message is { Length: > 0 }) terms.Add(message.TrimEnd('.'));
                break;
        }
        return Join(terms);
    }

    private static string Updated(ResourceKind kind, string diff, string? message)
    {
        var terms = kind is ResourceKind.HelmRelease or ResourceKind.CleanupJob ? ManifestTerms(diff) : ConfigTerms(diff);
        // A message that explains an update without a diff (a failed revision deployed again, a connector's state).
        if (message is { Length: > 0 } && (terms.Count == 0 || kind == ResourceKind.Connector)) terms.Add(message.TrimEnd('.'));
        return terms.Count == 0 ? "~ " + Noun(kind) : Join(terms);
    }

    // Topic and connector diffs: "+ key: value", "- key: value", "~ key: old → new", "~ partitions: 1 → 3".
    private static List<string> ConfigTerms(string diff)
    {
        var terms = new List<string>();
        var config = new List<string>();
        foreach (var line in ConfigLines(diff))
        {
            if (line.Key == "partitions" && line.Sign == '~'
                && int.TryParse(line.Before, NumberStyles.Integer, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(line.After, NumberStyles.Integer, CultureInfo.InvariantCulture, out var to))
            {
                terms.Add(Invariant($"+{to - from} partitions"));
                continue;
            }
            config.Add(line.Sign switch
            {
                '~' => $"{line.Key} {Value(line.Key, line.Before)}→{Value(line.Key, line.After)}",
                '+' => $"+{line.Key}",
                _ => $"-{line.Key}",
            });
        }
        // One term per key, so a long list is cut by Join like any other.
        if (config.Count > 0) terms.AddRange(config.Select((term, i) => i == 0 ? "config: " + term : term));
        return terms;
    }

    private sealed record ConfigLine(char Sign, string Key, string? Before, string? After);

    private static List<ConfigLine> ConfigLines(string diff)
    {
        var lines = new List<ConfigLine>();
        foreach (var raw in diff.Split('\n'))
        {
            if (raw.Length < 3 || raw[1] != ' ' || raw[0] is not ('+' or '-' or '~')) continue;
            var text = raw[2..];
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? text.TrimEnd(':') : text[..colon];
            var value = colon < 0 ? "" : DefaultNote().Replace(text[(colon + 2)..], "");
            if (raw[0] == '~')
            {
                var arrow = value.IndexOf(" → ", StringComparison.Ordinal);
                lines.Add(arrow < 0 ? new ConfigLine('~', key, null, value) : new ConfigLine('~', key, value[..arrow], value[(arrow + 3)..]));
            }
            else lines.Add(new ConfigLine(raw[0], key, raw[0] == '-' ? value : null, raw[0] == '+' ? value : null));
        }
        return lines;
    }

    [GeneratedRegex(@" \((was default|falls back to default|broker default)[^)]*\)$")]
    private static partial Regex DefaultNote();

    // Manifest diffs (ManifestDiff.Render): "--- Kind/Name (ns) added|removed|changed", then "+ ", "- ", "  " lines.
    private sealed record Section(string Resource, string Verb, List<string> Lines);

    private static List<Section> ManifestSections(string diff)
    {
        var sections = new List<Section>();
        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                var words = line[4..].Split(' ');
                sections.Add(new Section(words[0], words[^1], []));
            }
            else if (sections.Count > 0 && line.Length > 0) sections[^1].Lines.Add(line);
        }
        return sections;
    }

    private static List<string> ManifestTerms(string diff)
    {
        var terms = new List<string>();
        foreach (var section in ManifestSections(diff))
        {
            switch (section.Verb)
            {
                case "added":
                    terms.Add("+ " + section.Resource);
                    break;
                case "removed":
                    terms.Add("- " + section.Resource);
                    break;
                default:
                    terms.AddRange(ChangedTerms(section.Lines));
                    break;
            }
        }
        return terms.Distinct(StringComparer.Ordinal).ToList();
    }

    // KeyIndent: where the key starts (after "- " on a list item's first line).
    private sealed record YamlLine(char Sign, int Indent, bool IsItem, string? Key, string? Value)
    {
        public int KeyIndent => IsItem ? Indent + 2 : Indent;
    }

    // Keys changed in place become "~ key old→new"; list items added or removed are counted under their list's key
    // ("+2 env"); other keys added or removed are named ("+ key"). Lines inside an added or removed block belong to it.
    private static List<string> ChangedTerms(List<string> lines)
    {
        var parsed = lines.Select(Parse).ToList();
        var terms = new List<string>();
        var counts = new Dictionary<(char Sign, string List), int>();
        var pending = new List<(int Index, YamlLine Line)>();
        (char Sign, int Indent)? block = null;
        for (var i = 0; i < parsed.Count; i++)
        {
            var line = parsed[i];
            if (line.Sign == ' ')
            {
                block = null;
                continue;
            }
            if (block is { } open && open.Sign == line.Sign && line.Indent > open.Indent) continue;
            block = null;
            if (line.IsItem)
            {
                var list = ListKey(parsed, i) ?? "items";
                counts[(line.Sign, list)] = counts.GetValueOrDefault((line.Sign, list)) + 1;
                block = (line.Sign, line.Indent);
                continue;
            }
            if (line.Key is null) continue;
            if (line.Value is null) block = (line.Sign, line.Indent);
            if (line.Sign == '+' && pending.FindIndex(p => p.Line.Key == line.Key && p.Line.Indent == line.Indent) is var match and >= 0)
            {
                var old = pending[match].Line;
                pending.RemoveAt(match);
                terms.Add(old.Value is not null && line.Value is not null
                    ? $"~ {line.Key} {Value(line.Key, old.Value)}→{Value(line.Key, line.Value)}"
                    : "~ " + line.Key);
                continue;
            }
            if (line.Sign == '-') pending.Add((i, line));
            else terms.Add("+ " + line.Key);
        }
        terms.AddRange(pending.Select(p => "- " + p.Line.Key));
        foreach (var ((sign, list), count) in counts) terms.Add(Invariant($"{sign}{count} {list}"));
        return terms;
    }

    // The key of the list an item belongs to: the nearest line above it that opens a block at or left of the item.
    private static string? ListKey(List<YamlLine> lines, int index)
    {
        var indent = lines[index].Indent;
        for (var i = index - 1; i >= 0; i--)
        {
            var line = lines[i];
            if (line.Key is not null && line.Value is null && line.KeyIndent <= indent) return line.Key;
            if (line.Indent < indent) return null;
        }
        return null;
    }

    private static YamlLine Parse(string raw)
    {
        var sign = raw.Length > 0 && raw[0] is '+' or '-' ? raw[0] : ' ';
        var text = raw.Length > 2 ? raw[2..] : "";
        var indent = text.Length - text.TrimStart(' ').Length;
        text = text.TrimStart(' ');
        if (text == "...") return new YamlLine(' ', indent, false, null, null);
        var isItem = text.StartsWith("- ", StringComparison.Ordinal) || text == "-";
        if (isItem) text = text.Length > 2 ? text[2..] : "";
        var match = KeyLine().Match(text);
        if (!match.Success) return new YamlLine(sign, indent, isItem, null, null);
        var value = match.Groups[2].Success ? match.Groups[2].Value : null;
        return new YamlLine(sign, indent, isItem, match.Groups[1].Value.Trim('"', '\''), value is { Length: > 0 } ? value : null);
    }

    [GeneratedRegex(@"^(""[^""]*""|'[^']*'|[^\s:][^:]*?):(?:\s+(.*))?$")]
    private static partial Regex KeyLine();

    // Durations in milliseconds read as 7d, 12h, 30m, 45s; long values are cut.
    private static string Value(string key, string? value)
    {
        value = (value ?? "").Trim();
        if (key.EndsWith(".ms", StringComparison.Ordinal) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
        {
            foreach (var (unit, size) in new[] { ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1_000L) })
            {
                if (ms % size == 0) return Invariant($"{ms / size}{unit}");
            }
        }
        return value.Length <= MaxValueLength ? value : value[..(MaxValueLength - 1)] + "…";
    }

    private static string Join(List<string> terms)
    {
        var text = "";
        for (var i = 0; i < terms.Count; i++)
        {
            var next = text.Length == 0 ? terms[i] : text + ", " + terms[i];
            if (next.Length > MaxLength && text.Length > 0) return text + Invariant($" (+{terms.Count - i} more)");
            text = next;
        }
        return text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
