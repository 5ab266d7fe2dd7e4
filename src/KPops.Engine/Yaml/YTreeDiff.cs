namespace KPops.Engine.Yaml;

/// <summary>
/// Lists where two trees differ, path by path ("$.values.kafka.outputTopic: expected 'a' (string) but was …"):
/// mapping key order does not matter, scalar types do (the string "1" differs from the integer 1).
/// </summary>
public static class YTreeDiff
{
    /// <summary>The differences, one line per path.</summary>
    /// <remarks>Walks with an explicit stack of what is still to compare (or, already known, to report), in path order.</remarks>
    public static List<string> Differences(YNode? expected, YNode? actual, string root = "$")
    {
        var differences = new List<string>();
        var pending = new Stack<object>();
        pending.Push((expected, actual, root));
        while (pending.Count > 0)
        {
            var item = pending.Pop();
            if (item is string difference)
            {
                differences.Add(difference);
                continue;
            }
            var (e, a, path) = ((YNode?, YNode?, string))item;
            Compare(e, a, path, pending);
        }
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

    // Pushes what comparing the two nodes yields, last first, so the stack pops it in path order.
    private static void Compare(YNode? expected, YNode? actual, string path, Stack<object> pending)
    {
        switch (expected)
        {
            case null when actual is null:
                return;
            case YMap e when actual is YMap a:
                foreach (var key in a.Keys.Where(k => !e.ContainsKey(k)).Reverse())
                    pending.Push($"{path}.{key}: unexpected (was {Show(a[key])})");
                foreach (var key in e.Keys.Reverse())
                {
                    if (a.TryGetValue(key, out var value)) pending.Push((e[key], value, path + "." + key));
                    else pending.Push($"{path}.{key}: missing (expected {Show(e[key])})");
                }
                return;
            case YSeq e when actual is YSeq a:
                if (e.Items.Count != a.Items.Count)
                {
                    pending.Push($"{path}: expected {e.Items.Count} items but was {a.Items.Count}: {Show(a)}");
                    return;
                }
                for (var i = e.Items.Count - 1; i >= 0; i--) pending.Push((e.Items[i], a.Items[i], $"{path}[{i}]"));
                return;
            case YScalar e when actual is YScalar a:
                if (!e.ValueEquals(a)) pending.Push($"{path}: expected {Show(e)} but was {Show(a)}");
                return;
            default:
                pending.Push($"{path}: expected {Show(expected)} but was {Show(actual)}");
                return;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
