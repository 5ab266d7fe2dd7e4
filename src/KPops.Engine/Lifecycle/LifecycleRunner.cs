using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;

namespace KPops.Engine.Lifecycle;

/// <summary>Something that happened during a run, in order. The host (the cmdlet) turns events into output on its own thread.</summary>
public abstract record RunEvent;

/// <summary>A component's step is starting.</summary>
/// <param name="Component">The component.</param>
/// <param name="ComponentIndex">0-based position of the component in the run.</param>
/// <param name="ComponentCount">Components in the run.</param>
/// <param name="Step">What the step does.</param>
public sealed record StepStarted(Component Component, int ComponentIndex, int ComponentCount, string Step) : RunEvent;

/// <summary>A step finished with these results.</summary>
/// <param name="Result">The result.</param>
public sealed record StepCompleted(StepResult Result) : RunEvent;

/// <summary>A verbose line (helm command lines, remote calls).</summary>
/// <param name="Message">The line.</param>
public sealed record VerboseMessage(string Message) : RunEvent;

/// <summary>A warning.</summary>
/// <param name="Message">The warning.</param>
public sealed record WarningMessage(string Message) : RunEvent;

/// <summary>The run stopped: a step failed (nothing after it ran) or the run was cancelled.</summary>
/// <param name="Error">What went wrong, naming component, resource and service.</param>
/// <param name="Completed">The results of the steps that completed before.</param>
public sealed record RunFailed(KPopsException Error, IReadOnlyList<StepResult> Completed) : RunEvent;

/// <summary>A component selected for a run, the pipeline it belongs to, and whether it is only planned (-WhatIf).</summary>
/// <param name="Pipeline">The pipeline of the component.</param>
/// <param name="Component">The component.</param>
/// <param name="DryRun">Plan only.</param>
public sealed record RunItem(Pipeline Pipeline, Component Component, bool DryRun);

/// <summary>
/// Runs an operation over components: pipelines one after another; components in pipeline order for deploy and in
/// reverse for destroy, reset and clean; with <c>parallel</c>, level by level (topological generations of the
/// topic graph), components of a level side by side. The first failure stops the run; results that completed stay.
/// </summary>
public sealed class LifecycleRunner
{
    private readonly Func<Pipeline, IOperationLog, ILifecycleClients> _clients;

    /// <summary>Creates a runner with a factory of clients per pipeline.</summary>
    public LifecycleRunner(Func<Pipeline, IOperationLog, ILifecycleClients> clients) => _clients = clients;

    /// <summary>Run in parallel by graph levels.</summary>
    public bool Parallel { get; init; }

    /// <summary>Components running at the same time with <see cref="Parallel"/>.</summary>
    public int ThrottleLimit { get; init; } = 4;

