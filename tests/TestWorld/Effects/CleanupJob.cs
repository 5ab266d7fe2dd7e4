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
/// <remarks>
/// A streams-bootstrap 2.x cleanup job has no command argument: it runs the app with <c>APP_CLEAN_UP=true</c>, and a
/// streams app cleans (rather than resets) when <c>APP_DELETE_OUTPUT=true</c>; a producer always cleans. Its Kafka
/// settings are <c>APP_BROKERS</c>, <c>APP_EXTRA_INPUT_TOPICS</c>, <c>APP_EXTRA_INPUT_PATTERNS</c>,
/// <c>APP_EXTRA_OUTPUT_TOPICS</c> and <c>STREAMS_*</c>. A 2.x app chooses its application id in its code; the double
/// takes it from <c>STREAMS_APPLICATION_ID</c>, else from the pod's <c>consumerGroup</c> annotation, which the 2.x
/// charts of the test world set from <c>annotations.consumerGroup</c> or <c>autoscaling.consumerGroup</c>.
/// </remarks>
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
    private readonly bool _v2;
    private readonly string? _consumerGroupAnnotation;

    private CleanupJob(string ns, string name, string chart, string command, Dictionary<string, string> env, bool v2, string? consumerGroupAnnotation)
    {
        Namespace = ns;
        Name = name;
        Chart = chart;
        App = Charts[chart];
        Command = command;
        _env = env;
        _prefix = PrefixOf(env);
        _v2 = v2;
        _consumerGroupAnnotation = consumerGroupAnnotation;
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Chart { get; }

    public CleanupApp App { get; }

    /// <summary><c>reset</c> or <c>clean</c>.</summary>
    public string Command { get; }

    /// <summary>The streams application id (also its consumer group).</summary>
    public string? ApplicationId => _v2
        ? Kafka("application.id") ?? (_consumerGroupAnnotation is { Length: > 0 } annotated ? annotated : null)
        : Setting("APPLICATION_ID") ?? Kafka("application.id");

    /// <summary>The consumer app's group.</summary>
    public string? GroupId => Setting("GROUP_ID") ?? Kafka("group.id");

    /// <summary>Schema subjects are only touched when the app knows a Schema Registry, as in streams-bootstrap.</summary>
    public bool HasSchemaRegistry => Setting("SCHEMA_REGISTRY_URL") is not null || Kafka("schema.registry.url") is not null;

    // streams-bootstrap 2 calls labeled topics extra topics.
    private string LabeledOrExtra => _v2 ? "EXTRA_" : "LABELED_";

    public IReadOnlyList<string> InputTopics => [.. List(Setting("INPUT_TOPICS")), .. Labeled(Setting(LabeledOrExtra + "INPUT_TOPICS")).SelectMany(t => t.Value.Split(';'))];

    public IReadOnlyList<string> InputPatterns => [.. Setting("INPUT_PATTERN") is { } p ? [p] : Array.Empty<string>(), .. Labeled(Setting(LabeledOrExtra + "INPUT_PATTERNS")).Select(p => p.Value)];

    /// <summary>Output and labeled output topics.</summary>
    public IReadOnlyList<string> OutputTopics => [.. Setting("OUTPUT_TOPIC") is { } o ? [o] : Array.Empty<string>(), .. Labeled(Setting(LabeledOrExtra + "OUTPUT_TOPICS")).Select(t => t.Value)];

    public string? ErrorTopic => Setting("ERROR_TOPIC");

    /// <summary>
    /// The job of a cleanup chart, or null for any other Job. The chart is recognised by the
    /// <c>streams-bootstrap/kind</c> label (Job or pod template), else by the <c>helm.sh/chart</c> or (2.x) <c>chart</c>
    /// label or the container name; the command is the first container argument, or (2.x) <c>APP_CLEAN_UP=true</c>
    /// with <c>APP_DELETE_OUTPUT</c>.
    /// </summary>
    public static CleanupJob? TryRead(JsonObject job, KubernetesDouble kubernetes)
    {
        var chart = FindChart(job);
        if (chart is null) return null;
        var container = (Json.At(job, "spec", "template", "spec", "containers") as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
        if (container is null) return null;
        var ns = Meta.Namespace(job);
        var env = ReadEnv(container, ns, kubernetes);
        var command = ((container["args"] as JsonArray)?.FirstOrDefault() as JsonValue)?.GetValue<string>();
        var v2 = command is null && IsTrue(env.GetValueOrDefault(PrefixOf(env) + "CLEAN_UP"));
        if (v2) command = Charts[chart] == CleanupApp.Producer || IsTrue(env.GetValueOrDefault(PrefixOf(env) + "DELETE_OUTPUT")) ? "clean" : "reset";
        if (command is not ("reset" or "clean")) return null;
        var annotations = Json.StringMap(Json.At(job, "spec", "template", "metadata", "annotations"));
        return new CleanupJob(ns, Meta.Name(job), chart, command, env, v2, annotations.GetValueOrDefault("consumerGroup"));
    }

    private static string PrefixOf(Dictionary<string, string> env) => env.GetValueOrDefault("ENV_PREFIX") is { Length: > 0 } prefix ? prefix : "APP_";

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string? FindChart(JsonObject job)
    {
        const string KindLabel = "streams-bootstrap/kind";
        var labels = Meta.Labels(job);
        var templateLabels = Json.StringMap(Json.At(job, "spec", "template", "metadata", "labels"));
        foreach (var candidate in new[] { labels.GetValueOrDefault(KindLabel), templateLabels.GetValueOrDefault(KindLabel) })
        {
            if (candidate is not null && Charts.ContainsKey(candidate)) return candidate;
        }
        foreach (var chartLabel in new[] { labels.GetValueOrDefault("helm.sh/chart"), labels.GetValueOrDefault("chart") }.OfType<string>())
        {
            // <chart>-<version>, e.g. streams-app-cleanup-job-3.6.1 (helm.sh/chart) or streams-app-cleanup-job-2.9.0 (chart, 2.x)
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

    // Kafka settings: KAFKA_* variables, STREAMS_* for streams-bootstrap 2.
    private string? Kafka(string property) =>
        _env.GetValueOrDefault((_v2 ? "STREAMS_" : "KAFKA_") + property.Replace('.', '_').ToUpperInvariant()) is { Length: > 0 } value ? value : null;

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><c>label=value,label2=value2,</c> as the charts render labeled topics and patterns.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Labeled(string? value) =>
        List(value).Select(entry => entry.Split('=', 2)).Where(p => p.Length == 2 && p[1].Length > 0).Select(p => KeyValuePair.Create(p[0], p[1]));
}
