using System.Text;
using KPops.Engine.Errors;

namespace KPops.Tests.Unit.Hostile;

/// <summary>Expansion: alias bombs and aliases beyond the limits, substitution that grows without end.</summary>
internal static partial class HostileCorpus
{
    /// <summary>"Billion laughs": each anchor repeats the one before ten times; line 5 holds the first anchor.</summary>
    private static string Laughs(string indent = "    ")
    {
        var builder = new StringBuilder();
        builder.Append(indent).Append("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            builder.Append(indent).Append('l').Append(level).Append(": &l").Append(level).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))).Append("]\n");
        }
        return builder.ToString();
    }

    private static IEnumerable<HostileCase> Expansion()
    {
        // Aliases copy 10 + 110 + 1,110 + 11,110 + 111,110 nodes through l5; the first *l4 of l5 crosses 200,000.
        yield return Pipeline("aliases: billion laughs in a pipeline", Loads.App("  values:\n" + Laughs()), ErrorIds.YamlAliasLimit, 10);
        yield return Defaults("aliases: billion laughs in defaults.yaml", "kubernetes-app:\n  namespace: ns\n  values:\n" + Laughs(), ErrorIds.YamlAliasLimit, 9);
        yield return Config("aliases: billion laughs in config.yaml", "kafka_admin:\n  config:\n" + Laughs(), ErrorIds.YamlAliasLimit, 10);
        yield return Pipeline("aliases: billion laughs of mappings through merge keys",
            Loads.App("  values:\n    m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}\n"
                + string.Concat(Enumerable.Range(1, 9).Select(l => $"    m{l}: &m{l} {{<<: *m{l - 1}, " + string.Join(", ", Enumerable.Range(0, 9).Select(k => $"k{k}: *m{l - 1}")) + "}\n"))),
            ErrorIds.YamlAliasLimit, 9);
        yield return Pipeline("aliases: more than 10,000 alias uses", () => Loads.App("  values:\n    a: &a x\n    many: [" + string.Join(", ", Enumerable.Repeat("*a", 10_001)) + "]\n"),
            ErrorIds.YamlAliasLimit, 6);
        yield return new HostileCase("aliases: limits.max_aliases lowered in config.yaml", ErrorIds.YamlAliasLimit, Where.At(Loads.Pipeline, 8), ws =>
        {
            ws.Write(Loads.ConfigFile, Loads.Config("limits:\n  max_aliases: 2\n"));
            ws.LoadPipeline(Loads.App("  values:\n    a: &a x\n    b: *a\n    c: *a\n    d: *a\n"));
        });
        yield return Pipeline("aliases: an alias to an anchor not yet defined", Loads.App("  values:\n    a: *later\n    b: &later x\n"), ErrorIds.YamlSyntax, 5);
        yield return Pipeline("aliases: an anchor that refers to itself", Loads.App("  values:\n    a: &self [*self]\n"), ErrorIds.YamlSyntax, 5);

        yield return new HostileCase("substitution: an environment variable ${X}${X} referring to itself", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["X"] = "${X}${X}";
            ws.LoadPipeline(Loads.App("  values:\n    v: ${X}\n"));
        });
        yield return new HostileCase("substitution: a key ${X} whose variable doubles", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["X"] = "$X$X";
            ws.LoadPipeline(Loads.App("  values:\n    ${X}: 1\n"));
        });
        yield return new HostileCase("substitution: a dotenv variable written literally as '${X}${X}'", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Write(Loads.DotEnv, "X='${X}${X}'\n");
            ws.Write(Loads.Pipeline, Loads.App("  values:\n    v: ${X}\n"));
            Loads.LoadWithDotEnv(ws);
        });
        yield return Pipeline("substitution: a component value repeating itself twice", Loads.App("  values:\n    v: ${component.values.v}${component.values.v}\n"), ErrorIds.SubstitutionLimit, 5);
        yield return Defaults("substitution: a defaults value repeating itself twice",
            "kubernetes-app:\n  namespace: ns\n  values:\n    v: ${component.values.v}-${component.values.v}\n", ErrorIds.SubstitutionLimit, 4);
        yield return new HostileCase("substitution: one value with 100,000 placeholders", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["BIG"] = new string('b', 100);
            ws.LoadPipeline(Loads.App("  values:\n    v: " + string.Concat(Enumerable.Repeat("${BIG}", 100_000)) + "\n"));
        });
        // Each value makes 900,000 characters; the 75th crosses the 64 Mi characters of one pipeline (line 5 + 74).
        yield return new HostileCase("substitution: many values below the length limit exceed the total", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 79), ws =>
        {
            ws.Env["BIG"] = new string('b', 900_000);
            ws.LoadPipeline(Loads.App("  values:\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"    v{i}: ${{BIG}}\n"))));
        })
        { MaxAllocatedBytes = 2L << 30 };
        yield return new HostileCase("substitution: limits.max_substituted_length lowered in config.yaml", ErrorIds.SubstitutionLimit, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["TEXT"] = new string('t', 2000);
            ws.Write(Loads.ConfigFile, Loads.Config("limits:\n  max_substituted_length: 1024\n"));
            ws.LoadPipeline(Loads.App("  values:\n    v: ${TEXT}\n"));
        });
        yield return new HostileCase("substitution: two variables referring to each other", ErrorIds.SubstitutionLoop, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["A"] = "${B}";
            ws.Env["B"] = "${A}";
            ws.LoadPipeline(Loads.App("  values:\n    v: ${A}\n"));
        });
        // 10 characters doubled per line: the 17th doubling (line 18) passes 1 Mi characters.
        yield return DotEnv("substitution: a dotenv value doubled line after line",
            "A=xxxxxxxxxx\n" + string.Concat(Enumerable.Repeat("A=${A}${A}\n", 30)), ErrorIds.SubstitutionLimit, 18);
        yield return DotEnv("substitution: a dotenv value doubled in double quotes",
            "A=xxxxxxxxxx\n" + string.Concat(Enumerable.Repeat("A=\"${A}${A}\"\n", 30)), ErrorIds.SubstitutionLimit, 18);
    }
}
