using System.Collections;
using System.Globalization;
using KPops.Engine.Errors;

namespace KPops.Engine.Yaml;

/// <summary>
/// A YAML value with the place it was written. The engine works on these trees from loading to output, so that
/// every error can point at a file, line and column — even after defaults were merged in from another file.
/// </summary>
public abstract class YNode
{
    /// <summary>Where the value was written, or null for values the engine supplies (built-in defaults).</summary>
    public SourceLocation? Location { get; set; }

    /// <summary>A deep copy that keeps locations.</summary>
    /// <remarks>Copies with an explicit stack, so the depth of the tree never matters to the call stack.</remarks>
    public YNode DeepClone()
    {
        if (this is YScalar scalar) return scalar.Copy();
        var root = EmptyCopy(this);
        var pending = new Stack<(YNode Source, YNode Copy)>();
        pending.Push((this, root));
        while (pending.Count > 0)
        {
            var (source, copy) = pending.Pop();
            if (source is YMap map)
            {
                var target = (YMap)copy;
                foreach (var key in map.Keys)
                {
                    var child = map[key];
                    var childCopy = child is YScalar s ? s.Copy() : EmptyCopy(child);
                    target.Set(key, childCopy, map.KeyLocation(key));
                    if (child is not YScalar) pending.Push((child, childCopy));
                }
            }
            else if (source is YSeq seq)
            {
                var target = (YSeq)copy;
                foreach (var child in seq.Items)
                {
                    var childCopy = child is YScalar s ? s.Copy() : EmptyCopy(child);
                    target.Items.Add(childCopy);
                    if (child is not YScalar) pending.Push((child, childCopy));
                }
            }
        }
        return root;
    }

    private static YNode EmptyCopy(YNode node) => node switch
    {
        YMap => new YMap { Location = node.Location },
        YSeq => new YSeq { Location = node.Location },
        YScalar s => s.Copy(),
        _ => throw new InvalidOperationException($"Unknown node type {node.GetType().Name}."),
    };

