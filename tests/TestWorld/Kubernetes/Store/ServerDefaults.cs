using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// What the API server fills in on every write: system metadata and the per-kind defaults clients rely on.
/// Helm 3 dereferences several of them without nil checks (Job <c>backoffLimit</c>, Deployment
/// <c>replicas</c> and <c>strategy.rollingUpdate</c>), so leaving them out makes it panic.
/// </summary>
internal sealed class ServerDefaults
{
    private int _nextClusterIp;

    /// <summary>Metadata and defaults of a new object.</summary>
    public void ForCreate(ResourceKind kind, JsonObject obj, DateTimeOffset now)
    {
        var meta = Meta.Of(obj);
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Json.Timestamp(now);
        if (obj["spec"] is not null) meta["generation"] = 1;
        Apply(kind, obj, live: null);
    }

    /// <summary>
    /// Carries system metadata over from the live object, bumps <c>generation</c> when the spec changed, and applies
    /// the defaults.
    /// </summary>
    /// <param name="kind">The kind written.</param>
    /// <param name="obj">The object about to be stored.</param>
    /// <param name="live">The object as stored now.</param>
    /// <param name="deletionTimestamp">Marks a live object for deletion (clients cannot set it themselves).</param>
    public void ForUpdate(ResourceKind kind, JsonObject obj, JsonObject live, string? deletionTimestamp = null)
    {
        var meta = Meta.Of(obj);
        var liveMeta = Meta.Of(live);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            meta.Remove(field);
            if (liveMeta[field] is { } value) meta[field] = value.DeepClone();
        }
        if (deletionTimestamp is not null && !meta.ContainsKey("deletionTimestamp"))
        {
            meta["deletionTimestamp"] = deletionTimestamp;
            meta["deletionGracePeriodSeconds"] = 0;
        }
        Apply(kind, obj, live);
        if (obj["spec"] is not null && !JsonNode.DeepEquals(obj["spec"], live["spec"]))
        {
            meta["generation"] = (Json.Long(liveMeta, "generation") ?? 0) + 1;
        }
    }

    private void Apply(ResourceKind kind, JsonObject obj, JsonObject? live)
    {
        if (kind.Group is not ("" or "apps" or "batch")) return;
        switch (kind.Kind)
        {
            case "Namespace": Namespace(obj); break;
            case "Secret": Secret(obj); break;
            case "Service": Service(obj, live); break;
            case "Pod": PodSpec(obj.Child("spec"), "Always"); break;
            case "PersistentVolumeClaim": obj.Child("spec").Default("volumeMode", "Filesystem"); break;
            case "Deployment": Deployment(obj); break;
            case "StatefulSet": StatefulSet(obj); break;
            case "ReplicaSet": obj.Child("spec").Default("replicas", 1); break;
            case "DaemonSet": DaemonSet(obj); break;
            case "Job": Job(obj); break;
            case "CronJob": CronJob(obj); break;
        }
    }

    private static void Namespace(JsonObject obj)
    {
        Meta.Of(obj).Child("labels")["kubernetes.io/metadata.name"] = Meta.Name(obj);
        obj.Child("spec").Default("finalizers", new JsonArray("kubernetes"));
        obj.Child("status")["phase"] = Meta.IsDeleting(obj) ? "Terminating" : "Active";
    }

    // stringData is write-only: it is merged into data and never stored.
    private static void Secret(JsonObject obj)
    {
        obj.Default("type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj.Child("data");
            foreach (var (key, value) in Json.StringMap(stringData))
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            }
            obj.Remove("stringData");
        }
    }

    private void Service(JsonObject obj, JsonObject? live)
    {
        var spec = obj.Child("spec");
        spec.Default("type", "ClusterIP");
        spec.Default("sessionAffinity", "None");
        if (Json.String(spec, "type") != "ExternalName")
        {
            // An update that omits the address keeps the allocated one, as the real allocator does.
            var ip = Json.String(spec, "clusterIP") ?? Json.String(live, "spec", "clusterIP") ?? NextClusterIp();
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
            spec.Default("ipFamilies", new JsonArray("IPv4"));
            spec.Default("ipFamilyPolicy", "SingleStack");
            spec.Default("internalTrafficPolicy", "Cluster");
        }
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port.Default("protocol", "TCP");
            if (port["port"] is { } number) port.Default("targetPort", number.DeepClone());
        }
        obj.Child("status").Default("loadBalancer", new JsonObject());
    }

    private string NextClusterIp()
    {
        var n = Interlocked.Increment(ref _nextClusterIp);
        return string.Create(CultureInfo.InvariantCulture, $"10.96.{n / 250}.{n % 250 + 1}");
    }

    private static void Deployment(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.Default("replicas", 1);
        spec.Default("revisionHistoryLimit", 10);
        spec.Default("progressDeadlineSeconds", 600);
        var strategy = spec.Child("strategy");
        strategy.Default("type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = strategy.Child("rollingUpdate");
            rolling.Default("maxUnavailable", "25%");
            rolling.Default("maxSurge", "25%");
        }
        PodTemplate(spec, "Always");
    }

    private static void StatefulSet(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.Default("replicas", 1);
        spec.Default("revisionHistoryLimit", 10);
        spec.Default("podManagementPolicy", "OrderedReady");
        var strategy = spec.Child("updateStrategy");
        strategy.Default("type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate") strategy.Child("rollingUpdate").Default("partition", 0);
        spec.Default("persistentVolumeClaimRetentionPolicy", new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" });
        PodTemplate(spec, "Always");
    }

    private static void DaemonSet(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.Default("revisionHistoryLimit", 10);
        var strategy = spec.Child("updateStrategy");
        strategy.Default("type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = strategy.Child("rollingUpdate");
            rolling.Default("maxUnavailable", 1);
            rolling.Default("maxSurge", 0);
        }
        PodTemplate(spec, "Always");
    }

    private static void Job(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.Default("backoffLimit", 6);
        spec.Default("completions", 1);
        spec.Default("parallelism", 1);
        spec.Default("completionMode", "NonIndexed");
        spec.Default("suspend", false);
        spec.Default("podReplacementPolicy", "TerminatingOrFailed");
        if (Json.Bool(spec, "manualSelector") != true)
        {
            // The Job controller finds its pods by these labels; the server generates them from the uid.
            var uid = Meta.Uid(obj);
            var name = Meta.Name(obj);
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
            var labels = spec.Child("template").Child("metadata").Child("labels");
            labels["batch.kubernetes.io/controller-uid"] = uid;
            labels["batch.kubernetes.io/job-name"] = name;
            labels["controller-uid"] = uid;
            labels["job-name"] = name;
        }
        PodTemplate(spec, "Never");
    }

    private static void CronJob(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.Default("concurrencyPolicy", "Allow");
        spec.Default("suspend", false);
        spec.Default("successfulJobsHistoryLimit", 3);
        spec.Default("failedJobsHistoryLimit", 1);
    }

    private static void PodTemplate(JsonObject spec, string restartPolicy) => PodSpec(spec.Child("template").Child("spec"), restartPolicy);

    private static void PodSpec(JsonObject podSpec, string restartPolicy)
    {
        podSpec.Default("restartPolicy", restartPolicy);
        podSpec.Default("terminationGracePeriodSeconds", 30);
        podSpec.Default("dnsPolicy", "ClusterFirst");
        podSpec.Default("schedulerName", "default-scheduler");
        podSpec.Default("securityContext", new JsonObject());
        foreach (var container in new[] { "initContainers", "containers" }.SelectMany(list => (podSpec[list] as JsonArray ?? []).OfType<JsonObject>()))
        {
            container.Default("imagePullPolicy", ImagePullPolicy(Json.String(container, "image")));
            container.Default("resources", new JsonObject());
            container.Default("terminationMessagePath", "/dev/termination-log");
            container.Default("terminationMessagePolicy", "File");
            foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>()) port.Default("protocol", "TCP");
        }
    }

    // Always for a :latest or untagged image (unless pinned by digest), else IfNotPresent.
    private static string ImagePullPolicy(string? image)
    {
        if (image is null || image.Contains('@', StringComparison.Ordinal)) return "IfNotPresent";
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 || name[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }
}
