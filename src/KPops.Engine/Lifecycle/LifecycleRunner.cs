using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
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
    public ChannelReader<RunEvent> Start(Operation operation, IReadOnlyList<RunItem> items, CancellationToken cancellationToken) =>
        EngineRun.Start(operation.ToString(), _clients, (events, clients, token) =>
        {
            ResourceInventory.EnsureHandOff(items.Select(i => (i.Pipeline, i.Component)));
            return RunAsync(operation, items, events, clients, token);
        }, cancellationToken, Security.SecretMask.Union(items.Select(i => i.Pipeline.Secrets).Distinct()));

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

    private async Task RunAsync(Operation operation, IReadOnlyList<RunItem> items, IRunEvents events, RunClients clients, CancellationToken cancellationToken)
    {
        var position = 0;
        foreach (var batch in Order(operation, items))
        {
            using var levelCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var throttle = new SemaphoreSlim(Parallel ? Math.Max(1, ThrottleLimit) : 1);
            var tasks = new List<Task>();
            foreach (var item in batch)
            {
                var pipelineClients = clients.For(item.Pipeline);
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
                tasks.Add(RunComponentAsync(operation, item, index, items.Count, pipelineClients, events, throttle, levelCancellation));
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static async Task RunComponentAsync(Operation operation, RunItem item, int index, int count, ILifecycleClients clients,
        IRunEvents events, SemaphoreSlim throttle, CancellationTokenSource level)
    {
        try
        {
            var component = item.Component;
            var context = new StepContext(item.Pipeline.Name, component, operation, clients, events, item.DryRun) { Secrets = item.Pipeline.Secrets };
            foreach (var step in Planner.Plan(item.Pipeline.Inventory.Of(component), operation))
            {
                level.Token.ThrowIfCancellationRequested();
                events.Emit(new StepStarted(component, index, count, step.Description));
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
                        e.Location ?? component.Location, e.Hint, e).About(component);
                }
                catch (Exception e) when (e is not KPopsException and not OperationCanceledException)
                {
                    // Anything else (a bug, an unexpected client error) must still end the run as its failure, not
                    // fault the background task unseen and let the run look finished.
                    level.Cancel();
                    throw new KPopsException(ErrorIds.StepFailed, ErrorKind.InvalidOperation,
                        $"{operation} of {component.Type} '{component.Name}' failed at {step.Kind} {step.Resource}: {e.GetType().Name}: {e.Message}",
                        component.Location, inner: e).About(component);
                }
                foreach (var result in results) events.Emit(new StepCompleted(result));
            }
        }
        finally
        {
            throttle.Release();
        }
    }
}
