using System.Collections.Concurrent;
using System.Threading.Channels;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>A simulated controller: reacts to store events of the kinds it cares about.</summary>
internal interface IController
{
    /// <summary>Handles one event. Runs on the controller loop, never concurrently with another handler.</summary>
    void Handle(StoreEvent e);
}

/// <summary>What controllers share: the cluster, the clock and a way to act later.</summary>
internal sealed class ControllerContext(ClusterOperations cluster, TimeProvider time, Action<TimeSpan, Action> schedule)
{
    public ClusterOperations Cluster => cluster;

    /// <summary>Runs <paramref name="action"/> on the controller loop after <paramref name="delay"/>.</summary>
    public void Schedule(TimeSpan delay, Action action) => schedule(delay, action);

    /// <summary>A served kind (the controllers only ask for built-in ones).</summary>
    public ResourceKind Kind(string apiVersion, string kind) => cluster.Catalog.FindKind(apiVersion, kind)!;

    public string Now() => Json.Timestamp(time.GetUtcNow());
}

/// <summary>
/// Runs the controllers on one background loop fed by the store's event stream and by scheduled actions, so a
/// controller reacts within milliseconds of a write and never races another controller.
/// </summary>
internal sealed class ControllerManager : IAsyncDisposable
{
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];
    private readonly StoreSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly ClusterOperations _cluster;
    private readonly IReadOnlyList<IController> _controllers;
    private readonly Task _pump;
    private readonly Task _loop;
    private long _epoch;
    private long _processedVersion;

    [ThreadStatic]
    private static bool _onLoop;

    public ControllerManager(ObjectStore store, ClusterOperations cluster, TimeProvider time, Func<ControllerContext, IReadOnlyList<IController>> createControllers)
    {
        _cluster = cluster;
        _controllers = createControllers(new ControllerContext(cluster, time, Schedule));
        _subscription = store.Subscribe(null, null, includeCurrent: false, sinceVersion: null, endOnClear: false);
        _pump = Task.Run(async () =>
        {
            await foreach (var e in _subscription.Events.Reader.ReadAllAsync())
            {
                _work.Writer.TryWrite(new WorkItem(Interlocked.Read(ref _epoch), e.ResourceVersion, () => Dispatch(e)));
            }
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Exceptions controllers threw (a healthy double has none).</summary>
    public IReadOnlyCollection<Exception> Errors => _errors;

    /// <summary>Records an exception thrown outside a controller's own code (a JobFinished handler).</summary>
    public void Report(Exception error) => _errors.Enqueue(error);

    /// <summary>Forgets recorded errors.</summary>
    public void ClearErrors() => _errors.Clear();

    /// <summary>
    /// Completes once the controllers have reacted to every change up to <paramref name="version"/> (or after
    /// <paramref name="timeout"/>). The API answers a write only then, so what a controller does at once (a
    /// Deployment's ReplicaSet and status, a StatefulSet's claims) is visible to the client's next request —
    /// helm 3 would otherwise find the first readiness poll failing and wait 2 s for the next.
    /// </summary>
    public Task WaitForAsync(long version, TimeSpan timeout)
    {
        // A write made by a controller or a JobFinished handler must not wait for the loop it runs on.
        if (_onLoop) return Task.CompletedTask;
        lock (_gate)
        {
            if (_processedVersion >= version) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((version, done));
            return Task.WhenAny(done.Task, Task.Delay(timeout));
        }
    }

    /// <summary>
    /// Makes queued and scheduled work from before this call a no-op and waits for the action in progress to end,
    /// so a reset store is not repopulated by reactions to the old state.
    /// </summary>
    public void Quiesce()
    {
        var epoch = Interlocked.Increment(ref _epoch);
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Writer.TryWrite(new WorkItem(epoch, 0, barrier.SetResult));
        barrier.Task.Wait(TimeSpan.FromSeconds(10));
    }

    private void Dispatch(StoreEvent e)
    {
        // Changes to objects that are gone or were replaced meanwhile (e.g. by a reset) are history.
        if (e.Type != "DELETED" && (_cluster.TryGet(e.Kind, e.Namespace, e.Name) is not { } live || Meta.Uid(live) != e.Uid)) return;
        foreach (var controller in _controllers) controller.Handle(e);
    }

    private void Schedule(TimeSpan delay, Action action)
    {
        var epoch = Interlocked.Read(ref _epoch);
        if (delay <= TimeSpan.Zero)
        {
            // Already on the loop: act now, as part of the reaction being processed.
            action();
            return;
        }
        _ = Task.Delay(delay, _stop.Token).ContinueWith(
            _ => _work.Writer.TryWrite(new WorkItem(epoch, 0, action)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private async Task RunAsync()
    {
        await foreach (var item in _work.Reader.ReadAllAsync())
        {
            if (item.Epoch == Interlocked.Read(ref _epoch))
            {
                _onLoop = true;
                try
                {
                    item.Action();
                }
                catch (ApiException e) when (e.Reason == "Forbidden")
                {
                    // Creating into a terminating namespace: real controllers back off until the namespace is gone.
                }
                catch (Exception e)
                {
                    _errors.Enqueue(e);
                }
                finally
                {
                    _onLoop = false;
                }
            }
            if (item.Version > 0) MarkProcessed(item.Version);
        }
    }

    private void MarkProcessed(long version)
    {
        lock (_gate)
        {
            _processedVersion = Math.Max(_processedVersion, version);
            foreach (var waiter in _waiters.Where(w => w.Version <= _processedVersion).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription.Dispose();
        await _pump;
        _work.Writer.TryComplete();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>Something for the controller loop: a store event's dispatch (with its version) or a scheduled action (version 0).</summary>
internal sealed record WorkItem(long Epoch, long Version, Action Action);
