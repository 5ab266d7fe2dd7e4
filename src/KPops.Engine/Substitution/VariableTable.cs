using KPops.Engine.Yaml;

namespace KPops.Engine.Substitution;

/// <summary>
/// Named values for <c>${...}</c> placeholders. Tables are layered: a lookup tries this table, then its fallback,
/// which gives KPOps' priority (component, then the topic-name aliases, then config, then environment).
/// </summary>
public sealed class VariableTable
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly VariableTable? _fallback;

    /// <summary>Creates a table with an optional lower-priority fallback.</summary>
    public VariableTable(VariableTable? fallback = null) => _fallback = fallback;

    /// <summary>Number of names in this layer.</summary>
    public int Count => _values.Count;

    /// <summary>Sets a variable in this layer.</summary>
    public void Set(string name, string value) => _values[Template.NormalizeName(name)] = value;

    /// <summary>Sets a variable unless this layer already has it.</summary>
    public void TryAdd(string name, string value) => _values.TryAdd(Template.NormalizeName(name), value);

    /// <summary>Looks a normalised name up in this layer and then in the fallbacks.</summary>
    public string? Lookup(string normalizedName) =>
        _values.TryGetValue(normalizedName, out var value) ? value : _fallback?.Lookup(normalizedName);

    /// <summary>Looks a name up as written.</summary>
    public string? Get(string name) => Lookup(Template.NormalizeName(name));

    /// <summary>
    /// Adds every leaf of a tree under <paramref name="prefix"/>, joined with dots, as KPOps' flattening does:
    /// mappings recurse, lists and scalars become text as Python's <c>str()</c> would print them.
    /// </summary>
    public void AddFlattened(string prefix, YNode node)
    {
        if (node is YMap map)
        {
            foreach (var (key, value) in map) AddFlattened(prefix + "." + key, value);
            return;
        }
        TryAdd(prefix, PythonText(node));
    }

    /// <summary>Python's <c>str()</c> of a value.</summary>
    public static string PythonText(YNode node) => node switch
    {
        YScalar s => s.ToPythonString(),
        YSeq seq => "[" + string.Join(", ", seq.Items.Select(PythonRepr)) + "]",
        YMap map => "{" + string.Join(", ", map.Select(p => Template.PythonRepr(p.Key) + ": " + PythonRepr(p.Value))) + "}",
        _ => "",
    };

    private static string PythonRepr(YNode node) =>
        node is YScalar { Value: string s } ? Template.PythonRepr(s) : PythonText(node);
}
