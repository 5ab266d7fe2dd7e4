using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// StatefulSets: all replicas ready on the current revision (<c>currentRevision == updateRevision</c>, which helm
/// 3 and kstatus both check), and one PersistentVolumeClaim <c>&lt;template&gt;-&lt;statefulset&gt;-&lt;ordinal&gt;</c>
/// per volumeClaimTemplate and replica, labelled with the selector's labels. The claims carry no ownerReference
/// (retention policy Retain), so they outlive the StatefulSet, as on a real cluster. No pods are created.
/// </summary>
internal sealed class StatefulSetController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "apps", Kind: "StatefulSet" }) return;
        var set = e.Parse();
        var replicas = Json.Long(set, "spec", "replicas") ?? 1;
        EnsureClaims(set, replicas);

        var revision = $"{Meta.Name(set)}-{Status.TemplateHash(set["spec"]?["template"])}";
        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Long(set, "metadata", "generation") ?? 1,
            ["replicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["currentReplicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
        };
        Status.Write(context, set, status);
    }

    private void EnsureClaims(JsonObject set, long replicas)
    {
        var claims = context.Kind("v1", "PersistentVolumeClaim");
        var ns = Meta.Namespace(set);
        var selectorLabels = Json.StringMap(Json.At(set, "spec", "selector", "matchLabels"));
        foreach (var template in (Json.At(set, "spec", "volumeClaimTemplates") as JsonArray ?? []).OfType<JsonObject>())
        {
            for (var ordinal = 0; ordinal < replicas; ordinal++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{Json.String(template, "metadata", "name")}-{Meta.Name(set)}-{ordinal}");
                if (context.Cluster.TryGet(claims, ns, name) is not null) continue;

                var labels = Json.StringMap(Json.At(template, "metadata", "labels"));
                foreach (var (key, value) in selectorLabels) labels[key] = value;
                var claim = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "PersistentVolumeClaim",
                    ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = Json.ToObject(labels) },
                    ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
                };
                try
                {
                    context.Cluster.Create(claims, ns, claim);
                }
                catch (ApiException e) when (e.Reason == "AlreadyExists")
                {
                    // A claim from an earlier StatefulSet of the same name is reused, as on a real cluster.
                }
            }
        }
    }
}

/// <summary>PersistentVolumeClaims are bound as soon as they exist (a provisioner that never fails).</summary>
internal sealed class PersistentVolumeClaimController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "", Kind: "PersistentVolumeClaim" }) return;
        var claim = e.Parse();
        var status = new JsonObject { ["phase"] = "Bound" };
        if (Json.At(claim, "spec", "accessModes") is { } modes) status["accessModes"] = modes.DeepClone();
        if (Json.At(claim, "spec", "resources", "requests", "storage") is { } size) status["capacity"] = new JsonObject { ["storage"] = size.DeepClone() };
        Status.Write(context, claim, status);
    }
}

/// <summary>DaemonSets: one node, scheduled and ready.</summary>
internal sealed class DaemonSetController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type == "DELETED" || e.Kind is not { Group: "apps", Kind: "DaemonSet" }) return;
        var set = e.Parse();
        var status = new JsonObject
        {
            ["observedGeneration"] = Json.Long(set, "metadata", "generation") ?? 1,
            ["desiredNumberScheduled"] = 1,
            ["currentNumberScheduled"] = 1,
            ["updatedNumberScheduled"] = 1,
            ["numberReady"] = 1,
            ["numberAvailable"] = 1,
            ["numberMisscheduled"] = 0,
        };
        Status.Write(context, set, status);
    }
}
