using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// The text <c>GET …/pods/{name}/log</c> returns when no test set one: what the pod's first container was asked
/// to do (image, args, env) and how it ended, so a cleanup job's log shows what it was about.
/// </summary>
internal static class PodLogs
{
    public static string Describe(JsonObject pod)
    {
        var text = new StringBuilder();
        var container = (Json.At(pod, "spec", "containers") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault();
        text.Append(CultureInfo.InvariantCulture, $"testworld: pod {Meta.Name(pod)} container {Json.String(container, "name")} image {Json.String(container, "image")}\n");
        var args = (Json.At(container, "args") as JsonArray ?? []).Select(a => a?.ToString());
        text.Append(CultureInfo.InvariantCulture, $"args: {string.Join(' ', args)}\n");
        foreach (var env in (Json.At(container, "env") as JsonArray ?? []).OfType<JsonObject>())
        {
            var value = Json.String(env, "value") ?? DescribeSource(env["valueFrom"]);
            text.Append(CultureInfo.InvariantCulture, $"env: {Json.String(env, "name")}={value}\n");
        }
        text.Append(Json.String(pod, "status", "phase") switch
        {
            "Succeeded" => "finished successfully\n",
            "Failed" => "failed\n",
            _ => "running\n",
        });
        return text.ToString();
    }

    /// <summary>The last <paramref name="lines"/> lines of a log.</summary>
    public static string Tail(string log, int lines)
    {
        var all = log.TrimEnd('\n').Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines))) + "\n";
    }

    private static string DescribeSource(JsonNode? source) => source switch
    {
        JsonObject s when s["secretKeyRef"] is { } secret => $"<secret {Json.String(secret, "name")}/{Json.String(secret, "key")}>",
        JsonObject s when s["configMapKeyRef"] is { } map => $"<configmap {Json.String(map, "name")}/{Json.String(map, "key")}>",
        JsonObject s when s["fieldRef"] is { } field => $"<field {Json.String(field, "fieldPath")}>",
        _ => "",
    };
}
