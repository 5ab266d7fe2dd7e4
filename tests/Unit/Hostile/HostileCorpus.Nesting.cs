using System.Text;
using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Tests.Unit.Hostile;

/// <summary>Deep nesting: every file the load reads, flow and block style, through aliases, in JSON variables.</summary>
internal static partial class HostileCorpus
{
    /// <summary>40 KB of '[' (a stack overflow in the reader and the substitutor before).</summary>
    private static string Brackets(int count = 40_000) => new('[', count);

    /// <summary>Block mappings nested <paramref name="levels"/> deep, starting at column <paramref name="indent"/>.</summary>
    private static string BlockNesting(int levels, int indent)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < levels; i++) builder.Append(' ', indent + 2 * i).Append('k').Append(i).Append(":\n");
        return builder.Append(' ', indent + 2 * levels).Append("leaf: 1\n").ToString();
    }

    private static IEnumerable<HostileCase> Nesting()
    {
        // The pipeline list is level 1, a component 2, its values 3: the 510th '[' opens level 513.
        yield return Pipeline("nesting: 40 KB of [ in a pipeline value", () => Loads.App("  values:\n    deep: " + Brackets()), ErrorIds.YamlTooDeep, 5);
        yield return Pipeline("nesting: 40 KB of { in a pipeline value", () => Loads.App("  values:\n    deep: " + string.Concat(Enumerable.Repeat("{a: ", 10_000))), ErrorIds.YamlTooDeep, 5);
        yield return Pipeline("nesting: a million [ in a pipeline value", () => Loads.App("  values:\n    deep: " + Brackets(1_000_000)), ErrorIds.YamlTooDeep, 5);
        yield return Pipeline("nesting: [ as the whole pipeline file", () => Brackets(), ErrorIds.YamlTooDeep, 1);
        // values is level 3 (line 5 holds its first key); level 513 is the mapping whose first key is on line 515.
        yield return Pipeline("nesting: 600 levels of block mappings", () => Loads.App("  values:\n" + BlockNesting(600, 4)), ErrorIds.YamlTooDeep, 515);
        yield return Pipeline("nesting: lists of lists in block style", () => Loads.App("  values:\n    deep:\n" + string.Concat(Enumerable.Range(0, 600).Select(i => new string(' ', 6 + 2 * i) + "-\n")) + new string(' ', 1206) + "- x\n"),
            ErrorIds.YamlTooDeep, 515);
        yield return Defaults("nesting: 40 KB of [ in defaults.yaml", "kubernetes-app:\n  namespace: ns\n  values:\n    deep: " + Brackets() + "\n", ErrorIds.YamlTooDeep, 4);
        yield return Config("nesting: 40 KB of [ in config.yaml", "helm_config:\n  api_version: " + Brackets() + "\n", ErrorIds.YamlTooDeep, 4);
        yield return new HostileCase("nesting: 40 KB of [ in config_<env>.yaml", ErrorIds.YamlTooDeep, Where.At("config_dev.yaml", 1), ws =>
        {
            ws.Write("config_dev.yaml", "x: " + Brackets());
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load(environment: "dev");
        });
        yield return new HostileCase("nesting: 40 KB of [ in pipeline_<env>.yaml", ErrorIds.YamlTooDeep, Where.At("pipelines/demo/pipeline_dev.yaml", 3), ws =>
        {
            ws.Write("pipelines/demo/pipeline_dev.yaml", "- type: helm-app\n  name: app\n  values: " + Brackets());
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load(environment: "dev");
        });
        yield return new HostileCase("nesting: 40 KB of [ in kpops-components.yaml", ErrorIds.YamlTooDeep, Where.At("pipelines/kpops-components.yaml", 2), ws =>
        {
            ws.Write("pipelines/kpops-components.yaml", "- type: filter\n  base: " + Brackets());
            Loads.LoadApp(ws);
        });
        // An anchor 300 deep used 300 deep: the alias crosses the limit where it is used.
        yield return Pipeline("nesting: an alias that nests an anchor deeper than the limit",
            () => Loads.App("  values:\n    a: &deep " + Brackets(300) + "x" + new string(']', 300) + "\n    b: " + Brackets(300) + "*deep" + new string(']', 300) + "\n"),
            ErrorIds.YamlTooDeep, 6);
        // values is level 3 and its first key is on line 5; level 9 is the mapping whose key g is on line 11.
        yield return new HostileCase("nesting: limits.max_depth lowered in config.yaml", ErrorIds.YamlTooDeep, Where.At(Loads.Pipeline, 11), ws =>
        {
            ws.Write(Loads.ConfigFile, Loads.Config("limits:\n  max_depth: 8\n"));
            ws.LoadPipeline(Loads.App("  values:\n" + BlockNesting(6, 4).Replace("leaf", "g", StringComparison.Ordinal)));
        });
        yield return new HostileCase("nesting: 40 KB of [ in a KPOPS_ JSON variable", ErrorIds.EnvironmentVariableInvalid, Where.Named("KPOPS_HELM_CONFIG"), ws =>
        {
            ws.Env["KPOPS_HELM_CONFIG"] = Brackets();
            Loads.LoadApp(ws);
        });
        yield return DotEnv("nesting: 40 KB of { in a KPOPS_ JSON value of a dotenv file", "A=1\nKPOPS_HELM_CONFIG=" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "\n",
            ErrorIds.EnvironmentVariableInvalid, 2);
        yield return new HostileCase("nesting: helm output nested deeper than the limit", ErrorIds.YamlTooDeep, Where.Text("helm template app", 2), _ =>
            YamlReader.ReadAll("kind: ConfigMap\ndata: " + Brackets(), "helm template app"));
        yield return new HostileCase("nesting: a hashtable that contains itself", ErrorIds.NestingTooDeep, Where.Nowhere, _ =>
        {
            var table = new System.Collections.Hashtable();
            table["self"] = table;
            YNodeConverter.FromDotNet(table);
        });
    }
}
