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
        foreach (var component in Components)
        {
            if (component.Pipeline is null) continue;
            var target = $"{component.Type} {component.Name} (pipeline {component.Pipeline.Name})";
            if (Forced && !whatIf)
            {
                items.Add(new RunItem(component, DryRun: false));
                continue;
            }
            var description = $"Performing the operation \"{Operation}\" on target \"{target}\".";
            if (ShouldProcess(description, $"{Operation} {target}?", "Confirm", out var reason)) items.Add(new RunItem(component, DryRun: false));
            else if (reason == ShouldProcessReason.WhatIf) items.Add(new RunItem(component, DryRun: true));
            else WriteVerbose($"Skipped {target}: not confirmed.");
        }
        return items;
    }

    private void Run(List<RunItem> items)
    {
        var clients = new ClientFactory(SessionTypes.SchemaProvidersFor(System.Management.Automation.Runspaces.Runspace.DefaultRunspace).ToList());
        var runner = new LifecycleRunner(clients.Create) { Parallel = Parallel, ThrottleLimit = ThrottleLimit };
        var activity = $"{Operation} {string.Join(", ", items.Select(i => i.Component.Pipeline!.Name).Distinct())}";
        var progress = new ProgressRecord(1, activity, "Starting");
        var reader = runner.Start(Operation, items, CancellationToken);
        RunFailed? failure = null;
        var completed = new List<StepResult>();
        var enumerator = reader.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        try
        {
            // The run is asynchronous; its events are written here, on the pipeline thread.
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                switch (enumerator.Current)
                {
                    case StepStarted started:
                        progress.StatusDescription = $"{started.Component.Name} ({started.ComponentIndex + 1}/{started.ComponentCount})";
                        progress.CurrentOperation = started.Step;
                        progress.PercentComplete = 100 * started.ComponentIndex / Math.Max(1, started.ComponentCount);
                        WriteProgress(progress);
                        break;
                    case StepCompleted step:
                        completed.Add(step.Result);
                        WriteObject(step.Result);
                        break;
                    case VerboseMessage verbose:
                        WriteVerbose(verbose.Message);
                        break;
                    case WarningMessage warning:
                        WriteWarning(warning.Message);
                        break;
                    case RunFailed failed:
                        failure = failed;
                        break;
                }
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the streams are closed, so the host is told what ran, once the run has stopped (helm
            // processes ended, nothing half-started).
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                if (enumerator.Current is StepCompleted step) completed.Add(step.Result);
            }
            Host.UI.WriteWarningLine($"{Operation} was stopped after {completed.Count} step(s)" +
                (completed.Count == 0 ? "." : ": " + string.Join(", ", completed.Select(r => $"{r.Component} {r.Kind} {r.Resource} {r.Action}")) + ".") +
                " Run the command again to finish.");
            throw;
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (failure is not null) ThrowEngineError(failure.Error, failure.Error.Location?.File);
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
