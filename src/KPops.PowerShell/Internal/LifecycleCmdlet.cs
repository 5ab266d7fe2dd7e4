using System.Management.Automation;
using KPops.Engine.Lifecycle;

namespace KPops.PowerShell.Internal;

/// <summary>
/// The four lifecycle cmdlets: components from -Path or from the pipeline, collected and run in EndProcessing in
/// pipeline order (reverse for teardown). -WhatIf plans: every component is asked with ShouldProcess, and a component
/// that is not processed because of -WhatIf is run as a dry run whose plan objects are written. Results, progress,
/// verbose and warning lines are written on the pipeline thread as the run goes.
/// </summary>
public abstract class LifecycleCmdlet : ClusterCmdlet
{
    /// <summary>Run each component as soon as the components it depends on finished, independent ones side by side.</summary>
    [Parameter]
    public SwitchParameter Parallel { get; set; }

    /// <summary>How many components run at the same time with -Parallel.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = LifecycleRunner.DefaultThrottleLimit;

    /// <summary>The operation.</summary>
    protected abstract Operation Operation { get; }

    /// <summary>Upgrade releases whose rendered manifest and values equal the live release (deploy only).</summary>
    protected virtual bool ForceUpgradeReleases => false;

    /// <summary>Skip confirmation (teardown cmdlets).</summary>
    protected virtual bool Forced => false;

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            if (Components.Count == 0) return;
            var items = SelectItems(ResolveTargets());
            if (items.Count > 0) Run(items);
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private List<RunItem> SelectItems(IReadOnlyDictionary<KPops.Engine.Pipelines.Pipeline, string?> contexts)
    {
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is bool or SwitchParameter && LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        var items = new List<RunItem>();
        foreach (var (pipeline, component) in Components)
        {
            // The prompt names the cluster it changes.
            var target = $"{component.Type} {component.Name} (pipeline {pipeline.Name}, {Describe(contexts.GetValueOrDefault(pipeline), [component.Namespace])})";
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
        var runner = new LifecycleRunner(ClusterClients) { Parallel = Parallel, ThrottleLimit = ThrottleLimit, ForceUpgrade = ForceUpgradeReleases };
        var activity = $"{Operation} {string.Join(", ", items.Select(i => i.Pipeline.Name).Distinct())}";
        RunEngine(activity, cancellation => runner.Start(Operation, items, cancellation), runEvent =>
        {
            if (runEvent is not StepCompleted { Result: var result }) return;
            // The table shows the summary; -Verbose shows the whole diff, as the engine wrote it.
            if (result.Diff is not null) WriteVerbose($"{result.Component} {result.Kind} {result.Resource}: {result.Summary}\n{result.Diff.TrimEnd('\n')}");
            WriteObject(result);
        });
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
