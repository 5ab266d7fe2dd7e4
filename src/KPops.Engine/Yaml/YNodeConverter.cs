using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using KPops.Engine.Errors;

namespace KPops.Engine.Yaml;

/// <summary>Converts between trees and plain .NET objects (what PowerShell scripts hold: hashtables, arrays, scalars).</summary>
/// <remarks>
/// Both directions work with an explicit stack. Objects from scripts may nest without end (a hashtable that holds
/// itself), so <see cref="FromDotNet"/> stops at a depth limit with an error instead of recursing forever.
/// </remarks>
public static class YNodeConverter
{
    /// <summary>
    /// A tree as .NET objects: mappings become ordered dictionaries with case-sensitive keys, lists object arrays,
    /// scalars their values.
    /// </summary>
    public static object? ToDotNet(YNode? node)
    {
        if (node is null or YScalar) return (node as YScalar)?.Value;
        var root = EmptyContainer(node);
        var pending = new Stack<(YNode Source, object Target)>();
        pending.Push((node, root));
        while (pending.Count > 0)
        {
            var (source, target) = pending.Pop();
            switch (source)
            {
                case YMap map:
                    var dictionary = (OrderedDictionary)target;
                    foreach (var key in map.Keys)
                    {
                        var child = map[key];
                        var converted = child is YScalar s ? s.Value : EmptyContainer(child);
                        dictionary[key] = converted;
                        if (child is not YScalar) pending.Push((child, converted!));
                    }
                    break;
                case YSeq seq:
                    var array = (object?[])target;
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        var child = seq.Items[i];
                        array[i] = child is YScalar s ? s.Value : EmptyContainer(child);
                        if (child is not YScalar) pending.Push((child, array[i]!));
                    }
                    break;
            }
        }
        return root;
    }

    private static object EmptyContainer(YNode node) => node is YSeq seq ? new object?[seq.Items.Count] : new OrderedDictionary(StringComparer.Ordinal);

    /// <summary>
    /// .NET objects as a tree: dictionaries become mappings, other enumerables lists, numbers, booleans and strings
    /// scalars; anything else becomes its invariant text. <paramref name="unwrap"/> lets a host unwrap its own
    /// wrapper objects (PowerShell's PSObject) first. Nesting deeper than <paramref name="maxDepth"/> is an error.
    /// </summary>
    public static YNode FromDotNet(object? value, Func<object?, object?>? unwrap = null, int maxDepth = YamlLimits.DefaultMaxDepth)
    {
        var root = Leaf(Unwrap(value, unwrap), out var rootContainer);
        if (rootContainer is null) return root;
        var pending = new Stack<(object Source, YNode Target, int Depth)>();
        pending.Push((rootContainer, root, 1));
        while (pending.Count > 0)
        {
            var (source, target, depth) = pending.Pop();
            if (depth > maxDepth)
            {
                throw new KPopsException(ErrorIds.NestingTooDeep, ErrorKind.InvalidData,
                    $"The object nests lists and dictionaries deeper than {maxDepth} levels.", hint: "Check that no hashtable or list contains itself.");
            }
            if (source is IDictionary dictionary)
            {
                var map = (YMap)target;
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Unwrap(entry.Key, unwrap);
                    var child = Leaf(Unwrap(entry.Value, unwrap), out var container);
                    map[Convert.ToString(key, CultureInfo.InvariantCulture) ?? ""] = child;
                    if (container is not null) pending.Push((container, child, depth + 1));
                }
            }
            else
            {
                var seq = (YSeq)target;
                foreach (var item in (IEnumerable)source)
                {
                    var child = Leaf(Unwrap(item, unwrap), out var container);
                    seq.Items.Add(child);
                    if (container is not null) pending.Push((container, child, depth + 1));
                }
            }
        }
        return root;
    }

    private static object? Unwrap(object? value, Func<object?, object?>? unwrap) => unwrap is null ? value : unwrap(value);

    /// <summary>A scalar or copied tree, or an empty mapping or list whose content <paramref name="container"/> still holds.</summary>
    private static YNode Leaf(object? value, out object? container)
    {
        container = null;
        switch (value)
        {
            case null:
                return YScalar.Null();
            case YNode node:
                return node.DeepClone();
            case string s:
                return new YScalar(s);
            case bool b:
                return new YScalar(b);
            case int or long or short or byte or sbyte or uint or ushort:
                return new YScalar(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong ul:
                return ul <= long.MaxValue ? new YScalar((long)ul) : new YScalar(ul.ToString(CultureInfo.InvariantCulture));
            case float or double or decimal:
                return new YScalar(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case IDictionary dictionary:
                container = dictionary;
                return new YMap();
            case IEnumerable enumerable:
                container = enumerable;
                return new YSeq();
            default:
                return new YScalar(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
