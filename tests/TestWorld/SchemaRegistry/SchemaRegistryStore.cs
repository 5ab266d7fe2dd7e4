using KPops.TestWorld.Common;
using static KPops.TestWorld.SchemaRegistry.SchemaRegistryErrors;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>
/// The registry's state and rules, shared by the REST routes and the C# state API. Thread-safe (one lock).
/// Errors are thrown as <see cref="HttpDoubleException"/> with the registry's error codes.
/// </summary>
/// <remarks>
/// Ids are global: the same content (type, canonical text, references) always gets the same id, under any
/// subject, until <see cref="Reset"/> — even after a permanent delete, although the id then answers 40403
/// until some subject uses it again. Versions continue after a soft delete (the next version is one more than
/// the highest ever used under the subject) and start at 1 again only after a permanent delete.
/// </remarks>
internal sealed class SchemaRegistryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<VersionEntry>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _idsByContent = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SchemaDefinition> _schemasById = [];
    private readonly Dictionary<string, string> _subjectCompatibility = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompatibilityVerdict> _verdicts = new(StringComparer.Ordinal);
    private string _globalCompatibility = CompatibilityLevels.Backward;
    private int _nextId = 1;

    public IReadOnlyList<string> ListSubjects(bool includeDeleted, string? prefix)
    {
        lock (_gate)
        {
            return _subjects.Where(s => s.Value.Any(v => includeDeleted || !v.Deleted))
                .Select(s => s.Key)
                .Where(s => string.IsNullOrEmpty(prefix) || s.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    public IReadOnlyList<int> ListVersions(string subject, bool includeDeleted)
    {
        lock (_gate) { return Visible(subject, includeDeleted).Select(v => v.Version).ToList(); }
    }

    /// <summary>All versions of a subject, or an empty list; never throws (for the C# state API).</summary>
    public IReadOnlyList<SchemaVersion> Snapshot(string subject, bool includeDeleted)
    {
        lock (_gate)
        {
            return _subjects.TryGetValue(subject, out var versions)
                ? versions.Where(v => includeDeleted || !v.Deleted).Select(v => ToVersion(subject, v)).ToList()
                : [];
        }
    }

    /// <summary>One version; <paramref name="version"/> null means the latest.</summary>
    public SchemaVersion GetVersion(string subject, int? version, bool includeDeleted)
    {
        lock (_gate)
        {
            var visible = Visible(subject, includeDeleted);
            var entry = version is null ? visible[^1] : visible.Find(v => v.Version == version) ?? throw VersionNotFound(version.Value);
            return ToVersion(subject, entry);
        }
    }

    public SchemaVersion Register(string subject, SchemaDefinition request, bool normalize)
    {
        lock (_gate)
        {
            var (definition, key) = Resolve(request, normalize);
            var versions = _subjects.GetValueOrDefault(subject) ?? [];
            var knownId = _idsByContent.TryGetValue(key, out var id);
            if (knownId && versions.FindLast(v => !v.Deleted && v.Id == id) is { } existing) return ToVersion(subject, existing);

            if (versions.Exists(v => !v.Deleted) && EffectiveCompatibility(subject) != CompatibilityLevels.None
                && _verdicts.GetValueOrDefault(subject) is { IsCompatible: false } verdict)
                throw Incompatible(subject, verdict.Messages);

            if (!knownId)
            {
                id = _nextId++;
                _idsByContent[key] = id;
                _schemasById[id] = definition;
            }
            var entry = new VersionEntry(versions.Count == 0 ? 1 : versions[^1].Version + 1, id);
            versions.Add(entry);
            _subjects[subject] = versions;
            return ToVersion(subject, entry);
        }
    }

    public SchemaVersion Lookup(string subject, SchemaDefinition request, bool normalize, bool includeDeleted)
    {
        lock (_gate)
        {
            var visible = Visible(subject, includeDeleted);
            var (_, key) = Resolve(request, normalize);
            return _idsByContent.TryGetValue(key, out var id) && visible.FindLast(v => v.Id == id) is { } entry
                ? ToVersion(subject, entry)
                : throw SchemaNotFound();
        }
    }

    /// <summary>Compatibility of a schema with a version (null: the latest) of a subject.</summary>
    public CompatibilityVerdict CheckCompatibility(string subject, int? version, SchemaDefinition request)
    {
        lock (_gate)
        {
            Resolve(request, normalize: false);
            var live = _subjects.TryGetValue(subject, out var versions) ? versions.FindAll(v => !v.Deleted) : [];
            if (version is not null)
            {
                if (live.Count == 0) throw SubjectNotFound(subject);
                if (!live.Exists(v => v.Version == version)) throw VersionNotFound(version.Value);
            }
            // Current servers call anything compatible with a subject that has no versions yet.
            return live.Count == 0 || EffectiveCompatibility(subject) == CompatibilityLevels.None
                ? CompatibilityVerdict.Compatible
                : _verdicts.GetValueOrDefault(subject) ?? CompatibilityVerdict.Compatible;
        }
    }

    public IReadOnlyList<int> DeleteSubject(string subject, bool permanent)
    {
        lock (_gate)
        {
            if (!_subjects.TryGetValue(subject, out var versions)) throw SubjectNotFound(subject);
            var live = versions.FindAll(v => !v.Deleted);
            if (!permanent)
            {
                if (live.Count == 0) throw SubjectSoftDeleted(subject);
                live.ForEach(v => EnsureNotReferenced(subject, v.Version, byDeletedToo: false));
                live.ForEach(v => v.Deleted = true);
                return live.Select(v => v.Version).ToList();
            }

            if (live.Count > 0) throw SubjectNotSoftDeleted(subject);
            versions.ForEach(v => EnsureNotReferenced(subject, v.Version, byDeletedToo: true));
            _subjects.Remove(subject);
            return versions.Select(v => v.Version).ToList();
        }
    }

    /// <summary>Deletes one version (null: the latest live one) and returns its number.</summary>
    public int DeleteVersion(string subject, int? version, bool permanent)
    {
        lock (_gate)
        {
            if (!_subjects.TryGetValue(subject, out var versions)) throw SubjectNotFound(subject);
            var entry = version is null
                ? versions.FindLast(v => !v.Deleted) ?? throw SubjectNotFound(subject)
                : versions.Find(v => v.Version == version) ?? throw VersionNotFound(version.Value);
            if (!permanent)
            {
                if (entry.Deleted) throw VersionSoftDeleted(subject, entry.Version);
                EnsureNotReferenced(subject, entry.Version, byDeletedToo: false);
                entry.Deleted = true;
                return entry.Version;
            }

            if (!entry.Deleted) throw VersionNotSoftDeleted(subject, entry.Version);
            EnsureNotReferenced(subject, entry.Version, byDeletedToo: true);
            versions.Remove(entry);
            if (versions.Count == 0) _subjects.Remove(subject);
            return entry.Version;
        }
    }

    public SchemaDefinition GetSchema(int id)
    {
        lock (_gate) { return UsagesOf(id, includeDeleted: true).Any() ? _schemasById[id] : throw SchemaIdNotFound(id); }
    }

    /// <summary>The subject versions that use a schema id.</summary>
    public IReadOnlyList<SchemaVersion> VersionsOf(int id, bool includeDeleted)
    {
        lock (_gate)
        {
            if (!UsagesOf(id, includeDeleted: true).Any()) throw SchemaIdNotFound(id);
            return UsagesOf(id, includeDeleted).ToList();
        }
    }

    public string GlobalCompatibility
    {
        get { lock (_gate) { return _globalCompatibility; } }
        set { lock (_gate) { _globalCompatibility = ValidLevel(value); } }
    }

    public string? GetSubjectCompatibility(string subject)
    {
        lock (_gate) { return _subjectCompatibility.GetValueOrDefault(subject); }
    }

    /// <summary>Sets (or with null removes) a subject's level and returns the previous one.</summary>
    public string? SetSubjectCompatibility(string subject, string? level)
    {
        lock (_gate)
        {
            _subjectCompatibility.Remove(subject, out var previous);
            if (level is not null) _subjectCompatibility[subject] = ValidLevel(level);
            return previous;
        }
    }

    /// <summary>Sets (or with null removes) the verdict for a subject.</summary>
    public void SetVerdict(string subject, CompatibilityVerdict? verdict)
    {
        lock (_gate)
        {
            if (verdict is null) _verdicts.Remove(subject);
            else _verdicts[subject] = verdict;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _subjects.Clear();
            _idsByContent.Clear();
            _schemasById.Clear();
            _subjectCompatibility.Clear();
            _verdicts.Clear();
            _globalCompatibility = CompatibilityLevels.Backward;
            _nextId = 1;
        }
    }

    private static string ValidLevel(string level) =>
        CompatibilityLevels.All.FirstOrDefault(l => l.Equals(level, StringComparison.OrdinalIgnoreCase)) ?? throw InvalidCompatibilityLevel();

    private string EffectiveCompatibility(string subject) => _subjectCompatibility.GetValueOrDefault(subject) ?? _globalCompatibility;

    private List<VersionEntry> Visible(string subject, bool includeDeleted)
    {
        var visible = _subjects.TryGetValue(subject, out var versions) ? versions.FindAll(v => includeDeleted || !v.Deleted) : [];
        return visible.Count > 0 ? visible : throw SubjectNotFound(subject);
    }

    private IEnumerable<SchemaVersion> UsagesOf(int id, bool includeDeleted) =>
        _subjects.SelectMany(s => s.Value.Where(v => v.Id == id && (includeDeleted || !v.Deleted)).Select(v => ToVersion(s.Key, v)));

    /// <summary>Validates a request against the registry (references must exist) and computes its identity key.</summary>
    private (SchemaDefinition Definition, string Key) Resolve(SchemaDefinition request, bool normalize)
    {
        var references = request.References.Select(ResolveReference).ToList();
        var canonical = SchemaCanonicalizer.Canonicalize(request.Format, request.Schema, normalize, Transitive(references));
        var definition = new SchemaDefinition(request.Format, canonical.Text, references);
        return (definition, $"{request.Format}\n{canonical.Key}\n{string.Join('\n', references)}");
    }

    private SchemaRef ResolveReference(SchemaRef reference)
    {
        var versions = _subjects.GetValueOrDefault(reference.Subject) ?? [];
        var entry = reference.Version == -1 ? versions.FindLast(v => !v.Deleted) : versions.Find(v => v.Version == reference.Version);
        return entry is null
            ? throw InvalidSchema($"reference '{reference.Name}' to subject '{reference.Subject}' version {reference.Version} not found")
            : reference with { Version = entry.Version };
    }

    private List<SchemaDefinition> Transitive(IEnumerable<SchemaRef> references)
    {
        var found = new List<SchemaDefinition>();
        var pending = new Queue<SchemaRef>(references);
        while (pending.TryDequeue(out var reference))
        {
            var definition = _schemasById[_subjects[reference.Subject].Find(v => v.Version == reference.Version)!.Id];
            if (found.Contains(definition)) continue;
            found.Add(definition);
            foreach (var next in definition.References) pending.Enqueue(next);
        }
        return found;
    }

    private void EnsureNotReferenced(string subject, int version, bool byDeletedToo)
    {
        var referenced = _subjects.Values.SelectMany(v => v)
            .Where(v => byDeletedToo || !v.Deleted)
            .Any(v => _schemasById[v.Id].References.Any(r => r.Subject == subject && r.Version == version));
        if (referenced) throw ReferenceExists(subject, version);
    }

    private SchemaVersion ToVersion(string subject, VersionEntry entry) =>
        new(subject, entry.Version, entry.Id, _schemasById[entry.Id], entry.Deleted);

    private sealed class VersionEntry(int version, int id)
    {
        public int Version { get; } = version;
        public int Id { get; } = id;
        public bool Deleted { get; set; }
    }
}
