using System.Management.Automation;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;

namespace KPops.PowerShell.Internal;

/// <summary>
/// The four lifecycle cmdlets: components from -Path or from the pipeline, collected and run in EndProcessing in
/// pipeline order (reverse for teardown). -WhatIf plans: every component is asked with ShouldProcess, and a component
/// that is not processed because of -WhatIf is run as a dry run whose plan objects are written. Results, progress,
/// verbose and warning lines are written on the pipeline thread as the run goes.
/// </summary>
public abstract class LifecycleCmdlet : ComponentsCmdlet
{
    /// <summary>Run independent components side by side, level by level of the topic graph.</summary>
    [Parameter]
    public SwitchParameter Parallel { get; set; }

    /// <summary>How many components run at the same time with -Parallel.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>The operation.</summary>
    protected abstract Operation Operation { get; }

    /// <summary>Skip confirmation (teardown cmdlets).</summary>
    protected virtual bool Forced => false;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            var items = SelectItems();
            if (items.Count > 0) Run(items);
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private List<RunItem> SelectItems()
    {
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is bool or SwitchParameter && LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        var items = new List<RunItem>();
        foreach (var (pipeline, component) in Components)
        {
            var target = $"{component.Type} {component.Name} (pipeline {pipeline.Name})";
            if (Forced && !whatIf)
            {
                items.Add(new RunItem(pipeline, component, DryRun: false));
                continue;
            }
            var description = $"Performing the operation \"{Operation}\" on target \"{target}\".";
            if (ShouldProcess(description, $"{Operation} {target}?", "Confirm", out var reason)) items.Add(new RunItem(pipeline, component, DryRun: false));
            else if (reason == ShouldProcessReason.WhatIf) items.Add(new RunItem(pipeline, component, DryRun: true));
            else WriteVerbose($"Skipped {target}: not confirmed.");
        }
        return items;
    }

    private void Run(List<RunItem> items)
    {
        var clients = new ClientFactory(SessionTypes.SchemaProvidersFor(System.Management.Automation.Runspaces.Runspace.DefaultRunspace).ToList());
        var runner = new LifecycleRunner(clients.Create) { Parallel = Parallel, ThrottleLimit = ThrottleLimit };
        var activity = $"{Operation} {string.Join(", ", items.Select(i => i.Pipeline.Name).Distinct())}";
        var progress = new ProgressRecord(1, activity, "Starting");
        var reader = runner.Start(Operation, items, CancellationToken);
        RunFailed? failure = null;
        Exception? interrupted = null;
        var enumerator = reader.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        try
        {
            // The run is asynchronous; its events are written here, on the pipeline thread. Once writing fails (Ctrl+C,
            // a downstream Select-Object -First or a downstream error), nothing more is written: the run is cancelled
            // and drained until it has ended, so no helm process or request outlives the command.
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
                    Write(enumerator.Current, progress);
                }
#pragma warning disable CA1031 // rethrown below, once the run has ended
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
        if (failure is not null) ThrowEngineError(failure.Error, failure.Error.Location?.File);
    }

    private void Write(RunEvent runEvent, ProgressRecord progress)
    {
        switch (runEvent)
        {
            case StepStarted started:
                progress.StatusDescription = $"{started.Component.Name} ({started.ComponentIndex + 1}/{started.ComponentCount})";
                progress.CurrentOperation = started.Step;
                progress.PercentComplete = 100 * started.ComponentIndex / Math.Max(1, started.ComponentCount);
                WriteProgress(progress);
                break;
            case StepCompleted completed:
                WriteObject(completed.Result);
                break;
            case VerboseMessage verbose:
                WriteVerbose(verbose.Message);
                break;
            case WarningMessage warning:
                WriteWarning(warning.Message);
                break;
        }
    }

    /// <summary>
    /// Ctrl+C: the pipeline's streams are closed, so the run's report (the steps that completed and how to go on)
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
}

/// <summary>destroy, reset and clean: ConfirmImpact High, with -Force to skip the confirmation.</summary>
public abstract class TeardownCmdlet : LifecycleCmdlet
{
    /// <summary>Do not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override bool Forced => Force;
}
