using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// Deployments: keeps one ReplicaSet per pod template (named <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>,
/// controlled by the Deployment), scales older ones to zero, and reports the rollout as finished at once.
/// Helm 3 looks for a ReplicaSet controlled by the Deployment with its template; helm 4 (kstatus) for the replica
/// counts, <c>observedGeneration</c> and the Available / Progressing=NewReplicaSetAvailable conditions.
/// No pods are created.
/// </summary>
internal sealed class DeploymentController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "apps", Kind: "Deployment" }) return;
        var deployment = e.Parse();
        var replicas = Json.Long(deployment, "spec", "replicas") ?? 1;
        var current = EnsureReplicaSet(deployment, replicas);

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

    private string EnsureReplicaSet(JsonObject deployment, long replicas)
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
        if (existing is not null)
        {
            if (Json.Long(existing, "spec", "replicas") != replicas)
            {
                context.Cluster.TryUpdate(replicaSets, existing, rs =>
                {
                    rs["spec"]!["replicas"] = replicas;
                    rs["status"] = ReplicaSetController.StatusFor(rs);
                    return rs;
                });
            }
            return name;
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
        return name;
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
