using System.Globalization;
using k8s.Models;

namespace KPops.Engine.Clients.Kubernetes;

/// <summary>Turns the status of Deployments, StatefulSets, Jobs and CronJobs into <see cref="WorkloadStatus"/>.</summary>
internal static class WorkloadStatuses
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Running = "Running";
    public const string Suspended = "Suspended";
    public const string Scheduled = "Scheduled";

    /// <summary>
    /// Ready once the controller saw the latest spec and every desired replica is updated, ready and available with
    /// no old replica left; Failed when the rollout passed its progress deadline; Progressing otherwise.
    /// </summary>
    public static WorkloadStatus Of(V1Deployment deployment)
    {
        var desired = deployment.Spec?.Replicas ?? 1;
        var status = deployment.Status;
        var ready = status?.ReadyReplicas ?? 0;
        var progressing = status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing is { Status: "False", Reason: "ProgressDeadlineExceeded" })
        {
            return new WorkloadStatus("Deployment", Name(deployment.Metadata), desired, ready, Failed, progressing.Message);
        }
        var observed = (status?.ObservedGeneration ?? 0) >= (deployment.Metadata?.Generation ?? 0);
        var rolledOut = observed
            && (status?.UpdatedReplicas ?? 0) >= desired
            && ready >= desired
            && (status?.AvailableReplicas ?? 0) >= desired
            && (status?.Replicas ?? 0) <= (status?.UpdatedReplicas ?? 0);
        if (rolledOut) return new WorkloadStatus("Deployment", Name(deployment.Metadata), desired, ready, Ready, null);

        var failure = status?.Conditions?.FirstOrDefault(c => c is { Type: "ReplicaFailure", Status: "True" });
        var message = failure?.Message ?? Counts(ready, desired, "ready");
        return new WorkloadStatus("Deployment", Name(deployment.Metadata), desired, ready, Progressing, message);
    }

    /// <summary>Ready once the controller saw the latest spec, every desired replica is ready and the rollout reached the update revision.</summary>
    public static WorkloadStatus Of(V1StatefulSet statefulSet)
    {
        var desired = statefulSet.Spec?.Replicas ?? 1;
        var status = statefulSet.Status;
        var ready = status?.ReadyReplicas ?? 0;
        var observed = (status?.ObservedGeneration ?? 0) >= (statefulSet.Metadata?.Generation ?? 0);
        var onDelete = statefulSet.Spec?.UpdateStrategy?.Type == "OnDelete";
        var revised = onDelete || status?.UpdateRevision is null || status.CurrentRevision == status.UpdateRevision;
        return observed && ready >= desired && revised
            ? new WorkloadStatus("StatefulSet", Name(statefulSet.Metadata), desired, ready, Ready, null)
            : new WorkloadStatus("StatefulSet", Name(statefulSet.Metadata), desired, ready, Progressing, Counts(ready, desired, "ready"));
    }

    /// <summary>Complete or Failed by the Job's conditions; Suspended; else Running.</summary>
    public static WorkloadStatus Of(V1Job job)
    {
        var desired = job.Spec?.Completions ?? 1;
        var succeeded = job.Status?.Succeeded ?? 0;
        var conditions = job.Status?.Conditions ?? [];
        var name = Name(job.Metadata);
        if (conditions.FirstOrDefault(c => c is { Type: "Complete", Status: "True" }) is not null)
        {
            return new WorkloadStatus("Job", name, desired, succeeded, Complete, null);
        }
        if (conditions.FirstOrDefault(c => c is { Type: "Failed", Status: "True" }) is { } failed)
        {
            var text = string.Join(": ", new[] { failed.Reason, failed.Message }.Where(t => !string.IsNullOrEmpty(t)));
            return new WorkloadStatus("Job", name, desired, succeeded, Failed, text.Length == 0 ? "the Job failed" : text);
        }
        if (job.Spec?.Suspend == true) return new WorkloadStatus("Job", name, desired, succeeded, Suspended, "the Job is suspended");
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{succeeded}/{desired} succeeded, {job.Status?.Active ?? 0} active, {job.Status?.Failed ?? 0} failed");
        return new WorkloadStatus("Job", name, desired, succeeded, Running, counts);
    }

    /// <summary>Suspended or Scheduled; Desired is 0 and Ready counts the running Jobs.</summary>
    public static WorkloadStatus Of(V1CronJob cronJob)
    {
        var active = cronJob.Status?.Active?.Count ?? 0;
        var name = Name(cronJob.Metadata);
        if (cronJob.Spec?.Suspend == true) return new WorkloadStatus("CronJob", name, 0, active, Suspended, "the CronJob is suspended");
        var last = cronJob.Status?.LastScheduleTime is { } at ? ", last run " + at.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture) : ", not run yet";
        return new WorkloadStatus("CronJob", name, 0, active, Scheduled, $"schedule '{cronJob.Spec?.Schedule}'{last}");
    }

    private static string Name(V1ObjectMeta? metadata) => metadata?.Name ?? "";

    private static string Counts(int ready, int desired, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{ready}/{desired} replicas {what}");
}
