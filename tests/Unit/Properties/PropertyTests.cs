using CsCheck;
using KPops.Engine.Loading;
using KPops.Engine.Naming;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Properties;

/// <summary>Properties that must hold for any input, checked on generated trees and strings.</summary>
public class PropertyTests
{
    private const int Iterations = 400;

    /// <summary>Strings YAML gives a meaning to when they are written plain.</summary>
    private static readonly string[] TrickyStrings =
    [
        "", " ", "true", "True", "on", "OFF", "yes", "n", "y", "~", "null", "NULL", "017", "0x1F", "0o17", "0b101", "1e5", "1.0e+5",
        "3.6.1", "12:30", "1_000", ".inf", "-.inf", ".nan", "- item", "key: value", "#comment", "a #b", "[a, b]", "{a: b}",
        "'quoted'", "\"double\"", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick", "? q", "|", ">", "---", "...",
        " leading", "trailing ", "multi\nline", "multi\nline\n", "tab\tinside", "${placeholder}", "$$", "-", "0", "-1", "+1", "1.", ".5",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcxyz019 .:-_#'\"\n{}[],&*!|>%@`?"], 0, 12],
        Gen.OneOf(TrickyStrings));

    private static readonly Gen<YNode> Scalar = Gen.OneOf<YNode>(
        Text.Select(s => (YNode)new YScalar(s)),
        Gen.Long.Select(l => (YNode)new YScalar(l)),
        Gen.Double.Select(d => (YNode)new YScalar(d)),
        Gen.Bool.Select(b => (YNode)new YScalar(b)),
        Gen.Const<YNode>(() => YScalar.Null()));

    private static Gen<YMap> MapOf(Gen<YNode> values) =>
        Gen.Select(Text, values).Array[0, 5].Select(pairs =>
        {
            var map = new YMap();
            foreach (var (key, value) in pairs)
            {
                if (!map.ContainsKey(key)) map[key] = value;
            }
            return map;
        });

    private static readonly Gen<YNode> Tree = Gen.Recursive<YNode>((depth, tree) => depth >= 3
        ? Scalar
        : Gen.Frequency<YNode>(
            (3, Scalar),
            (1, tree.Array[0, 4].Select(items => (YNode)new YSeq(items))),
            (2, MapOf(tree).Select(m => (YNode)m))));

    private static readonly Gen<YMap> Map = MapOf(Tree);

    // ---- YAML round trip --------------------------------------------------------------------------------------

    [Fact]
    public void Written_yaml_reads_back_as_the_same_tree()
    {
        Tree.Sample(tree =>
        {
            var yaml = YamlWriter.Write(tree);
            YNode read;
            try
            {
                read = YamlReader.Read(yaml, "roundtrip.yaml") ?? YScalar.Null();
            }
            catch (KPops.Engine.Errors.KPopsException e)
            {
                throw new Xunit.Sdk.XunitException(e.FullMessage + "\n--- yaml ---\n" + yaml);
            }
            var differences = YamlAssert.Differences(tree, read);
            Assert.True(differences.Count == 0, string.Join("\n", differences) + "\n--- yaml ---\n" + yaml);
            AssertSameKeyOrder(tree, read);
        }, iter: Iterations);
    }

    [Fact]
    public void Strings_that_look_like_numbers_or_booleans_stay_strings()
    {
        Text.Sample(text =>
        {
            var read = (YMap)YamlReader.Read(YamlWriter.Write(new YMap { ["k"] = new YScalar(text) }), "s.yaml")!;
            Assert.Equal(text, ((YScalar)read["k"]).Value);
        }, iter: Iterations);
    }

    [Fact]
    public void Floats_read_back_as_floats()
    {
        Gen.Double.Sample(d =>
        {
            var read = (YMap)YamlReader.Read(YamlWriter.Write(new YMap { ["k"] = new YScalar(d) }), "f.yaml")!;
            Assert.Equal(d, Assert.IsType<double>(((YScalar)read["k"]).Value));
        }, iter: Iterations);
    }

    private static void AssertSameKeyOrder(YNode expected, YNode actual)
    {
        switch (expected)
        {
            case YMap e:
                var a = (YMap)actual;
                Assert.Equal(e.Keys, a.Keys);
                foreach (var key in e.Keys) AssertSameKeyOrder(e[key], a[key]);
                break;
            case YSeq s:
                for (var i = 0; i < s.Items.Count; i++) AssertSameKeyOrder(s.Items[i], ((YSeq)actual).Items[i]);
                break;
        }
    }

    // ---- defaults merge ---------------------------------------------------------------------------------------

    [Fact]
    public void MergeMissing_never_changes_what_the_higher_map_sets()
    {
        Gen.Select(Map, Map).Sample((higher, lower) =>
        {
            var merged = (YMap)higher.DeepClone();
            DefaultsSource.MergeMissing(merged, lower);
            AssertPreserved(higher, merged);
        }, iter: Iterations);
    }

