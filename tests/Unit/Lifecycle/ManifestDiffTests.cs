using KPops.Engine.Diff;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The per-resource manifest diff of -WhatIf (spec §5.3, §9) and the settings diff of topics and connectors.</summary>
public sealed class ManifestDiffTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> NoIgnore = [];

    private static string Doc(string kind, string name, string body = "", string? ns = null, string source = "chart/templates/x.yaml") =>
        $"---\n# Source: {source}\napiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n" + (ns is null ? "" : $"  namespace: {ns}\n") + body;

    [Fact]
    public void Resources_are_matched_by_kind_and_name_not_by_template_file()
    {
        var current = Doc("ConfigMap", "cm", "data:\n  a: '1'\n", source: "chart/templates/old-name.yaml");
        var desired = Doc("ConfigMap", "cm", "data:\n  a: '1'\n", source: "chart/templates/new-name.yaml");

        var diff = Assert.Single(ManifestDiff.Compare(current, desired, NoIgnore));

        Assert.Equal(ResourceChange.Unchanged, diff.Change);
        Assert.Equal("", ManifestDiff.Render([diff]));
    }

    [Fact]
    public void Two_resources_of_one_template_file_are_compared_separately()
    {
        var current = Doc("ConfigMap", "one", "data:\n  a: '1'\n") + Doc("ConfigMap", "two", "data:\n  b: '1'\n");
        var desired = Doc("ConfigMap", "one", "data:\n  a: '1'\n") + Doc("ConfigMap", "two", "data:\n  b: '2'\n");

        var diffs = ManifestDiff.Compare(current, desired, NoIgnore);

        Assert.Equal(["ConfigMap/one Unchanged", "ConfigMap/two Changed"], diffs.Select(d => $"{d.Kind}/{d.Name} {d.Change}"));
    }

    [Fact]
    public void Added_removed_changed_and_unchanged_resources_are_told_apart()
    {
        var current = Doc("Service", "same") + Doc("Deployment", "changed", "spec:\n  replicas: 1\n") + Doc("Secret", "gone");
        var desired = Doc("Service", "same") + Doc("Deployment", "changed", "spec:\n  replicas: 2\n") + Doc("Job", "new");

        var diffs = ManifestDiff.Compare(current, desired, NoIgnore);

        Assert.Equal(["Service/same Unchanged", "Deployment/changed Changed", "Job/new Added", "Secret/gone Removed"],
            diffs.Select(d => $"{d.Kind}/{d.Name} {d.Change}"));
    }

    [Fact]
    public void The_namespace_is_part_of_a_resources_identity()
    {
        var diffs = ManifestDiff.Compare(Doc("ConfigMap", "cm", ns: "a"), Doc("ConfigMap", "cm", ns: "b"), NoIgnore);

        Assert.Equal(["b Added", "a Removed"], diffs.Select(d => $"{d.Namespace} {d.Change}"));
    }

    [Fact]
    public void Each_resource_gets_a_header_with_kind_name_namespace_and_change()
    {
        var text = ManifestDiff.Render(ManifestDiff.Compare(Doc("Secret", "gone", ns: "prod"), Doc("Job", "new"), NoIgnore));

        Assert.Equal(
            "--- Job/new added\n+ apiVersion: v1\n+ kind: Job\n+ metadata:\n+   name: new\n" +
            "--- Secret/gone (prod) removed\n- apiVersion: v1\n- kind: Secret\n- metadata:\n-   name: gone\n-   namespace: prod\n", text);
    }

    [Fact]
    public void Without_a_current_release_every_resource_is_added()
    {
        var diffs = ManifestDiff.Compare(null, Doc("ConfigMap", "a") + Doc("ConfigMap", "b"), NoIgnore);

        Assert.All(diffs, d => Assert.Equal(ResourceChange.Added, d.Change));
        Assert.Equal(2, diffs.Count);
    }

    [Fact]
    public void Key_order_does_not_make_a_difference()
    {
        var current = "kind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: '1'\n  b: '2'\n";
        var desired = "data:\n  b: '2'\n  a: '1'\nmetadata:\n  name: cm\nkind: ConfigMap\n";

        Assert.Equal(ResourceChange.Unchanged, Assert.Single(ManifestDiff.Compare(current, desired, NoIgnore)).Change);
    }

    [Fact]
    public void Ignored_key_paths_are_removed_from_both_sides()
    {
        var current = Doc("Deployment", "app", "  labels:\n    helm.sh/chart: app-1.0.0\n    team: a\nspec:\n  replicas: 1\n");
        var desired = Doc("Deployment", "app", "  labels:\n    helm.sh/chart: app-2.0.0\n    team: a\nspec:\n  replicas: 1\n");

        Assert.Equal(ResourceChange.Changed, Assert.Single(ManifestDiff.Compare(current, desired, NoIgnore)).Change);
        Assert.Equal(ResourceChange.Unchanged, Assert.Single(ManifestDiff.Compare(current, desired, [["metadata", "labels", "helm.sh/chart"]])).Change);
    }

    [Fact]
    public void An_ignored_path_leaves_its_siblings_in_the_diff()
    {
        var current = Doc("Deployment", "app", "  labels:\n    helm.sh/chart: app-1.0.0\n    team: a\n");
        var desired = Doc("Deployment", "app", "  labels:\n    helm.sh/chart: app-2.0.0\n    team: b\n");

        var diff = Assert.Single(ManifestDiff.Compare(current, desired, [["metadata", "labels", "helm.sh/chart"]]));

        Assert.Equal(ResourceChange.Changed, diff.Change);
        Assert.DoesNotContain("helm.sh/chart", diff.Text);
        Assert.Contains("-     team: a\n+     team: b\n", diff.Text);
    }

    [Fact]
    public void Ignored_paths_that_a_resource_does_not_have_are_harmless()
    {
        var manifest = Doc("ConfigMap", "cm", "data:\n  a: '1'\n");

        Assert.Equal(ResourceChange.Unchanged, Assert.Single(ManifestDiff.Compare(manifest, manifest, [["spec", "template", "x"], ["data", "a", "deeper"]])).Change);
    }

    [Fact]
    public void A_change_near_the_end_shows_only_lines_that_exist()
    {
        var diff = Assert.Single(ManifestDiff.Compare("kind: A\nmetadata:\n  name: x\nb: 1\n", "kind: A\nmetadata:\n  name: x\nb: 2\n", NoIgnore));

        Assert.Equal("- b: 1\n+ b: 2\n  kind: A\n  metadata:\n    name: x\n", diff.Text);
    }

    [Fact]
    public void A_change_of_the_last_line_has_no_blank_context_after_it()
    {
        var diff = Assert.Single(ManifestDiff.Compare("kind: A\nmetadata:\n  name: x\nz: 1\n", "kind: A\nmetadata:\n  name: x\nz: 2\n", NoIgnore));

        Assert.Equal("  kind: A\n  metadata:\n    name: x\n- z: 1\n+ z: 2\n", diff.Text);
    }

    [Fact]
    public void Long_unchanged_stretches_collapse_around_three_lines_of_context()
    {
        static string Data(int changed) => "data:\n" + string.Concat(Enumerable.Range(10, 20).Select(i => $"  k{i}: '{(i == 20 ? changed : i)}'\n"));
        var diff = Assert.Single(ManifestDiff.Compare(Doc("ConfigMap", "cm", Data(20)), Doc("ConfigMap", "cm", Data(99)), NoIgnore));

        Assert.Equal(
            "  ...\n" +
            "    k17: '17'\n    k18: '18'\n    k19: '19'\n" +
            "-   k20: '20'\n" +
            "+   k20: '99'\n" +
            "    k21: '21'\n    k22: '22'\n    k23: '23'\n" +
            "  ...\n", diff.Text);
    }
}
