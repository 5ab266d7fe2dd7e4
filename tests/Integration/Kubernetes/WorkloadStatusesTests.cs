using k8s.Models;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Kubernetes;
using Xunit;

namespace KPops.Tests.Integration.Kubernetes;

/// <summary>The readiness rules of <see cref="WorkloadStatuses"/> on states a test cluster does not produce on request.</summary>
public sealed class WorkloadStatusesTests
{
    [Fact]
    public void A_deployment_is_ready_only_when_every_replica_is_updated_ready_and_available()
    {
        Assert.Equal(new WorkloadStatus("Deployment", "d", 3, 3, "Ready", null), WorkloadStatuses.Of(Deployment(3, observed: 2, replicas: 3, updated: 3, ready: 3, available: 3)));
        Assert.Equal(new WorkloadStatus("Deployment", "d", 3, 1, "Progressing", "1/3 replicas ready"), WorkloadStatuses.Of(Deployment(3, observed: 2, replicas: 3, updated: 3, ready: 1, available: 1)));
        // An old replica still runs, or the controller has not seen the new spec yet.
        Assert.Equal("Progressing", WorkloadStatuses.Of(Deployment(3, observed: 2, replicas: 4, updated: 3, ready: 3, available: 3)).State);
        Assert.Equal("Progressing", WorkloadStatuses.Of(Deployment(3, observed: 1, replicas: 3, updated: 3, ready: 3, available: 3)).State);
        Assert.Equal(new WorkloadStatus("Deployment", "d", 0, 0, "Ready", null), WorkloadStatuses.Of(Deployment(0, observed: 2, replicas: 0, updated: 0, ready: 0, available: 0)));
    }

    [Fact]
    public void A_deployment_past_its_progress_deadline_failed_and_a_replica_failure_is_reported()
    {
        var stuck = Deployment(2, observed: 2, replicas: 2, updated: 2, ready: 0, available: 0);
        stuck.Status.Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded", Message = "ReplicaSet \"d-1\" has timed out progressing." }];
        var quota = Deployment(2, observed: 2, replicas: 0, updated: 0, ready: 0, available: 0);
        quota.Status.Conditions = [new V1DeploymentCondition { Type = "ReplicaFailure", Status = "True", Message = "exceeded quota" }];

        Assert.Equal(new WorkloadStatus("Deployment", "d", 2, 0, "Failed", "ReplicaSet \"d-1\" has timed out progressing."), WorkloadStatuses.Of(stuck));
        Assert.Equal(new WorkloadStatus("Deployment", "d", 2, 0, "Progressing", "exceeded quota"), WorkloadStatuses.Of(quota));
    }

    [Fact]
    public void A_statefulset_is_ready_once_the_rollout_reached_the_update_revision()
    {
        V1StatefulSet Set(int ready, string current, string update) => new()
        {
            Metadata = new V1ObjectMeta { Name = "s", Generation = 1 },
            Spec = new V1StatefulSetSpec { Replicas = 2 },
            Status = new V1StatefulSetStatus { ObservedGeneration = 1, ReadyReplicas = ready, CurrentRevision = current, UpdateRevision = update },
        };

        Assert.Equal(new WorkloadStatus("StatefulSet", "s", 2, 2, "Ready", null), WorkloadStatuses.Of(Set(2, "s-1", "s-1")));
        Assert.Equal(new WorkloadStatus("StatefulSet", "s", 2, 2, "Progressing", "2/2 replicas ready"), WorkloadStatuses.Of(Set(2, "s-1", "s-2")));
        Assert.Equal("Progressing", WorkloadStatuses.Of(Set(1, "s-1", "s-1")).State);
    }

    [Fact]
    public void A_job_is_complete_failed_suspended_or_running()
    {
        V1Job Job(string? condition = null, bool suspend = false) => new()
        {
            Metadata = new V1ObjectMeta { Name = "j" },
            Spec = new V1JobSpec { Completions = 2, Suspend = suspend },
            Status = new V1JobStatus
            {
                Succeeded = condition == "Complete" ? 2 : 1,
                Active = 1,
                Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = "True", Reason = condition == "Failed" ? "DeadlineExceeded" : null, Message = condition == "Failed" ? "Job was active longer than specified deadline" : null }],
            },
        };

        Assert.Equal(new WorkloadStatus("Job", "j", 2, 2, "Complete", null), WorkloadStatuses.Of(Job("Complete")));
        Assert.Equal(new WorkloadStatus("Job", "j", 2, 1, "Failed", "DeadlineExceeded: Job was active longer than specified deadline"), WorkloadStatuses.Of(Job("Failed")));
        Assert.Equal("Suspended", WorkloadStatuses.Of(Job(suspend: true)).State);
        Assert.Equal(new WorkloadStatus("Job", "j", 2, 1, "Running", "1/2 succeeded, 1 active, 0 failed"), WorkloadStatuses.Of(Job()));
    }

    [Fact]
    public void A_cronjob_is_suspended_or_scheduled()
    {
        var cron = new V1CronJob
        {
            Metadata = new V1ObjectMeta { Name = "c" },
            Spec = new V1CronJobSpec { Schedule = "*/5 * * * *" },
            Status = new V1CronJobStatus { Active = [new V1ObjectReference { Name = "c-1" }], LastScheduleTime = new DateTime(2026, 11, 25, 3, 0, 0, DateTimeKind.Utc) },
        };

        Assert.Equal(new WorkloadStatus("CronJob", "c", 0, 1, "Scheduled", "schedule '*/5 * * * *', last run 2026-11-25 03:00:00Z"), WorkloadStatuses.Of(cron));
        cron.Spec.Suspend = true;
        Assert.Equal("Suspended", WorkloadStatuses.Of(cron).State);
    }

    private static V1Deployment Deployment(int desired, int observed, int replicas, int updated, int ready, int available) => new()
    {
        Metadata = new V1ObjectMeta { Name = "d", Generation = 2 },
        Spec = new V1DeploymentSpec { Replicas = desired },
        Status = new V1DeploymentStatus { ObservedGeneration = observed, Replicas = replicas, UpdatedReplicas = updated, ReadyReplicas = ready, AvailableReplicas = available },
    };
}
