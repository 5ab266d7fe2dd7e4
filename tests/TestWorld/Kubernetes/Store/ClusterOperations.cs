using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Patching;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>How a DELETE treats objects that name the deleted one in their ownerReferences.</summary>
internal enum PropagationPolicy
{
    /// <summary>Delete the owner now; the garbage collector removes dependents right after.</summary>
    Background,

    /// <summary>Delete dependents first, then the owner.</summary>
    Foreground,

    /// <summary>Keep dependents and strip the ownerReference from them.</summary>
    Orphan,
}

/// <summary>The PATCH flavours the double understands.</summary>
internal enum PatchType
{
    /// <summary><c>application/apply-patch+yaml</c>.</summary>
    Apply,

    /// <summary><c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,

    /// <summary><c>application/merge-patch+json</c>.</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c>.</summary>
    Json,
}

/// <summary>Per-write switches.</summary>
/// <param name="DryRun"><c>dryRun=All</c>: compute and answer, never persist.</param>
/// <param name="KeepStatus">
/// Take the status from the written object. Clients writing the main resource cannot change status; controllers
/// and the C# state API can.
/// </param>
/// <param name="FieldManager">The <c>fieldManager</c> of the request; required for server-side apply.</param>
/// <param name="DeletionTimestamp">Marks the object for deletion (set by the API's own delete, never by a client's write).</param>
internal readonly record struct WriteOptions(bool DryRun = false, bool KeepStatus = false, string? FieldManager = null, string? DeletionTimestamp = null);

/// <summary>
/// API-server semantics on top of the store: type and name checks, namespaces, system metadata and defaults,
/// optimistic concurrency, the status subresource, patches, dry runs and deletion propagation. The HTTP layer,
/// the controllers and the C# state API all write through here.
/// </summary>
internal sealed class ClusterOperations(ObjectStore store, ResourceCatalog catalog, TimeProvider time)
{
    private const int MaxRetries = 20;
    private readonly ServerDefaults _defaults = new();
    private readonly AppliedConfigurations _applied = new();
    private volatile bool _requireExistingNamespaces;

    /// <summary>When false (the default), writing into a missing namespace creates it; when true it is NotFound, as on a real cluster.</summary>
    public bool RequireExistingNamespaces
    {
        get => _requireExistingNamespaces;
        set => _requireExistingNamespaces = value;
    }

    /// <summary>The kinds served.</summary>
    public ResourceCatalog Catalog => catalog;

    /// <summary>The object; NotFound when missing.</summary>
    public JsonObject Get(ResourceKind kind, string @namespace, string name) =>
        store.Get(kind, ScopeNamespace(kind, @namespace), name) ?? throw ApiException.NotFound(kind, name);

    /// <summary>The object, or null when missing.</summary>
    public JsonObject? TryGet(ResourceKind kind, string @namespace, string name) => store.Get(kind, ScopeNamespace(kind, @namespace), name);

    /// <summary>Objects of a kind in a namespace (or all when null) that match both selectors, with the list's version.</summary>
    public (List<JsonObject> Items, long Version) List(ResourceKind kind, string? @namespace, LabelSelector labels, FieldSelector fields)
    {
        var (items, version) = store.List(kind, kind.Namespaced ? @namespace : null);
        return (items.Where(o => labels.Matches(Meta.Labels(o)) && fields.Matches(o)).ToList(), version);
    }

