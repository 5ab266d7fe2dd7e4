namespace KPops.Engine.Yaml;

/// <summary>
/// Lists where two trees differ, path by path ("$.values.kafka.outputTopic: expected 'a' (string) but was …"):
/// mapping key order does not matter, scalar types do (the string "1" differs from the integer 1).
/// </summary>
public static class YTreeDiff
{
    /// <summary>The differences, one line per path.</summary>
    public static List<string> Differences(YNode? expected, YNode? actual, string root = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, root, differences);
        return differences;
    }

    /// <summary>A node in one line, for messages.</summary>
    public static string Show(YNode? node) => node switch
    {
        null => "nothing",
        YScalar { Value: string s } => $"'{s}' (string)",
        YScalar { Value: null } => "null",
        YScalar s => $"{s.ToInvariantString()} ({s.KindName})",
        _ => Truncate(YamlWriter.Write(node).TrimEnd().Replace("\n", " / ", StringComparison.Ordinal)),
    };

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

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
