using KPops.Engine.Clients;
using KPops.Engine.Diff;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Manifests;
using KPops.Engine.Yaml;

namespace KPops.Engine.Lifecycle.Steps;

/// <summary>
/// Deploy: <c>helm upgrade --install --wait</c> of the app (repo added first). An existing release whose rendered
/// manifest (helm's dry run) and values equal the live ones, and whose last revision deployed, is left alone and
/// reported Unchanged without a new revision, as helmfile's apply does; otherwise it is upgraded and reported Updated
/// with the per-resource diff. <see cref="StepContext.ForceUpgrade"/> upgrades anyway. -WhatIf plans the same way.
/// Whether the release exists and how its last revision ended come from the run's <see cref="HelmReleaseIndex"/> (one
/// <c>helm list</c> per namespace): a new release is installed without reading anything of it first. A release
/// created or removed by someone else after the listing is the race a read before the install always had.
/// </summary>
internal sealed class InstallReleaseStep(HelmReleaseResource release) : Step(ResourceKind.HelmRelease, release.Name, $"install release {release.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var helm = context.Clients.Helm;
        var releases = context.Shared.Releases;
        var request = release.RequireRequest(context.Component);
        if (release.Repository is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        // When the index cannot tell (helm could not list the namespace), helm get manifest and helm history do, as before.
        var listed = await releases.FindAsync(helm, request.Release, request.Namespace, context.Log, cancellationToken).ConfigureAwait(false);
        var current = listed.Absent ? null : await helm.GetManifestAsync(request.Release, request.Namespace, cancellationToken).ConfigureAwait(false);
        // A revision that failed or was interrupted is deployed again by the upgrade even when its manifests stay the same.
        var status = current is null ? null
            : listed.Known ? listed.Release?.Status
            : (await helm.GetReleaseAsync(request.Release, request.Namespace, cancellationToken).ConfigureAwait(false))?.Status;
        var broken = status is not null && !string.Equals(status, "deployed", StringComparison.OrdinalIgnoreCase);
        var ignore = release.DiffIgnore;
        if (context.DryRun)
        {
            var rendered = await helm.DryRunAsync(request, cancellationToken).ConfigureAwait(false);
            var text = ManifestDiff.Render(ManifestDiff.Compare(current, rendered, ignore));
            var action = current is null ? StepAction.WouldCreate : text.Length == 0 && !broken ? StepAction.Unchanged : StepAction.WouldUpdate;
            return Done(action, text, current is null ? "Helm release does not exist."
                : broken ? $"Helm release is {status}; the upgrade would deploy it again." : "Helm release already exists.");
        }
        if (current is null)
        {
            await releases.UpgradeInstallAsync(helm, request, cancellationToken).ConfigureAwait(false);
            return Done(StepAction.Created);
        }
        if (context.ForceUpgrade)
        {
            // The upgrade always makes a new revision; whether it changed anything is what the manifests say.
            await releases.UpgradeInstallAsync(helm, request, cancellationToken).ConfigureAwait(false);
            var deployed = await helm.GetManifestAsync(request.Release, request.Namespace, cancellationToken).ConfigureAwait(false);
            var forced = ManifestDiff.Render(ManifestDiff.Compare(current, deployed ?? "", ignore));
            return Done(forced.Length == 0 && !broken ? StepAction.Unchanged : StepAction.Updated, forced,
                broken ? $"The last revision was {status}; the release is deployed again." : "Upgraded (-ForceUpgrade).");
        }
        // The dry run renders what the upgrade would store, so its diff is the upgrade's: no manifest is read after it.
        var planned = await helm.DryRunAsync(request, cancellationToken).ConfigureAwait(false);
        var changes = ManifestDiff.Render(ManifestDiff.Compare(current, planned, ignore));
        if (changes.Length == 0 && !broken
            && SameValues(await helm.GetValuesAsync(request.Release, request.Namespace, cancellationToken).ConfigureAwait(false), request.ValuesYaml))
        {
            return Done(StepAction.Unchanged, null, "The rendered manifest and values equal the live release; not upgraded.");
        }
        await releases.UpgradeInstallAsync(helm, request, cancellationToken).ConfigureAwait(false);
        return Done(StepAction.Updated, changes, broken ? $"The last revision was {status}; the release is deployed again."
            : changes.Length == 0 ? "Values changed; the rendered manifest did not." : null);
    }

    /// <summary>Whether the live release's values (<c>helm get values</c>) are the desired ones, key order aside.</summary>
    internal static bool SameValues(string? liveYaml, string desiredYaml)
    {
        static YNode Read(string? yaml, string origin) => string.IsNullOrWhiteSpace(yaml) ? new YMap() : YamlReader.Read(yaml, origin) switch
        {
            null or YScalar { IsNull: true } => new YMap(),
            var node => node,
        };
        return Read(liveYaml, "helm get values").ValueEquals(Read(desiredYaml, "values"));
    }
}

