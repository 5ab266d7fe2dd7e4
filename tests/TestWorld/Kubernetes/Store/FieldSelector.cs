using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// A parsed <c>fieldSelector</c>: comma-joined <c>path=value</c>, <c>path==value</c> or <c>path!=value</c> over
/// dotted paths (<c>metadata.name</c>, <c>metadata.namespace</c>, <c>status.phase</c>, ...). Any path is accepted,
/// where the real server allows only a few per kind.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string[] Path, string Value, bool Equal)> _terms;

    private FieldSelector(List<(string[] Path, string Value, bool Equal)> terms) => _terms = terms;

    /// <summary>Matches everything.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; null or empty matches everything.</summary>
    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector)) return Everything;
        var terms = new List<(string[], string, bool)>();
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equal = term.IndexOf('=', StringComparison.Ordinal);
            if (notEqual > 0) terms.Add((term[..notEqual].Split('.'), term[(notEqual + 2)..], false));
            else if (equal > 0) terms.Add((term[..equal].Split('.'), term[(equal + 1)..].TrimStart('='), true));
            else throw ApiException.BadRequest($"invalid field selector: \"{term}\"");
        }
        return new FieldSelector(terms);
    }

    /// <summary>True when every term holds for the object (a missing field counts as the empty string).</summary>
    public bool Matches(JsonObject obj) => _terms.TrueForAll(t =>
    {
        var actual = Json.At(obj, t.Path) switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => other.ToJsonString(),
        };
        return (actual == t.Value) == t.Equal;
    });
}
