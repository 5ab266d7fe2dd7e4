using System.Text.RegularExpressions;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Architecture;

/// <summary>
/// The YAML trees of components and of the configuration stay with the model and loading: later stages read typed
/// properties, so a misspelt key is a compile error there, not a silent null.
/// </summary>
public sealed partial class LayeringTests
{
    // Folders that own YAML trees: the tree types themselves, the model, loading and the configuration.
    private static readonly string[] TreeOwners = ["Yaml", "Model", "Loading", "Config"];

    // The one reader of Kubernetes objects (kind, metadata) that helm prints.
    private const string KubernetesObjectReader = "Manifests/KubernetesObject.cs";

    [GeneratedRegex(@"\.Get\(\s*""[^""]*""\s*\)")]
    private static partial Regex LiteralKeyRead();

    [GeneratedRegex(@"\.Data\b(?!\s*\()")]
    private static partial Regex TreeAccess();

    private static IEnumerable<(string Path, string[] Lines)> LaterStageFiles()
    {
        var root = Path.Combine(TestPaths.RepositoryRoot, "src");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(Path.Combine(root, "KPops.Engine"), f).Replace('\\', '/'), File: f))
            .Where(f => !f.Path.Contains("/obj/", StringComparison.Ordinal) && !f.Path.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => !TreeOwners.Any(owner => f.Path.StartsWith(owner + "/", StringComparison.Ordinal)) && f.Path != KubernetesObjectReader)
            .Select(f => (f.Path, File.ReadAllLines(f.File)));
    }

    [Fact]
    public void No_later_stage_reads_a_yaml_key_by_its_name()
    {
        var reads = LaterStageFiles()
            .SelectMany(f => f.Lines.Select((line, i) => (f.Path, Line: i + 1, Text: line)))
            .Where(l => LiteralKeyRead().IsMatch(l.Text))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(reads);
    }

    [Fact]
    public void No_later_stage_reaches_the_tree_of_a_component_or_of_the_configuration()
    {
        var accesses = LaterStageFiles()
            .SelectMany(f => f.Lines.Select((line, i) => (f.Path, Line: i + 1, Text: line)))
            .Where(l => TreeAccess().IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(accesses);
    }

    [Fact]
    public void The_names_of_subjects_and_connector_groups_come_from_ResourceNames_only()
    {
        var namings = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("ResourceNames.cs", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("\"-key\"", StringComparison.Ordinal) || l.Text.Contains("\"-value\"", StringComparison.Ordinal)
                || l.Text.Contains("\"connect-\"", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(namings);
    }
}
