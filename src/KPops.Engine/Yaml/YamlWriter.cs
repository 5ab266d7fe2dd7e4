using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KPops.Engine.Yaml;

/// <summary>
/// Writes <see cref="YNode"/> trees as block YAML in the style of PyYAML's <c>dump(sort_keys=False)</c>: list items
/// indented under their key, multi-line strings as <c>|</c> blocks, strings quoted only when they would otherwise
/// read back as something else (a number, a boolean, null).
/// </summary>
public static class YamlWriter
{
    /// <summary>Serialises one node as a YAML document (without a '---' marker).</summary>
    public static string Write(YNode? node, bool sortKeys = false)
    {
        using var writer = new StringWriter();
        Write(node, writer, sortKeys);
        return writer.ToString();
    }

    /// <summary>Serialises one node to a writer.</summary>
    public static void Write(YNode? node, TextWriter writer, bool sortKeys = false)
    {
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true, "\n", false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node ?? YScalar.Null(), sortKeys);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
    }

    // Emits with an explicit stack of what is still to write (nodes, keys and end events), so the depth of the
    // tree never matters to the call stack.
    private static void Emit(Emitter emitter, YNode root, bool sortKeys)
    {
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ParsingEvent end:
                    emitter.Emit(end);
                    break;
                case string key:
                    EmitString(emitter, key);
                    break;
                case YMap map:
                    emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                    pending.Push(new MappingEnd());
                    var keys = sortKeys ? map.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList() : map.Keys.ToList();
                    for (var i = keys.Count - 1; i >= 0; i--)
                    {
                        pending.Push(map[keys[i]]);
                        pending.Push(keys[i]);
                    }
                    break;
                case YSeq seq:
                    emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, seq.Items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                    pending.Push(new SequenceEnd());
                    for (var i = seq.Items.Count - 1; i >= 0; i--) pending.Push(seq.Items[i]);
                    break;
                case YScalar scalar:
                    EmitScalar(emitter, scalar);
                    break;
            }
        }
    }

    private static void EmitScalar(Emitter emitter, YScalar scalar)
    {
        switch (scalar.Value)
        {
            case string s:
                EmitString(emitter, s);
                break;
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case bool b:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, b ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            case double d:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, FloatText(d), ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.ToInvariantString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    // PyYAML's represent_float: repr(), with ".0" put before an exponent that has no dot ("1e+20" would read as a string).
    private static string FloatText(double d)
    {
        if (double.IsPositiveInfinity(d)) return ".inf";
        if (double.IsNegativeInfinity(d)) return "-.inf";
        if (double.IsNaN(d)) return ".nan";
        var text = YScalar.PythonFloat(d);
        var exponent = text.IndexOf('e', StringComparison.Ordinal);
        return exponent >= 0 && !text.Contains('.', StringComparison.Ordinal) ? text.Insert(exponent, ".0") : text;
    }

    private static void EmitString(Emitter emitter, string value)
    {
        ScalarStyle style;
        if (value.Contains('\n', StringComparison.Ordinal) && CanBeLiteral(value)) style = ScalarStyle.Literal;
        else if (value.Contains('\n', StringComparison.Ordinal)) style = ScalarStyle.DoubleQuoted;
        else if (ScalarResolver.NeedsQuotes(value) || ReadsDifferentlyPlain(value)) style = ScalarStyle.SingleQuoted;
        else style = ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, true, true));
    }

    // YamlDotNet's scanner does not end a plain key at ': ' once it has seen ' *' (an alias indicator inside the text),
    // so `a *b: 1` reads back as one string; such strings are quoted.
    private static bool ReadsDifferentlyPlain(string value) => value.Contains(" *", StringComparison.Ordinal);

    // A literal block cannot keep trailing spaces on a line, and one without any text (only line breaks) reads back
    // empty; such strings are written double-quoted instead.
    private static bool CanBeLiteral(string value) =>
        !string.IsNullOrWhiteSpace(value) && !value.Split('\n').Any(line => line.EndsWith(' ') || line.EndsWith('\t'));
}
