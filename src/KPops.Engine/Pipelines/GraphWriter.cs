using System.Globalization;
using System.Text;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Pipelines;

/// <summary>The text formats a pipeline picture is written in.</summary>
public enum GraphFormat
{
    /// <summary>A Mermaid flowchart (renders in GitHub and GitLab markdown inside a <c>mermaid</c> fenced block).</summary>
    Mermaid,

    /// <summary>Graphviz DOT (<c>dot -Tsvg</c>).</summary>
    Dot,
}

/// <summary>
/// Writes pipelines as a picture: components shaped by kind (app, producer, streams app, consumer, sink and source
/// connector), the topics they read and write — labeled edges carry their label, error topics and their edges are red
/// and dashed, topics no component of the pipeline writes are external (dashed border) — and the patterns they read,
/// joined to the pictured topics that match them. Components of several pipelines are grouped by pipeline; topics are
/// shared. The output depends only on the components: the same pipeline always gives the same text.
/// </summary>
/// <remarks>
/// Names are input and may hold anything YAML can: they only ever appear as labels, escaped for the format (quoted
/// strings with entity codes in Mermaid, quoted strings with backslash escapes in DOT), and control characters are
/// shown as their Unicode control pictures. Identifiers are derived from the names and contain only letters, digits
/// and underscores.
/// </remarks>
public static class GraphWriter
{
    private const string ErrorColour = "#c62828";

