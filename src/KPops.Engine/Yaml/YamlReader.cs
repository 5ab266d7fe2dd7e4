using KPops.Engine.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KPops.Engine.Yaml;

/// <summary>
/// Reads YAML into <see cref="YNode"/> trees that remember file, line and column. Anchors, aliases and merge keys
/// (<c>&lt;&lt;</c>) work as in PyYAML; duplicate keys are an error (PyYAML silently keeps the last one, which
/// hides typos). An empty document reads as null.
/// </summary>
/// <remarks>
/// Input may be hostile: the reader works without recursion, and each document is held to <see cref="YamlLimits"/>
/// (nesting depth, alias uses, nodes copied by aliases) while it is read, so a deeply nested or "billion laughs"
/// file fails at the line that crosses a limit instead of exhausting the stack or memory. Characters YAML does not
/// allow (NUL and other control characters) are refused as PyYAML refuses them.
/// </remarks>
public static class YamlReader
{
    /// <summary>Reads a file (a regular file, strictly decoded; see <see cref="InputFile"/>).</summary>
    public static YNode? ReadFile(string path, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        return Read(InputFile.ReadText(path, limits.MaxFileBytes), path, limits);
    }

    /// <summary>Reads text; <paramref name="file"/> names it in locations and errors.</summary>
    public static YNode? Read(string text, string file, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        CheckCharacters(text, file);
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var root = new DocumentReader(parser, file, limits).Read();
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current!;
                throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "The file holds more than one YAML document.",
                    Loc(file, next.Start), "Remove the '---' separator and keep one document per file.");
            }
            return root;
        }
        catch (YamlException e)
        {
            throw SyntaxError(e, text, file);
        }
        catch (InvalidOperationException e) when (e.Source == typeof(Parser).Assembly.GetName().Name)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed '[' followed by a key).
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "Invalid YAML: the text cannot be parsed after this position.",
                Loc(file, parser.LastEnd), "Fix the YAML syntax here; an unclosed '[', '{' or quote is a common cause.", e);
        }
    }

    /// <summary>Reads every document of a multi-document stream (such as rendered Kubernetes manifests); empty documents are skipped.</summary>
    public static IReadOnlyList<YNode> ReadAll(string text, string file, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        CheckCharacters(text, file);
        var documents = new List<YNode>();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var node = new DocumentReader(parser, file, limits).Read();
                parser.Consume<DocumentEnd>();
                if (node is not YScalar { IsNull: true }) documents.Add(node);
            }
            return documents;
        }
        catch (YamlException e)
        {
            throw SyntaxError(e, text, file);
        }
        catch (InvalidOperationException e) when (e.Source == typeof(Parser).Assembly.GetName().Name)
        {
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "Invalid YAML: the text cannot be parsed after this position.", Loc(file, parser.LastEnd), inner: e);
        }
    }

    /// <summary>Remembers where the last complete event ended, for errors the parser reports without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = new(0, 1, 1);

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current) LastEnd = current.End;
            return inner.MoveNext();
        }
    }

    private static KPopsException SyntaxError(YamlException e, string text, string file)
    {
        var message = InnermostMessage(e);
        var location = Loc(file, e.Start);
        // YamlDotNet reports a tab used as indentation where the scalar before it ends, which is often the line above.
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabIndentation(text, (int)e.Start.Line) is { } tab)
            location = new SourceLocation(file, tab.Line, tab.Column);
        return new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Invalid YAML: {Echo.Text(message, 300)}", location,
            "Fix the YAML syntax at this position (indentation, a missing ':' or an unclosed quote are common causes).", e);
    }

    /// <summary>The first tab in the indentation of the given line or one of the few after it.</summary>
    private static (int Line, int Column)? TabIndentation(string text, int fromLine)
    {
        var line = 1;
        var start = 0;
        while (line < fromLine && start < text.Length)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0) return null;
            start = next + 1;
            line++;
        }
        for (var checkedLines = 0; checkedLines < 3 && start <= text.Length; checkedLines++, line++)
        {
            for (var i = start; i < text.Length && text[i] is ' ' or '\t'; i++)
            {
                if (text[i] == '\t') return (line, i - start + 1);
            }
            var next = text.IndexOf('\n', start);
            if (next < 0) return null;
            start = next + 1;
        }
        return null;
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    internal static SourceLocation Loc(string file, Mark mark) => new(file, (int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    /// <summary>
    /// Refuses the characters PyYAML's reader refuses: control characters other than tab and line breaks, DEL, C1
    /// controls other than NEL, lone surrogates, U+FFFE and U+FFFF. They have no business in a pipeline and hide
    /// in names (a NUL ends a C string, an escape sequence rewrites the terminal).
    /// </summary>
    private static void CheckCharacters(string text, string file)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }
            if (c is '\t' or '\r' or '\u0085' || (c >= '\u0020' && c <= '\u007e') || (c >= '\u00a0' && c <= '\ud7ff') || (c >= '\ue000' && c <= '\ufffd')) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw new KPopsException(ErrorIds.InvalidCharacter, ErrorKind.InvalidData,
                $"The text holds the character U+{(int)c:X4}, which YAML does not allow.", new SourceLocation(file, line, i - lineStart + 1),
                "Remove it; inside a double-quoted string it can be written as an escape such as \\u0001.");
        }
    }

    /// <summary>Builds the tree of one document from parser events, with an explicit stack instead of recursion.</summary>
    private sealed class DocumentReader(IParser parser, string file, YamlLimits limits)
    {
        private readonly Dictionary<string, Built> _anchors = new(StringComparer.Ordinal);
        private int _aliases;
        private long _aliasNodes;

        /// <summary>A finished node, how many nodes it holds and how deep it nests (a scalar is 0).</summary>
        private readonly record struct Built(YNode Node, int Size, int Height);

        /// <summary>A list or mapping being read.</summary>
        private sealed class Frame(YNode node, string? anchor)
        {
            public YNode Node { get; } = node;

            public string? Anchor { get; } = anchor;

            public int Size { get; set; } = 1;

            public int Height { get; set; } = 1;

            public YScalar? Key { get; set; }

            public SourceLocation? KeyLocation { get; set; }

            public List<YMap>? Merged { get; set; }
        }

        public YNode Read()
        {
            var stack = new List<Frame>();
            while (true)
            {
                var current = parser.Current ?? throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "The YAML ends unexpectedly.", new SourceLocation(file, 0, 0));
                var awaitingKey = stack.Count > 0 && stack[^1] is { Node: YMap, Key: null };
                Built built;
                string? anchor;
                switch (current)
                {
                    case AnchorAlias alias:
                        parser.MoveNext();
                        built = Resolve(alias, stack.Count);
                        anchor = null;
                        break;
                    case Scalar scalar:
                        parser.MoveNext();
                        built = new Built(ReadScalar(scalar, file), 1, 0);
                        anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                        break;
                    case SequenceStart start:
                        if (awaitingKey) throw CollectionKey(start.Start);
                        parser.MoveNext();
                        Open(stack, start.Start, start.Tag, "tag:yaml.org,2002:seq", "a list");
                        stack.Add(new Frame(new YSeq { Location = Loc(file, start.Start) }, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                        continue;
                    case MappingStart start:
                        if (awaitingKey) throw CollectionKey(start.Start);
                        parser.MoveNext();
                        Open(stack, start.Start, start.Tag, "tag:yaml.org,2002:map", "a mapping");
                        stack.Add(new Frame(new YMap { Location = Loc(file, start.Start) }, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                        continue;
                    case SequenceEnd or MappingEnd when stack.Count > 0:
                        parser.MoveNext();
                        var frame = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        if (frame.Node is YMap finished) ApplyMerges(finished, frame.Merged);
                        built = new Built(frame.Node, frame.Size, frame.Height);
                        anchor = frame.Anchor;
                        break;
                    default:
                        throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unexpected YAML event {current.GetType().Name}.", Loc(file, current.Start));
                }
                if (anchor is not null) _anchors[anchor] = built;
                if (stack.Count == 0) return built.Node;
                Add(stack[^1], built, current.Start);
            }
        }

        private void Open(List<Frame> stack, Mark start, TagName tag, string allowedTag, string kind)
        {
            if (stack.Count + 1 > limits.MaxDepth) throw TooDeep(start);
            if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != allowedTag)
            {
                throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unsupported YAML tag {Echo.Quote(tag.Value)} on {kind}.", Loc(file, start),
                    "Remove the tag; lists and mappings take no tags here.");
            }
        }

        private KPopsException TooDeep(Mark at) =>
            new(ErrorIds.YamlTooDeep, ErrorKind.InvalidData, $"The YAML nests lists and mappings deeper than {limits.MaxDepth} levels.", Loc(file, at),
                "Flatten the structure; if it really must nest this deep, raise limits.max_depth in config.yaml.");

        private KPopsException CollectionKey(Mark at) =>
            new(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "Mapping keys must be plain values, not lists or mappings.", Loc(file, at));

        private Built Resolve(AnchorAlias alias, int depth)
        {
            var at = Loc(file, alias.Start);
            if (++_aliases > limits.MaxAliases)
            {
                throw new KPopsException(ErrorIds.YamlAliasLimit, ErrorKind.InvalidData, $"The document uses more than {limits.MaxAliases} aliases.", at,
                    "Write the values out, or raise limits.max_aliases in config.yaml.");
            }
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unknown alias {Echo.Quote("*" + alias.Value.Value)}.", at,
                    $"Define the anchor {Echo.Quote("&" + alias.Value.Value)} before using it.");
            }
            _aliasNodes += target.Size;
            if (_aliasNodes > limits.MaxAliasNodes)
            {
                throw new KPopsException(ErrorIds.YamlAliasLimit, ErrorKind.InvalidData,
                    $"The aliases of the document expand to more than {limits.MaxAliasNodes} nodes (an alias that repeats other aliases multiplies them).", at,
                    "Use fewer nested aliases, or raise limits.max_alias_nodes in config.yaml.");
            }
            if (depth + target.Height > limits.MaxDepth) throw TooDeep(alias.Start);
            return target with { Node = target.Node.DeepClone() };
        }

        private void Add(Frame parent, Built child, Mark start)
        {
            parent.Size += child.Size;
            parent.Height = Math.Max(parent.Height, child.Height + 1);
            if (parent.Node is YSeq seq)
            {
                seq.Items.Add(child.Node);
                return;
            }
            var map = (YMap)parent.Node;
            if (parent.Key is null)
            {
                parent.Key = child.Node as YScalar ?? throw CollectionKey(start);
                parent.KeyLocation = Loc(file, start);
                return;
            }
            var keyScalar = parent.Key;
            var keyLocation = parent.KeyLocation!;
            parent.Key = null;
            var key = keyScalar.ToInvariantString();
            if (keyScalar is { Plain: true, Value: string } && key == "<<")
            {
                (parent.Merged ??= []).AddRange(MergeSources(child.Node, keyLocation));
                return;
            }
            if (keyScalar.Value is bool b) key = b ? "True" : "False";   // PyYAML keys: on: → True
            else if (keyScalar.Value is null) key = "None";
            if (map.ContainsKey(key))
            {
                throw new KPopsException(ErrorIds.YamlDuplicateKey, ErrorKind.InvalidData, $"Duplicate key {Echo.Quote(key)} (first written at line {map.KeyLocation(key)?.Line}).",
                    keyLocation, "Remove one of the two entries; KPOps would silently keep the last one.");
            }
            map.Set(key, child.Node, keyLocation);
        }

        // Merge keys fill in what the mapping itself does not set; earlier sources win (YAML merge key semantics).
        // The sources are fresh copies (an alias is copied where it is used), so their values move without copying.
        private static void ApplyMerges(YMap map, List<YMap>? merged)
        {
            if (merged is null) return;
            foreach (var source in merged)
            {
                foreach (var (key, value) in source)
                {
                    if (!map.ContainsKey(key)) map.Set(key, value, source.KeyLocation(key));
                }
            }
        }

        private static IEnumerable<YMap> MergeSources(YNode value, SourceLocation location) => value switch
        {
            YMap m => [m],
            YSeq s when s.Items.All(i => i is YMap) => s.Items.Cast<YMap>(),
            _ => throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "A merge key '<<' needs a mapping or a list of mappings.", location),
        };
    }

    private static YScalar ReadScalar(Scalar scalar, string file)
    {
        var location = Loc(file, scalar.Start);
        var plain = scalar.Style == ScalarStyle.Plain;
        object? value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            value = scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:str" => scalar.Value,
                "tag:yaml.org,2002:null" => null,
                "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" => ResolveTagged(scalar, location),
                _ => throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unsupported YAML tag {Echo.Quote(scalar.Tag.Value)}.", location, "Remove the tag; only the standard !!str, !!int, !!float, !!bool and !!null tags are understood."),
            };
            plain = false;
        }
        else
        {
            value = plain ? ScalarResolver.Resolve(scalar.Value) : scalar.Value;
        }
        return new YScalar(value, plain) { Location = location };
    }

    private static object? ResolveTagged(Scalar scalar, SourceLocation location)
    {
        var resolved = ScalarResolver.Resolve(scalar.Value);
        var ok = scalar.Tag.Value switch
        {
            "tag:yaml.org,2002:bool" => resolved is bool,
            "tag:yaml.org,2002:int" => resolved is long,
            _ => resolved is double or long,
        };
        if (!ok) throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"{Echo.Quote(scalar.Value)} is not a valid {scalar.Tag.Value.Split(':')[^1]}.", location);
        return scalar.Tag.Value == "tag:yaml.org,2002:float" && resolved is long l ? (double)l : resolved;
    }
}
