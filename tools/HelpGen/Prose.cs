using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace KPops.HelpGen;

/// <summary>
/// Turns markdown blocks into the plain-text paragraphs of MAML (<c>maml:para</c>), the way Get-Help shows them:
/// emphasis markers and link targets to other pages go, inline code keeps its backticks, soft line breaks become
/// spaces (Get-Help wraps to the console), lists and code blocks keep their lines.
/// </summary>
internal static class Prose
{
    /// <summary>One string per paragraph, list or code block.</summary>
    public static List<string> Paragraphs(IEnumerable<Block> blocks)
    {
        var result = new List<string>();
        foreach (var block in blocks)
        {
            var text = Render(block);
            if (text.Length > 0) result.Add(text);
        }
        return result;
    }

    /// <summary>The text of a heading or paragraph.</summary>
    public static string Inline(LeafBlock block) => block.Inline is null ? "" : Normalize(InlineText(block.Inline));

    /// <summary>The code of a fenced or indented code block, without the fences.</summary>
    public static string Code(CodeBlock block) => block.Lines.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ');

    private static string Render(Block block) => block switch
    {
        HeadingBlock heading => Inline(heading),
        ParagraphBlock paragraph => Inline(paragraph),
        CodeBlock code => Code(code),
        ListBlock list => RenderList(list, ""),
        QuoteBlock quote => string.Join('\n', Paragraphs(quote).SelectMany(p => p.Split('\n')).Select(l => "> " + l)),
        ThematicBreakBlock => "",
        HtmlBlock { Type: HtmlBlockType.Comment } => "",   // notes to the page's editors, not help text
        HtmlBlock html => html.Lines.ToString().Trim(),
        ContainerBlock container => string.Join("\n\n", Paragraphs(container)),
        _ => "",
    };

    private static string RenderList(ListBlock list, string indent)
    {
        var lines = new List<string>();
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}. " : "- ";
            var first = true;
            foreach (var child in item)
            {
                var text = child is ListBlock nested ? RenderList(nested, indent + new string(' ', marker.Length)) : Render(child);
                if (text.Length == 0) continue;
                var childLines = text.Split('\n');
                for (var i = 0; i < childLines.Length; i++)
                {
                    if (child is ListBlock) lines.Add(childLines[i]);
                    else if (first && i == 0) lines.Add(indent + marker + childLines[i]);
                    else lines.Add(indent + new string(' ', marker.Length) + childLines[i]);
                }
                first = false;
            }
        }
        return string.Join('\n', lines);
    }

    private static string InlineText(ContainerInline container)
    {
        var builder = new StringBuilder();
        foreach (var inline in container) Append(builder, inline);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                builder.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                builder.Append('`').Append(code.Content).Append('`');
                break;
            case LineBreakInline lineBreak:
                builder.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case LinkInline link:
                var text = InlineText(link);
                builder.Append(text);
                // Links to other pages of these docs read as the page's name; web links keep their address.
                if (IsWebLink(link.Url) && !string.Equals(text, link.Url, StringComparison.Ordinal)) builder.Append(" (").Append(link.Url).Append(')');
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline html:
                builder.Append(html.Tag);
                break;
            case ContainerInline nested:
                builder.Append(InlineText(nested));
                break;
        }
    }

    /// <summary>True for absolute http(s) addresses.</summary>
    public static bool IsWebLink(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimEnd())).Trim();
}
