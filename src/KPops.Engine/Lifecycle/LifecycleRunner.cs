using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle.Steps;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;

namespace KPops.Engine.Lifecycle;

/// <summary>A component selected for a run, the pipeline it belongs to, and whether it is only planned (-WhatIf).</summary>
/// <param name="Pipeline">The pipeline of the component.</param>
/// <param name="Component">The component.</param>
/// <param name="DryRun">Plan only.</param>
public sealed record RunItem(Pipeline Pipeline, Component Component, bool DryRun);

/// <summary>
/// Runs an operation over components: pipelines one after another; components in pipeline order for deploy and in
/// reverse for destroy, reset and clean, the first failure stopping the run. With <c>parallel</c>, a scheduler instead
/// of levels: a component starts as soon as every component it depends on (<see cref="RunSchedule"/>) finished, at
/// most <see cref="ThrottleLimit"/> at a time, the ready one with the longest remaining chain first; helm and Connect
/// work is further limited per service. A failure skips what depends on the failed component (reported as
/// <see cref="StepAction.Skipped"/> results), lets running components finish and independent ones go on, and then
/// ends the run with the first failure. Results that completed stay.
/// </summary>
public sealed class LifecycleRunner
{
    /// <summary>
    /// The default of <see cref="ThrottleLimit"/>. The work waits on the network, not the CPU: in bench/Deploy (30 sinks
    /// and 3 chains of three apps, 150 ms per Connect/Schema Registry/Kubernetes request, 2 cores) clean took 1.32 × the
    /// critical path with 4 slots, 1.12 × with 16 and 1.07 × with 32; 16 keeps deploy and clean within 1.2 × of it while
    /// the per-service limits below bound the load any one service sees.
    /// </summary>
    public const int DefaultThrottleLimit = 16;

    /// <summary>The default of <see cref="HelmConcurrency"/>: helm processes (each a few hundred API requests' worth of CPU and memory) at once.</summary>
    public const int DefaultHelmConcurrency = 8;

    /// <summary>The default of <see cref="ConnectConcurrency"/>: connector steps at once, so a Connect worker is not flooded with rebalances.</summary>
    public const int DefaultConnectConcurrency = 8;

    private readonly Func<Pipeline, IOperationLog, ILifecycleClients> _clients;

    /// <summary>Creates a runner with a factory of clients per pipeline.</summary>
    public LifecycleRunner(Func<Pipeline, IOperationLog, ILifecycleClients> clients) => _clients = clients;

    /// <summary>Run components side by side as their dependencies allow.</summary>
    public bool Parallel { get; init; }

    /// <summary>Components running at the same time with <see cref="Parallel"/>.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>Release and cleanup-job steps (helm processes) running at the same time with <see cref="Parallel"/>.</summary>
    public int HelmConcurrency { get; init; } = DefaultHelmConcurrency;

    /// <summary>Connector steps (Kafka Connect calls) running at the same time with <see cref="Parallel"/>.</summary>
    public int ConnectConcurrency { get; init; } = DefaultConnectConcurrency;

    /// <summary>Deploy: upgrade every Helm release, also those whose rendered manifest and values equal the live release.</summary>
    public bool ForceUpgrade { get; init; }

    /// <summary>Starts the run; events arrive on the returned reader until it completes.</summary>
    public ChannelReader<RunEvent> Start(Operation operation, IReadOnlyList<RunItem> items, CancellationToken cancellationToken) =>
        EngineRun.Start(operation.ToString(), _clients, (events, clients, token) =>
        {
            ResourceInventory.EnsureHandOff(items.Select(i => (i.Pipeline, i.Component)));
            return RunAsync(operation, items, events, clients, token);
        }, cancellationToken, Security.SecretMask.Union(items.Select(i => i.Pipeline.Secrets).Distinct()));

    /// <summary>The schedules of a run: one per pipeline, in the order the pipelines run.</summary>
    public static IReadOnlyList<RunSchedule> Schedule(Operation operation, IReadOnlyList<RunItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var schedules = new List<RunSchedule>();
        var position = 0;
        foreach (var group in items.GroupBy(i => i.Pipeline))
        {
            var schedule = RunSchedule.Build(operation, group.Key, group.ToList(), position);
            position += schedule.Components.Count;
            schedules.Add(schedule);
        }
        return schedules;
    }

