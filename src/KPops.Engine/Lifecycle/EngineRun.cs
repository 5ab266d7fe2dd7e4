using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Engine.Security;
using KPops.Engine.Status;

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
    /// <param name="secrets">The secrets of the pipelines of the run: every line, result and error leaves masked.</param>
    public static ChannelReader<RunEvent> Start(string activity, Func<Pipeline, IOperationLog, ILifecycleClients> clientFactory,
        Func<IRunEvents, RunClients, CancellationToken, Task> work, CancellationToken cancellationToken, SecretMask? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var mask = secrets ?? SecretMask.None;
        var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        var writer = new MaskingWriter(channel.Writer, mask);
        var events = new ChannelEvents(writer);
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
                writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.OperationCancelled, ErrorKind.Cancelled,
                    $"{activity} was cancelled after {completed.Count} step(s)" + (completed.Count == 0 ? "." : ": " + string.Join(", ", completed.Select(r => $"{r.Component} {r.Kind} {r.Resource} {r.Action}")) + "."),
                    hint: "Run the command again to finish; every step converges from where it stopped."), completed));
            }
            catch (KPopsException e)
            {
                writer.TryWrite(new RunFailed(e, events.Completed));
            }
            catch (Exception e)
            {
                // Anything else (creating the clients, a bug) must end the run visibly, never look like a success.
                writer.TryWrite(new RunFailed(new KPopsException(ErrorIds.RunFailed, ErrorKind.InvalidOperation,
                    $"{activity} failed: {e.GetType().Name}: {e.Message}", inner: e), events.Completed));
            }
            finally
            {
                writer.TryComplete();
            }
        }, CancellationToken.None);
        return channel.Reader;
    }

    /// <summary>The one door of a run's events: lines, results, status objects and errors pass the secret mask here.</summary>
    private sealed class MaskingWriter(ChannelWriter<RunEvent> inner, SecretMask mask) : ChannelWriter<RunEvent>
    {
        public override bool TryWrite(RunEvent item) => inner.TryWrite(item switch
        {
            VerboseMessage verbose => new VerboseMessage(mask.Apply(verbose.Message)),
            WarningMessage warning => new WarningMessage(mask.Apply(warning.Message)),
            StepCompleted step => new StepCompleted(mask.Apply(step.Result)),
            ComponentCompleted completed => completed with { Objects = completed.Objects.Select(o => o is StatusResult status ? mask.Apply(status) : o).ToList() },
            RunFailed failed => new RunFailed(mask.Apply(failed.Error), failed.Completed.Select(mask.Apply).ToList()),
            _ => item,
        });

        public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);
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
