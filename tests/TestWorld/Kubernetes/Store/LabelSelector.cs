namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// A parsed <c>labelSelector</c>: comma-joined requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) => _requirements = requirements;

    /// <summary>Matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; null or empty matches everything.</summary>
    /// <exception cref="ApiException">BadRequest for a malformed selector.</exception>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return Everything;
        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var term in SplitTerms(selector))
        {
            requirements.Add(ParseTerm(term.Trim(), selector));
        }
        return new LabelSelector(requirements);
    }

    /// <summary>True when every requirement holds for these labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    // Commas inside "in (a,b)" belong to the term, not the list.
    private static IEnumerable<string> SplitTerms(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return selector[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term, string selector)
    {
        if (term.Length == 0) throw Malformed(selector);
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            var (key, value) = (term[..notEqual].Trim(), term[(notEqual + 2)..].Trim());
            return labels => !labels.TryGetValue(key, out var actual) || actual != value;
        }
        var equal = term.IndexOf('=', StringComparison.Ordinal);
        if (equal > 0)
        {
            var key = term[..equal].Trim();
            var value = term[(equal + 1)..].TrimStart('=').Trim();
            return labels => labels.TryGetValue(key, out var actual) && actual == value;
        }
        var parts = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1) return labels => labels.ContainsKey(parts[0]);

        var rest = parts[1];
        var open = rest.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !rest.EndsWith(')')) throw Malformed(selector);
        var op = rest[..open].Trim();
        var set = rest[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var setKey = parts[0];
        return op switch
        {
            "in" => labels => labels.TryGetValue(setKey, out var actual) && set.Contains(actual),
            "notin" => labels => !labels.TryGetValue(setKey, out var actual) || !set.Contains(actual),
            _ => throw Malformed(selector),
        };
    }

    private static ApiException Malformed(string selector) =>
        ApiException.BadRequest($"unable to parse requirement: invalid label selector \"{selector}\"");
}
