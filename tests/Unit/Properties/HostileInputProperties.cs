using System.Runtime.ExceptionServices;
using System.Text;
using CsCheck;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Loading;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Hostile;

namespace KPops.Tests.Unit.Properties;

/// <summary>
/// Random and adversarial input for the reader, the merger, the substitutor and the dotenv parser: whatever it is,
/// the answer is a result or a KPops error — never another exception, a hang, a stack overflow or unbounded memory.
/// Every sample runs on one thread with a small stack (<see cref="Bounded"/>), so a recursion driven by input fails
/// the test instead of passing on a large stack by luck.
/// </summary>
public class HostileInputProperties
{
    private const int Iterations = 300;

    /// <summary>What one input may allocate.</summary>
    private const long MaxBytesPerInput = 256L << 20;

    /// <summary>Tight limits, so that random input reaches them.</summary>
    private static readonly YamlLimits Tight = new() { MaxDepth = 16, MaxAliases = 20, MaxAliasNodes = 500 };

    private static void OnSmallStack(Action sample)
    {
        var (error, _) = Bounded.Run(sample);
        if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>Runs one input: a KPops error is an answer, any other exception fails the property.</summary>
    private static void Answers(Action action)
    {
        Assert.Equal("hostile input", Thread.CurrentThread.Name);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action();
        }
        catch (KPopsException)
        {
            // refused: an answer
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= MaxBytesPerInput, $"One input allocated {allocated:N0} bytes.");
    }

    // ---- reader ---------------------------------------------------------------------------------------------

    private static readonly Gen<string> YamlNoise = Gen.String[Gen.Char["abc:-[]{},&*!|>'\"#%@`?<= \t\n\r\\.0129~\u0000\u0007\u007f\u0085\u00e9\ud83d\ude00\ufeff"], 0, 300];

    private static readonly string[] Fragments =
    [
        "[", "]", "{", "}", "- ", ": ", ", ", "&a ", "&b ", "*a", "*b", "<<: ", "!tag ", "!!map ", "!!seq ", "!!str ", "!!int ", "? ",
        "\n", "  ", "    ", "\t", "'", "\"", "#", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "${x}", "key", "x", "1", "null", "~", "\\",
        "&a [*b, *b]", "&b [x, x, x]", "*a, *a, *a", "{<<: *a}", "\"\\u0000\"", "\"\\x1b\"", "'it''s'", "? [a]", "!<tag:yaml.org,2002:map> ",
    ];

    private static readonly Gen<string> YamlFragments = Gen.OneOf(Fragments).Array[0, 80].Select(string.Concat);

    [Fact]
    public void Reader_answers_random_text_with_a_tree_or_a_KPops_error() =>
        OnSmallStack(() => YamlNoise.Sample(text => Answers(() => YamlReader.Read(text, "noise.yaml")), iter: Iterations, threads: 1));

    [Fact]
    public void Reader_answers_adversarial_yaml_with_a_tree_or_a_KPops_error() =>
        OnSmallStack(() => YamlFragments.Sample(text =>
        {
            Answers(() => YamlReader.Read(text, "adversarial.yaml", Tight));
            Answers(() => YamlReader.ReadAll(text, "adversarial.yaml", Tight));
        }, iter: Iterations, threads: 1));

    [Fact]
    public void Reader_refuses_nesting_exactly_when_it_is_deeper_than_the_limit() =>
        OnSmallStack(() => Gen.Select(Gen.Int[1, 20_000], Gen.Bool).Sample((depth, flow) =>
        {
            var text = flow ? new string('[', depth) + new string(']', depth) : Block(depth);
            try
            {
                YamlReader.Read(text, "deep.yaml");
                Assert.True(depth <= YamlLimits.DefaultMaxDepth, $"{depth} levels were read.");
            }
            catch (KPopsException e)
            {
                Assert.Equal(ErrorIds.YamlTooDeep, e.ErrorId);
                Assert.True(depth > YamlLimits.DefaultMaxDepth);
            }
        }, iter: 60, threads: 1));

