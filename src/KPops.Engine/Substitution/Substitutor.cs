using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Engine.Substitution;

/// <summary>
/// Replaces placeholders in every string of a tree — values and keys, one string node at a time — repeating until
/// nothing changes, so nested placeholders such as <c>${component.values.labels.${component.type}}</c> resolve.
/// A placeholder that keeps producing itself is reported as a loop instead of hanging.
/// </summary>
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

    private static YNode Substitute(YNode node, VariableTable variables, bool retypePlain, ref bool changed)
    {
        switch (node)
        {
            case YScalar { Value: string text } scalar:
            {
                var result = Substitute(text, variables, scalar.Location);
                if (ReferenceEquals(result, text) || result == text) return scalar;
                changed = true;
                var value = retypePlain && scalar.Plain ? ScalarResolver.Resolve(result) : result;
                return new YScalar(value, scalar.Plain) { Location = scalar.Location };
            }
            case YMap map:
                foreach (var (key, value) in map)
                {
                    var newValue = Substitute(value, variables, retypePlain, ref changed);
                    if (!ReferenceEquals(newValue, value)) map[key] = newValue;
                    var newKey = Substitute(key, variables, map.KeyLocation(key) ?? value.Location);
                    if (newKey != key)
                    {
                        if (map.ContainsKey(newKey))
                            throw new KPopsException(ErrorIds.YamlDuplicateKey, ErrorKind.InvalidData,
                                $"The key '{key}' becomes '{newKey}' after substitution, which is already a key of the same mapping.",
                                map.KeyLocation(key), "Use distinct keys.");
                        map.Rename(key, newKey);
                        changed = true;
                    }
                }
                return map;
            case YSeq seq:
                for (var i = 0; i < seq.Items.Count; i++) seq.Items[i] = Substitute(seq.Items[i], variables, retypePlain, ref changed);
                return seq;
            default:
                return node;
        }
    }

    /// <summary>Substitutes one string to a fixed point.</summary>
    public static string Substitute(string text, VariableTable variables, SourceLocation? location = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal)) return text;
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        var current = text;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var next = Template.SafeSubstitute(current, variables.Lookup);
            if (next == current) return current;
            if (!seen.Add(next)) throw Loop(text, location);
            current = next;
        }
        throw Loop(text, location);
    }

    private static KPopsException Loop(string text, SourceLocation? location) =>
        new(ErrorIds.SubstitutionLoop, ErrorKind.InvalidData,
            $"An infinite loop condition detected. Check substitution variables: '{text}' keeps expanding ({string.Join(", ", Template.Placeholders(text).Distinct().Select(p => "${" + p + "}"))}).",
            location, "Make sure no placeholder refers, directly or through others, to itself.");
}