    /// <summary>Starts the run; events arrive on the returned reader until it completes.</summary>
    public ChannelReader<RunEvent> Start(Operation operation, IReadOnlyList<RunItem> items, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            var completed = new List<StepResult>();
            try
            {
                await RunAsync(operation, items, channel.Writer, completed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                channel.Writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.OperationCancelled, ErrorKind.Cancelled,
                    $"{operation} was cancelled after {completed.Count} step(s)" + (completed.Count == 0 ? "." : ": " + string.Join(", ", completed.Select(r => $"{r.Component} {r.Kind} {r.Resource} {r.Action}")) + "."),
                    hint: "Run the command again to finish; every step converges from where it stopped."), completed.ToList()));
            }
            catch (KPopsException e)
            {
                channel.Writer.TryWrite(new RunFailed(e, completed.ToList()));
            }
            catch (Exception e)
            {
                // Anything else (creating the clients, a bug) must end the run visibly, never look like a success.
                channel.Writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.RunFailed, ErrorKind.InvalidOperation,
                    $"{operation} failed: {e.GetType().Name}: {e.Message}", inner: e), completed.ToList()));
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);
        return channel.Reader;
    }

    /// <summary>The order components run in.</summary>
    public IReadOnlyList<IReadOnlyList<RunItem>> Order(Operation operation, IReadOnlyList<RunItem> items)
    {
        var teardown = operation != Operation.Deploy;
        var batches = new List<IReadOnlyList<RunItem>>();
        foreach (var group in items.GroupBy(i => i.Pipeline))
        {
            var pipeline = group.Key;
            var selected = group.ToList();
            IEnumerable<IReadOnlyList<RunItem>> levels;
            if (Parallel)
            {
                var byName = selected.ToDictionary(i => i.Component.Name, StringComparer.Ordinal);
                levels = pipeline.Graph.Levels(pipeline.Components)
                    .Select(level => (IReadOnlyList<RunItem>)level.Where(c => byName.ContainsKey(c.Name)).Select(c => byName[c.Name]).ToList())
                    .Where(level => level.Count > 0);
            }
            else
            {
                var indexOf = pipeline.Components.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
                levels = selected.OrderBy(i => indexOf.GetValueOrDefault(i.Component.Name)).Select(i => (IReadOnlyList<RunItem>)[i]);
            }
            var ordered = levels.ToList();
            if (teardown) ordered.Reverse();
            batches.AddRange(ordered);
        }
        return batches;
    }

    private async Task RunAsync(Operation operation, IReadOnlyList<RunItem> items, ChannelWriter<RunEvent> events, List<StepResult> completed, CancellationToken cancellationToken)
    {
        var log = new ChannelLog(events);
        var clients = new Dictionary<Pipeline, ILifecycleClients>();
        var position = 0;
        try
        {
            foreach (var batch in Order(operation, items))
            {
                using var levelCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var throttle = new SemaphoreSlim(Parallel ? Math.Max(1, ThrottleLimit) : 1);
                var tasks = new List<Task>();
                foreach (var item in batch)
                {
                    var pipeline = item.Pipeline;
                    if (!clients.TryGetValue(pipeline, out var pipelineClients)) clients[pipeline] = pipelineClients = _clients(pipeline, log);
                    var index = position++;
                    try
                    {
                        await throttle.WaitAsync(levelCancellation.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The level stopped (a sibling failed, or the run was cancelled): what the started components
                        // end with is the outcome, so they are awaited rather than reported as a cancellation.
                        break;
                    }
                    tasks.Add(RunComponentAsync(operation, item, index, items.Count, pipelineClients, log, events, completed, throttle, levelCancellation));
                }
                await Task.WhenAll(tasks).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var c in clients.Values) c.Dispose();
        }
    }

    private static async Task RunComponentAsync(Operation operation, RunItem item, int index, int count, ILifecycleClients clients, IOperationLog log,
        ChannelWriter<RunEvent> events, List<StepResult> completed, SemaphoreSlim throttle, CancellationTokenSource level)
    {
        try
        {
            var component = item.Component;
            var context = new StepContext(item.Pipeline.Name, component, operation, clients, log, item.DryRun);
            foreach (var step in Planner.Plan(item.Pipeline.Inventory.Of(component), operation))
            {
                level.Token.ThrowIfCancellationRequested();
                events.TryWrite(new StepStarted(component, index, count, step.Description));
                IReadOnlyList<StepResult> results;
                try
                {
                    results = await step.RunAsync(context, level.Token).ConfigureAwait(false);
                }
                catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
                {
                    level.Cancel();   // siblings of a parallel level stop too
                    throw new KPopsException(e.ErrorId, e.Kind,
                        $"{operation} of {component.Type} '{component.Name}' failed at {step.Kind} {step.Resource}: {e.Message}",
                        e.Location ?? component.Location, e.Hint, e);
                }
                catch (Exception e) when (e is not KPopsException and not OperationCanceledException)
                {
                    // Anything else (a bug, an unexpected client error) must still end the run as its failure, not
                    // fault the background task unseen and let the run look finished.
                    level.Cancel();
                    throw new KPopsException(ErrorIds.StepFailed, ErrorKind.InvalidOperation,
                        $"{operation} of {component.Type} '{component.Name}' failed at {step.Kind} {step.Resource}: {e.GetType().Name}: {e.Message}",
                        component.Location, inner: e);
                }
                lock (completed) completed.AddRange(results);
                foreach (var result in results) events.TryWrite(new StepCompleted(result));
            }
        }
        finally
        {
            throttle.Release();
        }
    }

    /// <summary>Forwards client log lines into the event stream, so they come out in order on the host's thread.</summary>
    private sealed class ChannelLog(ChannelWriter<RunEvent> events) : IOperationLog
    {
        public void Verbose(string message) => events.TryWrite(new VerboseMessage(message));

        public void Warning(string message) => events.TryWrite(new WarningMessage(message));
    }
}
