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
        var differences = YTreeDiff.Differences(expected, actual);
        if (differences.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"YAML differs in {differences.Count} place(s):\n  " + string.Join("\n  ", differences.Take(40)) + "\n--- actual ---\n" + actualYaml);
        }
    }

    /// <summary>Asserts that two trees are equal; the message lists every differing path.</summary>
    public static void Equivalent(YNode? expected, YNode? actual)
    {
        var differences = YTreeDiff.Differences(expected, actual);
        if (differences.Count > 0)
            throw new Xunit.Sdk.XunitException($"YAML differs:\n  " + string.Join("\n  ", differences.Take(40)) + "\n--- actual ---\n" + YamlWriter.Write(actual));
    }

    /// <summary>The differences between two trees as "path: expected … but was …" lines.</summary>
    public static List<string> Differences(YNode? expected, YNode? actual) => YTreeDiff.Differences(expected, actual);
}
