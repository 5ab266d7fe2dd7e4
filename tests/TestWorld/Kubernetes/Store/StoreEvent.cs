using System.Text.Json.Nodes;
using System.Threading.Channels;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// A change in the store, as watches and controllers see it. The object travels serialised: JSON nodes are not
/// safe to read from several threads, so every consumer parses its own copy.
/// </summary>
/// <param name="Type">ADDED, MODIFIED or DELETED.</param>
/// <param name="Kind">Kind of the object.</param>
/// <param name="Namespace">Namespace, empty for cluster-scoped objects.</param>
/// <param name="Name">Name.</param>
/// <param name="Uid">Uid of the object.</param>
/// <param name="ResourceVersion">Store version after the change.</param>
/// <param name="Json">The object after the change (for DELETED: the last state).</param>
/// <param name="Labels">Labels after the change.</param>
/// <param name="PreviousJson">The object before a MODIFIED change, else null.</param>
internal sealed record StoreEvent(
    string Type,
    ResourceKind Kind,
    string Namespace,
    string Name,
    string Uid,
    long ResourceVersion,
    string Json,
    IReadOnlyDictionary<string, string> Labels,
    string? PreviousJson)
{
    /// <summary>A private, mutable copy of the object.</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>A private copy of the object before the change, or null.</summary>
    public JsonObject? ParsePrevious() => PreviousJson is null ? null : JsonNode.Parse(PreviousJson)!.AsObject();
}

/// <summary>What a subscriber gets: the events to start with, then a live feed until it is disposed.</summary>
internal sealed class StoreSubscription : IDisposable
{
    private readonly Action<StoreSubscription> _unsubscribe;

    internal StoreSubscription(string? storageKey, string? @namespace, bool endOnClear, Action<StoreSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        Namespace = @namespace;
        EndOnClear = endOnClear;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Synthetic ADDED events for the current objects, or the replayed history after a resourceVersion.</summary>
    public IReadOnlyList<StoreEvent> Initial { get; internal set; } = [];

    /// <summary>Store version when the subscription started.</summary>
    public long StartVersion { get; internal set; }

    /// <summary>Live events; completed when the subscription ends.</summary>
    public Channel<StoreEvent> Events { get; } = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });

    internal string? StorageKey { get; }

    internal string? Namespace { get; }

    /// <summary>Watches end when the store is cleared (a reset); the controllers' own feed does not.</summary>
    internal bool EndOnClear { get; }

    internal bool Wants(StoreEvent e) =>
        (StorageKey is null || StorageKey == e.Kind.StorageKey) && (Namespace is null || Namespace == e.Namespace);

    /// <inheritdoc />
    public void Dispose() => _unsubscribe(this);
}
