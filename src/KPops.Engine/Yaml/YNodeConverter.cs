using System.Collections;
using System.Collections.Specialized;
using System.Globalization;

namespace KPops.Engine.Yaml;

/// <summary>Converts between trees and plain .NET objects (what PowerShell scripts hold: hashtables, arrays, scalars).</summary>
public static class YNodeConverter
{
    /// <summary>
    /// A tree as .NET objects: mappings become ordered dictionaries with case-sensitive keys, lists object arrays,
    /// scalars their values.
    /// </summary>
    public static object? ToDotNet(YNode? node) => node switch
    {
        null => null,
        YMap map => ToDictionary(map),
        YSeq seq => seq.Items.Select(ToDotNet).ToArray(),
        YScalar scalar => scalar.Value,
        _ => null,
    };

    private static OrderedDictionary ToDictionary(YMap map)
    {
        var result = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in map) result[key] = ToDotNet(value);
        return result;
    }

    /// <summary>
    /// .NET objects as a tree: dictionaries become mappings, other enumerables lists, numbers, booleans and strings
    /// scalars; anything else becomes its invariant text. <paramref name="unwrap"/> lets a host unwrap its own
    /// wrapper objects (PowerShell's PSObject) first.
    /// </summary>
    public static YNode FromDotNet(object? value, Func<object?, object?>? unwrap = null)
    {
        value = unwrap is null ? value : unwrap(value);
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
                var map = new YMap();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = unwrap is null ? entry.Key : unwrap(entry.Key);
                    map[Convert.ToString(key, CultureInfo.InvariantCulture) ?? ""] = FromDotNet(entry.Value, unwrap);
                }
                return map;
            case IEnumerable enumerable:
                return new YSeq(enumerable.Cast<object?>().Select(i => FromDotNet(i, unwrap)));
            default:
                return new YScalar(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
