using System.Text;
using KPops.Engine.Model;
using KPops.Engine.Yaml;

namespace KPops.Engine.Pipelines;

/// <summary>The YAML that KPOps' <c>generate</c> prints: one list per pipeline, pipelines separated by a blank line.</summary>
public static class GenerateOutput
{
    /// <summary>Writes the components, grouped by pipeline in order of first appearance.</summary>
    public static string Write(IEnumerable<Component> components)
    {
        var builder = new StringBuilder();
        foreach (var group in components.GroupBy(c => c.PipelineIdentity))
        {
            if (builder.Length > 0) builder.Append('\n');
            builder.Append(YamlWriter.Write(new YSeq(group.Select(c => (YNode)c.ToGenerateNode()))));
        }
        return builder.ToString();
    }
}