    /// <summary>Structural equality of values (locations are ignored).</summary>
    /// <remarks>Compares with an explicit stack, like <see cref="DeepClone"/>.</remarks>
    public bool ValueEquals(YNode? other)
    {
        var pending = new Stack<(YNode A, YNode? B)>();
        pending.Push((this, other));
        while (pending.Count > 0)
        {
            var (a, b) = pending.Pop();
            switch (a)
            {
                case YScalar sa:
                    if (b is not YScalar sb || !Equals(sa.Value, sb.Value)) return false;
                    break;
                case YMap ma:
                    if (b is not YMap mb || ma.Count != mb.Count) return false;
                    foreach (var key in ma.Keys)
                    {
                        if (!mb.TryGetValue(key, out var value)) return false;
                        pending.Push((ma[key], value));
                    }
                    break;
                case YSeq qa:
                    if (b is not YSeq qb || qa.Items.Count != qb.Items.Count) return false;
                    for (var i = 0; i < qa.Items.Count; i++) pending.Push((qa.Items[i], qb.Items[i]));
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>Describes the node's kind for error messages ("a mapping", "a list", "a string", ...).</summary>
    public abstract string KindName { get; }
}

/// <summary>A mapping with string keys in insertion order.</summary>
public sealed class YMap : YNode, IEnumerable<KeyValuePair<string, YNode>>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, YNode> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _keyLocations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override string KindName => "a mapping";

    /// <summary>Number of entries.</summary>
    public int Count => _keys.Count;

    /// <summary>Keys in order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Gets or sets a value; setting a new key appends it.</summary>
    public YNode this[string key]
    {
        get => _values[key];
        set
        {
            if (!_values.ContainsKey(key)) _keys.Add(key);
            _values[key] = value;
        }
    }

    /// <summary>True when the key is present (its value may be a null scalar).</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(string key, out YNode value) => _values.TryGetValue(key, out value!);

    /// <summary>The value or null when absent.</summary>
    public YNode? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

    /// <summary>Where a key was written.</summary>
    public SourceLocation? KeyLocation(string key) => _keyLocations.TryGetValue(key, out var l) ? l : null;

    /// <summary>Adds or replaces an entry, remembering where its key was written.</summary>
    public void Set(string key, YNode value, SourceLocation? keyLocation)
    {
        this[key] = value;
        if (keyLocation is not null) _keyLocations[key] = keyLocation;
    }

    /// <summary>Removes a key; true when it was present.</summary>
    public bool Remove(string key)
    {
        if (!_values.Remove(key)) return false;
        _keys.Remove(key);
        _keyLocations.Remove(key);
        return true;
    }

    /// <summary>Renames a key in place (keeps its position and location).</summary>
    public void Rename(string oldKey, string newKey)
    {
        if (oldKey == newKey || !_values.TryGetValue(oldKey, out var value)) return;
        var index = _keys.IndexOf(oldKey);
        var location = KeyLocation(oldKey);
        Remove(oldKey);
        if (_values.ContainsKey(newKey)) Remove(newKey);
        _keys.Insert(Math.Min(index, _keys.Count), newKey);
        _values[newKey] = value;
        if (location is not null) _keyLocations[newKey] = location;
    }

    /// <summary>Inserts a key at a position (used to keep kpops' field order).</summary>
    public void Insert(int index, string key, YNode value)
    {
        Remove(key);
        _keys.Insert(Math.Clamp(index, 0, _keys.Count), key);
        _values[key] = value;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, YNode>> GetEnumerator()
    {
        foreach (var key in _keys.ToArray()) yield return new KeyValuePair<string, YNode>(key, _values[key]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

}

/// <summary>A sequence.</summary>
public sealed class YSeq : YNode, IEnumerable<YNode>
{
    /// <summary>Creates an empty sequence.</summary>
    public YSeq() { }

    /// <summary>Creates a sequence of the given items.</summary>
    public YSeq(IEnumerable<YNode> items) => Items.AddRange(items);

    /// <summary>The items.</summary>
    public List<YNode> Items { get; } = [];

    /// <inheritdoc />
    public override string KindName => "a list";

    /// <inheritdoc />
    public IEnumerator<YNode> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

}

/// <summary>
/// A scalar: null, bool, long, double or string, resolved as PyYAML's safe loader does (YAML 1.1), so files mean
/// what they mean to KPOps. <see cref="Plain"/> remembers whether the text was unquoted: only plain scalars are
/// re-typed when a placeholder inside them is substituted.
/// </summary>
public sealed class YScalar : YNode
{
    /// <summary>Creates a scalar.</summary>
    public YScalar(object? value, bool plain = false)
    {
        Value = value switch
        {
            int i => (long)i,
            float f => (double)f,
            decimal d => (double)d,
            _ => value,
        };
        Plain = plain;
    }

    /// <summary>The value: null, bool, long, double or string.</summary>
    public object? Value { get; }

    /// <summary>True when written without quotes (its type came from its text).</summary>
    public bool Plain { get; }

    /// <summary>True for a null value.</summary>
    public bool IsNull => Value is null;

    /// <summary>The value if it is a string.</summary>
    public string? AsString => Value as string;

    /// <inheritdoc />
    public override string KindName => Value switch
    {
        null => "null",
        bool => "a boolean",
        long => "an integer",
        double => "a number",
        _ => "a string",
    };

    /// <summary>A null scalar.</summary>
    public static YScalar Null(SourceLocation? location = null) => new(null) { Location = location };

    /// <summary>A string scalar.</summary>
    public static YScalar Of(string value, SourceLocation? location = null) => new(value) { Location = location };

    /// <summary>The value as Python's <c>str()</c> prints it (True, None, 1.5), as substitution inserts it.</summary>
    public string ToPythonString() => Value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat(d),
        string s => s,
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The value as JSON-compatible text for Helm and Connect (true, 1, 1.5; strings as is).</summary>
    public string ToInvariantString() => Value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat(d),
        string s => s,
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Python's <c>repr()</c> of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on.</summary>
    internal static string PythonFloat(double d)
    {
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (double.IsNaN(d)) return "nan";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits and the position of the decimal point, as CPython's float_repr_style 'short'.
        var text = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = integerPart + (dot < 0 ? "" : mantissa[(dot + 1)..]);
        var point = integerPart.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..].TrimEnd('0');
        point -= leadingZeros;
        string body;
        if (point > -4 && point <= 16)
        {
            body = point <= 0 ? "0." + new string('0', -point) + digits
                : point >= digits.Length ? digits + new string('0', point - digits.Length) + ".0"
                : digits[..point] + "." + digits[point..];
        }
        else
        {
            var power = point - 1;
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + (power < 0 ? "e-" : "e+") + Math.Abs(power).ToString("00", CultureInfo.InvariantCulture);
        }
        return d < 0 ? "-" + body : body;
    }

    internal YScalar Copy() => new(Value, Plain) { Location = Location };

    /// <inheritdoc />
    public override string ToString() => ToPythonString();
}
