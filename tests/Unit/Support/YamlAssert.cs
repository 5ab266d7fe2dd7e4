using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Support;

/// <summary>
/// Compares YAML as parsed trees (through <see cref="YamlReader"/>), not as bytes: mapping key order and quoting
/// style do not matter, but scalar types do (the string "1" differs from the integer 1).
/// </summary>
public static class YamlAssert
{
    /// <summary>Asserts that two YAML texts hold the same tree.</summary>
    public static void Equivalent(string expectedYaml, string actualYaml)
    {
        var expected = YamlReader.Read(expectedYaml, "expected.yaml");
        var actual = YamlReader.Read(actualYaml, "actual.yaml");
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        if (differences.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"YAML differs in {differences.Count} place(s):\n  " + string.Join("\n  ", differences.Take(40)) + "\n--- actual ---\n" + actualYaml);
        }
    }

    /// <summary>Asserts that two trees are equal; the message lists every differing path.</summary>
    public static void Equivalent(YNode? expected, YNode? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        if (differences.Count > 0)
            throw new Xunit.Sdk.XunitException($"YAML differs:\n  " + string.Join("\n  ", differences.Take(40)) + "\n--- actual ---\n" + YamlWriter.Write(actual));
    }

    /// <summary>The differences between two trees as "path: expected … but was …" lines.</summary>
    public static List<string> Differences(YNode? expected, YNode? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        return differences;
    }

    private static void Compare(YNode? expected, YNode? actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case null when actual is null:
                return;
            case YMap e when actual is YMap a:
                foreach (var key in e.Keys)
                {
                    if (a.TryGetValue(key, out var value)) Compare(e[key], value, path + "." + key, differences);
                    else differences.Add($"{path}.{key}: missing (expected {Show(e[key])})");
                }
                foreach (var key in a.Keys.Where(k => !e.ContainsKey(k)))
                    differences.Add($"{path}.{key}: unexpected (was {Show(a[key])})");
                return;
            case YSeq e when actual is YSeq a:
                if (e.Items.Count != a.Items.Count)
                {
                    differences.Add($"{path}: expected {e.Items.Count} items but was {a.Items.Count}: {Show(a)}");
                    return;
                }
                for (var i = 0; i < e.Items.Count; i++) Compare(e.Items[i], a.Items[i], $"{path}[{i}]", differences);
                return;
            case YScalar e when actual is YScalar a:
                if (!e.ValueEquals(a)) differences.Add($"{path}: expected {Show(e)} but was {Show(a)}");
                return;
            default:
                differences.Add($"{path}: expected {Show(expected)} but was {Show(actual)}");
                return;
        }
    }

    private static string Show(YNode? node) => node switch
    {
        null => "nothing",
        YScalar { Value: string s } => $"'{s}' (string)",
        YScalar { Value: null } => "null",
        YScalar s => $"{s.ToInvariantString()} ({s.KindName})",
        _ => YamlWriter.Write(node).TrimEnd().Replace("\n", " / ", StringComparison.Ordinal),
    };
}
