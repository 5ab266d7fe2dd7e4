using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// Server-side printing: a GET whose Accept header asks for <c>as=Table;g=meta.k8s.io</c> (kubectl get, helm 4
/// status) is answered with a <c>Table</c> whose columns are those of the real API server's printers for the
/// built-in kinds (wide columns at priority 1), and Name and Age for any other kind.
/// </summary>
internal static class Tables
{
    private const string NameDescription = "Name must be unique within a namespace.";
    private const string AgeDescription = "CreationTimestamp is a timestamp representing the server time when this object was created.";

    /// <summary>The Table version the client asks for first (<c>v1</c> or <c>v1beta1</c>), or null for a plain answer.</summary>
    public static string? RequestedVersion(HttpRequest request)
    {
        foreach (var range in request.Headers.Accept.SelectMany(h => (h ?? "").Split(',')))
        {
            var parameters = range.Split(';').Select(p => p.Trim()).ToList();
            if (parameters[0] is not ("application/json" or "*/*")) continue;
            if (!parameters.Contains("as=Table") || !parameters.Contains("g=meta.k8s.io")) return null;
            if (parameters.Contains("v=v1")) return "v1";
            if (parameters.Contains("v=v1beta1")) return "v1beta1";
        }
        return null;
    }

    /// <summary>The Table of <paramref name="items"/>.</summary>
    /// <param name="kind">Their kind.</param>
    /// <param name="items">The objects, one row each.</param>
    /// <param name="version">Table version from <see cref="RequestedVersion"/>.</param>
    /// <param name="includeObject">The <c>includeObject</c> parameter: <c>None</c>, <c>Metadata</c> (the default) or <c>Object</c>.</param>
    /// <param name="resourceVersion">The list's resourceVersion, or null for a single object.</param>
    /// <param name="now">For the ages.</param>
    public static JsonObject For(ResourceKind kind, IEnumerable<JsonObject> items, string version, string? includeObject, string? resourceVersion, DateTimeOffset now)
    {
        var columns = Columns(kind);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(item, now)).ToArray()) };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = item;
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = $"meta.k8s.io/{version}",
                        ["metadata"] = item["metadata"]?.DeepClone(),
                    };
                    break;
            }
            rows.Add(row);
        }
        var metadata = new JsonObject();
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{version}",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static List<Column> Columns(ResourceKind kind) => (kind.Group, kind.Kind) switch
    {
        ("", "Namespace") => [Name, Text("Status", "The status of the namespace", o => S(o, "status", "phase") ?? ""), Age],
        ("", "ConfigMap") => [Name, Integer("Data", "Number of entries in the data and binaryData fields", o => Count(o, "data") + Count(o, "binaryData")), Age],
        ("", "Secret") => [Name, Text("Type", "The type of the secret", o => S(o, "type") ?? ""), Integer("Data", "The number of entries in the data", o => Count(o, "data")), Age],
        ("", "ServiceAccount") => [Name, Integer("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", o => Items(o, "secrets").Count()), Age],
        ("", "Service") =>
        [
            Name,
            Text("Type", "The type of the service", o => S(o, "spec", "type") ?? "ClusterIP"),
            Text("Cluster-IP", "The cluster IP of the service", o => S(o, "spec", "clusterIP") is { Length: > 0 } ip ? ip : "<none>"),
            Text("External-IP", "The external IP of the service", ExternalIp),
            Text("Port(s)", "The ports of the service", ServicePorts),
            Age,
            Text("Selector", "The selector of the service", o => Selector(Json.At(o, "spec", "selector")), priority: 1),
        ],
        ("", "PersistentVolumeClaim") =>
        [
            Name,
            Text("Status", "The phase of the claim", o => S(o, "status", "phase") ?? "Pending"),
            Text("Volume", "The volume bound to the claim", o => S(o, "spec", "volumeName") ?? ""),
            Text("Capacity", "The capacity of the bound volume", o => S(o, "status", "capacity", "storage") ?? ""),
            Text("Access Modes", "The access modes of the bound volume", o => AccessModes(Json.At(o, "status", "accessModes"))),
            Text("StorageClass", "The storage class of the claim", o => S(o, "spec", "storageClassName") ?? "<unset>"),
            Text("VolumeAttributesClass", "The volume attributes class of the claim", o => S(o, "spec", "volumeAttributesClassName") ?? "<unset>"),
            Age,
            Text("VolumeMode", "The volume mode of the claim", o => S(o, "spec", "volumeMode") ?? "", priority: 1),
        ],
        ("", "Pod") =>
        [
            Name,
            Text("Ready", "The aggregate readiness state of this pod for accepting traffic.", PodReady),
            Text("Status", "The aggregate status of the containers in this pod.", PodStatus),
            Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
                o => Items(o, "status", "containerStatuses").Sum(c => Json.Long(c, "restartCount") ?? 0).ToString(CultureInfo.InvariantCulture)),
            Age,
            Text("IP", "The IP address assigned to the pod", o => S(o, "status", "podIP") ?? "<none>", priority: 1),
            Text("Node", "The name of the node to which the pod is assigned", o => S(o, "spec", "nodeName") ?? "<none>", priority: 1),
            Text("Nominated Node", "The name of the node to which the pod is nominated", o => S(o, "status", "nominatedNodeName") ?? "<none>", priority: 1),
            Text("Readiness Gates", "The readiness gates of the pod", _ => "<none>", priority: 1),
        ],
        ("apps", "Deployment") =>
        [
            Name,
            Text("Ready", "Number of the pod with ready state", o => $"{L(o, "status", "readyReplicas")}/{L(o, "spec", "replicas")}"),
            Integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", o => L(o, "status", "updatedReplicas")),
            Integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", o => L(o, "status", "availableReplicas")),
            Age,
            .. WorkloadColumns(withSelector: true),
        ],
        ("apps", "ReplicaSet") =>
        [
            Name,
            Integer("Desired", "Number of desired pods.", o => L(o, "spec", "replicas")),
            Integer("Current", "Number of actual pods.", o => L(o, "status", "replicas")),
            Integer("Ready", "Number of ready pods.", o => L(o, "status", "readyReplicas")),
            Age,
            .. WorkloadColumns(withSelector: true),
        ],
        ("apps", "StatefulSet") =>
        [
            Name,
            Text("Ready", "Number of the pod with ready state", o => $"{L(o, "status", "readyReplicas")}/{L(o, "spec", "replicas")}"),
            Age,
            .. WorkloadColumns(withSelector: false),
        ],
        ("apps", "DaemonSet") =>
        [
            Name,
            Integer("Desired", "The desired number of nodes that should be running the daemon pod.", o => L(o, "status", "desiredNumberScheduled")),
            Integer("Current", "The number of nodes that are running at least 1 daemon pod.", o => L(o, "status", "currentNumberScheduled")),
            Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more running and ready.", o => L(o, "status", "numberReady")),
            Integer("Up-to-date", "The total number of nodes that are running updated daemon pod", o => L(o, "status", "updatedNumberScheduled")),
            Integer("Available", "The number of nodes that should be running the daemon pod and have one or more running and available.", o => L(o, "status", "numberAvailable")),
            Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node.", o => Selector(Json.At(o, "spec", "template", "spec", "nodeSelector"))),
            Age,
            .. WorkloadColumns(withSelector: true),
        ],
        ("batch", "Job") =>
        [
            Name,
            Text("Status", "Status of the job.", JobStatus),
            Text("Completions", "The number of pods that are desired and have successfully completed.", o => $"{L(o, "status", "succeeded")}/{Json.Long(o, "spec", "completions") ?? 1}"),
            Text("Duration", "Time required to complete the job.", JobDuration),
            Age,
            .. WorkloadColumns(withSelector: true),
        ],
        ("batch", "CronJob") =>
        [
            Name,
            Text("Schedule", "The schedule for running the job.", o => S(o, "spec", "schedule") ?? ""),
            Text("Timezone", "The timezone of the schedule.", o => S(o, "spec", "timeZone") ?? "<none>"),
            Text("Suspend", "Whether the cron job is suspended.", o => Json.Bool(o, "spec", "suspend") == true ? "True" : "False"),
            Integer("Active", "The number of currently running jobs.", o => Items(o, "status", "active").Count()),
            Text("Last Schedule", "When the job was last scheduled.", (o, now) => S(o, "status", "lastScheduleTime") is { } at ? Since(at, now) : "<none>"),
            Age,
            Text("Containers", "Names of each container in the template.", o => Containers(o, "spec", "jobTemplate", "spec", "template", "spec").Names, priority: 1),
            Text("Images", "Images referenced by each container in the template.", o => Containers(o, "spec", "jobTemplate", "spec", "template", "spec").Images, priority: 1),
            Text("Selector", "The label selector of the job template.", o => LabelSelector(Json.At(o, "spec", "jobTemplate", "spec", "selector")), priority: 1),
        ],
        _ => [Name, Age],
    };

    private static readonly Column Name = new("Name", "string", "name", NameDescription, 0, (o, _) => Meta.Name(o));

    private static readonly Column Age = new("Age", "string", "", AgeDescription, 0,
        (o, now) => S(o, "metadata", "creationTimestamp") is { } at ? Since(at, now) : "<unknown>");

    private static Column Text(string name, string description, Func<JsonObject, string> cell, int priority = 0) =>
        new(name, "string", "", description, priority, (o, _) => cell(o));

    private static Column Text(string name, string description, Func<JsonObject, DateTimeOffset, string> cell) =>
        new(name, "string", "", description, 0, cell);

    private static Column Integer(string name, string description, Func<JsonObject, long> cell) =>
        new(name, "integer", "", description, 0, (o, _) => JsonValue.Create(cell(o)));

    private static Column[] WorkloadColumns(bool withSelector)
    {
        Column[] columns =
        [
            Text("Containers", "Names of each container in the template.", o => Containers(o, "spec", "template", "spec").Names, priority: 1),
            Text("Images", "Images referenced by each container in the template.", o => Containers(o, "spec", "template", "spec").Images, priority: 1),
        ];
        return withSelector
            ? [.. columns, Text("Selector", "The label selector for the pods.", o => LabelSelector(Json.At(o, "spec", "selector")), priority: 1)]
            : columns;
    }

    private static string? S(JsonNode? node, params string[] path) => Json.String(node, path);

    private static long L(JsonNode? node, params string[] path) => Json.Long(node, path) ?? 0;

    private static int Count(JsonNode? node, string field) => (node?[field] as JsonObject)?.Count ?? 0;

    private static IEnumerable<JsonObject> Items(JsonNode? node, params string[] path) => (Json.At(node, path) as JsonArray ?? []).OfType<JsonObject>();

    private static (string Names, string Images) Containers(JsonObject obj, params string[] podSpec)
    {
        var containers = Items(obj, [.. podSpec, "containers"]).ToList();
        return (string.Join(',', containers.Select(c => S(c, "name"))), string.Join(',', containers.Select(c => S(c, "image"))));
    }

    private static string Selector(JsonNode? map) =>
        map is JsonObject { Count: > 0 } labels ? string.Join(',', Json.StringMap(labels).Select(kv => $"{kv.Key}={kv.Value}")) : "<none>";

    private static string LabelSelector(JsonNode? selector)
    {
        var terms = Json.StringMap(Json.At(selector, "matchLabels")).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        foreach (var expression in Items(selector, "matchExpressions"))
        {
            var values = string.Join(',', (expression["values"] as JsonArray ?? []).Select(v => (string?)v));
            terms.Add(S(expression, "operator") switch
            {
                "In" => $"{S(expression, "key")} in ({values})",
                "NotIn" => $"{S(expression, "key")} notin ({values})",
                "Exists" => S(expression, "key") ?? "",
                _ => $"!{S(expression, "key")}",
            });
        }
        return terms.Count == 0 ? "<none>" : string.Join(',', terms);
    }

    private static string ExternalIp(JsonObject service) => S(service, "spec", "type") switch
    {
        "ExternalName" => S(service, "spec", "externalName") ?? "<none>",
        "LoadBalancer" => Items(service, "status", "loadBalancer", "ingress").Select(i => S(i, "ip") ?? S(i, "hostname")).FirstOrDefault() ?? "<pending>",
        _ => (service["spec"]?["externalIPs"] as JsonArray) is { Count: > 0 } ips ? string.Join(',', ips.Select(i => (string?)i)) : "<none>",
    };

    private static string ServicePorts(JsonObject service)
    {
        var ports = Items(service, "spec", "ports").Select(p =>
        {
            var protocol = S(p, "protocol") ?? "TCP";
            var node = Json.Long(p, "nodePort") is { } nodePort ? $":{nodePort}" : "";
            return $"{L(p, "port")}{node}/{protocol}";
        }).ToList();
        return ports.Count == 0 ? "<none>" : string.Join(',', ports);
    }

    private static string AccessModes(JsonNode? modes)
    {
        var short_ = (modes as JsonArray ?? []).Select(m => (string?)m switch
        {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            var other => other,
        });
        return string.Join(',', short_);
    }

    private static string PodReady(JsonObject pod)
    {
        var containers = Items(pod, "spec", "containers").Count();
        var ready = Items(pod, "status", "containerStatuses").Count(c => Json.Bool(c, "ready") == true);
        return $"{ready}/{containers}";
    }

    // The reason of the first terminated or waiting container, else the phase: "Completed" for a finished Job pod.
    private static string PodStatus(JsonObject pod)
    {
        if (Json.At(pod, "metadata", "deletionTimestamp") is not null) return "Terminating";
        foreach (var status in Items(pod, "status", "containerStatuses"))
        {
            if (S(status, "state", "terminated", "reason") is { } terminated) return terminated;
            if (S(status, "state", "waiting", "reason") is { } waiting) return waiting;
        }
        return S(pod, "status", "reason") ?? S(pod, "status", "phase") ?? "Pending";
    }

    private static string JobStatus(JsonObject job)
    {
        var conditions = Items(job, "status", "conditions").Where(c => S(c, "status") == "True").Select(c => S(c, "type")).ToList();
        if (conditions.Contains("Complete")) return "Complete";
        if (conditions.Contains("Failed")) return "Failed";
        if (Json.At(job, "metadata", "deletionTimestamp") is not null) return "Terminating";
        if (conditions.Contains("FailureTarget")) return "FailureTarget";
        if (conditions.Contains("SuccessCriteriaMet")) return "SuccessCriteriaMet";
        if (Json.Bool(job, "spec", "suspend") == true) return "Suspended";
        return "Running";
    }

    private static string JobDuration(JsonObject job, DateTimeOffset now)
    {
        if (S(job, "status", "startTime") is not { } started || !TryParse(started, out var start)) return "";
        var end = S(job, "status", "completionTime") is { } completed && TryParse(completed, out var at) ? at : now;
        return HumanDuration(end - start);
    }

    private static string Since(string timestamp, DateTimeOffset now) => TryParse(timestamp, out var at) ? HumanDuration(now - at) : "<unknown>";

    private static bool TryParse(string timestamp, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);

    /// <summary>apimachinery's <c>duration.HumanDuration</c>: "42s", "5m10s", "3h2m", "4d", …</summary>
    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return F($"{seconds}s");
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10) return seconds % 60 == 0 ? F($"{minutes}m") : F($"{minutes}m{seconds % 60}s");
        if (minutes < 180) return F($"{minutes}m");
        var hours = (long)d.TotalHours;
        if (hours < 8) return minutes % 60 == 0 ? F($"{hours}h") : F($"{hours}h{minutes % 60}m");
        if (hours < 48) return F($"{hours}h");
        if (hours < 24 * 8) return hours % 24 == 0 ? F($"{hours / 24}d") : F($"{hours / 24}d{hours % 24}h");
        if (hours < 24 * 365 * 2) return F($"{hours / 24}d");
        if (hours < 24 * 365 * 8) return hours / 24 % 365 == 0 ? F($"{hours / 24 / 365}y") : F($"{hours / 24 / 365}y{hours / 24 % 365}d");
        return F($"{hours / 24 / 365}y");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Column(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
    {
        public Column(string name, string type, string format, string description, int priority, Func<JsonObject, DateTimeOffset, string> cell)
            : this(name, type, format, description, priority, (o, now) => JsonValue.Create(cell(o, now)))
        {
        }
    }
}
