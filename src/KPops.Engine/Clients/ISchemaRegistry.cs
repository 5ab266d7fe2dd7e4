namespace KPops.Engine.Clients;

/// <summary>A schema's format.</summary>
public enum SchemaType
{
    /// <summary>Apache Avro.</summary>
    Avro,

    /// <summary>JSON Schema.</summary>
    Json,

    /// <summary>Protocol Buffers.</summary>
    Protobuf,
}

/// <summary>A reference from one schema to another registered one.</summary>
/// <param name="Name">Reference name (e.g. the imported file or the full type name).</param>
/// <param name="Subject">Subject of the referenced schema.</param>
/// <param name="Version">Version of the referenced schema.</param>
public sealed record SchemaReference(string Name, string Subject, int Version);

/// <summary>A schema to register.</summary>
/// <param name="Text">The schema text.</param>
/// <param name="Type">Its format.</param>
/// <param name="References">References to other schemas.</param>
public sealed record SchemaDefinition(string Text, SchemaType Type, IReadOnlyList<SchemaReference> References)
{
    /// <summary>A schema without references.</summary>
    public SchemaDefinition(string text, SchemaType type)
        : this(text, type, []) { }
}

/// <summary>The verdict of a compatibility check.</summary>
/// <param name="IsCompatible">Whether the schema is compatible with the latest version.</param>
/// <param name="Messages">The registry's explanations, when given.</param>
public sealed record CompatibilityResult(bool IsCompatible, IReadOnlyList<string> Messages);

/// <summary>Where a schema stands under a subject.</summary>
public enum SchemaLookup
{
    /// <summary>This exact schema is registered under the subject.</summary>
    Registered,

    /// <summary>The subject exists, without this schema.</summary>
    NotUnderSubject,

    /// <summary>The subject does not exist (or is soft-deleted).</summary>
    SubjectNotFound,
}

/// <summary>Confluent Schema Registry.</summary>
public interface ISchemaRegistry : IDisposable
{
    /// <summary>The registry URL, for messages.</summary>
    string Endpoint { get; }

    /// <summary>The versions of a subject, or null when the subject does not exist.</summary>
    Task<IReadOnlyList<int>?> GetVersionsAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Whether this exact schema is already registered under the subject.</summary>
    Task<bool> IsRegisteredAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the schema is registered under the subject, and if not whether the subject exists. A registry tells both
    /// in the answer of one lookup; this default asks twice.
    /// </summary>
    async Task<SchemaLookup> LookupAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        if (await IsRegisteredAsync(subject, schema, cancellationToken).ConfigureAwait(false)) return SchemaLookup.Registered;
        return await GetVersionsAsync(subject, cancellationToken).ConfigureAwait(false) is null ? SchemaLookup.SubjectNotFound : SchemaLookup.NotUnderSubject;
    }

    /// <summary>Checks the schema against the subject's latest version.</summary>
    Task<CompatibilityResult> CheckCompatibilityAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken);

    /// <summary>Registers the schema (idempotent); returns its id.</summary>
    Task<int> RegisterAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken);

    /// <summary>Deletes a subject (soft, or permanently after a soft delete); null when it did not exist.</summary>
    Task<IReadOnlyList<int>?> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken);

    /// <summary>Every subject (soft-deleted ones left out), or null when the registry cannot list them.</summary>
    Task<IReadOnlyList<string>?> ListSubjectsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>?>(null);

    /// <summary>The latest version number of a subject, or null.</summary>
    Task<int?> GetLatestVersionAsync(string subject, CancellationToken cancellationToken);
}

/// <summary>Resolves the schema class names of <c>to.topics.*.key_schema/value_schema</c> to schemas.</summary>
public interface ISchemaProvider
{
    /// <summary>The schema of a class, given the component's <c>to.models</c>; null when it is not known.</summary>
    SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models);
}
