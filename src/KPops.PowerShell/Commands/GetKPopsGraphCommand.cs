using System.Management.Automation;
using KPops.Engine.Pipelines;
using KPops.PowerShell.Internal;

namespace KPops.PowerShell.Commands;

/// <summary>
/// Writes the pipelines as a picture — Mermaid (for README files and pull requests) or Graphviz DOT — of their
/// components, topics, patterns and connectors.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KPopsGraph", DefaultParameterSetName = PathSet)]
[OutputType(typeof(string))]
public sealed class GetKPopsGraphCommand : ComponentsCmdlet
{
    /// <inheritdoc />
    protected override bool DefersCleanupJobs => true;

    /// <summary>Mermaid (default) or Dot.</summary>
    [Parameter]
    public GraphFormat Format { get; set; } = GraphFormat.Mermaid;

    /// <summary>Wrap the picture in a markdown fenced code block (```mermaid or ```dot), ready to paste.</summary>
    [Parameter]
    public SwitchParameter AsMarkdown { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (Components.Count > 0)
        {
            var graph = GraphWriter.Write(Components, Format);
            WriteObject(AsMarkdown ? $"```{(Format == GraphFormat.Mermaid ? "mermaid" : "dot")}\n{graph}```\n" : graph);
        }
        base.EndProcessing();
    }
}
