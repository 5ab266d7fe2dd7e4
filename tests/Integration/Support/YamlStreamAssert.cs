using KPops.Engine.Yaml;
using Xunit.Sdk;

namespace KPops.Tests.Integration.Support;

/// <summary>
/// Compares multi-document YAML streams as parsed documents (the idea of the unit tests' YamlAssert): documents in
/// order, mapping keys in any order, scalars by type and value (the string "1" differs from the integer 1).
/// </summary>
public static class YamlStreamAssert
{
    /// <summary>Asserts that two YAML streams hold the same documents; the message lists every differing path.</summary>
    public static void Equivalent(string expectedYaml, string actualYaml, string what)
    {
        var differences = Differences(YamlReader.ReadAll(expectedYaml, "expected"), YamlReader.ReadAll(actualYaml, "actual"));
        if (differences.Count > 0)
        {
            throw new XunitException($"{what}: the YAML differs in {differences.Count} place(s):\n  " + string.Join("\n  ", differences.Take(60))
                + (differences.Count > 60 ? "\n  …" : ""));
        }
    }

    /// <summary>The differences between two document lists as "document path: expected … but was …" lines.</summary>
    public static List<string> Differences(IReadOnlyList<YNode> expected, IReadOnlyList<YNode> actual)
    {
        var differences = new List<string>();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            differences.AddRange(YTreeDiff.Differences(e, a, $"[{i}] {Describe(e ?? a)}"));
        }
        if (expected.Count != actual.Count) differences.Insert(0, $"expected {expected.Count} documents but got {actual.Count}");
        return differences;
    }

    /// <summary>kind/name of a Kubernetes document, for messages.</summary>
    public static string Describe(YNode? document) =>
        document is YMap map
            ? $"{Text(map.Get("kind"))}/{Text((map.Get("metadata") as YMap)?.Get("name"))}"
            : document?.KindName ?? "nothing";

    private static string Text(YNode? node) => node is YScalar { IsNull: false } s ? s.ToInvariantString() : "?";
}
