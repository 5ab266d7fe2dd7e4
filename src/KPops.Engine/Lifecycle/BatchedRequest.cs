namespace KPops.Engine.Lifecycle;

/// <summary>
/// One request of one kind for the items of a batch (see <see cref="KafkaBatch"/>), sent at most once; every item
/// gets its own answer from it. An eager request goes out when the first of its items is asked for. A request that
/// waits goes out once every owner (component) with an item in it has asked for one of its items or has left: what
/// its steps do before they come to it is done first. It names the items of the owners that came; an item it does
/// not name is asked for on its own. Thread safe.
/// </summary>
/// <typeparam name="T">The answer for one item.</typeparam>
internal sealed class BatchedRequest<T>
{
    private readonly object _gate = new();
    private readonly Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, T>>> _send;
    private readonly List<string> _named = [];
    // The owners the request still waits for, with their items; null for an eager request.
    private readonly Dictionary<object, List<string>>? _waitingFor;
    private readonly TaskCompletionSource<Task<IReadOnlyDictionary<string, T>>> _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _started;

    private BatchedRequest(Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, T>>> send, IEnumerable<string> named,
        Dictionary<object, List<string>>? waitingFor)
    {
        _send = send;
        _named.AddRange(named);
        _waitingFor = waitingFor;
    }

    /// <summary>A request for <paramref name="items"/>, sent when the first of them is asked for.</summary>
    /// <param name="items">The items it names.</param>
    /// <param name="send">Sends the request for the items; answers what it can say of each.</param>
    public static BatchedRequest<T> Eager(IEnumerable<string> items, Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, T>>> send) =>
        new(send, items.Distinct(StringComparer.Ordinal), null);

    /// <summary>A request for the items of owners, sent once every owner has asked or left.</summary>
    /// <param name="items">The items and their owners.</param>
    /// <param name="send">Sends the request for the items of the owners that asked.</param>
    public static BatchedRequest<T> Waiting(IEnumerable<(object Owner, string Item)> items, Func<IReadOnlyList<string>, Task<IReadOnlyDictionary<string, T>>> send) =>
        new(send, [], items.GroupBy(i => i.Owner, ReferenceEqualityComparer.Instance)
            .ToDictionary(g => g.Key!, g => g.Select(i => i.Item).ToList(), ReferenceEqualityComparer.Instance));

    /// <summary>
    /// The answer for <paramref name="item"/> of <paramref name="owner"/>: from the request, or from
    /// <paramref name="alone"/> when the request does not name it or has no answer for it. Throws the request's
    /// failure when the whole request failed.
    /// </summary>
    public async Task<T> AskAsync(object? owner, string item, Func<CancellationToken, Task<T>> alone, CancellationToken cancellationToken)
    {
        bool named, start;
        lock (_gate)
        {
            if (owner is not null && _waitingFor is not null && _waitingFor.Remove(owner, out var items)) _named.AddRange(items);
            named = _named.Contains(item, StringComparer.Ordinal);
            start = named && Ready();
        }
        if (start) Start();
        if (!named) return await alone(cancellationToken).ConfigureAwait(false);
        var request = await _sent.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var answers = await request.WaitAsync(cancellationToken).ConfigureAwait(false);
        return answers.TryGetValue(item, out var answer) ? answer : await alone(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every answer of the request, which is sent now if it has not been (eager requests only).</summary>
    public async Task<IReadOnlyDictionary<string, T>> AllAsync(CancellationToken cancellationToken)
    {
        if (_waitingFor is not null) throw new InvalidOperationException("A request that waits for its owners is not sent for all of its items.");
        bool start;
        lock (_gate) start = Ready();
        if (start) Start();
        return await (await _sent.Task.ConfigureAwait(false)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer for <paramref name="item"/> if the request named it and has been answered.</summary>
    public bool TryGetAnswer(string item, out T? answer)
    {
        answer = default;
        return _sent.Task is { IsCompletedSuccessfully: true } sent && sent.Result is { IsCompletedSuccessfully: true } request
            && request.Result.TryGetValue(item, out answer);
    }

    /// <summary>
    /// The owner's steps are done (or failed): the request no longer waits for it, and does not name its items unless
    /// it asked for one.
    /// </summary>
    public void Leave(object owner)
    {
        bool start;
        lock (_gate) start = _waitingFor is not null && _waitingFor.Remove(owner) && _named.Count > 0 && Ready();
        if (start) Start();
    }

    // Under the gate: whether the request is to be sent now, by the caller (once).
    private bool Ready()
    {
        if (_started || (_waitingFor is { Count: > 0 })) return false;
        _started = true;
        return true;
    }

    // Sent outside the gate: the request may read what other steps share.
    private void Start()
    {
        List<string> items;
        lock (_gate) items = _named.Distinct(StringComparer.Ordinal).ToList();
        Task<IReadOnlyDictionary<string, T>> request;
        try
        {
            request = _send(items);
        }
#pragma warning disable CA1031 // the failure is the request's, handed to every step that waits for it
        catch (Exception e)
#pragma warning restore CA1031
        {
            request = Task.FromException<IReadOnlyDictionary<string, T>>(e);
        }
        _sent.SetResult(request);
    }
}
