using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// The in-memory "etcd": objects per resource, one monotonic resourceVersion for every write, a bounded event
/// history for watches that resume, and live subscriptions. Objects are cloned on the way in and out; writes are
/// compare-and-swap on resourceVersion, so read-modify-write callers retry instead of holding a lock.
/// </summary>
internal sealed class ObjectStore
{
    private const int HistoryCapacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<(string Namespace, string Name), (ResourceKind Kind, JsonObject Object)>> _collections = [];
    private readonly Queue<StoreEvent> _history = new();
    private readonly List<StoreSubscription> _subscriptions = [];
    private long _version;

    /// <summary>The latest resourceVersion handed out.</summary>
    public long Version
    {
        get { lock (_gate) { return _version; } }
    }

    /// <summary>A copy of the object, or null.</summary>
    public JsonObject? Get(ResourceKind kind, string @namespace, string name)
    {
        lock (_gate)
        {
            return Collection(kind).TryGetValue((@namespace, name), out var entry) ? Clone(entry.Object) : null;
        }
    }

    /// <summary>Copies of the objects of a kind (in one namespace, or all when null) and the version they reflect.</summary>
    public (List<JsonObject> Items, long Version) List(ResourceKind kind, string? @namespace)
    {
        lock (_gate)
        {
            var items = Collection(kind)
                .Where(e => @namespace is null || e.Key.Namespace == @namespace)
                .Select(e => Clone(e.Value.Object))
                .ToList();
            return (items, _version);
        }
    }

    /// <summary>Copies of every object, of any kind, that satisfies the predicate (for garbage collection).</summary>
    public List<(ResourceKind Kind, JsonObject Object)> Find(Func<JsonObject, bool> predicate)
    {
        lock (_gate)
        {
            return _collections.Values.SelectMany(c => c.Values)
                .Where(e => predicate(e.Object))
                .Select(e => (e.Kind, Clone(e.Object)))
                .ToList();
        }
    }

    /// <summary>Stores a new object (metadata already complete except resourceVersion).</summary>
    /// <exception cref="ApiException">AlreadyExists.</exception>
    public JsonObject Create(ResourceKind kind, JsonObject obj)
    {
        lock (_gate)
        {
            var key = (Meta.Namespace(obj), Meta.Name(obj));
            var collection = Collection(kind);
            if (collection.ContainsKey(key)) throw ApiException.AlreadyExists(kind, key.Item2);
            var stored = Stamp(Clone(obj), ++_version);
            collection[key] = (kind, stored);
            Publish("ADDED", kind, stored, null);
            return Clone(stored);
        }
    }

    /// <summary>
    /// Replaces an object if it is still at <paramref name="expectedVersion"/>. An update that changes nothing
    /// keeps the version and emits no event, as the API server does.
    /// </summary>
    /// <exception cref="ApiException">NotFound, or Conflict when the object moved on.</exception>
    public JsonObject Update(ResourceKind kind, JsonObject obj, long expectedVersion)
    {
        lock (_gate)
        {
            var key = (Meta.Namespace(obj), Meta.Name(obj));
            var collection = Collection(kind);
            if (!collection.TryGetValue(key, out var entry)) throw ApiException.NotFound(kind, key.Item2);
            if (Meta.ResourceVersion(entry.Object) != expectedVersion) throw ApiException.Conflict(kind, key.Item2);

            var candidate = Stamp(Clone(obj), expectedVersion);
            if (JsonNode.DeepEquals(candidate, entry.Object)) return Clone(entry.Object);

            var stored = Stamp(candidate, ++_version);
            collection[key] = (kind, stored);
            Publish("MODIFIED", kind, stored, entry.Object);
            return Clone(stored);
        }
    }

    /// <summary>Removes an object; the returned copy carries the deletion's resourceVersion.</summary>
    /// <exception cref="ApiException">NotFound.</exception>
    public JsonObject Delete(ResourceKind kind, string @namespace, string name)
    {
        lock (_gate)
        {
            var collection = Collection(kind);
            if (!collection.Remove((@namespace, name), out var entry)) throw ApiException.NotFound(kind, name);
            var deleted = Stamp(entry.Object, ++_version);
            Publish("DELETED", kind, deleted, null);
            return Clone(deleted);
        }
    }

    /// <summary>
    /// Starts a subscription to one kind (or all kinds when <paramref name="kind"/> is null) and, atomically with it,
    /// takes its starting events: ADDED for every current object when <paramref name="includeCurrent"/>, else the
    /// history after <paramref name="sinceVersion"/> when given.
    /// </summary>
    public StoreSubscription Subscribe(ResourceKind? kind, string? @namespace, bool includeCurrent, long? sinceVersion, bool endOnClear)
    {
        lock (_gate)
        {
            var subscription = new StoreSubscription(kind?.StorageKey, @namespace, endOnClear, Unsubscribe) { StartVersion = _version };
            if (includeCurrent && kind is not null)
            {
                subscription.Initial = Collection(kind)
                    .Where(e => @namespace is null || e.Key.Namespace == @namespace)
                    .Select(e => MakeEvent("ADDED", e.Value.Kind, e.Value.Object, null))
                    .ToList();
            }
            else if (sinceVersion is { } since)
            {
                subscription.Initial = _history.Where(e => e.ResourceVersion > since && subscription.Wants(e)).ToList();
            }
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Drops every object and the history and ends the watches (not the version counter: clients may cache it).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _collections.Clear();
            _history.Clear();
            foreach (var subscription in _subscriptions.Where(s => s.EndOnClear).ToList())
            {
                subscription.Events.Writer.TryComplete();
                _subscriptions.Remove(subscription);
            }
        }
    }

    /// <summary>Ends every subscription (on shutdown).</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions) subscription.Events.Writer.TryComplete();
            _subscriptions.Clear();
        }
    }

    private void Unsubscribe(StoreSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
            subscription.Events.Writer.TryComplete();
        }
    }

    private SortedDictionary<(string Namespace, string Name), (ResourceKind Kind, JsonObject Object)> Collection(ResourceKind kind)
    {
        if (!_collections.TryGetValue(kind.StorageKey, out var collection))
        {
            collection = new SortedDictionary<(string, string), (ResourceKind, JsonObject)>(
                Comparer<(string Namespace, string Name)>.Create((a, b) =>
                {
                    var byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
                    return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
                }));
            _collections[kind.StorageKey] = collection;
        }
        return collection;
    }

    private void Publish(string type, ResourceKind kind, JsonObject obj, JsonObject? previous)
    {
        var e = MakeEvent(type, kind, obj, previous);
        _history.Enqueue(e);
        if (_history.Count > HistoryCapacity) _history.Dequeue();
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Wants(e)) subscription.Events.Writer.TryWrite(e);
        }
    }

    private static StoreEvent MakeEvent(string type, ResourceKind kind, JsonObject obj, JsonObject? previous) =>
        new(type, kind, Meta.Namespace(obj), Meta.Name(obj), Meta.Uid(obj), Meta.ResourceVersion(obj), Json.Serialize(obj), Meta.Labels(obj),
            previous is null ? null : Json.Serialize(previous));

    private static JsonObject Stamp(JsonObject obj, long version)
    {
        Meta.Of(obj)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        return obj;
    }

    // Through text rather than DeepClone: every number then reads back as int or long alike (a node built from an
    // int throws on GetValue<long>()), which is what users of the state API expect of parsed JSON.
    private static JsonObject Clone(JsonObject obj) => JsonNode.Parse(Json.Serialize(obj))!.AsObject();
}
