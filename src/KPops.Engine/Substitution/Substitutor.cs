using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Engine.Substitution;

/// <summary>
/// Replaces placeholders in every string of a tree — values and keys, one string node at a time — repeating until
/// nothing changes, so nested placeholders such as <c>${component.values.labels.${component.type}}</c> resolve.
/// A placeholder that keeps producing itself is reported as a loop instead of hanging.
/// </summary>
/// <remarks>
/// Input may be hostile: the tree is walked with an explicit stack, and every result is held to the
/// <see cref="SubstitutionBudget"/> of the variables (the length of one string and the characters produced in all),
/// so a value that doubles with every pass fails with <see cref="ErrorIds.SubstitutionLimit"/> at its location.
/// </remarks>
public static class Substitutor
{
    private const int MaxPasses = 64;

    /// <summary>
    /// Substitutes in place. With <paramref name="retypePlain"/>, an unquoted scalar whose text changed is typed again
    /// (as if the file had been written with the value), which is what substituting the file text does.
    /// </summary>
    public static YNode SubstituteTree(YNode node, VariableTable variables, bool retypePlain)
    {
        var changed = false;
        return Substitute(node, variables, retypePlain, ref changed);
    }

    /// <summary>Substitutes in place like <see cref="SubstituteTree"/>; true when any value or key changed.</summary>
    public static bool SubstituteInPlace(YNode node, VariableTable variables, bool retypePlain)
    {
        var changed = false;
        Substitute(node, variables, retypePlain, ref changed);
        return changed;
    }

    private static YNode Substitute(YNode root, VariableTable variables, bool retypePlain, ref bool changed)
    {
        if (root is YScalar rootScalar) return SubstituteScalar(rootScalar, variables, retypePlain, ref changed);
        var pending = new Stack<YNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case YMap map:
                    foreach (var (key, value) in map)
                    {
                        if (value is YScalar scalar)
                        {
                            var newValue = SubstituteScalar(scalar, variables, retypePlain, ref changed);
                            if (!ReferenceEquals(newValue, value))
                            {
                                variables.Materialize();   // the variables are those of the tree before this pass changed it
                                map[key] = newValue;
                            }
                        }
                        else pending.Push(value);
                        var newKey = Substitute(key, variables, map.KeyLocation(key) ?? value.Location);
                        if (newKey != key)
                        {
                            if (map.ContainsKey(newKey))
                            {
                                throw new KPopsException(ErrorIds.YamlDuplicateKey, ErrorKind.InvalidData,
                                    $"The key {Echo.Quote(key)} becomes {Echo.Quote(newKey)} after substitution, which is already a key of the same mapping.",
                                    map.KeyLocation(key), "Use distinct keys.");
                            }
                            variables.Materialize();
                            map.Rename(key, newKey);
                            changed = true;
                        }
                    }
                    break;
                case YSeq seq:
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (seq.Items[i] is not YScalar scalar) pending.Push(seq.Items[i]);
                        else if (SubstituteScalar(scalar, variables, retypePlain, ref changed) is var newItem && !ReferenceEquals(newItem, scalar))
                        {
                            variables.Materialize();
                            seq.Items[i] = newItem;
                        }
                    }
                    break;
            }
        }
        return root;
    }

    private static YScalar SubstituteScalar(YScalar scalar, VariableTable variables, bool retypePlain, ref bool changed)
    {
        if (scalar.Value is not string text) return scalar;
        var result = Substitute(text, variables, scalar.Location);
        if (ReferenceEquals(result, text) || result == text) return scalar;
        changed = true;
        var value = retypePlain && scalar.Plain ? ScalarResolver.Resolve(result) : result;
        return new YScalar(value, scalar.Plain) { Location = scalar.Location };
    }

    /// <summary>Substitutes one string to a fixed point, within the budget of <paramref name="variables"/>.</summary>
    public static string Substitute(string text, VariableTable variables, SourceLocation? location = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var budget = variables.Budget;
        var maxLength = budget.LimitFor(text);
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        var current = text;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            if (!Template.TrySafeSubstitute(current, variables.Lookup, maxLength, out var next)) throw budget.TooLong(text, location);
            if (next == current) return current;
            budget.Spend(next.Length, text, location);
            if (!seen.Add(next)) throw Loop(text, location);
            current = next;
        }
        throw Loop(text, location);
    }

    private static KPopsException Loop(string text, SourceLocation? location)
    {
        var placeholders = Template.Placeholders(text).Distinct(StringComparer.Ordinal).Take(5).Select(p => "${" + Echo.Text(p, 40) + "}");
        return new(ErrorIds.SubstitutionLoop, ErrorKind.InvalidData,
            $"An infinite loop condition detected. Check substitution variables: {Echo.Quote(text)} keeps expanding ({string.Join(", ", placeholders)}).",
            location, "Make sure no placeholder refers, directly or through others, to itself.");
    }
}