    [Fact]
    public void MergeMissing_only_adds_keys_of_the_lower_map()
    {
        Gen.Select(Map, Map).Sample((higher, lower) =>
        {
            var merged = (YMap)higher.DeepClone();
            DefaultsSource.MergeMissing(merged, lower);
            AssertOnlyAdded(merged, higher, lower);
        }, iter: Iterations);
    }

    [Fact]
    public void MergeMissing_leaves_the_lower_map_alone_and_is_idempotent()
    {
        Gen.Select(Map, Map).Sample((higher, lower) =>
        {
            var lowerBefore = lower.DeepClone();
            var once = (YMap)higher.DeepClone();
            DefaultsSource.MergeMissing(once, lower);
            var twice = (YMap)once.DeepClone();
            DefaultsSource.MergeMissing(twice, lower);
            Assert.True(lower.ValueEquals(lowerBefore));
            Assert.True(once.ValueEquals(twice));
        }, iter: Iterations);
    }

    [Fact]
    public void MergeMissing_keeps_every_key_of_both_maps()
    {
        Gen.Select(Map, Map).Sample((higher, lower) =>
        {
            var merged = (YMap)higher.DeepClone();
            DefaultsSource.MergeMissing(merged, lower);
            Assert.All(higher.Keys.Concat(lower.Keys), key => Assert.True(merged.ContainsKey(key)));
        }, iter: Iterations);
    }

    private static void AssertPreserved(YMap original, YMap merged)
    {
        foreach (var key in original.Keys)
        {
            Assert.True(merged.ContainsKey(key));
            if (original[key] is YMap o && merged[key] is YMap m) AssertPreserved(o, m);
            else Assert.True(original[key].ValueEquals(merged[key]), $"'{key}' changed");
        }
    }

    private static void AssertOnlyAdded(YMap merged, YMap higher, YMap? lower)
    {
        foreach (var key in merged.Keys)
        {
            if (!higher.ContainsKey(key))
            {
                Assert.True(lower is not null && lower.ContainsKey(key), $"'{key}' came from nowhere");
                Assert.True(merged[key].ValueEquals(lower![key]));
            }
            else if (higher[key] is YMap h && merged[key] is YMap m)
            {
                AssertOnlyAdded(m, h, lower?.Get(key) as YMap);
            }
        }
    }

    // ---- substitution -----------------------------------------------------------------------------------------

    private static readonly Gen<string> TextWithoutDollar = Gen.String[Gen.Char["abcxyz019 .:-_{}#'\"\n\\"], 0, 40];

    private static VariableTable SomeVariables()
    {
        var table = new VariableTable();
        table.Set("a", "A");
        table.Set("x", "${a}");
        table.Set("component.name", "app");
        return table;
    }

    [Fact]
    public void Text_without_a_dollar_is_left_as_it_is()
    {
        var variables = SomeVariables();
        TextWithoutDollar.Sample(text =>
        {
            Assert.Same(text, Substitutor.Substitute(text, variables));
            Assert.Equal(text, Template.SafeSubstitute(text, variables.Lookup));
        }, iter: Iterations);
    }

    [Fact]
    public void Tree_without_a_dollar_is_left_as_it_is()
    {
        var variables = SomeVariables();
        Tree.Where(t => !YamlWriter.Write(t).Contains('$', StringComparison.Ordinal)).Sample(tree =>
        {
            var copy = tree.DeepClone();
            Substitutor.SubstituteTree(copy, variables, retypePlain: true);
            Assert.True(tree.ValueEquals(copy));
        }, iter: Iterations);
    }

    [Fact]
    public void Unknown_placeholders_survive_substitution()
    {
        var variables = SomeVariables();
        Gen.String[Gen.Char["klmnop_"], 1, 10].Sample(name =>
        {
            var text = "${" + name + "} and $" + name;
            Assert.Equal(text, Substitutor.Substitute(text, variables));
        }, iter: Iterations);
    }

    // ---- names ------------------------------------------------------------------------------------------------

    [Fact]
    public void Trimmed_names_fit_and_short_names_are_untouched()
    {
        Gen.Select(Gen.String[Gen.Char["abc-0123456789"], 1, 120], Gen.Int[20, 70]).Sample((name, max) =>
        {
            var trimmed = ResourceNames.Trim(max, name);
            if (name.Length <= max) Assert.Equal(name, trimmed);
            else
            {
                Assert.Equal(max, trimmed.Length);
                Assert.StartsWith(name[..(max - 6)], trimmed);
                Assert.Equal(trimmed, ResourceNames.Trim(max, name));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Cleanup_release_names_keep_the_suffix_and_fit()
    {
        Gen.String[Gen.Char["abc-0123456789"], 1, 120].Sample(fullName =>
        {
            var release = ResourceNames.CleanupReleaseName(fullName);
            Assert.EndsWith("-clean", release);
            Assert.True(release.Length <= 53);
        }, iter: Iterations);
    }
}
