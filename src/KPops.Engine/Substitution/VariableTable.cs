using System.Text;
using KPops.Engine.Yaml;

namespace KPops.Engine.Substitution;

/// <summary>
/// Named values for <c>${...}</c> placeholders. Tables are layered: a lookup tries this table, then its fallback,
/// which gives KPOps' priority (component, then the topic-name aliases, then config, then environment). A table
/// shares the <see cref="SubstitutionBudget"/> of its fallback unless it is given its own.
/// </summary>
public sealed class VariableTable
{
    /// <summary>
    /// Flattened names longer than this are not added: no placeholder of a real pipeline is that long, and a long key
    /// above many leaves would otherwise make a name of that length for every leaf.
    /// </summary>
    public const int MaxFlattenedNameLength = 1024;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly VariableTable? _fallback;
    private SubstitutionBudget? _budget;
    private List<(string Prefix, YNode Node)>? _pending;

    /// <summary>Creates a table with an optional lower-priority fallback and an optional budget of its own.</summary>
    public VariableTable(VariableTable? fallback = null, SubstitutionBudget? budget = null)
    {
        _fallback = fallback;
        _budget = budget;
    }

    /// <summary>Number of names in this layer.</summary>
    public int Count
    {
        get
        {
            Materialize();
            return _values.Count;
        }
    }

    /// <summary>What substitution with this table may produce: its own budget, its fallback's, or a default one.</summary>
    public SubstitutionBudget Budget => _budget ??= _fallback?.Budget ?? new SubstitutionBudget();

    /// <summary>Sets a variable in this layer.</summary>
    public void Set(string name, string value)
    {
        Materialize();
        _values[Template.NormalizeName(name)] = value;
    }

    /// <summary>Sets a variable unless this layer already has it.</summary>
    public void TryAdd(string name, string value)
    {
        Materialize();
        _values.TryAdd(Template.NormalizeName(name), value);
    }

    /// <summary>Looks a normalised name up in this layer and then in the fallbacks.</summary>
    public string? Lookup(string normalizedName)
    {
        for (var table = this; table is not null; table = table._fallback)
        {
            table.Materialize();
            if (table._values.TryGetValue(normalizedName, out var value)) return value;
        }
        return null;
    }

    /// <summary>Looks a name up as written.</summary>
    public string? Get(string name) => Lookup(Template.NormalizeName(name));

    /// <summary>
    /// Adds every leaf of a tree under <paramref name="prefix"/>, joined with dots, as KPOps' flattening does:
    /// mappings are walked, lists and scalars become text as Python's <c>str()</c> would print them.
    /// </summary>
    /// <remarks>
    /// Only names a placeholder can spell are added: a key with a character outside <c>[_.a-zA-Z0-9]</c> (a '-', a
    /// space, a '/') can never be part of one, so nothing below it is flattened; neither is a name longer than
    /// <see cref="MaxFlattenedNameLength"/>. The tree is walked with an explicit stack.
    /// </remarks>
    public void AddFlattened(string prefix, YNode node)
    {
        var pending = new Stack<(string Name, YNode Node)>();
        pending.Push((prefix, node));
        while (pending.Count > 0)
        {
            var (name, current) = pending.Pop();
            if (current is not YMap map)
            {
                TryAdd(name, PythonText(current));
                continue;
            }
            // Reversed, so that the first of two spellings of one name (a.b and a__b) is added first, as before.
            for (var i = map.Count - 1; i >= 0; i--)
            {
                var key = map.Keys[i];
                if (name.Length + 1 + key.Length > MaxFlattenedNameLength || !CanBeInPlaceholder(key)) continue;
                pending.Push((name + "." + key, map[key]));
            }
        }
    }

    /// <summary>
    /// Like <see cref="AddFlattened"/>, but the tree is flattened when the table is first read or changed, or when
    /// <see cref="Materialize"/> is called — most components have no placeholder, and a substitution pass that finds
    /// none never needs their names. The tree must not change before then: whoever substitutes into it calls
    /// <see cref="Materialize"/> before its first change.
    /// </summary>
    public void AddFlattenedOnDemand(string prefix, YNode node) => (_pending ??= []).Add((prefix, node));

    /// <summary>Flattens the trees added with <see cref="AddFlattenedOnDemand"/>, in order; cheap when there are none.</summary>
    public void Materialize()
    {
        if (_pending is not { } pending) return;
        _pending = null;
        foreach (var (prefix, node) in pending) AddFlattened(prefix, node);
    }

    private static bool CanBeInPlaceholder(string key)
    {
        foreach (var c in key)
        {
            if (c is not ('_' or '.' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9'))) return false;
        }
        return true;
    }

    /// <summary>Python's <c>str()</c> of a value.</summary>
    /// <remarks>Rendered with an explicit stack of what is still to write.</remarks>
    public static string PythonText(YNode node)
    {
        if (node is YScalar scalar) return scalar.ToPythonString();
        var builder = new StringBuilder();
        var pending = new Stack<object>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case string text:
                    builder.Append(text);
                    break;
                case YScalar { Value: string s }:
                    builder.Append(Template.PythonRepr(s));
                    break;
                case YScalar s:
                    builder.Append(s.ToPythonString());
                    break;
                case YSeq seq:
                    builder.Append('[');
                    pending.Push("]");
                    for (var i = seq.Items.Count - 1; i >= 0; i--)
                    {
                        pending.Push(seq.Items[i]);
                        if (i > 0) pending.Push(", ");
                    }
                    break;
                case YMap map:
                    builder.Append('{');
                    pending.Push("}");
                    for (var i = map.Count - 1; i >= 0; i--)
                    {
                        var key = map.Keys[i];
                        pending.Push(map[key]);
                        pending.Push(Template.PythonRepr(key) + ": ");
                        if (i > 0) pending.Push(", ");
                    }
                    break;
            }
        }
        return builder.ToString();
    }
}
