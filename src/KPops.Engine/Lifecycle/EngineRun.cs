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

/// <summary>Work on a component is starting (status checks and manifest rendering; lifecycle runs report <see cref="StepStarted"/>).</summary>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Component">The component.</param>
/// <param name="ComponentIndex">0-based position of the component in its pipeline's part of the run.</param>
/// <param name="ComponentCount">Components of that pipeline in the run.</param>
public sealed record ComponentStarted(string Pipeline, Component Component, int ComponentIndex, int ComponentCount) : RunEvent;

/// <summary>The objects one component's work produced (status results, manifest documents), for the host to write.</summary>
/// <param name="Component">The component.</param>
/// <param name="Objects">The objects, in order.</param>
public sealed record ComponentCompleted(Component Component, IReadOnlyList<object> Objects) : RunEvent;

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

/// <summary>Where the work of a run reports what happens. Thread safe: parallel steps and client threads report here.</summary>
public interface IRunEvents : IOperationLog
{
    /// <summary>Reports an event.</summary>
    void Emit(RunEvent runEvent);
}

/// <summary>
/// The one way engine work runs for a host: in the background, everything it reports — results, progress, verbose and
/// warning lines — going through one channel in order, so the host writes it on its own thread; the clients of each
/// pipeline made once and disposed when the work ends; and every way the work can end mapped once to a last
/// <see cref="RunFailed"/> event (a cancellation, an engine error, or anything unexpected — never a bare exception).
/// </summary>
public static class EngineRun
{
    /// <summary>Starts work; its events arrive on the returned reader until it completes.</summary>
    /// <param name="activity">What runs, for messages ("Deploy", "Status", …).</param>
    /// <param name="clientFactory">Makes the clients of a pipeline (once per pipeline of the run).</param>
    /// <param name="work">The work: it reports through the events and gets the clients of a pipeline from the pool.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static ChannelReader<RunEvent> Start(string activity, Func<Pipeline, IOperationLog, ILifecycleClients> clientFactory,
        Func<IRunEvents, RunClients, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        var events = new ChannelEvents(channel.Writer);
        _ = Task.Run(async () =>
        {
            try
            {
                using var clients = new RunClients(clientFactory, events);
                await work(events, clients, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                var completed = events.Completed;
                channel.Writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.OperationCancelled, ErrorKind.Cancelled,
                    $"{activity} was cancelled after {completed.Count} step(s)" + (completed.Count == 0 ? "." : ": " + string.Join(", ", completed.Select(r => $"{r.Component} {r.Kind} {r.Resource} {r.Action}")) + "."),
                    hint: "Run the command again to finish; every step converges from where it stopped."), completed));
            }
            catch (KPopsException e)
            {
                channel.Writer.TryWrite(new RunFailed(e, events.Completed));
            }
            catch (Exception e)
            {
                // Anything else (creating the clients, a bug) must end the run visibly, never look like a success.
                channel.Writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.RunFailed, ErrorKind.InvalidOperation,
                    $"{activity} failed: {e.GetType().Name}: {e.Message}", inner: e), events.Completed));
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);
        return channel.Reader;
    }

    /// <summary>Events into the channel; the results of completed steps are kept for the report of a failure.</summary>
    private sealed class ChannelEvents(ChannelWriter<RunEvent> writer) : IRunEvents
    {
        private readonly List<StepResult> _completed = [];

        public IReadOnlyList<StepResult> Completed
        {
            get
            {
                lock (_completed) return _completed.ToList();
            }
        }

        public void Emit(RunEvent runEvent)
        {
            if (runEvent is StepCompleted step)
            {
                lock (_completed) _completed.Add(step.Result);
            }
            writer.TryWrite(runEvent);
        }

        public void Verbose(string message) => writer.TryWrite(new VerboseMessage(message));

        public void Warning(string message) => writer.TryWrite(new WarningMessage(message));
    }
}

/// <summary>The clients of the pipelines of one run: made on first use, once per pipeline, and disposed together when the run ends.</summary>
public sealed class RunClients : IDisposable
{
    private readonly Func<Pipeline, IOperationLog, ILifecycleClients> _factory;
    private readonly IOperationLog _log;
    private readonly Dictionary<Pipeline, ILifecycleClients> _clients = [];

    internal RunClients(Func<Pipeline, IOperationLog, ILifecycleClients> factory, IOperationLog log)
    {
        _factory = factory;
        _log = log;
    }

    /// <summary>The clients of a pipeline.</summary>
    public ILifecycleClients For(Pipeline pipeline)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(pipeline, out var clients)) _clients[pipeline] = clients = _factory(pipeline, _log);
            return clients;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_clients)
        {
            foreach (var clients in _clients.Values) clients.Dispose();
            _clients.Clear();
        }
    }
}
