using System.Management.Automation;
using System.Threading.Channels;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;

namespace KPops.PowerShell.Internal;

/// <summary>
/// Shared plumbing of every KPops cmdlet: cancellation tied to Ctrl+C, engine errors turned into ErrorRecords with
/// their stable ids, and the current PowerShell location as the working directory.
/// </summary>
public abstract class KPopsCmdlet : PSCmdlet
{
    private CancellationTokenSource? _cancellation;

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

    /// <summary>The current file-system location (not the process directory).</summary>
    protected string WorkingDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    /// <summary>Resolves a user-given path against the current location (provider paths, ~ and relative paths).</summary>
    protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <inheritdoc />
    protected override void BeginProcessing() => _cancellation ??= new CancellationTokenSource();

    /// <inheritdoc />
    protected override void StopProcessing() => CancelRun();

    /// <inheritdoc />
    protected override void EndProcessing() => DisposeCancellation();

    /// <summary>Cancels <see cref="CancellationToken"/> (Ctrl+C, or the pipeline stopped while writing).</summary>
    protected void CancelRun()
    {
        try
        {
            _cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped after the command had ended: nothing is left to cancel.
        }
    }

    /// <summary>Releases the cancellation source.</summary>
    protected void DisposeCancellation()
    {
        var cancellation = _cancellation;
        _cancellation = null;
        cancellation?.Dispose();
    }

    /// <summary>
    /// The one way a cmdlet runs engine work: the work's events are written here, on the pipeline thread, as they
    /// come — progress (<see cref="StepStarted"/>, <see cref="ComponentStarted"/>), verbose and warning lines —, the
    /// other events go to <paramref name="write"/>; Ctrl+C cancels the work (see <see cref="StopProcessing"/>) and a
    /// failure of the work becomes a non-terminating error whose target is the failed component, after the output
    /// written before it.
    /// </summary>
    /// <param name="activity">The progress activity.</param>
    /// <param name="start">Starts the work with the command's cancellation.</param>
    /// <param name="write">Writes the work's results.</param>
    internal void RunEngine(string activity, Func<CancellationToken, ChannelReader<RunEvent>> start, Action<RunEvent> write)
    {
        var progress = new ProgressRecord(1, activity, "Starting");
        var reader = start(CancellationToken);
        RunFailed? failure = null;
        Exception? interrupted = null;
        var enumerator = reader.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        try
        {
            // Once writing fails (Ctrl+C, a downstream Select-Object -First or a downstream error), nothing more is
            // written: the work is cancelled and drained until it has ended, so no helm process or request outlives
            // the command.
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                if (enumerator.Current is RunFailed failed)
                {
                    failure = failed;
                    continue;
                }
                if (interrupted is not null) continue;
                try
                {
                    Write(enumerator.Current, progress, write);
                }
#pragma warning disable CA1031 // rethrown below, once the work has ended
                catch (Exception e)
#pragma warning restore CA1031
                {
                    interrupted = e;
                    CancelRun();
                }
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (Stopping) ReportStopped(failure);
        if (interrupted is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(interrupted).Throw();
        if (Stopping) throw new PipelineStoppedException();
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        // A non-terminating error, after every result: `$r = Invoke-KPopsDeploy …` keeps the results, `$?` is false,
        // and -ErrorAction Stop or $ErrorActionPreference = 'Stop' end a script (pwsh -File exits 1), which a
        // terminating error of the cmdlet would not do with -ErrorAction Stop.
        if (failure is not null) WriteEngineError(failure.Error, failure.Error.Target ?? failure.Error.Location?.File);
    }

    private void Write(RunEvent runEvent, ProgressRecord progress, Action<RunEvent> write)
    {
        switch (runEvent)
        {
            case StepStarted started:
                progress.StatusDescription = $"{started.Component.Name} ({started.ComponentIndex + 1}/{started.ComponentCount})";
                progress.CurrentOperation = started.Step;
                progress.PercentComplete = 100 * started.ComponentIndex / Math.Max(1, started.ComponentCount);
                WriteProgress(progress);
                break;
            case ComponentStarted started:
                progress.StatusDescription = $"{started.Component.Name} ({started.ComponentIndex + 1}/{started.ComponentCount}, pipeline {started.Pipeline})";
                progress.PercentComplete = 100 * started.ComponentIndex / Math.Max(1, started.ComponentCount);
                WriteProgress(progress);
                break;
            case VerboseMessage verbose:
                WriteVerbose(verbose.Message);
                break;
            case WarningMessage warning:
                WriteWarning(warning.Message);
                break;
            default:
                write(runEvent);
                break;
        }
    }

    /// <summary>
    /// Ctrl+C: the pipeline's streams are closed, so the work's report (the steps that completed and how to go on)
    /// goes to the host as a warning line, where the user who stopped the command sees it (PowerShell also keeps it
    /// in the warning stream of a stopped PowerShell instance).
    /// </summary>
    private void ReportStopped(RunFailed? failure)
    {
        if (failure is null) return;
        var error = failure.Error;
        try
        {
            Host.UI.WriteWarningLine(error.Hint is null ? error.Message : $"{error.Message} {error.Hint}");
        }
        catch (System.Management.Automation.Host.HostException)
        {
            // A host that refuses to write: the results written before the stop are the record.
        }
    }

    /// <summary>Writes one non-terminating error per engine problem.</summary>
    protected void WriteEngineError(KPopsException exception, object? target)
    {
        foreach (var record in ErrorRecords.From(exception, target)) WriteError(record);
    }

    /// <summary>Stops the command with an engine problem (several problems: all but the last are written first).</summary>
    protected void ThrowEngineError(KPopsException exception, object? target)
    {
        var records = ErrorRecords.From(exception, target);
        for (var i = 0; i < records.Count - 1; i++) WriteError(records[i]);
        ThrowTerminatingError(records[^1]);
    }
}
