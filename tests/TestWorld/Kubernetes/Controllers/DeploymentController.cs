using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// Deployments: keeps one ReplicaSet per pod template (named <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>,
/// controlled by the Deployment), scales older ones to zero, and reports the rollout as finished at once.
/// Helm 3 looks for a ReplicaSet controlled by the Deployment with its template; helm 4 (kstatus) for the replica
/// counts, <c>observedGeneration</c> and the Available / Progressing=NewReplicaSetAvailable conditions.
/// The current ReplicaSet and the Deployment carry the rollout's number in <c>deployment.kubernetes.io/revision</c>
/// (<c>kubectl rollout history</c> lists it). No pods are created.
/// </summary>
internal sealed class DeploymentController(ControllerContext context) : IController
{
    /// <summary>The annotation with the revision number of a rollout.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "apps", Kind: "Deployment" }) return;
        var deployment = e.Parse();
        if (Meta.IsDeleting(deployment)) return;
        var replicas = Json.Long(deployment, "spec", "replicas") ?? 1;
        var (current, revision) = EnsureReplicaSet(deployment, replicas);
        Annotate(context.Kind("apps/v1", "Deployment"), deployment, revision);

        var now = context.Now();
        var previous = deployment["status"];
        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Long(deployment, "metadata", "generation") ?? 1,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["conditions"] = new JsonArray(
                Status.Condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, withUpdateTime: true),
                Status.Condition(previous, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{current}\" has successfully progressed.", now, withUpdateTime: true)),
        };
        Status.Write(context, deployment, status);
    }

    private void Annotate(Resources.ResourceKind kind, JsonObject obj, string revision)
    {
        if (Meta.Annotations(obj).GetValueOrDefault(RevisionAnnotation) == revision) return;
        context.Cluster.TryUpdate(kind, obj, live =>
        {
            Meta.Of(live).Child("annotations")[RevisionAnnotation] = revision;
            return live;
        });
    }

    private static long Revision(JsonObject replicaSet) =>
        long.TryParse(Meta.Annotations(replicaSet).GetValueOrDefault(RevisionAnnotation), out var revision) ? revision : 0;

    // The ReplicaSet of the current template and its revision: a new one, or an old one brought back (a rollback),
    // takes the next number.
    private (string Name, string Revision) EnsureReplicaSet(JsonObject deployment, long replicas)
    {
        var replicaSets = context.Kind("apps/v1", "ReplicaSet");
        var template = deployment["spec"]?["template"]?.DeepClone().AsObject() ?? new JsonObject();
        var hash = Status.TemplateHash(template);
        var name = $"{Meta.Name(deployment)}-{hash}";
        var owned = context.Cluster.Dependents(Meta.Uid(deployment)).Where(d => d.Kind == replicaSets).Select(d => d.Object).ToList();

        foreach (var old in owned.Where(rs => Meta.Name(rs) != name && Json.Long(rs, "spec", "replicas") != 0))
        {
            context.Cluster.TryUpdate(replicaSets, old, rs =>
            {
                rs["spec"]!["replicas"] = 0;
                rs["status"] = ReplicaSetController.StatusFor(rs);
                return rs;
            });
        }

        var existing = owned.Find(rs => Meta.Name(rs) == name);
        var latest = owned.Select(Revision).DefaultIfEmpty(0).Max();
        var revision = existing is not null && Revision(existing) == latest && latest > 0 ? latest : latest + 1;
        var revisionText = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            Annotate(replicaSets, existing, revisionText);
            if (Json.Long(existing, "spec", "replicas") != replicas)
            {
                context.Cluster.TryUpdate(replicaSets, existing, rs =>
                {
                    rs["spec"]!["replicas"] = replicas;
                    rs["status"] = ReplicaSetController.StatusFor(rs);
                    return rs;
                });
            }
            return (name, revisionText);
        }

        var labels = template.Child("metadata").Child("labels");
        labels["pod-template-hash"] = hash;
        var selector = deployment["spec"]?["selector"]?.DeepClone().AsObject() ?? new JsonObject();
        selector.Child("matchLabels")["pod-template-hash"] = hash;
        var replicaSet = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Meta.Namespace(deployment),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { [RevisionAnnotation] = revisionText },
                ["ownerReferences"] = new JsonArray(Meta.ControllerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = template },
        };
        replicaSet["status"] = ReplicaSetController.StatusFor(replicaSet);
        try
        {
            context.Cluster.Create(replicaSets, Meta.Namespace(deployment), replicaSet, new WriteOptions(KeepStatus: true));
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            // Left over from an earlier Deployment of the same name; the garbage collector is about to remove it.
        }
        return (name, revisionText);
    }
}

/// <summary>ReplicaSets: all requested replicas are ready (no pods are created).</summary>
internal sealed class ReplicaSetController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "apps", Kind: "ReplicaSet" }) return;
        var replicaSet = e.Parse();
        Status.Write(context, replicaSet, StatusFor(replicaSet));
    }

    /// <summary>The settled status of a ReplicaSet.</summary>
    public static JsonObject StatusFor(JsonObject replicaSet)
    {
        var replicas = Json.Long(replicaSet, "spec", "replicas") ?? 1;
        return new JsonObject
        {
            ["replicas"] = replicas,
            ["fullyLabeledReplicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["observedGeneration"] = Json.Long(replicaSet, "metadata", "generation") ?? 1,
        };
    }
}
