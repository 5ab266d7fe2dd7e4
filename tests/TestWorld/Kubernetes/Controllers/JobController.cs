using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// Jobs: on creation a pod (labels <c>job-name</c>, <c>controller-uid</c>, controlled by the Job) and
/// <c>startTime</c>/<c>active: 1</c>; after <see cref="JobSimulation.Duration"/> the outcome
/// <see cref="JobSimulation.Decide"/> picked: Complete (<c>succeeded: 1</c>, <c>completionTime</c>) or Failed
/// (<c>failed: backoffLimit + 1</c>, BackoffLimitExceeded); a Running Job stays active. Finished Jobs are reported
/// through the callback (just before the final status is stored) and, when enabled, deleted after their TTL.
/// </summary>
internal sealed class JobController(ControllerContext context, JobSimulation simulation, Action<JsonObject, JobOutcome> finished) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "batch", Kind: "Job" }) return;
        // The live object, not the event's: an older queued event must not start the Job twice.
        var job = context.Cluster.TryGet(e.Kind, e.Namespace, e.Name);
        if (job is null || Json.Bool(job, "spec", "suspend") == true || Json.String(job, "status", "startTime") is not null) return;
        Start(job);
    }

    private void Start(JsonObject job)
    {
        var (outcome, log) = simulation.Decide(job);
        var pod = CreatePod(job);
        if (log is not null) simulation.SetPodLog(Meta.Namespace(job), Meta.Name(pod), log);

        var status = new JsonObject
        {
            ["startTime"] = context.Now(),
            ["active"] = 1,
            ["ready"] = 1,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        Status.Write(context, job, status);
        if (outcome == JobOutcome.Running) return;

        var (ns, name, uid) = (Meta.Namespace(job), Meta.Name(job), Meta.Uid(job));
        context.Schedule(simulation.Duration, () => Finish(ns, name, uid, Meta.Name(pod), outcome));
    }

    private JsonObject CreatePod(JsonObject job)
    {
        var template = job["spec"]?["template"] ?? new JsonObject();
        var now = context.Now();
        var containers = (Json.At(template, "spec", "containers") as JsonArray ?? []).OfType<JsonObject>().ToList();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["generateName"] = Meta.Name(job) + "-",
                ["namespace"] = Meta.Namespace(job),
                ["labels"] = Json.At(template, "metadata", "labels")?.DeepClone() ?? new JsonObject(),
                ["ownerReferences"] = new JsonArray(Meta.ControllerReference(job)),
            },
            ["spec"] = Json.At(template, "spec")?.DeepClone() ?? new JsonObject(),
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["startTime"] = now,
                ["podIP"] = "10.244.0.10",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
                ["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = Json.String(c, "name"),
                    ["image"] = Json.String(c, "image"),
                    ["ready"] = true,
                    ["started"] = true,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                }).ToArray()),
            },
        };
        pod["spec"]!.AsObject()["nodeName"] = "testworld-node";
        return context.Cluster.Create(context.Kind("v1", "Pod"), Meta.Namespace(job), pod, new WriteOptions(KeepStatus: true));
    }

    private void Finish(string ns, string name, string uid, string podName, JobOutcome outcome)
    {
        var jobs = context.Kind("batch/v1", "Job");
        var job = context.Cluster.TryGet(jobs, ns, name);
        if (job is null || Meta.Uid(job) != uid || Json.String(job, "status", "completionTime") is not null) return;

        var now = context.Now();
        var succeeded = outcome == JobOutcome.Succeeded;
        FinishPod(ns, podName, succeeded, now);

        var status = new JsonObject
        {
            ["startTime"] = Json.String(job, "status", "startTime") ?? now,
            ["ready"] = 0,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        if (succeeded)
        {
            status["completionTime"] = now;
            status["succeeded"] = Json.Long(job, "spec", "completions") ?? 1;
            status["conditions"] = new JsonArray(
                Status.Condition(null, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now),
                Status.Condition(null, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now));
        }
        else
        {
            status["failed"] = (Json.Long(job, "spec", "backoffLimit") ?? 6) + 1;
            status["conditions"] = new JsonArray(
                Status.Condition(null, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now),
                Status.Condition(null, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
        }
        // The work of a real Job's pod is done before the Job reports it, so whatever the callback applies (cleanup
        // effects) is visible to anyone who sees the Job finished, e.g. helm returning from --wait-for-jobs.
        var final = job.DeepClone().AsObject();
        final["status"] = status.DeepClone();
        finished(final, outcome);

        var updated = context.Cluster.TryUpdate(jobs, job, live =>
        {
            live["status"] = status;
            return live;
        });
        if (updated is null) return;

        if (simulation.TtlEnabled && Json.Long(updated, "spec", "ttlSecondsAfterFinished") is { } ttl)
        {
            context.Schedule(TimeSpan.FromSeconds(ttl * simulation.TtlScale), () =>
            {
                if (context.Cluster.TryGet(jobs, ns, name) is { } current && Meta.Uid(current) == uid)
                {
                    context.Cluster.TryDelete(jobs, current, PropagationPolicy.Background);
                }
            });
        }
    }

    private void FinishPod(string ns, string podName, bool succeeded, string now)
    {
        var pods = context.Kind("v1", "Pod");
        if (context.Cluster.TryGet(pods, ns, podName) is not { } pod) return;
        context.Cluster.TryUpdate(pods, pod, live =>
        {
            var status = live.Child("status");
            status["phase"] = succeeded ? "Succeeded" : "Failed";
            status["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "PodCompleted", ["lastTransitionTime"] = now });
            foreach (var container in (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>())
            {
                container["ready"] = false;
                container["started"] = false;
                container["state"] = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = succeeded ? 0 : 1,
                        ["reason"] = succeeded ? "Completed" : "Error",
                        ["startedAt"] = Json.String(status, "startTime") ?? now,
                        ["finishedAt"] = now,
                    },
                };
            }
            return live;
        });
    }
}

/// <summary>Pods nobody controls (created directly) start running at once.</summary>
internal sealed class PodController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type != "ADDED" || e.Kind is not { Group: "", Kind: "Pod" }) return;
        var pod = e.Parse();
        if (Json.String(pod, "status", "phase") is not null) return;
        var now = context.Now();
        Status.Write(context, pod, new JsonObject
        {
            ["phase"] = "Running",
            ["startTime"] = now,
            ["podIP"] = "10.244.0.11",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
        });
    }
}
