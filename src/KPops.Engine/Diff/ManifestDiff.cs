using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using KPops.Engine.Manifests;
using KPops.Engine.Yaml;

namespace KPops.Engine.Diff;

/// <summary>How one Kubernetes resource changes between the live release and the rendered chart.</summary>
public enum ResourceChange
{
    /// <summary>Only in the rendered chart.</summary>
    Added,

    /// <summary>Only in the live release.</summary>
    Removed,

    /// <summary>In both, different.</summary>
    Changed,

    /// <summary>In both, equal (after ignored paths are removed).</summary>
    Unchanged,
}

/// <summary>The diff of one resource.</summary>
/// <param name="Kind">Resource kind.</param>
/// <param name="Name">Resource name.</param>
/// <param name="Namespace">Namespace, when set.</param>
/// <param name="Change">What changes.</param>
/// <param name="Text">Unified lines (<c>+ </c>, <c>- </c>, <c>  </c>) of the YAML with sorted keys.</param>
public sealed record ResourceDiff(string Kind, string Name, string? Namespace, ResourceChange Change, string Text);

/// <summary>
/// Compares rendered manifests with a release's live manifest resource by resource (matched on kind, namespace and
/// name — not on template file names), after deleting the key paths of <c>diff_config.ignore</c> from both sides.
/// Each changed resource gets a header with its kind and name. Secret values (a Secret's <c>data</c> and
/// <c>stringData</c>, values under secret keys) show only whether they change (<see cref="SecretRedaction"/>).
/// </summary>
public static class ManifestDiff
{
    /// <summary>Compares two multi-document manifests.</summary>
    public static IReadOnlyList<ResourceDiff> Compare(string? current, string desired, IReadOnlyList<IReadOnlyList<string>> ignore)
    {
        var before = Index(current ?? "", ignore);
        var after = Index(desired, ignore);
        var result = new List<ResourceDiff>();
        foreach (var key in after.Keys.Union(before.Keys))
            SecretRedaction.Apply(key.Kind, before.GetValueOrDefault(key) as YMap, after.GetValueOrDefault(key) as YMap);
        foreach (var (key, node) in after)
        {
            var text = YamlWriter.Write(node, sortKeys: true);
            if (!before.TryGetValue(key, out var old)) result.Add(new ResourceDiff(key.Kind, key.Name, key.Namespace, ResourceChange.Added, Lines(text, "+ ")));
            else
            {
                var oldText = YamlWriter.Write(old, sortKeys: true);
                result.Add(oldText == text
                    ? new ResourceDiff(key.Kind, key.Name, key.Namespace, ResourceChange.Unchanged, "")
                    : new ResourceDiff(key.Kind, key.Name, key.Namespace, ResourceChange.Changed, Unified(oldText, text)));
            }
        }
        foreach (var (key, node) in before)
        {
            if (!after.ContainsKey(key)) result.Add(new ResourceDiff(key.Kind, key.Name, key.Namespace, ResourceChange.Removed, Lines(YamlWriter.Write(node, sortKeys: true), "- ")));
        }
        return result;
    }

    /// <summary>The diffs of changed, added and removed resources as one text, each under a header line.</summary>
    public static string Render(IEnumerable<ResourceDiff> diffs)
    {
        var builder = new StringBuilder();
        foreach (var diff in diffs.Where(d => d.Change != ResourceChange.Unchanged))
        {
            var verb = diff.Change switch { ResourceChange.Added => "added", ResourceChange.Removed => "removed", _ => "changed" };
            builder.Append("--- ").Append(diff.Kind).Append('/').Append(diff.Name);
            if (diff.Namespace is not null) builder.Append(" (").Append(diff.Namespace).Append(')');
            builder.Append(' ').Append(verb).Append('\n').Append(diff.Text);
        }
        return builder.ToString();
    }

    private readonly record struct ResourceKey(string Kind, string? Namespace, string Name);

    private static Dictionary<ResourceKey, YNode> Index(string manifest, IReadOnlyList<IReadOnlyList<string>> ignore)
    {
        var result = new Dictionary<ResourceKey, YNode>();
        foreach (var resource in KubernetesObject.ReadAll(manifest, "manifest"))
        {
            var map = resource.Node;
            foreach (var path in ignore) RemovePath(map, path, 0);
            result[new ResourceKey(resource.Kind.Length == 0 ? "?" : resource.Kind, resource.Namespace, resource.Name.Length == 0 ? "?" : resource.Name)] = map;
        }
        return result;
    }

    private static void RemovePath(YMap map, IReadOnlyList<string> path, int index)
    {
        if (index >= path.Count) return;
        if (index == path.Count - 1) map.Remove(path[index]);
        else if (map.Get(path[index]) is YMap next) RemovePath(next, path, index + 1);
    }

    private static string Lines(string text, string prefix) =>
        string.Concat(text.TrimEnd('\n').Split('\n').Select(line => prefix + line + "\n"));

    private const int Context = 3;

    // Changed lines with a few unchanged lines around them; longer unchanged stretches become "...".
    private static string Unified(string before, string after)
    {
        // Without the final newline, which the diff would otherwise turn into a blank last line (shown as context or "...").
        var lines = InlineDiffBuilder.Diff(before.TrimEnd('\n'), after.TrimEnd('\n'), ignoreWhiteSpace: false).Lines
            .Where(l => l.Type != ChangeType.Imaginary)
            .ToList();
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Unchanged) continue;
            for (var j = Math.Max(0, i - Context); j <= Math.Min(lines.Count - 1, i + Context); j++) keep[j] = true;
        }
        var builder = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                if (!skipped) builder.Append("  ...\n");
                skipped = true;
                continue;
            }
            skipped = false;
            builder.Append(lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            }).Append(lines[i].Text).Append('\n');
        }
        return builder.ToString();
    }
}
