using System.Text;
using KPops.Engine.Model;
using KPops.Engine.Yaml;

namespace KPops.Engine.Pipelines;

/// <summary>The YAML that KPOps' <c>generate</c> prints: one list per pipeline, pipelines separated by a blank line.</summary>
public static class GenerateOutput
{
    /// <summary>Writes the components, grouped by pipeline in order of first appearance.</summary>
    /// <remarks>
    /// One writer for the whole text: the YAML of 10,000 components is tens of megabytes, and every intermediate copy
    /// of it is a large object the garbage collector pays for again.
    /// </remarks>
    public static string Write(IEnumerable<Component> components)
    {
        using var writer = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var first = true;
        foreach (var group in components.GroupBy(c => c.PipelineIdentity))
        {
            if (!first) writer.Write('\n');
            first = false;
            YamlWriter.Write(new YSeq(group.Select(c => (YNode)c.ToGenerateNode())), writer);
        }
        return writer.ToString();
    }
}