    /// <summary>Creates an object (POST).</summary>
    public JsonObject Create(ResourceKind kind, string? @namespace, JsonObject obj, WriteOptions options = default)
    {
        CheckTypeMeta(kind, obj);
        var meta = Meta.Of(obj);
        if (kind.Namespaced)
        {
            var own = Json.String(meta, "namespace");
            if (@namespace is not null && own is not null && own != @namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta["namespace"] = @namespace ?? own ?? "default";
        }
        else
        {
            meta.Remove("namespace");
        }
        if (Json.String(meta, "name") is null or "")
        {
            var prefix = Json.String(meta, "generateName");
            if (string.IsNullOrEmpty(prefix)) throw ApiException.Invalid(kind, "", "metadata.name: Required value: name or generateName is required");
            meta["name"] = prefix + RandomSuffix();
        }
        if (kind.HasStatus && !options.KeepStatus) obj.Remove("status");
        _defaults.ForCreate(kind, obj, time.GetUtcNow());
        if (options.DryRun) return obj;
        if (kind.Namespaced) EnsureNamespace(kind, obj);
        return store.Create(kind, obj);
    }

    /// <summary>Replaces an object (PUT); a resourceVersion in the body must be the current one.</summary>
    public JsonObject Replace(ResourceKind kind, string @namespace, string name, JsonObject obj, string? subresource, WriteOptions options = default)
    {
        CheckTypeMeta(kind, obj);
        return Update(kind, @namespace, name, _ => obj.DeepClone().AsObject(), subresource, options);
    }

    /// <summary>Patches an object; an apply patch creates a missing one (then <c>Created</c> is true).</summary>
    public (JsonObject Object, bool Created) Patch(ResourceKind kind, string @namespace, string name, PatchType type, JsonNode patch, string? subresource, WriteOptions options = default)
    {
        try
        {
            if (type == PatchType.Apply)
            {
                if (patch is not JsonObject configuration) throw ApiException.BadRequest("an apply patch must be an object");
                if (string.IsNullOrEmpty(options.FieldManager)) throw ApiException.FieldManagerRequired();
                CheckTypeMeta(kind, configuration);
                if (Json.String(configuration, "metadata", "name") is { } own && own != name)
                {
                    throw ApiException.BadRequest($"the name of the object ({own}) does not match the name on the URL ({name})");
                }
                var manager = options.FieldManager + (subresource is null ? "" : "/" + subresource);
                if (subresource is null && store.Get(kind, ScopeNamespace(kind, @namespace), name) is null)
                {
                    Meta.Of(configuration)["name"] = name;
                    var created = Create(kind, @namespace, configuration.DeepClone().AsObject(), options);
                    if (!options.DryRun) _applied.Remember(Meta.Uid(created), manager, configuration);
                    return (created, true);
                }
                var applied = Update(kind, @namespace, name,
                    live => ServerSideApply.Apply(live, configuration, _applied.Previous(Meta.Uid(live), manager)), subresource, options);
                if (!options.DryRun) _applied.Remember(Meta.Uid(applied), manager, configuration);
                return (applied, false);
            }
            Func<JsonObject, JsonObject> change = type switch
            {
                PatchType.Merge => live => JsonMergePatch.Apply(live, patch) as JsonObject ?? throw new PatchException("a merge patch must be an object"),
                PatchType.StrategicMerge => live => StrategicMergePatch.Apply(live, patch as JsonObject ?? throw new PatchException("a strategic merge patch must be an object")),
                _ => live => JsonPatch.Apply(live, patch as JsonArray ?? throw new PatchException("a JSON patch must be an array")) as JsonObject
                    ?? throw new PatchException("the patched document is not an object"),
            };
            return (Update(kind, @namespace, name, change, subresource, options), false);
        }
        catch (PatchException e)
        {
            throw ApiException.Invalid(kind, name, e.Message);
        }
    }

    /// <summary>
    /// Read-modify-write with retries on concurrent changes. <paramref name="change"/> gets a private copy of the
    /// live object; a resourceVersion it leaves that differs from the live one is a stale precondition (Conflict).
    /// </summary>
    public JsonObject Update(ResourceKind kind, string @namespace, string name, Func<JsonObject, JsonObject> change, string? subresource, WriteOptions options = default)
    {
        var ns = ScopeNamespace(kind, @namespace);
        for (var attempt = 0; ; attempt++)
        {
            var live = store.Get(kind, ns, name) ?? throw ApiException.NotFound(kind, name);
            var liveVersion = Meta.ResourceVersion(live);
            var desired = change(live.DeepClone().AsObject());
            var desiredVersion = Json.String(desired, "metadata", "resourceVersion");
            if (!string.IsNullOrEmpty(desiredVersion) && Meta.ResourceVersion(desired) != liveVersion) throw ApiException.Conflict(kind, name);

            var ownName = Json.String(desired, "metadata", "name");
            if (ownName is not null && ownName != name)
            {
                throw ApiException.BadRequest($"the name of the object ({ownName}) does not match the name on the URL ({name})");
            }
            var meta = Meta.Of(desired);
            meta["name"] = name;
            if (kind.Namespaced) meta["namespace"] = ns;
            else meta.Remove("namespace");
            desired["apiVersion"] = kind.ApiVersion;
            desired["kind"] = kind.Kind;

            if (subresource == "status")
            {
                // Only the status of a status write counts.
                var status = desired["status"]?.DeepClone();
                desired = live.DeepClone().AsObject();
                desired.Remove("status");
                if (status is not null) desired["status"] = status;
            }
            else if (subresource is not null)
            {
                throw ApiException.MethodNotAllowed();
            }
            else if (kind.HasStatus && !options.KeepStatus)
            {
                desired.Remove("status");
                if (live["status"] is { } liveStatus) desired["status"] = liveStatus.DeepClone();
            }

            _defaults.ForUpdate(kind, desired, live, options.DeletionTimestamp);
            if (options.DryRun) return desired;
            try
            {
                // An object marked for deletion goes once the last finalizer is removed from it.
                if (Meta.IsDeleting(desired) && !IsNamespace(kind) && Meta.Finalizers(desired).Count == 0) return Remove(kind, ns, name, desired);
                return store.Update(kind, desired, liveVersion);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < MaxRetries)
            {
                // Someone else (usually a controller) wrote in between; redo the change on the new state.
            }
        }
    }

    /// <summary>Creates the object or replaces it, status included (the C# state API).</summary>
    public JsonObject Upsert(ResourceKind kind, JsonObject obj)
    {
        var ns = Json.String(obj, "metadata", "namespace") ?? "default";
        var name = Json.String(obj, "metadata", "name") ?? throw ApiException.Invalid(kind, "", "metadata.name: Required value");
        var options = new WriteOptions(KeepStatus: true);
        if (store.Get(kind, ScopeNamespace(kind, ns), name) is null) return Create(kind, ns, obj, options);
        var body = obj.DeepClone().AsObject();
        Meta.Of(body).Remove("resourceVersion");
        return Update(kind, ns, name, _ => body.DeepClone().AsObject(), null, options);
    }

    /// <summary>
    /// Deletes an object and handles its dependents per <paramref name="policy"/>; returns the deleted object. An
    /// object with finalizers, and every namespace, is only marked (<c>deletionTimestamp</c>) and returned as it now
    /// is: it goes when its finalizers are removed (a namespace, when the namespace controller has emptied it).
    /// </summary>
    public JsonObject Delete(ResourceKind kind, string @namespace, string name, PropagationPolicy policy, bool dryRun = false)
    {
        var ns = ScopeNamespace(kind, @namespace);
        var live = store.Get(kind, ns, name) ?? throw ApiException.NotFound(kind, name);
        if (dryRun || Meta.IsDeleting(live)) return live;
        if (IsNamespace(kind)) return MarkDeleted(kind, ns, name);

        var uid = Meta.Uid(live);
        switch (policy)
        {
            case PropagationPolicy.Orphan:
                foreach (var (dependentKind, dependent) in Dependents(uid))
                {
                    TryUpdate(dependentKind, dependent, d =>
                    {
                        var refs = (JsonArray)Meta.Of(d)["ownerReferences"]!;
                        foreach (var r in refs.Where(r => Json.String(r, "uid") == uid).ToList()) refs.Remove(r);
                        return d;
                    });
                }
                break;
            case PropagationPolicy.Foreground:
                foreach (var (dependentKind, dependent) in Dependents(uid))
                {
                    TryDelete(dependentKind, dependent, PropagationPolicy.Foreground);
                }
                break;
        }
        return Meta.Finalizers(live).Count > 0 ? MarkDeleted(kind, ns, name) : Remove(kind, ns, name, live);
    }

    /// <summary>
    /// The namespace controller's step for a terminating namespace: deletes what is still in it and, once nothing
    /// is left, the namespace itself. Returns what remains (objects held by finalizers); empty when it is gone.
    /// </summary>
    public List<(ResourceKind Kind, JsonObject Object)> FinalizeNamespace(string @namespace)
    {
        var remaining = new List<(ResourceKind, JsonObject)>();
        foreach (var (kind, obj) in store.Find(o => Meta.Namespace(o) == @namespace))
        {
            if (!kind.Namespaced) continue;
            if (!Meta.IsDeleting(obj)) TryDelete(kind, obj, PropagationPolicy.Background);
            if (store.Get(kind, @namespace, Meta.Name(obj)) is { } held) remaining.Add((kind, held));
        }
        if (remaining.Count == 0 && store.Get(Namespaces, "", @namespace) is { } terminating)
        {
            try { Remove(Namespaces, "", @namespace, terminating); }
            catch (ApiException e) when (e.Code == 404) { }
        }
        return remaining;
    }

    /// <summary>Forgets the remembered apply configurations (called when the store is cleared).</summary>
    public void Reset() => _applied.Clear();

    /// <summary>Deletes every object of a kind in a namespace that matches the selectors; returns them.</summary>
    public List<JsonObject> DeleteCollection(ResourceKind kind, string? @namespace, LabelSelector labels, FieldSelector fields, PropagationPolicy policy, bool dryRun)
    {
        var deleted = new List<JsonObject>();
        foreach (var item in List(kind, @namespace, labels, fields).Items)
        {
            if (dryRun)
            {
                deleted.Add(item);
                continue;
            }
            try { deleted.Add(Delete(kind, Meta.Namespace(item), Meta.Name(item), policy)); }
            catch (ApiException e) when (e.Code == 404) { }
        }
        return deleted;
    }

    /// <summary>Objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public List<(ResourceKind Kind, JsonObject Object)> Dependents(string ownerUid) =>
        string.IsNullOrEmpty(ownerUid) ? [] : store.Find(o => Meta.OwnerUids(o).Contains(ownerUid));

    /// <summary>Deletes if still there (the garbage collector races with clients).</summary>
    public void TryDelete(ResourceKind kind, JsonObject obj, PropagationPolicy policy)
    {
        try { Delete(kind, Meta.Namespace(obj), Meta.Name(obj), policy); }
        catch (ApiException e) when (e.Code == 404) { }
    }

    /// <summary>A status-keeping update that tolerates the object having gone; returns the result or null.</summary>
    public JsonObject? TryUpdate(ResourceKind kind, JsonObject obj, Func<JsonObject, JsonObject> change)
    {
        try { return Update(kind, Meta.Namespace(obj), Meta.Name(obj), change, null, new WriteOptions(KeepStatus: true)); }
        catch (ApiException e) when (e.Code == 404) { return null; }
    }

    private ResourceKind Namespaces => catalog.FindKind("v1", "Namespace")!;

    private static bool IsNamespace(ResourceKind kind) => kind is { Group: "", Kind: "Namespace" };

    // Sets deletionTimestamp (a namespace also turns Terminating, see ServerDefaults); the object stays until finalized.
    private JsonObject MarkDeleted(ResourceKind kind, string @namespace, string name)
    {
        var at = Json.Timestamp(time.GetUtcNow());
        return Update(kind, @namespace, name, o => o, null, new WriteOptions(KeepStatus: true, DeletionTimestamp: at));
    }

    private JsonObject Remove(ResourceKind kind, string @namespace, string name, JsonObject last)
    {
        store.Delete(kind, @namespace, name);
        _applied.Forget(Meta.Uid(last));
        return last;
    }

    private void EnsureNamespace(ResourceKind kind, JsonObject obj)
    {
        var @namespace = Meta.Namespace(obj);
        var namespaces = Namespaces;
        if (store.Get(namespaces, "", @namespace) is { } existing)
        {
            if (Meta.IsDeleting(existing)) throw ApiException.NamespaceTerminating(kind, Meta.Name(obj), @namespace);
            return;
        }
        if (RequireExistingNamespaces) throw ApiException.NotFound(namespaces, @namespace);
        try
        {
            Create(namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = @namespace } });
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            // Created concurrently; fine.
        }
    }

    private static string ScopeNamespace(ResourceKind kind, string? @namespace) => kind.Namespaced ? @namespace ?? "default" : "";

    private static void CheckTypeMeta(ResourceKind kind, JsonObject obj)
    {
        var apiVersion = Json.String(obj, "apiVersion");
        var objKind = Json.String(obj, "kind");
        if ((apiVersion is not null && apiVersion != kind.ApiVersion) || (objKind is not null && objKind != kind.Kind))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) or kind ({objKind}) does not match the expected {kind.ApiVersion}, Kind={kind.Kind}");
        }
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
    }

    private static string RandomSuffix()
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        });
    }
}