    private async Task RunAsync(Operation operation, IReadOnlyList<RunItem> items, IRunEvents events, RunClients clients, CancellationToken cancellationToken)
    {
        using var helm = new SemaphoreSlim(Parallel ? Math.Max(1, HelmConcurrency) : 1);
        using var connect = new SemaphoreSlim(Parallel ? Math.Max(1, ConnectConcurrency) : 1);
        var limits = new ServiceLimits(helm, connect);
        foreach (var schedule in Schedule(operation, items))
        {
            // Every topic a step of this part of the run may describe: the first to ask describes them all at once.
            var topics = schedule.Components.SelectMany(c => c.Steps).Where(s => s.Kind == ResourceKind.Topic).Select(s => s.Resource).ToList();
            var run = new ComponentRun(operation, items.Count, clients.For(schedule.Pipeline), events, limits, ForceUpgrade, new RunShared(topics));
            if (Parallel) await RunScheduledAsync(schedule, run, events, cancellationToken).ConfigureAwait(false);
            else
            {
                foreach (var component in schedule.Components)
                    await run.RunAsync(component, run.Batch([component], cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunScheduledAsync(RunSchedule schedule, ComponentRun run, IRunEvents events, CancellationToken cancellationToken)
    {
        var nodes = schedule.Components;
        var waiting = nodes.Select(n => n.WaitsFor.Count).ToArray();
        var skipped = new bool[nodes.Count];
        // Longest remaining chain first; the run order breaks ties, so equal work keeps the pipeline's order.
        var ready = new PriorityQueue<int, (int, int)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (waiting[i] == 0) ready.Enqueue(i, (-nodes[i].RemainingChain, i));
        }
        var running = new Dictionary<Task, int>();
        KPopsException? failure = null;
        var cancelled = false;
        var limit = Math.Max(1, ThrottleLimit);
        while (true)
        {
            // The components started together are a batch: their Kafka requests of a kind go out as one (KafkaBatch).
            var started = new List<int>();
            while (!cancellationToken.IsCancellationRequested && running.Count + started.Count < limit && ready.TryDequeue(out var next, out _))
                started.Add(next);
            var batch = run.Batch(started.Select(i => nodes[i]), cancellationToken);
            foreach (var next in started) running.Add(run.RunAsync(nodes[next], batch, cancellationToken), next);
            if (running.Count == 0) break;
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var index = running[done];
            running.Remove(done);
            try
            {
                await done.ConfigureAwait(false);
                foreach (var dependent in nodes[index].Unblocks)
                {
                    if (--waiting[dependent] == 0 && !skipped[dependent]) ready.Enqueue(dependent, (-nodes[dependent].RemainingChain, dependent));
                }
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }
            catch (KPopsException e) when (e.Kind == ErrorKind.Cancelled)
            {
                cancelled = true;
            }
            catch (KPopsException e)
            {
                if (failure is null) failure = e;
                else events.Warning(e.Message);   // the run reports its first failure; later ones are not lost
                Skip(nodes, index, skipped, run, e);
            }
        }
        if (cancelled || cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
        if (failure is not null) throw failure;
    }

    /// <summary>Marks every component that depends on the failed one, directly or not, as skipped, and reports its steps so.</summary>
    private static void Skip(IReadOnlyList<ScheduledComponent> nodes, int failed, bool[] skipped, ComponentRun run, KPopsException error)
    {
        var failedComponent = nodes[failed].Item.Component;
        var pending = new Stack<int>(nodes[failed].Unblocks);
        var reached = new SortedSet<int>();
        while (pending.Count > 0)
        {
            var i = pending.Pop();
            if (skipped[i] || !reached.Add(i)) continue;
            foreach (var next in nodes[i].Unblocks) pending.Push(next);
        }
        foreach (var i in reached)
        {
            skipped[i] = true;
            run.ReportSkipped(nodes[i], $"not started: it depends on {failedComponent.Type} '{failedComponent.Name}', which failed ({error.ErrorId}).");
        }
    }

    /// <summary>The semaphores that bound the work one service gets at a time, shared by every component of a run.</summary>
    private sealed record ServiceLimits(SemaphoreSlim Helm, SemaphoreSlim Connect)
    {
        public SemaphoreSlim? For(ResourceKind kind) => kind switch
        {
            ResourceKind.HelmRelease or ResourceKind.CleanupJob => Helm,
            ResourceKind.Connector => Connect,
            _ => null,
        };
    }

    /// <summary>Runs the steps of one component of a pipeline.</summary>
    private sealed class ComponentRun(Operation operation, int count, ILifecycleClients clients, IRunEvents events, ServiceLimits limits, bool forceUpgrade,
        RunShared shared)
    {
        /// <summary>The batch of Kafka requests of components that start together.</summary>
        public KafkaBatch Batch(IEnumerable<ScheduledComponent> components, CancellationToken cancellationToken) =>
            KafkaBatch.Of(components, () => clients.Kafka, shared, cancellationToken);

        public async Task RunAsync(ScheduledComponent scheduled, KafkaBatch batch, CancellationToken cancellationToken)
        {
            try
            {
                await RunStepsAsync(scheduled, batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Done, failed or cancelled: the batch's requests that wait for this component go on without it.
                batch.Leave(scheduled.Item.Component);
            }
        }

        private async Task RunStepsAsync(ScheduledComponent scheduled, KafkaBatch batch, CancellationToken cancellationToken)
        {
            var item = scheduled.Item;
            var component = item.Component;
            var context = new StepContext(item.Pipeline.Name, component, operation, clients, events, item.DryRun, forceUpgrade, shared)
            {
                Secrets = item.Pipeline.Secrets,
                Batch = batch,
            };
            for (var i = 0; i < scheduled.Steps.Count; i++)
            {
                var step = scheduled.Steps[i];
                cancellationToken.ThrowIfCancellationRequested();
                IReadOnlyList<StepResult> results;
                var limit = limits.For(step.Kind);
                if (limit is not null) await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    events.Emit(new StepStarted(component, scheduled.Index, count, step.Description));
                    results = await step.RunAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
                {
                    await ReportCreatedAsync(scheduled.Steps.Skip(i + 1), context, cancellationToken).ConfigureAwait(false);
                    throw new KPopsException(e.ErrorId, e.Kind,
                        $"{operation} of {component.Type} '{component.Name}' failed at {step.Kind} {step.Resource}: {e.Message}",
                        e.Location ?? component.Location, e.Hint, e).About(component);
                }
                catch (Exception e) when (e is not KPopsException and not OperationCanceledException)
                {
                    // Anything else (a bug, an unexpected client error) must still end the run as its failure, not
                    // fault the background task unseen and let the run look finished.
                    throw new KPopsException(ErrorIds.StepFailed, ErrorKind.InvalidOperation,
                        $"{operation} of {component.Type} '{component.Name}' failed at {step.Kind} {step.Resource}: {e.GetType().Name}: {e.Message}",
                        component.Location, inner: e).About(component);
                }
                finally
                {
                    limit?.Release();
                }
                foreach (var result in results) events.Emit(new StepCompleted(result));
            }
        }

        /// <summary>
        /// After a failure, reports the topics of the component's later steps that its batch's CreateTopics request
        /// created with the other topics: they exist, so the run says so. The steps only read what the batch did.
        /// </summary>
        private async Task ReportCreatedAsync(IEnumerable<IStep> later, StepContext context, CancellationToken cancellationToken)
        {
            foreach (var step in later.Where(s => s is EnsureTopicStep && context.Batch.Created(s.Resource)))
            {
                try
                {
                    foreach (var result in await step.RunAsync(context, cancellationToken).ConfigureAwait(false)) events.Emit(new StepCompleted(result));
                }
                catch (KPopsException)
                {
                    // The component's failure is what the run reports.
                }
            }
        }

        public void ReportSkipped(ScheduledComponent scheduled, string why)
        {
            var item = scheduled.Item;
            var context = new StepContext(item.Pipeline.Name, item.Component, operation, clients, events, item.DryRun) { Secrets = item.Pipeline.Secrets };
            foreach (var step in scheduled.Steps)
                events.Emit(new StepCompleted(context.Result(step.Kind, step.Resource, StepAction.Skipped, TimeSpan.Zero, message: why)));
        }
    }
}