/// <summary>
/// Destroy: <c>helm uninstall</c>. Apps with a cleanup job first read the values of the running release into
/// <paramref name="liveValues"/> (null when there is none), which the plan hands to the cleanup-job step. Whether the
/// release exists comes from the run's <see cref="HelmReleaseIndex"/>: for a clean or reset (whose cleanup-job step
/// needs the listing anyway) and a dry run it lists the namespace; a plain destroy uses it only when the namespace is
/// listed already, and otherwise lets <c>helm uninstall</c> say whether there was a release.
/// </summary>
internal sealed class UninstallReleaseStep(HelmReleaseResource release, StepOutput<YMap>? liveValues)
    : Step(ResourceKind.HelmRelease, release.Name, $"uninstall release {release.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var helm = context.Clients.Helm;
        var releases = context.Shared.Releases;
        var ns = release.Namespace!;
        var listed = liveValues is not null || context.DryRun
            ? await releases.FindAsync(helm, Resource, ns, context.Log, cancellationToken).ConfigureAwait(false)
            : releases.Peek(Resource, ns);
        if (liveValues is not null)
        {
            var values = listed.Absent ? null : await helm.GetValuesAsync(Resource, ns, cancellationToken).ConfigureAwait(false);
            liveValues.Write(values is null ? null : YamlReader.Read(values, $"helm get values {Resource}") as YMap);
        }
        if (context.DryRun)
        {
            var exists = listed.Known ? listed.Release is not null : await helm.GetReleaseAsync(Resource, ns, cancellationToken).ConfigureAwait(false) is not null;
            return Done(exists ? StepAction.WouldDelete : StepAction.NotFound);
        }
        if (listed.Absent) return Done(StepAction.NotFound);
        return Done(await releases.UninstallAsync(helm, Resource, ns, cancellationToken).ConfigureAwait(false) ? StepAction.Deleted : StepAction.NotFound);
    }
}

