namespace KPops.TestWorld.SchemaRegistry;

/// <summary>Schema types Schema Registry knows; on the wire <c>AVRO</c>, <c>JSON</c>, <c>PROTOBUF</c>.</summary>
public enum SchemaFormat
{
    /// <summary>Apache Avro (the default when a request names no type).</summary>
    Avro,

    /// <summary>JSON Schema.</summary>
    Json,

    /// <summary>Protocol Buffers.</summary>
    Protobuf,
}

/// <summary>A schema reference as registered: <c>{"name","subject","version"}</c>.</summary>
/// <param name="Name">The name the referencing schema uses (Avro full name, JSON/Protobuf file name).</param>
/// <param name="Subject">Subject of the referenced schema.</param>
/// <param name="Version">Version of the referenced schema under <paramref name="Subject"/>.</param>
public sealed record SchemaRef(string Name, string Subject, int Version);

/// <summary>A schema's content, the part that decides its global id.</summary>
/// <param name="Format">Schema type.</param>
/// <param name="Schema">Schema text as stored (compact JSON for Avro and JSON Schema).</param>
/// <param name="References">References, in registration order.</param>
public sealed record SchemaDefinition(SchemaFormat Format, string Schema, IReadOnlyList<SchemaRef> References);

/// <summary>One version of a subject.</summary>
/// <param name="Subject">Subject name.</param>
/// <param name="Version">Version number under the subject (1-based).</param>
/// <param name="Id">Global schema id.</param>
/// <param name="Definition">The schema.</param>
/// <param name="IsDeleted">True once soft-deleted.</param>
public sealed record SchemaVersion(string Subject, int Version, int Id, SchemaDefinition Definition, bool IsDeleted);

/// <summary>The compatibility levels Schema Registry accepts, upper case as it returns them.</summary>
public static class CompatibilityLevels
{
    /// <summary>No checks.</summary>
    public const string None = "NONE";

    /// <summary>The server's default.</summary>
    public const string Backward = "BACKWARD";

    /// <summary>All valid levels.</summary>
    public static IReadOnlyList<string> All { get; } =
        [None, Backward, "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"];
}
