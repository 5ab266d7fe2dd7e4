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
                target.Reserve(map.Count);
                for (var i = 0; i < map.Count; i++)
                {
                    var (key, child, location) = map.EntryAt(i);
                    var childCopy = child is YScalar s ? s.Copy() : EmptyCopy(child);
                    target.AppendUnique(key, childCopy, location);
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
                    foreach (var (key, value) in ma)
                    {
                        if (!mb.TryGetValue(key, out var counterpart)) return false;
                        pending.Push((value, counterpart));
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
/// <remarks>
/// The entries (key, value, where the key was written) sit in one array in order; a mapping of more than
/// <see cref="IndexThreshold"/> keys also keeps a key index, smaller ones are searched (most mappings of a pipeline have
/// a handful of keys, and a load builds hundreds of thousands of them). Enumerating is safe while the mapping changes:
/// an enumerator goes over the keys there were when it started, with the values they hold when it reaches them, and a
/// change that moves entries (remove, insert, rename) first copies the array an enumerator may be reading.
/// </remarks>
public sealed class YMap : YNode, IEnumerable<KeyValuePair<string, YNode>>
{
    /// <summary>Above this many keys, lookups go through an index rather than a search.</summary>
    public const int IndexThreshold = 8;

    private struct Entry
    {
        public string Key;
        public YNode Value;
        public SourceLocation? Location;
    }

    private Entry[] _entries = [];
    private int _count;
    private Dictionary<string, int>? _index;
    private bool _shared;   // an enumerator or the key list may be reading _entries
    private KeyList? _keys;

    /// <inheritdoc />
    public override string KindName => "a mapping";

    /// <summary>Number of entries.</summary>
    public int Count => _count;

    /// <summary>Keys in order (a live view).</summary>
    public IReadOnlyList<string> Keys => _keys ??= new KeyList(this);

    /// <summary>Gets or sets a value; setting a new key appends it.</summary>
    public YNode this[string key]
    {
        get
        {
            var at = IndexOf(key);
            return at >= 0 ? _entries[at].Value : throw new KeyNotFoundException($"The key '{Errors.Echo.Text(key, 80)}' is not in the mapping.");
        }
        set => Set(key, value, null);
    }

    /// <summary>True when the key is present (its value may be a null scalar).</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(string key, out YNode value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? _entries[at].Value : null!;
        return at >= 0;
    }

    /// <summary>The value or null when absent.</summary>
    public YNode? Get(string key)
    {
        var at = IndexOf(key);
        return at >= 0 ? _entries[at].Value : null;
    }

    /// <summary>Where a key was written.</summary>
    public SourceLocation? KeyLocation(string key)
    {
        var at = IndexOf(key);
        return at >= 0 ? _entries[at].Location : null;
    }

    /// <summary>Adds or replaces an entry, remembering where its key was written (a null location keeps the known one).</summary>
    public void Set(string key, YNode value, SourceLocation? keyLocation)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = IndexOf(key);
        if (at >= 0)
        {
            _entries[at].Value = value;
            if (keyLocation is not null) _entries[at].Location = keyLocation;
            return;
        }
        AppendUnique(key, value, keyLocation);
    }

    /// <summary>Removes a key; true when it was present.</summary>
    public bool Remove(string key)
    {
        var at = IndexOf(key);
        if (at < 0) return false;
        RemoveAt(at);
        BuildIndex();
        return true;
    }

    /// <summary>Renames a key in place (keeps its position and location).</summary>
    public void Rename(string oldKey, string newKey)
    {
        var index = IndexOf(oldKey);
        if (oldKey == newKey || index < 0) return;
        var (value, location) = (_entries[index].Value, _entries[index].Location);
        RemoveAt(index);
        var other = IndexOf(newKey);
        if (other >= 0) RemoveAt(other);
        InsertAt(Math.Min(index, _count), new Entry { Key = newKey, Value = value, Location = location });
    }

    /// <summary>Inserts a key at a position (used to keep kpops' field order).</summary>
    public void Insert(int index, string key, YNode value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = IndexOf(key);
        if (at >= 0) RemoveAt(at);
        InsertAt(Math.Clamp(index, 0, _count), new Entry { Key = key, Value = value });
    }

    /// <summary>The entry at a position (0 to <see cref="Count"/> - 1).</summary>
    internal (string Key, YNode Value, SourceLocation? Location) EntryAt(int index)
    {
        var entry = _entries[index];
        return (entry.Key, entry.Value, entry.Location);
    }

    /// <summary>Makes room for <paramref name="count"/> entries.</summary>
    internal void Reserve(int count)
    {
        if (count <= _entries.Length) return;
        Array.Resize(ref _entries, count);
        _shared = false;
    }

    /// <summary>Appends a key the caller knows is not present (copying another mapping).</summary>
    internal void AppendUnique(string key, YNode value, SourceLocation? location)
    {
        if (_count == _entries.Length)
        {
            // A new array: an enumerator keeps reading the old one.
            Array.Resize(ref _entries, Math.Max(4, _count * 2));
            _shared = false;
        }
        // Appending writes past the count an enumerator took, so the array needs no copy.
        _entries[_count++] = new Entry { Key = key, Value = value, Location = location };
        if (_index is not null) _index[key] = _count - 1;
        else if (_count > IndexThreshold) BuildIndex();
    }

    /// <summary>Enumerates the entries in order (see the remarks on changes while enumerating).</summary>
    public Enumerator GetEnumerator()
    {
        _shared = true;
        return new Enumerator(_entries, _count);
    }

    IEnumerator<KeyValuePair<string, YNode>> IEnumerable<KeyValuePair<string, YNode>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var at) ? at : -1;
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    // Removes without rebuilding the index; callers rebuild it once they are done moving entries.
    private void RemoveAt(int at)
    {
        Unshare();
        _count--;
        Array.Copy(_entries, at + 1, _entries, at, _count - at);
        _entries[_count] = default;
        _index = null;
    }

    private void InsertAt(int at, Entry entry)
    {
        Unshare();
        if (_count == _entries.Length) Array.Resize(ref _entries, Math.Max(4, _count * 2));
        Array.Copy(_entries, at, _entries, at + 1, _count - at);
        _entries[at] = entry;
        _count++;
        BuildIndex();
    }

    private void Unshare()
    {
        if (!_shared) return;
        _entries = (Entry[])_entries.Clone();
        _shared = false;
    }

    private void BuildIndex()
    {
        if (_count <= IndexThreshold)
        {
            _index = null;
            return;
        }
        var index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++) index[_entries[i].Key] = i;
        _index = index;
    }

    /// <summary>Goes over the entries a mapping had when the enumeration started.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, YNode>>
    {
        private readonly Entry[] _entries;
        private readonly int _count;
        private int _at;

        internal Enumerator(Array entries, int count)
        {
            _entries = (Entry[])entries;
            _count = count;
            _at = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, YNode> Current => new(_entries[_at].Key, _entries[_at].Value);

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_at < _count;

        /// <inheritdoc />
        public void Reset() => _at = -1;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }

    private sealed class KeyList(YMap map) : IReadOnlyList<string>
    {
        public string this[int index] => (uint)index < (uint)map._count ? map._entries[index].Key : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => map._count;

        public IEnumerator<string> GetEnumerator()
        {
            map._shared = true;
            var (entries, count) = (map._entries, map._count);
            for (var i = 0; i < count; i++) yield return entries[i].Key;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
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
