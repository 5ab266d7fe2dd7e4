using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Effects;

/// <summary>Which kind of app a cleanup job cleans.</summary>
internal enum CleanupApp
{
    Streams,
    Producer,
    Consumer,
}

/// <summary>
/// What a finished Job of one of the <c>*-cleanup-job</c> charts asks for, read the way the streams-bootstrap app
/// reads its configuration: the command from the container args, the rest from <c>&lt;ENV_PREFIX&gt;*</c> variables
/// (prefix <c>APP_</c> unless <c>ENV_PREFIX</c> says otherwise) and <c>KAFKA_*</c> ones.
/// </summary>
internal sealed class CleanupJob
{
    public static readonly IReadOnlyDictionary<string, CleanupApp> Charts = new Dictionary<string, CleanupApp>(StringComparer.Ordinal)
    {
        ["streams-app-cleanup-job"] = CleanupApp.Streams,
        ["producer-app-cleanup-job"] = CleanupApp.Producer,
        ["consumer-app-cleanup-job"] = CleanupApp.Consumer,
    };

    private readonly Dictionary<string, string> _env;
    private readonly string _prefix;

    private CleanupJob(string ns, string name, string chart, string command, Dictionary<string, string> env)
    {
        Namespace = ns;
        Name = name;
        Chart = chart;
        App = Charts[chart];
        Command = command;
        _env = env;
        _prefix = env.GetValueOrDefault("ENV_PREFIX") is { Length: > 0 } prefix ? prefix : "APP_";
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Chart { get; }

    public CleanupApp App { get; }

    /// <summary><c>reset</c> or <c>clean</c>.</summary>
    public string Command { get; }

    /// <summary>The streams application id (also its consumer group).</summary>
    public string? ApplicationId => Setting("APPLICATION_ID") ?? Kafka("application.id");

    /// <summary>The consumer app's group.</summary>
    public string? GroupId => Setting("GROUP_ID") ?? Kafka("group.id");

    /// <summary>Schema subjects are only touched when the app knows a Schema Registry, as in streams-bootstrap.</summary>
    public bool HasSchemaRegistry => Setting("SCHEMA_REGISTRY_URL") is not null || Kafka("schema.registry.url") is not null;

    public IReadOnlyList<string> InputTopics => [.. List(Setting("INPUT_TOPICS")), .. Labeled(Setting("LABELED_INPUT_TOPICS")).SelectMany(t => t.Value.Split(';'))];

    public IReadOnlyList<string> InputPatterns => [.. Setting("INPUT_PATTERN") is { } p ? [p] : Array.Empty<string>(), .. Labeled(Setting("LABELED_INPUT_PATTERNS")).Select(p => p.Value)];

    /// <summary>Output and labeled output topics.</summary>
    public IReadOnlyList<string> OutputTopics => [.. Setting("OUTPUT_TOPIC") is { } o ? [o] : Array.Empty<string>(), .. Labeled(Setting("LABELED_OUTPUT_TOPICS")).Select(t => t.Value)];

    public string? ErrorTopic => Setting("ERROR_TOPIC");

    /// <summary>
    /// The job of a cleanup chart, or null for any other Job. The chart is recognised by the
    /// <c>streams-bootstrap/kind</c> label (Job or pod template), else by the <c>helm.sh/chart</c> label or the container
    /// name; the command is the first container argument.
    /// </summary>
    public static CleanupJob? TryRead(JsonObject job, KubernetesDouble kubernetes)
    {
        var chart = FindChart(job);
        if (chart is null) return null;
        var container = (Json.At(job, "spec", "template", "spec", "containers") as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
        if (container is null) return null;
        var command = ((container["args"] as JsonArray)?.FirstOrDefault() as JsonValue)?.GetValue<string>();
        if (command is not ("reset" or "clean")) return null;
        var ns = Meta.Namespace(job);
        return new CleanupJob(ns, Meta.Name(job), chart, command, ReadEnv(container, ns, kubernetes));
    }

    private static string? FindChart(JsonObject job)
    {
        const string KindLabel = "streams-bootstrap/kind";
        var labels = Meta.Labels(job);
        var templateLabels = Json.StringMap(Json.At(job, "spec", "template", "metadata", "labels"));
        foreach (var candidate in new[] { labels.GetValueOrDefault(KindLabel), templateLabels.GetValueOrDefault(KindLabel) })
        {
            if (candidate is not null && Charts.ContainsKey(candidate)) return candidate;
        }
        if (labels.GetValueOrDefault("helm.sh/chart") is { } chartLabel)
        {
            // <chart>-<version>, e.g. streams-app-cleanup-job-3.6.1
            var match = Charts.Keys.FirstOrDefault(c => chartLabel.StartsWith(c + "-", StringComparison.Ordinal) && char.IsDigit(chartLabel[c.Length + 1]));
            if (match is not null) return match;
        }
        var containerName = Json.String(Json.At(job, "spec", "template", "spec", "containers") is JsonArray { Count: > 0 } containers ? containers[0] : null, "name");
        return containerName is not null && Charts.ContainsKey(containerName) ? containerName : null;
    }

    /// <summary>Plain values and references to Secrets and ConfigMaps (resolved in the Kubernetes double), as the pod would see them.</summary>
    private static Dictionary<string, string> ReadEnv(JsonObject container, string ns, KubernetesDouble kubernetes)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Json.String(entry, "name") is not { } name) continue;
            var value = Json.String(entry, "value")
                ?? Reference(kubernetes, ns, "Secret", Json.At(entry, "valueFrom", "secretKeyRef"))
                ?? Reference(kubernetes, ns, "ConfigMap", Json.At(entry, "valueFrom", "configMapKeyRef"));
            if (value is not null) env[name] = value;
        }
        return env;
    }

    private static string? Reference(KubernetesDouble kubernetes, string ns, string kind, JsonNode? reference)
    {
        if (Json.String(reference, "name") is not { } name || Json.String(reference, "key") is not { } key) return null;
        var obj = kubernetes.Get("v1", kind, ns, name);
        if (kind == "ConfigMap") return Json.String(obj, "data", key);
        return Json.String(obj, "data", key) is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : Json.String(obj, "stringData", key);
    }

    private string? Setting(string name) => _env.GetValueOrDefault(_prefix + name) is { Length: > 0 } value ? value : null;

    private string? Kafka(string property) =>
        _env.GetValueOrDefault("KAFKA_" + property.Replace('.', '_').ToUpperInvariant()) is { Length: > 0 } value ? value : null;

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><c>label=value,label2=value2,</c> as the charts render labeled topics and patterns.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Labeled(string? value) =>
        List(value).Select(entry => entry.Split('=', 2)).Where(p => p.Length == 2 && p[1].Length > 0).Select(p => KeyValuePair.Create(p[0], p[1]));
}
