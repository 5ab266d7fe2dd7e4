using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Controllers;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// The HTTP face of the double: routes version, health, OpenAPI, discovery and resource URLs, maps verbs to
/// <see cref="ClusterOperations"/>, and turns every <see cref="ApiException"/> into a <c>Status</c> answer.
/// </summary>
/// <param name="settle">Awaited after every persisted write, before answering (see <see cref="ControllerManager.WaitForAsync"/>).</param>
internal sealed class KubernetesApi(ClusterOperations cluster, WatchEndpoint watch, JobSimulation jobs, Func<Task> settle)
{
    /// <summary>
    /// Content type of the OpenAPI v2 document. Helm asks with <c>…spec.v2@v1.0+protobuf</c>, which Go's mime
    /// parser rejects in an answer; the dotted form parses, and an empty body is a valid empty document, so
    /// client-side validation finds no schemas and skips.
    /// </summary>
    public const string OpenApiV2ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Responses.ErrorAsync(context, e);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the double: answer like an API server would, with the cause in the message, instead of a bare 500.
            await Responses.JsonAsync(context, 500, StatusObject.Failure(500, "InternalError", $"test double failure: {e}"));
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var get = HttpMethods.IsGet(context.Request.Method);
        switch (segments)
        {
            case ["version"] when get:
                await Responses.JsonAsync(context, 200, Discovery.Version());
                return;
            case ["healthz" or "livez" or "readyz"] when get:
                await Responses.TextAsync(context, 200, "ok");
                return;
            case ["openapi", "v2"] when get:
                context.Response.StatusCode = 200;
                context.Response.ContentType = OpenApiV2ContentType;
                return;
            case ["openapi", "v3", ..] when get:
                // No per-group documents: clients fall back to v2 (client-side validation, which finds no schemas).
                await Responses.JsonAsync(context, 200, new JsonObject { ["paths"] = new JsonObject() });
                return;
            case ["api"] when get:
                await Responses.JsonAsync(context, 200, Discovery.CoreVersions(context.Request.Host.Value ?? ""));
                return;
            case ["apis"] when get:
                await Responses.JsonAsync(context, 200, Discovery.Groups(cluster.Catalog));
                return;
            case ["api", var version] when get:
                await DiscoveryAsync(context, "", version);
                return;
            case ["apis", var group, var version] when get:
                await DiscoveryAsync(context, group, version);
                return;
            case ["api", var version, .. var rest]:
                await ResourceAsync(context, ApiPath.Parse(cluster.Catalog, "", version, rest));
                return;
            case ["apis", var group, var version, .. var rest]:
                await ResourceAsync(context, ApiPath.Parse(cluster.Catalog, group, version, rest));
                return;
            default:
                throw ApiException.NotFoundPath();
        }
    }

    private Task DiscoveryAsync(HttpContext context, string group, string version) =>
        Responses.JsonAsync(context, 200, Discovery.Resources(cluster.Catalog, group, version) ?? throw ApiException.NotFoundPath());

    private async Task ResourceAsync(HttpContext context, ApiPath path)
    {
        var request = context.Request;
        var query = request.Query;
        var dryRun = query["dryRun"] == "All";
        var (kind, ns, name, sub) = path;
        // Every branch below answers by writing the body, so this one hook covers all writes, failed ones included.
        if (!HttpMethods.IsGet(request.Method) && !dryRun) context.Response.OnStarting(settle);
        switch (request.Method)
        {
            case "GET" when sub == "log":
                await PodLogAsync(context, kind, ns!, name!);
                return;
            case "GET" when name is null:
                var labels = LabelSelector.Parse(query["labelSelector"]);
                var fields = FieldSelector.Parse(query["fieldSelector"]);
                if (query["watch"] is ["true"] or ["1"]) await watch.HandleAsync(context, kind, ns, labels, fields);
                else await ListAsync(context, kind, ns, labels, fields);
                return;
            case "GET" when Tables.RequestedVersion(request) is { } tableVersion:
                await Responses.JsonAsync(context, 200, Tables.For(kind, [cluster.Get(kind, ns ?? "", name)], tableVersion, query["includeObject"], null, DateTimeOffset.UtcNow));
                return;
            case "GET":
                await Responses.JsonAsync(context, 200, cluster.Get(kind, ns ?? "", name));
                return;
            case "POST" when name is null:
                var created = cluster.Create(kind, ns, await ObjectBodyAsync(request), new WriteOptions(dryRun));
                await Responses.JsonAsync(context, 201, created);
                return;
            case "PUT" when name is not null:
                var replaced = cluster.Replace(kind, ns ?? "", name, await ObjectBodyAsync(request), sub, new WriteOptions(dryRun));
                await Responses.JsonAsync(context, 200, replaced);
                return;
            case "PATCH" when name is not null:
                var patchType = RequestBody.PatchTypeOf(request);
                var (patched, wasCreated) = cluster.Patch(kind, ns ?? "", name, patchType, await RequestBody.ReadAsync(request), sub,
                    new WriteOptions(dryRun, FieldManager: query["fieldManager"]));
                await Responses.JsonAsync(context, wasCreated ? 201 : 200, patched);
                return;
            case "DELETE" when name is not null && sub is null:
                var policy = await RequestBody.PropagationPolicyAsync(request);
                var deleted = cluster.Delete(kind, ns ?? "", name, policy, dryRun);
                // An object that waits for finalizers (a namespace, always) is answered as it now is, like upstream.
                await Responses.JsonAsync(context, 200, Meta.IsDeleting(deleted) ? deleted : StatusObject.Success(kind, name, Meta.Uid(deleted)));
                return;
            case "DELETE" when name is null:
                var collectionPolicy = await RequestBody.PropagationPolicyAsync(request);
                var gone = cluster.DeleteCollection(kind, ns, LabelSelector.Parse(query["labelSelector"]),
                    FieldSelector.Parse(query["fieldSelector"]), collectionPolicy, dryRun);
                await Responses.JsonAsync(context, 200, ListObject(kind, gone));
                return;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private async Task ListAsync(HttpContext context, ResourceKind kind, string? ns, LabelSelector labels, FieldSelector fields)
    {
        var (items, version) = cluster.List(kind, ns, labels, fields);
        if (Tables.RequestedVersion(context.Request) is { } tableVersion)
        {
            var table = Tables.For(kind, items, tableVersion, context.Request.Query["includeObject"], version.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);
            await Responses.JsonAsync(context, 200, table);
            return;
        }
        var list = ListObject(kind, items);
        list["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        await Responses.JsonAsync(context, 200, list);
    }

    private async Task PodLogAsync(HttpContext context, ResourceKind kind, string ns, string name)
    {
        var pod = cluster.Get(kind, ns, name);
        var log = jobs.PodLog(ns, name) ?? PodLogs.Describe(pod);
        if (int.TryParse(context.Request.Query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var lines))
        {
            log = PodLogs.Tail(log, lines);
        }
        await Responses.TextAsync(context, 200, log);
    }

    private static async Task<JsonObject> ObjectBodyAsync(HttpRequest request) =>
        await RequestBody.ReadAsync(request) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object");

    private static JsonObject ListObject(ResourceKind kind, List<JsonObject> items) => new()
    {
        ["kind"] = kind.Kind + "List",
        ["apiVersion"] = kind.ApiVersion,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };
}
