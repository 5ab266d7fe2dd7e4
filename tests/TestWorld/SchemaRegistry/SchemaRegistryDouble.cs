using KPops.TestWorld.Common;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>
/// An in-process Confluent Schema Registry (REST, <c>application/vnd.schemaregistry.v1+json</c>) that the real
/// <c>CachedSchemaRegistryClient</c> and plain HTTP clients can use, with a C# API to arrange and inspect state.
/// </summary>
/// <remarks>
/// Deliberately not implemented: real compatibility rules (the verdict is set per subject, see
/// <see cref="SetCompatibilityVerdict"/>), contexts, modes other than READWRITE, metadata/rule sets, exporters,
/// <c>GET /schemas</c>, <c>/schemas/types</c>, <c>/subjects/{s}/versions/{v}/referencedby</c>, format conversion
/// (<c>?format=</c>) and authentication. Avro is checked structurally, JSON Schema only for being JSON, Protobuf only
/// for containing <c>syntax</c> or <c>message</c>. Responses omit <c>schemaType</c> for Avro, like older servers
/// (clients treat a missing type as Avro). Errors from the C# methods are <see cref="HttpDoubleException"/>s with the
/// same codes the REST API answers.
/// </remarks>
public sealed class SchemaRegistryDouble : IDouble
{
    private readonly SchemaRegistryStore _store;
    private readonly HttpDoubleHost _host;

    private SchemaRegistryDouble(SchemaRegistryStore store, HttpDoubleHost host, RequestLog log, FaultInjector faults)
    {
        _store = store;
        _host = host;
        Log = log;
        Faults = faults;
    }

    /// <inheritdoc />
    public string Name => "SchemaRegistry";

    /// <inheritdoc />
    public string Endpoint => _host.Endpoint.ToString();

    /// <inheritdoc />
    public RequestLog Log { get; }

    /// <inheritdoc />
    public FaultInjector Faults { get; }

    /// <summary>Subjects with at least one version that is not soft-deleted, sorted.</summary>
    public IReadOnlyList<string> Subjects => _store.ListSubjects(includeDeleted: false, prefix: null);

    /// <summary>Global compatibility level (default BACKWARD); setting an unknown level throws 42203.</summary>
    public string GlobalCompatibility
    {
        get => _store.GlobalCompatibility;
        set => _store.GlobalCompatibility = value;
    }

    /// <summary>Starts a registry on a free loopback port.</summary>
    /// <param name="sequence">Counter shared by all doubles of a world, to order requests across services.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SchemaRegistryDouble> StartAsync(SequenceCounter? sequence = null, CancellationToken cancellationToken = default)
    {
        var store = new SchemaRegistryStore();
        var log = new RequestLog(sequence);
        var faults = new FaultInjector();
        var host = await HttpDoubleHost.StartAsync(new HttpDoubleOptions
        {
            Service = "SchemaRegistry",
            Log = log,
            Faults = faults,
            MapRoutes = app => SchemaRegistryRoutes.Map(app, store),
            ErrorContentType = SchemaRegistryWire.MediaType,
        }, cancellationToken).ConfigureAwait(false);
        return new SchemaRegistryDouble(store, host, log, faults);
    }

    /// <summary>Subject names, optionally including soft-deleted ones.</summary>
    public IReadOnlyList<string> GetSubjects(bool includeDeleted) => _store.ListSubjects(includeDeleted, prefix: null);

    /// <summary>Versions of a subject in order (empty when unknown).</summary>
    public IReadOnlyList<SchemaVersion> GetVersions(string subject, bool includeDeleted = false) => _store.Snapshot(subject, includeDeleted);

    /// <summary>Registers a schema exactly as <c>POST /subjects/{subject}/versions</c> would (same checks, same ids).</summary>
    public SchemaVersion Register(string subject, string schema, SchemaFormat format = SchemaFormat.Avro, IReadOnlyList<SchemaRef>? references = null) =>
        _store.Register(subject, new SchemaDefinition(format, schema, references ?? []), normalize: false);

    /// <summary>Soft-deletes a subject, or permanently deletes a soft-deleted one; returns the deleted versions.</summary>
    public IReadOnlyList<int> DeleteSubject(string subject, bool permanent = false) => _store.DeleteSubject(subject, permanent);

    /// <summary>The schema with a global id, or null when no subject version uses it.</summary>
    public SchemaDefinition? GetSchemaById(int id)
    {
        try
        {
            return _store.GetSchema(id);
        }
        catch (HttpDoubleException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decides what compatibility checks and registrations under <paramref name="subject"/> see when the subject has
    /// versions and its level is not NONE; an incompatible verdict makes registration of a new schema fail with 40901.
    /// </summary>
    public void SetCompatibilityVerdict(string subject, bool compatible, params string[] messages) =>
        _store.SetVerdict(subject, new CompatibilityVerdict(compatible, messages));

    /// <summary>Back to the default verdict (compatible).</summary>
    public void ClearCompatibilityVerdict(string subject) => _store.SetVerdict(subject, null);

    /// <summary>A subject's own compatibility level, or null when it has none.</summary>
    public string? GetSubjectCompatibility(string subject) => _store.GetSubjectCompatibility(subject);

    /// <summary>Sets a subject's own level; null removes it (the global level applies again).</summary>
    public void SetSubjectCompatibility(string subject, string? level) => _store.SetSubjectCompatibility(subject, level);

    /// <inheritdoc />
    public void Reset()
    {
        _store.Reset();
        Log.Clear();
        Faults.Reset();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