    /// <summary>Writes the components (of one or more pipelines, each given with its pipeline) in the given format.</summary>
    public static string Write(IEnumerable<(Pipeline Pipeline, Component Component)> components, GraphFormat format)
    {
        ArgumentNullException.ThrowIfNull(components);
        var model = GraphModel.Build(components);
        return format switch
        {
            GraphFormat.Mermaid => WriteMermaid(model),
            GraphFormat.Dot => WriteDot(model),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>The style class of a node: its component kind, or what kind of topic or pattern it is.</summary>
    private static string StyleClass(GraphNode node) => node.Role switch
    {
        GraphNodeRole.Component => node.Kind switch
        {
            ComponentKind.HelmApp => "helmApp",
            ComponentKind.StreamsApp => "streamsApp",
            ComponentKind.ProducerApp => "producerApp",
            ComponentKind.ConsumerApp => "consumerApp",
            ComponentKind.SinkConnector => "sinkConnector",
            ComponentKind.SourceConnector => "sourceConnector",
            _ => "component",
        },
        GraphNodeRole.ErrorTopic => "errorTopic",
        GraphNodeRole.Pattern => "pattern",
        _ => "topic",
    };

    private static readonly Dictionary<string, (string Fill, string Stroke)> Colours = new(StringComparer.Ordinal)
    {
        ["helmApp"] = ("#ede7f6", "#5e35b1"),
        ["streamsApp"] = ("#e8f5e9", "#2e7d32"),
        ["producerApp"] = ("#e3f2fd", "#1565c0"),
        ["consumerApp"] = ("#fff3e0", "#ef6c00"),
        ["sinkConnector"] = ("#fce4ec", "#ad1457"),
        ["sourceConnector"] = ("#e0f7fa", "#00838f"),
        ["component"] = ("#f5f5f5", "#616161"),
        ["topic"] = ("#fafafa", "#424242"),
        ["errorTopic"] = ("#ffebee", ErrorColour),
        ["pattern"] = ("#fffde7", "#9e9d24"),
    };

    // ---- Mermaid ----

    private static string WriteMermaid(GraphModel model)
    {
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        foreach (var node in model.Nodes.Where(n => n.Group is null)) text.Append("    ").Append(MermaidNode(node)).Append('\n');
        foreach (var group in model.Groups)
        {
            text.Append("    subgraph ").Append(group.Id).Append("[\"").Append(MermaidText(group.Label)).Append("\"]\n");
            foreach (var node in model.Nodes.Where(n => n.Group == group.Id)) text.Append("        ").Append(MermaidNode(node)).Append('\n');
            text.Append("    end\n");
        }
        foreach (var edge in model.Edges)
        {
            var arrow = edge.Role == GraphEdgeRole.Records ? "-->" : "-.->";
            text.Append("    ").Append(edge.From).Append(' ').Append(arrow);
            if (edge.Label is not null) text.Append("|\"").Append(MermaidText(edge.Label)).Append("\"|");
            text.Append(' ').Append(edge.To).Append('\n');
        }
        var classes = model.Nodes.GroupBy(StyleClass).ToList();
        foreach (var group in classes)
        {
            var (fill, stroke) = Colours[group.Key];
            text.Append("    classDef ").Append(group.Key).Append(" fill:").Append(fill).Append(",stroke:").Append(stroke).Append(",color:#212121\n");
        }
        if (model.Nodes.Any(n => n.External)) text.Append("    classDef external stroke-dasharray:5 3\n");
        foreach (var group in classes) text.Append("    class ").Append(string.Join(',', group.Select(n => n.Id))).Append(' ').Append(group.Key).Append('\n');
        if (model.Nodes.Any(n => n.External)) text.Append("    class ").Append(string.Join(',', model.Nodes.Where(n => n.External).Select(n => n.Id))).Append(" external\n");
        var errorEdges = model.Edges.Select((e, i) => (Edge: e, Index: i)).Where(p => p.Edge.Role == GraphEdgeRole.Error).Select(p => p.Index.ToString(CultureInfo.InvariantCulture)).ToList();
        if (errorEdges.Count > 0) text.Append("    linkStyle ").Append(string.Join(',', errorEdges)).Append(" stroke:").Append(ErrorColour).Append(",color:").Append(ErrorColour).Append('\n');
        return text.ToString();
    }

    private static string MermaidNode(GraphNode node)
    {
        var (open, close) = node.Role switch
        {
            GraphNodeRole.Component => node.Kind switch
            {
                ComponentKind.StreamsApp => ("(", ")"),
                ComponentKind.ProducerApp => ("([", "])"),
                ComponentKind.ConsumerApp => ("[[", "]]"),
                ComponentKind.SinkConnector => ("[/", "\\]"),
                ComponentKind.SourceConnector => ("[\\", "/]"),
                _ => ("[", "]"),
            },
            GraphNodeRole.Pattern => ("{{", "}}"),
            _ => ("[(", ")]"),
        };
        return node.Id + open + "\"" + MermaidText(node.Label) + "\"" + close;
    }

    /// <summary>
    /// Text inside a Mermaid quoted string: letters, digits and a few plain punctuation marks as they are, everything
    /// else (quotes, brackets, pipes, '#', '%', '&lt;', backticks, …) as an entity code <c>#NNN;</c>, which Mermaid
    /// decodes for display, so no name can end the string, the label or the statement.
    /// </summary>
    private static string MermaidText(string value)
    {
        var text = new StringBuilder(value.Length);
        var normalized = Visible(value);
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or ':' or '/' or ',' or '@' or '+' or '=')
            {
                text.Append(c);
                continue;
            }
            int codePoint;
            if (char.IsHighSurrogate(c) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, normalized[i + 1]);
                i++;
            }
            else
            {
                codePoint = char.IsSurrogate(c) ? 0xFFFD : c;
            }
            text.Append('#').Append(codePoint.ToString(CultureInfo.InvariantCulture)).Append(';');
        }
        return text.ToString();
    }

    // ---- DOT ----

    private static string WriteDot(GraphModel model)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(DotString(model.PipelineName ?? "pipelines")).Append(" {\n");
        text.Append("    rankdir=LR;\n");
        text.Append("    node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2];\n");
        text.Append("    edge [fontname=\"Helvetica\", fontsize=9, color=\"#616161\"];\n");
        foreach (var node in model.Nodes.Where(n => n.Group is null)) text.Append("    ").Append(DotNode(node)).Append('\n');
        foreach (var group in model.Groups)
        {
            text.Append("    subgraph cluster_").Append(group.Id).Append(" {\n");
            text.Append("        label=").Append(DotString(group.Label)).Append(";\n");
            text.Append("        style=rounded;\n");
            foreach (var node in model.Nodes.Where(n => n.Group == group.Id)) text.Append("        ").Append(DotNode(node)).Append('\n');
            text.Append("    }\n");
        }
        foreach (var edge in model.Edges)
        {
            text.Append("    ").Append(edge.From).Append(" -> ").Append(edge.To);
            var attributes = new List<string>();
            if (edge.Label is not null) attributes.Add("label=" + DotString(edge.Label));
            switch (edge.Role)
            {
                case GraphEdgeRole.Error:
                    attributes.Add("style=dashed");
                    attributes.Add($"color=\"{ErrorColour}\"");
                    attributes.Add($"fontcolor=\"{ErrorColour}\"");
                    break;
                case GraphEdgeRole.Match:
                    attributes.Add("style=dotted");
                    attributes.Add("arrowhead=none");
                    break;
            }
            if (attributes.Count > 0) text.Append(" [").Append(string.Join(", ", attributes)).Append(']');
            text.Append(";\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static string DotNode(GraphNode node)
    {
        var shape = node.Role switch
        {
            GraphNodeRole.Component => node.Kind switch
            {
                ComponentKind.StreamsApp => "box",
                ComponentKind.ProducerApp => "cds",
                ComponentKind.ConsumerApp => "component",
                ComponentKind.SinkConnector => "trapezium",
                ComponentKind.SourceConnector => "invtrapezium",
                _ => "box",
            },
            GraphNodeRole.Pattern => "hexagon",
            _ => "cylinder",
        };
        var style = new List<string> { "filled" };
        if (node.Role == GraphNodeRole.Component && node.Kind == ComponentKind.StreamsApp) style.Add("rounded");
        if (node.External || (node.Role == GraphNodeRole.Component && node.Kind == ComponentKind.None)) style.Add("dashed");
        var (fill, stroke) = Colours[StyleClass(node)];
        var attributes = new List<string>
        {
            "label=" + DotString(node.Label),
            "shape=" + shape,
            "style=\"" + string.Join(',', style) + "\"",
            $"fillcolor=\"{fill}\"",
            $"color=\"{stroke}\"",
        };
        if (node.External) attributes.Add("tooltip=\"external: no component of the pipeline writes this topic\"");
        return node.Id + " [" + string.Join(", ", attributes) + "];";
    }

    /// <summary>
    /// A DOT quoted string: backslash and double quote escaped (so no escape sequence such as <c>\N</c> or <c>\l</c>
    /// is interpreted), '&amp;' as an entity (Graphviz decodes entities in labels), control characters visible.
    /// </summary>
    private static string DotString(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in Visible(value))
        {
            switch (c)
            {
                case '\\':
                    text.Append("\\\\");
                    break;
                case '"':
                    text.Append("\\\"");
                    break;
                case '&':
                    text.Append("&amp;");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>Control characters (line breaks, tabs, NUL, DEL) as their Unicode control pictures (␊, ␉, ␀, ␡).</summary>
    private static string Visible(string value)
    {
        if (!value.Any(char.IsControl)) return value;
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                < ' ' => (char)(0x2400 + c),
                '\x7f' => '\u2421',
                _ when char.IsControl(c) => '\ufffd',
                _ => c,
            });
        }
        return text.ToString();
    }
}
