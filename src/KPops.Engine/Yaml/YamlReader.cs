using KPops.Engine.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KPops.Engine.Yaml;

/// <summary>
/// Reads YAML into <see cref="YNode"/> trees that remember file, line and column. Anchors, aliases and merge keys
/// (<c>&lt;&lt;</c>) work as in PyYAML; duplicate keys are an error (PyYAML silently keeps the last one, which
/// hides typos). An empty document reads as null.
/// </summary>
public static class YamlReader
{
    /// <summary>Reads a file.</summary>
    public static YNode? ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"Cannot read '{path}': {e.Message}", hint: "Check the path and its permissions.");
        }
        return Read(text, path);
    }

    /// <summary>Reads text; <paramref name="file"/> names it in locations and errors.</summary>
    public static YNode? Read(string text, string file)
    {
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, file, anchors);
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
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Invalid YAML: {InnermostMessage(e)}",
                Loc(file, e.Start), "Fix the YAML syntax at this position (indentation, a missing ':' or an unclosed quote are common causes).", e);
        }
        catch (InvalidOperationException e) when (e.Source == typeof(Parser).Assembly.GetName().Name)
        {
            // YamlDotNet's scanner fails this way on some malformed input (e.g. an unclosed '[' followed by a key).
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "Invalid YAML: the text cannot be parsed after this position.",
                Loc(file, parser.LastEnd), "Fix the YAML syntax here; an unclosed '[', '{' or quote is a common cause.", e);
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

    /// <summary>Reads every document of a multi-document stream (such as rendered Kubernetes manifests); empty documents are skipped.</summary>
    public static IReadOnlyList<YNode> ReadAll(string text, string file)
    {
        var documents = new List<YNode>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
                var node = ReadNode(parser, file, anchors);
                parser.Consume<DocumentEnd>();
                if (node is not YScalar { IsNull: true }) documents.Add(node);
            }
            return documents;
        }
        catch (YamlException e)
        {
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Invalid YAML: {InnermostMessage(e)}", Loc(file, e.Start), inner: e);
        }
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    internal static SourceLocation Loc(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    private static YNode ReadNode(IParser parser, string file, Dictionary<string, YNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
                throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unknown alias '*{alias.Value.Value}'.", Loc(file, alias.Start), "Define the anchor '&" + alias.Value.Value + "' before using it.");
            return target.DeepClone();
        }
        YNode node;
        string? anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = ReadScalar(scalar, file);
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var seq = new YSeq { Location = Loc(file, seqStart.Start) };
            while (!parser.TryConsume<SequenceEnd>(out _)) seq.Items.Add(ReadNode(parser, file, anchors));
            node = seq;
            anchor = seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value;
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            node = ReadMapping(parser, file, anchors, Loc(file, mapStart.Start));
            anchor = mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value;
        }
        else
        {
            var unexpected = parser.Current!;
            throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unexpected YAML event {unexpected.GetType().Name}.", Loc(file, unexpected.Start));
        }
        if (anchor is not null) anchors[anchor] = node;
        return node;
    }

    private static YMap ReadMapping(IParser parser, string file, Dictionary<string, YNode> anchors, SourceLocation location)
    {
        var map = new YMap { Location = location };
        var merged = new List<YMap>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var keyNode = ReadNode(parser, file, anchors);
            var keyLocation = Loc(file, keyEvent.Start);
            if (keyNode is not YScalar keyScalar)
                throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "Mapping keys must be plain values, not lists or mappings.", keyLocation);
            var value = ReadNode(parser, file, anchors);
            var key = keyScalar.ToInvariantString();
            if (keyScalar is { Plain: true, Value: string } && key == "<<")
            {
                merged.AddRange(MergeSources(value, keyLocation));
                continue;
            }
            if (keyScalar.Value is bool b) key = b ? "True" : "False";   // PyYAML keys: on: → True
            else if (keyScalar.Value is null) key = "None";
            if (map.ContainsKey(key))
                throw new KPopsException(ErrorIds.YamlDuplicateKey, ErrorKind.InvalidData, $"Duplicate key '{key}' (first written at line {map.KeyLocation(key)?.Line}).",
                    keyLocation, "Remove one of the two entries; KPOps would silently keep the last one.");
            map.Set(key, value, keyLocation);
        }
        // Merge keys fill in what the mapping itself does not set; earlier sources win (YAML merge key semantics).
        foreach (var source in merged)
        {
            foreach (var (key, value) in source)
            {
                if (!map.ContainsKey(key)) map.Set(key, value.DeepClone(), source.KeyLocation(key));
            }
        }
        return map;
    }

    private static IEnumerable<YMap> MergeSources(YNode value, SourceLocation location) => value switch
    {
        YMap m => [m],
        YSeq s when s.Items.All(i => i is YMap) => s.Items.Cast<YMap>(),
        _ => throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, "A merge key '<<' needs a mapping or a list of mappings.", location),
    };

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
                _ => throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"Unsupported YAML tag '{scalar.Tag.Value}'.", location, "Remove the tag; only the standard !!str, !!int, !!float, !!bool and !!null tags are understood."),
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
        if (!ok) throw new KPopsException(ErrorIds.YamlSyntax, ErrorKind.InvalidData, $"'{scalar.Value}' is not a valid {scalar.Tag.Value.Split(':')[^1]}.", location);
        return scalar.Tag.Value == "tag:yaml.org,2002:float" && resolved is long l ? (double)l : resolved;
    }
}