    private static string Block(int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth - 1; i++) builder.Append(' ', i).Append("k:\n");
        return builder.Append(' ', depth - 1).Append("k: v\n").ToString();
    }

    [Fact]
    public void Reader_refuses_alias_expansion_beyond_the_limits_and_nothing_else() =>
        OnSmallStack(() => Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12]).Sample((width, levels) =>
        {
            var builder = new StringBuilder("l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("x", width))).Append("]\n");
            for (var level = 1; level <= levels; level++)
                builder.Append($"l{level}: &l{level} [").Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", width))).Append("]\n");
            try
            {
                YamlReader.Read(builder.ToString(), "aliases.yaml");
            }
            catch (KPopsException e)
            {
                Assert.Equal(ErrorIds.YamlAliasLimit, e.ErrorId);
            }
        }, iter: 100, threads: 1));

    // ---- merge ----------------------------------------------------------------------------------------------

    /// <summary>A chain of mappings <paramref name="depth"/> deep, built without recursion, with a leaf at every level.</summary>
    private static YMap Chain(int depth, string leafKey, string leafValue)
    {
        var root = new YMap();
        var current = root;
        for (var i = 0; i < depth; i++)
        {
            current[leafKey] = new YScalar(leafValue);
            var next = new YMap();
            current["next"] = next;
            current = next;
        }
        return root;
    }

    [Fact]
    public void Merging_trees_of_any_depth_keeps_the_higher_values() =>
        OnSmallStack(() => Gen.Select(Gen.Int[1, 50_000], Gen.Int[1, 50_000]).Sample((higherDepth, lowerDepth) =>
        {
            var higher = Chain(higherDepth, "h", "high");
            var lower = Chain(lowerDepth, "h", "low");
            lower["extra"] = new YScalar("x");
            DefaultsSource.MergeMissing(higher, lower);
            Assert.Equal("high", ((YScalar)higher["h"]).Value);
            Assert.Equal("x", ((YScalar)higher["extra"]).Value);
            var merged = ConfigLoader.DeepMerge(Chain(lowerDepth, "h", "low"), Chain(higherDepth, "h", "high"));
            Assert.Equal("high", ((YScalar)merged["h"]).Value);
        }, iter: 20, threads: 1));

    // ---- substitution ---------------------------------------------------------------------------------------

    private static readonly string[] TemplateFragments = ["${x}", "${y}", "$x", "$y", "${z}", "$$", "${", "}", "$", "a", " ", "${component.v}", "${x}${x}", "${y}${x}", "\n"];

    private static readonly Gen<string> Templates = Gen.OneOf(TemplateFragments).Array[0, 12].Select(string.Concat);

    /// <summary>Variables that may refer to themselves and to each other, with a small budget.</summary>
    private static VariableTable Variables(string x, string y, string z)
    {
        var table = new VariableTable(budget: new SubstitutionBudget(maxLength: 4_096, maxTotal: 1 << 20));
        table.Set("x", x);
        table.Set("y", y);
        table.Set("z", z);
        table.Set("component.v", x + y);
        return table;
    }

    [Fact]
    public void Substitution_of_self_referring_variables_ends_in_a_result_or_a_limit() =>
        OnSmallStack(() => Gen.Select(Templates, Templates, Templates, Templates).Sample((text, x, y, z) =>
        {
            var variables = Variables(x, y, z);
            try
            {
                var result = Substitutor.Substitute(text, variables);
                Assert.True(result.Length <= Math.Max(4_096, text.Length));
            }
            catch (KPopsException e)
            {
                Assert.Contains(e.ErrorId, new[] { ErrorIds.SubstitutionLimit, ErrorIds.SubstitutionLoop });
            }
        }, iter: Iterations * 3, threads: 1));

    [Fact]
    public void Substituting_a_tree_answers_with_a_result_or_a_KPops_error() =>
        OnSmallStack(() => Gen.Select(Templates.Array[1, 20], Templates, Templates).Sample((texts, x, y) =>
        {
            var tree = new YMap();
            var current = tree;
            foreach (var text in texts)
            {
                var next = new YMap { [text] = new YScalar(text, plain: true) };
                current["k" + current.Count] = next;
                current[text.Length % 2 == 0 ? "list" : "other"] = new YSeq([new YScalar(text), new YSeq([new YScalar(x)])]);
                current = next;
            }
            Answers(() => Substitutor.SubstituteTree(tree, Variables(x, y, "${z}${z}"), retypePlain: true));
        }, iter: Iterations, threads: 1));

    [Fact]
    public void Template_substitution_never_passes_its_length_limit() =>
        OnSmallStack(() => Gen.Select(Templates, Templates, Gen.Int[0, 200]).Sample((text, x, maxLength) =>
        {
            var values = new Dictionary<string, string> { ["x"] = x, ["y"] = x + x };
            if (Template.TrySafeSubstitute(text, name => values.GetValueOrDefault(name), maxLength, out var result))
                Assert.True(result.Length <= maxLength);
        }, iter: Iterations, threads: 1));

    // ---- dotenv ---------------------------------------------------------------------------------------------

    private static readonly string[] DotEnvFragments = ["A=", "B=", "export ", "${A}", "${B:-d}", "'", "\"", "\\", "#", " #", "=", "\n", "x", " ", "\\n", "${A}${A}"];

    [Fact]
    public void Dotenv_text_answers_with_entries_or_a_KPops_error() =>
        OnSmallStack(() => Gen.OneOf(DotEnvFragments).Array[0, 60].Select(string.Concat).Sample(text =>
            Answers(() => DotEnvFile.ParseEntries(text, "fuzz.env", new Dictionary<string, string>(), new SubstitutionBudget(4_096, 1 << 20))),
            iter: Iterations, threads: 1));

    // ---- messages -------------------------------------------------------------------------------------------

    [Fact]
    public void Echoed_values_are_short_and_hold_no_control_characters() =>
        Gen.String[Gen.Char["ab\n\r\t\u0000\u001b\u202e\ud83d\ude00x"], 0, 500].Sample(value =>
        {
            var shown = Echo.Quote(value);
            Assert.True(shown.Length <= Echo.MaxLength * 6 + 40, shown);
            Assert.DoesNotContain(shown, char.IsControl);
        }, iter: Iterations);
}
