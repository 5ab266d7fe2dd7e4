using System.Text.RegularExpressions;

namespace KPops.Engine.Clients.SchemaRegistry;

/// <summary>
/// The built-in schema provider: schema files in a folder (<c>schema_registry.schemas_path</c>), named after the
/// schema class of <c>to.topics.*.key_schema/value_schema</c>.
/// </summary>
/// <remarks>
/// <para>For a class <c>com.example.Value</c> the first existing file of this list wins:</para>
/// <list type="number">
/// <item><c>com.example.Value.avsc</c>, <c>com.example.Value.json</c>, <c>com.example.Value.proto</c> (the full name);</item>
/// <item><c>com/example/Value.avsc</c>, <c>.json</c>, <c>.proto</c> (a folder per package segment, as Java sources are laid out);</item>
/// <item><c>Value.avsc</c>, <c>.json</c>, <c>.proto</c> (the simple name; for a class without package this is the first step).</item>
/// </list>
/// <para>The more specific name comes first, so two classes with the same simple name can live side by side. The
/// extension decides the type: <c>.avsc</c> Avro, <c>.json</c> JSON Schema, <c>.proto</c> Protobuf. A class without
/// a file, a missing folder, or a name that is not a class name (a path, <c>..</c>) gives null. The files are read
/// on every call, so edits show up without restarting. The schemas have no references.</para>
/// </remarks>
public sealed partial class FileSchemaProvider : ISchemaProvider
{
    private static readonly (string Extension, SchemaType Type)[] Extensions =
        [(".avsc", SchemaType.Avro), (".json", SchemaType.Json), (".proto", SchemaType.Protobuf)];

    /// <summary>Creates a provider for a folder (not required to exist yet).</summary>
    /// <param name="folder">The folder of the schema files; a relative path is taken from the current directory.</param>
    public FileSchemaProvider(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The schema folder (full path).</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models)
    {
        foreach (var (path, type) in Lookup(schemaClass))
        {
            if (File.Exists(path)) return new SchemaDefinition(File.ReadAllText(path), type);
        }
        return null;
    }

    /// <summary>
    /// The files looked at for <paramref name="schemaClass"/>, in lookup order (empty for a name that is not a
    /// class name), so a "no schema for X" message can say where it looked.
    /// </summary>
    public IReadOnlyList<string> Candidates(string schemaClass) => Lookup(schemaClass).Select(c => c.Path).ToList();

    private IEnumerable<(string Path, SchemaType Type)> Lookup(string schemaClass)
    {
        if (string.IsNullOrEmpty(schemaClass) || !ClassName().IsMatch(schemaClass)) yield break;
        var segments = schemaClass.Split('.');
        var stems = new List<string> { schemaClass };
        if (segments.Length > 1)
        {
            stems.Add(Path.Combine(segments));
            stems.Add(segments[^1]);
        }
        foreach (var stem in stems)
            foreach (var (extension, type) in Extensions)
                yield return (Path.Combine(Folder, stem + extension), type);
    }

    // Java-like qualified names (letters, digits, _ and $; segments separated by single dots): never a path.
    [GeneratedRegex(@"^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClassName();
}
