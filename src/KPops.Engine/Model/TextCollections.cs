using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.Globalization;

namespace KPops.Engine.Model;

/// <summary>
/// A read-only list whose text is its items, comma-separated: Export-Csv and string conversion show
/// <c>a, b</c> instead of a .NET type name. ConvertTo-Json still writes an array.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class TextList<T> : ReadOnlyCollection<T>
{
    /// <summary>Wraps a list.</summary>
    public TextList(IList<T> items) : base(items)
    {
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", this.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)));
}

/// <summary>
/// A read-only map whose text is its entries (<c>key=value, ...</c>): Export-Csv shows them instead of a .NET type
/// name. ConvertTo-Json still writes an object.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class TextMap<TValue> : ReadOnlyDictionary<string, TValue>
{
    /// <summary>Wraps a map.</summary>
    public TextMap(IDictionary<string, TValue> entries) : base(entries)
    {
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(", ", this.Select(p => p.Key + "=" + (p.Value is System.Collections.IEnumerable items and not string
            ? string.Join(" ", items.Cast<object?>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)))
            : Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
}

/// <summary>
/// Helm values or a connector config (a copy): its text names the keys only, since values may hold secrets
/// (Export-Csv writes <c>3 keys: image, imageTag, kafka</c>). ConvertTo-Json writes the whole mapping.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1010", Justification = "The same type as the values' nested mappings (OrderedDictionary), for scripts.")]
public sealed class SettingsDictionary : OrderedDictionary
{
    /// <summary>Copies the entries of a dictionary.</summary>
    public SettingsDictionary(System.Collections.IDictionary entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (System.Collections.DictionaryEntry entry in entries) Add(entry.Key, entry.Value);
    }

    /// <inheritdoc />
    public override string ToString() => Count + " keys: " + string.Join(", ", Keys.Cast<object>());
}

/// <summary>Wrapping into the text collections.</summary>
public static class TextCollections
{
    /// <summary>The items as a <see cref="TextList{T}"/>.</summary>
    public static TextList<T> ToTextList<T>(this IEnumerable<T> items) => new(items.ToList());

    /// <summary>The entries as a <see cref="TextMap{TValue}"/>.</summary>
    public static TextMap<TValue> ToTextMap<TValue>(this IReadOnlyDictionary<string, TValue> entries) =>
        new(entries.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
}