/// <summary>
/// Reset/clean: the cleanup-job release — a leftover one uninstalled, then installed with
/// <c>--wait --wait-for-jobs</c> so the Job runs to its end, then uninstalled unless retain_clean_jobs. A failed Job's
/// pod log goes into the error. Whether there is a leftover release comes from the run's
/// <see cref="HelmReleaseIndex"/> (when it cannot tell, the uninstall is tried anyway); a release uninstalled right
/// after its Job is not read back after the install (<see cref="HelmReleaseRequest.Transient"/>).
/// </summary>
internal sealed class CleanupJobStep(CleanupJobResource job, StepOutput<YMap>? liveValues)
    : Step(ResourceKind.CleanupJob, job.Name, $"run {(job.DeleteOutput ? "clean" : "reset")} job {job.Name}")
{
    protected override async Task<(StepAction, string?, string?)> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var helm = context.Clients.Helm;
        var deleteOutput = job.DeleteOutput;
        var release = job.WithLiveValues(liveValues?.Value, context.Log.Warning);
        foreach (var warning in release.Warnings) context.Log.Warning(warning);
        var kept = job.RetainRelease;
        var request = release.Request with { Transient = !kept };
        var releases = context.Shared.Releases;
        if (job.Repository is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        var mode = deleteOutput ? "clean" : "reset";
        if (context.DryRun)
        {
            var rendered = await helm.DryRunAsync(request, cancellationToken).ConfigureAwait(false);
            var diff = ManifestDiff.Render(ManifestDiff.Compare(null, rendered, release.DiffIgnore));
            return Done(StepAction.WouldRun, diff, $"The {mode} job would run (deleteOutput={(deleteOutput ? "true" : "false")}).");
        }
        var leftover = await releases.FindAsync(helm, Resource, request.Namespace, context.Log, cancellationToken).ConfigureAwait(false);
        if (!leftover.Absent) await releases.UninstallAsync(helm, Resource, request.Namespace, cancellationToken).ConfigureAwait(false);
        using var stopHelm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var install = releases.UpgradeInstallAsync(helm, request, stopHelm.Token);
        Task<string?> watcher = FailedJobAsync(context, request.Namespace, install, stopHelm.Token);
        if (await Task.WhenAny(install, (Task)watcher).ConfigureAwait(false) == watcher && await watcher.ConfigureAwait(false) is { } failedJob)
        {
            // helm 3 would go on polling a failed Job until --timeout; the Job has failed for good, so stop waiting.
            await stopHelm.CancelAsync().ConfigureAwait(false);
            await install.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            throw await WithJobLogs(context, request.Namespace,
                new ServiceException(Service.Kubernetes, context.Clients.Kubernetes.Endpoint, $"The {mode} job {failedJob} of {job.App} failed.",
                    hint: "Fix the cause shown in the log, then run the command again."), cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await install.ConfigureAwait(false);
        }
        catch (KPopsException e) when (e is not { Kind: ErrorKind.Cancelled })
        {
            throw await WithJobLogs(context, request.Namespace, e, cancellationToken).ConfigureAwait(false);
        }
        if (!kept) await releases.UninstallAsync(helm, Resource, request.Namespace, cancellationToken).ConfigureAwait(false);
        return Done(StepAction.Ran, null, $"The {mode} job completed{(kept ? "; its release is kept (retain_clean_jobs)" : "")}.");
    }

    private static readonly TimeSpan JobPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Watches the Jobs of the cleanup release (named in its manifest, whatever the chart calls them) while helm
    /// waits; returns the name of a Job that failed, or null once helm is done or the Jobs cannot be read.
    /// </summary>
    private async Task<string?> FailedJobAsync(StepContext context, string ns, Task install, CancellationToken cancellationToken)
    {
        try
        {
            while (!install.IsCompleted)
            {
                await Task.WhenAny(install, Task.Delay(JobPollInterval, cancellationToken)).ConfigureAwait(false);
                if (install.IsCompleted || cancellationToken.IsCancellationRequested) return null;
                var manifest = await context.Clients.Helm.GetManifestAsync(Resource, ns, cancellationToken).ConfigureAwait(false);
                foreach (var job in JobNames(manifest))
                {
                    var status = await context.Clients.Kubernetes.GetWorkloadAsync(ns, "Job", job, cancellationToken).ConfigureAwait(false);
                    if (status?.State == "Failed") return job;
                }
            }
        }
        catch (KPopsException e)
        {
            context.Log.Verbose($"The cleanup job of {job.App} is not watched ({e.Message}); waiting for helm.");
        }
        catch (OperationCanceledException)
        {
            // helm ended or the run was cancelled
        }
        return null;
    }

    private static List<string> JobNames(string? manifest) =>
        KubernetesObject.ReadAll(manifest, "manifest").Where(o => o is { Kind: "Job", Name.Length: > 0 }).Select(o => o.Name).ToList();

    // The Job's own output says why it failed; helm only says that it did.
    private async Task<KPopsException> WithJobLogs(StepContext context, string ns, KPopsException error, CancellationToken cancellationToken)
    {
        string logs;
        try
        {
            var manifest = await context.Clients.Helm.GetManifestAsync(Resource, ns, cancellationToken).ConfigureAwait(false);
            var jobs = JobNames(manifest);
            var parts = new List<string>();
            foreach (var job in jobs)
                parts.Add(await context.Clients.Kubernetes.GetJobLogsAsync(ns, "job-name=" + job, cancellationToken).ConfigureAwait(false));
            logs = string.Join("\n", parts.Where(p => p.Length > 0));
        }
        catch (KPopsException e)
        {
            logs = $"(the job's log could not be read: {e.Message})";
        }
        return logs.Length == 0
            ? error
            : new KPopsException(error.ErrorId, error.Kind, $"{error.Message}\nLog of the cleanup job's pod:\n{logs.TrimEnd()}", error.Location, error.Hint, error);
    }
}

/// <summary>Clean of stateful apps: deletes the persistent volume claims of the StatefulSet, one result per claim.</summary>
internal sealed class DeleteVolumesStep(VolumeClaimsResource volumes) : IStep
{
    public ResourceKind Kind => ResourceKind.Pvc;

    // The charts label volumes with app.kubernetes.io/name = nameOverride, which KPops sets to the trimmed full name.
    public string Resource => volumes.Name;

    public string Description => $"delete volumes of {volumes.App}";

    public async Task<IReadOnlyList<StepResult>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var kubernetes = context.Clients.Kubernetes;
        var ns = volumes.Namespace!;
        var claims = await kubernetes.ListPersistentVolumeClaimsAsync(ns, Resource, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0) return [context.Result(Kind, Resource, StepAction.NotFound, watch.Elapsed, message: "No persistent volume claims match.")];
        var results = new List<StepResult>();
        foreach (var claim in claims)
        {
            watch.Restart();
            var action = context.DryRun ? StepAction.WouldDelete
                : await kubernetes.DeletePersistentVolumeClaimAsync(ns, claim, cancellationToken).ConfigureAwait(false) ? StepAction.Deleted : StepAction.NotFound;
            results.Add(context.Result(Kind, claim, action, watch.Elapsed));
        }
        return results;
    }
}
