using System.Collections;
using System.Management.Automation;
using KPops.Engine.Clients;

namespace KPops.PowerShell.Internal;

/// <summary>
/// A schema provider written in PowerShell: the script block gets the schema class name and the component's
/// <c>to.models</c> and returns the schema — a string (Avro), or a hashtable with <c>Schema</c>, optional <c>Type</c>
/// (AVRO, JSON, PROTOBUF) and optional <c>References</c> (@{ Name; Subject; Version }) — or nothing for classes it
/// does not know.
/// </summary>
/// <remarks>
/// Script blocks are bound to their runspace; lifecycle runs call providers from worker threads, so a call is
/// handed to the runspace that registered the provider through a fresh nested PowerShell instance.
/// </remarks>
public sealed class ScriptSchemaProvider : ISchemaProvider
{
    private readonly ScriptBlock _script;

    internal ScriptSchemaProvider(string name, ScriptBlock script)
    {
        Name = name;
        _script = script;
    }

    /// <summary>The provider's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models)
    {
        var modelTable = new Hashtable(StringComparer.Ordinal);
        foreach (var (key, value) in models) modelTable[key] = value;
        // A new runspace per call keeps calls from worker threads safe; the script block's text is re-created there.
        using var shell = System.Management.Automation.PowerShell.Create();
        var output = shell.AddScript(_script.ToString()).AddArgument(schemaClass).AddArgument(modelTable).Invoke();
        if (shell.HadErrors)
        {
            var error = shell.Streams.Error.FirstOrDefault();
            throw new InvalidOperationException($"Schema provider '{Name}' failed for {schemaClass}: {error?.Exception?.Message ?? error?.ToString()}");
        }
        var result = output.LastOrDefault(o => o is not null)?.BaseObject;
        return result switch
        {
            null => null,
            string text => new SchemaDefinition(text, SchemaType.Avro),
            IDictionary table => FromTable(table, schemaClass),
            _ => throw new InvalidOperationException($"Schema provider '{Name}' returned {result.GetType().Name} for {schemaClass}; return a string or @{{ Schema = ...; Type = 'AVRO' }}."),
        };
    }

    private SchemaDefinition FromTable(IDictionary table, string schemaClass)
    {
        object? Get(string key) => table.Contains(key) ? Unwrap(table[key]) : table.Keys.Cast<object>().Where(k => string.Equals(k.ToString(), key, StringComparison.OrdinalIgnoreCase)).Select(k => Unwrap(table[k])).FirstOrDefault();
        var text = Get("Schema") as string ?? throw new InvalidOperationException($"Schema provider '{Name}' returned a hashtable without Schema for {schemaClass}.");
        var type = (Get("Type") as string)?.ToUpperInvariant() switch
        {
            null or "AVRO" => SchemaType.Avro,
            "JSON" => SchemaType.Json,
            "PROTOBUF" => SchemaType.Protobuf,
            var other => throw new InvalidOperationException($"Schema provider '{Name}' returned the unknown schema type '{other}' for {schemaClass}; use AVRO, JSON or PROTOBUF."),
        };
        var references = Get("References") is IEnumerable list and not string
            ? list.Cast<object>().Select(Unwrap).OfType<IDictionary>().Select(r => new SchemaReference(
                Convert.ToString(r["Name"], System.Globalization.CultureInfo.InvariantCulture)!,
                Convert.ToString(r["Subject"], System.Globalization.CultureInfo.InvariantCulture)!,
                Convert.ToInt32(r["Version"], System.Globalization.CultureInfo.InvariantCulture))).ToList()
            : [];
        return new SchemaDefinition(text, type, references);
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
