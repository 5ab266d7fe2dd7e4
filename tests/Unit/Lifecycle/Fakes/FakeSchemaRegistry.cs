using KPops.Engine.Clients;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>
/// Subjects with their versions. Registering a schema a subject already has returns its id without a new version; a
/// schema text gets one id across subjects. The compatibility verdict is whatever <see cref="Compatibility"/> says.
/// </summary>
public sealed class FakeSchemaRegistry(FakeWorld world) : ISchemaRegistry
{
    public const string Url = "http://registry:8081/";

    private readonly Dictionary<string, List<(int Version, int Id, SchemaDefinition Schema)>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Text, SchemaType Type), int> _ids = [];

    /// <summary>The verdict of compatibility checks.</summary>
    public Func<string, SchemaDefinition, CompatibilityResult> Compatibility { get; set; } = (_, _) => new CompatibilityResult(true, []);

    public string Endpoint => Url;

    /// <summary>Subjects that exist.</summary>
    public IReadOnlyCollection<string> Subjects => _subjects.Keys.ToList();

    /// <summary>The schemas of a subject, oldest first (empty when it does not exist).</summary>
    public IReadOnlyList<SchemaDefinition> Versions(string subject) => _subjects.TryGetValue(subject, out var v) ? v.Select(x => x.Schema).ToList() : [];

    /// <summary>Makes compatibility checks pass or fail.</summary>
    public void SetCompatible(bool compatible, params string[] messages) => Compatibility = (_, _) => new CompatibilityResult(compatible, messages);

    /// <summary>Registers a schema as if it had been registered earlier.</summary>
    public void AddVersion(string subject, SchemaDefinition schema) => Register(subject, schema);

    public Task<IReadOnlyList<int>?> GetVersionsAsync(string subject, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "GetVersions", subject, false,
            () => _subjects.TryGetValue(subject, out var v) ? (IReadOnlyList<int>?)v.Select(x => x.Version).ToList() : null, cancellationToken);

    public Task<bool> IsRegisteredAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "IsRegistered", subject, false,
            () => _subjects.TryGetValue(subject, out var v) && v.Any(x => Same(x.Schema, schema)), cancellationToken);

    public Task<IReadOnlyList<string>?> ListSubjectsAsync(CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "ListSubjects", "", false, () => (IReadOnlyList<string>?)_subjects.Keys.ToList(), cancellationToken);

    public Task<SchemaLookup> LookupAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "Lookup", subject, false, () =>
            !_subjects.TryGetValue(subject, out var v) ? SchemaLookup.SubjectNotFound
            : v.Any(x => Same(x.Schema, schema)) ? SchemaLookup.Registered
            : SchemaLookup.NotUnderSubject, cancellationToken);

    public Task<CompatibilityResult> CheckCompatibilityAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "CheckCompatibility", subject, false, () =>
        {
            if (!_subjects.ContainsKey(subject))
                throw new ServiceException(Service.SchemaRegistry, Url + $"compatibility/subjects/{subject}/versions/latest", $"Subject '{subject}' not found.", statusCode: 40401);
            return Compatibility(subject, schema);
        }, cancellationToken);

    public Task<int> RegisterAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "Register", subject, true, () => Register(subject, schema), cancellationToken);

    public Task<IReadOnlyList<int>?> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "DeleteSubject", subject, true, () =>
        {
            if (!_subjects.Remove(subject, out var versions)) return null;
            return (IReadOnlyList<int>?)versions.Select(v => v.Version).ToList();
        }, cancellationToken);

    public Task<int?> GetLatestVersionAsync(string subject, CancellationToken cancellationToken) =>
        world.Invoke(Service.SchemaRegistry, "GetLatestVersion", subject, false,
            () => _subjects.TryGetValue(subject, out var v) ? v[^1].Version : (int?)null, cancellationToken);

    public void Dispose()
    {
    }

    private int Register(string subject, SchemaDefinition schema)
    {
        if (!_subjects.TryGetValue(subject, out var versions)) _subjects[subject] = versions = [];
        var existing = versions.FirstOrDefault(v => Same(v.Schema, schema));
        if (existing.Schema is not null) return existing.Id;
        if (!_ids.TryGetValue((schema.Text, schema.Type), out var id)) _ids[(schema.Text, schema.Type)] = id = _ids.Count + 1;
        versions.Add((versions.Count == 0 ? 1 : versions[^1].Version + 1, id, schema));
        return id;
    }

    private static bool Same(SchemaDefinition a, SchemaDefinition b) => a.Text == b.Text && a.Type == b.Type;
}

/// <summary>Schema classes known by name; records what it was asked.</summary>
public sealed class FakeSchemaProvider : ISchemaProvider
{
    private readonly List<(string SchemaClass, IReadOnlyDictionary<string, string> Models)> _requests = [];

    public Dictionary<string, SchemaDefinition> Classes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string SchemaClass, IReadOnlyDictionary<string, string> Models)> Requests
    {
        get
        {
            lock (_requests) return _requests.ToList();
        }
    }

    /// <summary>Adds an Avro record schema named after the class.</summary>
    public SchemaDefinition Add(string schemaClass, string? text = null)
    {
        var schema = new SchemaDefinition(text ?? $$"""{"type":"record","name":"{{schemaClass.Split('.')[^1]}}","fields":[{"name":"id","type":"string"}]}""", SchemaType.Avro);
        Classes[schemaClass] = schema;
        return schema;
    }

    public SchemaDefinition? Provide(string schemaClass, IReadOnlyDictionary<string, string> models)
    {
        lock (_requests) _requests.Add((schemaClass, models));
        return Classes.GetValueOrDefault(schemaClass);
    }
}
