using System.Management.Automation;
using KPops.Engine.Errors;

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
    /// Waits for engine work on the pipeline thread, writing its log lines as they come (never from other threads).
    /// </summary>
    internal T Await<T>(Task<T> task, QueuedLog log)
    {
        while (!task.Wait(TimeSpan.FromMilliseconds(50))) log.Flush(this);
        log.Flush(this);
        return task.GetAwaiter().GetResult();
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
