using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KPops.HelpGen;

/// <summary>
/// Reads one PlatyPS v1 cmdlet page: front matter, <c># Name</c>, then the <c>##</c> sections SYNOPSIS, SYNTAX,
/// DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES and RELATED LINKS. Every problem found is collected
/// with its line, so one run reports all of them.
/// </summary>
internal sealed class MarkdownHelpReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private static readonly string[] KnownSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];
    private static readonly string[] RequiredSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "PARAMETERS"];

    private readonly string _file;
    private readonly List<HelpFormatException> _errors = [];

    private MarkdownHelpReader(string file) => _file = file;

    /// <summary>
    /// Reads a page. Returns null for a module page (front matter with <c>Module Guid</c>), which is not cmdlet help.
    /// </summary>
    /// <param name="file">The markdown file.</param>
    /// <param name="helpFileName">The MAML file name being generated; the page's <c>external help file</c> must name it.</param>
    /// <param name="errors">Receives the problems; when there are any, the result is null.</param>
    public static CommandHelp? Read(string file, string helpFileName, List<HelpFormatException> errors)
    {
        var reader = new MarkdownHelpReader(file);
        var help = reader.Parse(File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal), helpFileName, out var isModulePage);
        errors.AddRange(reader._errors);
        return reader._errors.Count > 0 || isModulePage ? null : help;
    }

    private void Error(int line, string message) => _errors.Add(new HelpFormatException(_file, line, message));

    private static int LineOf(Block block) => block.Line + 1;

    private CommandHelp? Parse(string text, string helpFileName, out bool isModulePage)
    {
        isModulePage = false;
        var document = Markdown.Parse(text, Pipeline);
        var blocks = document.ToList();

        var frontMatter = blocks.OfType<YamlFrontMatterBlock>().FirstOrDefault();
        var meta = frontMatter is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : ReadFrontMatter(frontMatter);
        if (meta.ContainsKey("Module Guid"))
        {
            isModulePage = true;
            return null;
        }
        if (frontMatter is null)
        {
            Error(1, "the page has no front matter (--- external help file: ..., Module Name: ..., online version: ..., schema: 2.0.0 ---).");
        }
        else if (!meta.TryGetValue("external help file", out var externalHelp) || !string.Equals(externalHelp, helpFileName, StringComparison.OrdinalIgnoreCase))
        {
            Error(LineOf(frontMatter), $"the front matter's 'external help file' must be {helpFileName}.");
        }
        blocks.RemoveAll(b => b is YamlFrontMatterBlock);

        var expectedName = Path.GetFileNameWithoutExtension(_file);
        if (blocks.FirstOrDefault() is not HeadingBlock { Level: 1 } title)
        {
            Error(blocks.Count > 0 ? LineOf(blocks[0]) : 1, $"the page must start with '# {expectedName}' (after the front matter).");
            return null;
        }
        var name = Prose.Inline(title);
        if (!string.Equals(name, expectedName, StringComparison.Ordinal)) Error(LineOf(title), $"the title '# {name}' does not match the file name {expectedName}.md.");

        var sections = SplitSections(blocks.Skip(1).ToList());
        foreach (var required in RequiredSections.Where(r => !sections.ContainsKey(r)))
            Error(LineOf(title), $"the page has no '## {required}' section.");
        if (_errors.Count > 0) return null;

        var synopsis = Prose.Paragraphs(sections["SYNOPSIS"].Blocks);
        if (synopsis.Count == 0) Error(sections["SYNOPSIS"].Line, "the SYNOPSIS section is empty.");
        var description = Prose.Paragraphs(sections["DESCRIPTION"].Blocks);
        if (description.Count == 0) Error(sections["DESCRIPTION"].Line, "the DESCRIPTION section is empty.");

        var syntax = ReadSyntax(sections["SYNTAX"], name);
        var parameters = ReadParameters(sections["PARAMETERS"], syntax, out var documentsCommonParameters);
        if (syntax.Any(s => s.CommonParameters) && !documentsCommonParameters)
            Error(sections["PARAMETERS"].Line, "the syntax shows [<CommonParameters>] but PARAMETERS has no '### CommonParameters' entry.");

        return new CommandHelp(
            name,
            synopsis,
            description,
            syntax,
            parameters,
            sections.TryGetValue("INPUTS", out var inputs) ? ReadTypes(inputs) : [],
            sections.TryGetValue("OUTPUTS", out var outputs) ? ReadTypes(outputs) : [],
            sections.TryGetValue("NOTES", out var notes) ? Prose.Paragraphs(notes.Blocks) : [],
            sections.TryGetValue("EXAMPLES", out var examples) ? ReadExamples(examples) : [],
            ReadLinks(sections.TryGetValue("RELATED LINKS", out var links) ? links : null, meta.GetValueOrDefault("online version")));
    }

    private Dictionary<string, string> ReadFrontMatter(YamlFrontMatterBlock block)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = block.Lines.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var text = string.Join('\n', lines.Where(l => l.TrimEnd() is not ("---" or "...")));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(LineOf(block) + (int)e.Start.Line, $"the front matter is not valid YAML: {e.Message}");
            return result;
        }
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode v) result[k] = (v.Value ?? "").Trim();
            }
        }
        return result;
    }

    private sealed record Section(string Name, int Line, List<Block> Blocks);

    private Dictionary<string, Section> SplitSections(List<Block> blocks)
    {
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        Section? current = null;
        foreach (var block in blocks)
        {
            if (block is HeadingBlock { Level: <= 2 } heading)
            {
                var text = Prose.Inline(heading);
                if (heading.Level == 1)
                {
                    Error(LineOf(heading), $"a page documents one cmdlet: unexpected second title '# {text}'.");
                    current = null;
                    continue;
                }
                var key = text.ToUpperInvariant();
                if (!KnownSections.Contains(key))
                {
                    Error(LineOf(heading), $"unknown section '## {text}'; expected one of: {string.Join(", ", KnownSections)}.");
                    current = null;
                }
                else if (sections.ContainsKey(key))
                {
                    Error(LineOf(heading), $"the section '## {text}' appears twice.");
                    current = null;
                }
                else
                {
                    current = new Section(key, LineOf(heading), []);
                    sections[key] = current;
                }
                continue;
            }
            if (current is null)
            {
                if (sections.Count == 0) Error(LineOf(block), "unexpected content before the first '##' section.");
                continue;
            }
            current.Blocks.Add(block);
        }
        return sections;
    }

    /// <summary>SYNTAX: "### SetName" (or "### SetName (Default)") and a code block with the syntax line; a single code block without heading is the only parameter set.</summary>
    private List<SyntaxItem> ReadSyntax(Section section, string commandName)
    {
        var items = new List<SyntaxItem>();
        string? setName = null;
        var isDefault = false;
        var headingLine = section.Line;
        foreach (var block in section.Blocks)
        {
            switch (block)
            {
                case HeadingBlock { Level: 3 } heading:
                    if (setName is not null) Error(headingLine, $"the parameter set '{setName}' has no syntax code block.");
                    var text = Prose.Inline(heading);
                    isDefault = text.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                    setName = isDefault ? text[..^"(Default)".Length].Trim() : text;
                    headingLine = LineOf(heading);
                    break;
                case FencedCodeBlock code:
                    var name = setName ?? SyntaxItem.AllParameterSets;
                    if (setName is null && (items.Count > 0 || section.Blocks.OfType<HeadingBlock>().Any()))
                    {
                        Error(LineOf(code), "with several parameter sets, each syntax code block needs a '### <ParameterSetName>' heading.");
                        break;
                    }
                    var lines = Prose.Code(code).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (lines.Length != 1)
                    {
                        Error(LineOf(code), $"the syntax of '{name}' must be exactly one line (as Get-Command -Syntax prints it).");
                        break;
                    }
                    try
                    {
                        var (parameters, common) = SyntaxLine.Parse(lines[0], commandName);
                        if (items.Any(i => string.Equals(i.ParameterSetName, name, StringComparison.OrdinalIgnoreCase)))
                            Error(LineOf(code), $"the parameter set '{name}' appears twice in SYNTAX.");
                        items.Add(new SyntaxItem(name, isDefault, parameters, common, LineOf(code) + 1));
                    }
                    catch (FormatException e)
                    {
                        Error(LineOf(code) + 1, $"SYNTAX: {e.Message}.");
                    }
                    setName = null;
                    isDefault = false;
                    break;
                default:
                    Error(LineOf(block), "SYNTAX holds only '### <ParameterSetName>' headings and code blocks with the syntax line.");
                    break;
            }
        }
        if (setName is not null) Error(headingLine, $"the parameter set '{setName}' has no syntax code block.");
        if (items.Count == 0 && _errors.Count == 0) Error(section.Line, "the SYNTAX section has no syntax code block.");
        return items;
    }

    /// <summary>PARAMETERS: "### -Name", its description, then one yaml block per group of parameter sets; "### CommonParameters" last.</summary>
    private List<ParameterHelp> ReadParameters(Section section, List<SyntaxItem> syntax, out bool documentsCommonParameters)
    {
        documentsCommonParameters = false;
        var result = new List<ParameterHelp>();
        var groups = new List<(HeadingBlock Heading, List<Block> Blocks)>();
        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock { Level: 3 } heading) groups.Add((heading, []));
            else if (groups.Count == 0) Error(LineOf(block), "PARAMETERS: text before the first '### -<Name>' heading.");
            else groups[^1].Blocks.Add(block);
        }

        foreach (var (heading, blocks) in groups)
        {
            var title = Prose.Inline(heading);
            if (string.Equals(title, "CommonParameters", StringComparison.Ordinal))
            {
                documentsCommonParameters = true;
                continue;
            }
            if (!title.StartsWith('-') || title.Length < 2)
            {
                Error(LineOf(heading), $"PARAMETERS: '### {title}' is not a parameter heading; write '### -<Name>' (or '### CommonParameters').");
                continue;
            }
            var name = title[1..];
            var firstYaml = blocks.FindIndex(IsYamlBlock);
            if (firstYaml < 0)
            {
                Error(LineOf(heading), $"-{name} has no yaml block (```yaml with Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).");
                continue;
            }
            var description = Prose.Paragraphs(blocks.Take(firstYaml));
            var metadata = new List<ParameterMetadata>();
            foreach (var block in blocks.Skip(firstYaml))
            {
                if (!IsYamlBlock(block))
                {
                    Error(LineOf(block), $"-{name}: the description goes before the yaml block; nothing may follow it.");
                    continue;
                }
                try
                {
                    metadata.Add(ParameterYaml.Parse(((FencedCodeBlock)block).Lines.ToString(), _file, LineOf(block) + 1, name));
                }
                catch (HelpFormatException e)
                {
                    _errors.Add(e);
                }
            }
            if (result.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                Error(LineOf(heading), $"-{name} is documented twice.");
            result.Add(new ParameterHelp(name, description, metadata, LineOf(heading)));
        }

        CheckAgainstSyntax(result, syntax);
        return result;
    }

    private static bool IsYamlBlock(Block block) =>
        block is FencedCodeBlock code && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The yaml blocks and the syntax lines must tell the same story (both are written by Update-CmdletDocs).</summary>
    private void CheckAgainstSyntax(List<ParameterHelp> parameters, List<SyntaxItem> syntax)
    {
        const string Fix = " Run 'build.ps1 UpdateDocs' to rewrite SYNTAX and the yaml blocks from the cmdlet.";
        var setNames = syntax.Select(s => s.ParameterSetName).ToList();
        foreach (var parameter in parameters.Where(p => p.Metadata.Count > 0))
        {
            var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var metadata in parameter.Metadata)
            {
                if (metadata.AllSets && parameter.Metadata.Count > 1)
                    Error(metadata.Line, $"-{parameter.Name}: 'Parameter Sets: (All)' cannot be combined with other yaml blocks of the same parameter.");
                foreach (var set in metadata.ParameterSets)
                {
                    if (!setNames.Contains(set, StringComparer.OrdinalIgnoreCase))
                        Error(metadata.Line, $"-{parameter.Name}: parameter set '{set}' is not in SYNTAX (sets: {string.Join(", ", setNames)})." + Fix);
                    if (!claimed.Add(set)) Error(metadata.Line, $"-{parameter.Name}: parameter set '{set}' has two yaml blocks.");
                }
            }
        }
        foreach (var item in syntax)
        {
            foreach (var shown in item.Parameters)
            {
                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, shown.Name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null)
                {
                    Error(item.Line, $"SYNTAX shows -{shown.Name}, which has no '### -{shown.Name}' entry in PARAMETERS.");
                    continue;
                }
                if (parameter.Metadata.Count == 0) continue;   // already reported
                var metadata = parameter.For(item.ParameterSetName);
                if (metadata is null)
                {
                    Error(parameter.Line, $"-{shown.Name}: no yaml block covers parameter set '{item.ParameterSetName}', whose syntax shows it." + Fix);
                    continue;
                }
                if (metadata.Required != shown.Required)
                    Error(metadata.Line, $"-{shown.Name}: 'Required: {metadata.Required}' disagrees with the syntax of '{item.ParameterSetName}' (line {item.Line})." + Fix);
                if (metadata.IsPositional != shown.Positional)
                    Error(metadata.Line, $"-{shown.Name}: 'Position: {metadata.Position}' disagrees with the syntax of '{item.ParameterSetName}' (line {item.Line})." + Fix);
            }
        }
        foreach (var parameter in parameters)
        {
            foreach (var metadata in parameter.Metadata)
            {
                var sets = metadata.AllSets ? setNames : metadata.ParameterSets;
                foreach (var set in sets)
                {
                    var item = syntax.FirstOrDefault(s => string.Equals(s.ParameterSetName, set, StringComparison.OrdinalIgnoreCase));
                    if (item is not null && !item.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                        Error(metadata.Line, $"-{parameter.Name}: the yaml block names parameter set '{set}', but its syntax line does not show the parameter." + Fix);
                }
            }
        }
    }

    /// <summary>INPUTS / OUTPUTS: "### TypeName" followed by what it is.</summary>
    private List<TypeHelp> ReadTypes(Section section)
    {
        var result = new List<TypeHelp>();
        string? typeName = null;
        var blocks = new List<Block>();
        void Flush()
        {
            if (typeName is not null) result.Add(new TypeHelp(typeName, Prose.Paragraphs(blocks)));
            blocks.Clear();
        }
        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock { Level: 3 } heading)
            {
                Flush();
                typeName = Prose.Inline(heading).Trim('`');
            }
            else if (typeName is null)
            {
                Error(LineOf(block), $"{section.Name}: write '### <TypeName>' (or '### None') before the text.");
            }
            else
            {
                blocks.Add(block);
            }
        }
        Flush();
        return result;
    }

    /// <summary>EXAMPLES: "### Example N: title", a code block with the commands, then any text and output.</summary>
    private List<ExampleHelp> ReadExamples(Section section)
    {
        var result = new List<ExampleHelp>();
        var groups = new List<(HeadingBlock Heading, List<Block> Blocks)>();
        foreach (var block in section.Blocks)
        {
            if (block is HeadingBlock { Level: 3 } heading) groups.Add((heading, []));
            else if (groups.Count == 0) Error(LineOf(block), "EXAMPLES: text before the first '### Example 1' heading.");
            else groups[^1].Blocks.Add(block);
        }
        foreach (var (heading, blocks) in groups)
        {
            var title = Prose.Inline(heading);
            if (blocks.FirstOrDefault() is not FencedCodeBlock code)
            {
                Error(LineOf(heading), $"'{title}' must start with a code block holding the commands.");
                continue;
            }
            var commands = Prose.Code(code);
            if (commands.Length == 0) Error(LineOf(code), $"'{title}': the code block is empty.");
            result.Add(new ExampleHelp(title, commands, Prose.Paragraphs(blocks.Skip(1))));
        }
        return result;
    }

    /// <summary>RELATED LINKS: links to other pages (shown by name) or to the web; "online version" comes first.</summary>
    private static List<LinkHelp> ReadLinks(Section? section, string? onlineVersion)
    {
        var result = new List<LinkHelp>();
        if (!string.IsNullOrWhiteSpace(onlineVersion)) result.Add(new LinkHelp("Online Version:", onlineVersion));
        if (section is null) return result;
        foreach (var leaf in section.Blocks.SelectMany(Leaves))
        {
            var links = leaf.Inline?.Descendants<LinkInline>().Where(l => !l.IsImage).ToList() ?? [];
            if (links.Count == 0)
            {
                var text = Prose.Inline(leaf);
                if (text.Length > 0) result.Add(new LinkHelp(text, ""));
                continue;
            }
            foreach (var link in links)
            {
                var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
                if (text.Length == 0) text = link.Url ?? "";
                result.Add(new LinkHelp(text, Prose.IsWebLink(link.Url) ? link.Url! : ""));
            }
        }
        return result;
    }

    private static IEnumerable<LeafBlock> Leaves(Block block) => block switch
    {
        LeafBlock leaf => [leaf],
        ContainerBlock container => container.SelectMany(Leaves),
        _ => [],
    };
}
