using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using static KPops.TestWorld.Connect.ConnectWire;

namespace KPops.TestWorld.Connect;

/// <summary>The <c>/connectors</c> resource: listing, config, lifecycle and tasks.</summary>
internal static class ConnectorRoutes
{
    private static readonly ConnectorState[] InitialStates = [ConnectorState.Running, ConnectorState.Paused, ConnectorState.Stopped];

    public static void Map(IEndpointRouteBuilder app, ConnectStore store)
    {
        MapConfig(app, store);
        MapLifecycle(app, store);
    }

    private static void MapConfig(IEndpointRouteBuilder app, ConnectStore store)
    {
        app.MapGet("/connectors", (HttpRequest r) => ListConnectors(store, r.Query["expand"]));
        app.MapPost("/connectors", async (HttpRequest r, HttpResponse response) =>
        {
            var body = await ReadObjectAsync(r);
            var name = Text(body["name"]) ?? "";
            var config = body["config"] is JsonObject c ? ReadConfig(c) : [];
            var (connector, _) = store.Put(name, config, allowReplace: false, ReadInitialState(Text(body["initial_state"])));
            response.Headers.Location = ConnectorLocation(r, name);
            return Json(Info(connector), StatusCodes.Status201Created);
        });
        app.MapGet("/connectors/{name}", (string name) => Json(Info(store.Get(name))));
        app.MapDelete("/connectors/{name}", (string name) =>
        {
            store.Delete(name);
            return Results.NoContent();
        });
        app.MapGet("/connectors/{name}/config", (string name) => Json(store.Get(name).Config));
        app.MapPut("/connectors/{name}/config", async (string name, HttpRequest r, HttpResponse response) =>
        {
            var (connector, created) = store.Put(name, ReadConfig(await ReadObjectAsync(r)), allowReplace: true, ConnectorState.Running);
            if (created) response.Headers.Location = ConnectorLocation(r, name);
            return Json(Info(connector), created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });
        app.MapMethods("/connectors/{name}/config", [HttpMethods.Patch], async (string name, HttpRequest r) =>
            Json(Info(store.Patch(name, ReadPatch(await ReadObjectAsync(r))))));
    }

    // Connect builds a relative "/connectors/{name}", which Jersey resolves against the request into an absolute URI.
    private static string ConnectorLocation(HttpRequest request, string name) =>
        $"{request.Scheme}://{request.Host}/connectors/{Uri.EscapeDataString(name)}";

    private static void MapLifecycle(IEndpointRouteBuilder app, ConnectStore store)
    {
        app.MapGet("/connectors/{name}/status", (string name) => Json(Status(store.Get(name), store.WorkerId)));
        app.MapPut("/connectors/{name}/pause", (string name) => MoveTo(store, name, ConnectorState.Paused, StatusCodes.Status202Accepted));
        app.MapPut("/connectors/{name}/resume", (string name) => MoveTo(store, name, ConnectorState.Running, StatusCodes.Status202Accepted));
        app.MapPut("/connectors/{name}/stop", (string name) => MoveTo(store, name, ConnectorState.Stopped, StatusCodes.Status204NoContent));
        app.MapPost("/connectors/{name}/restart", (string name, HttpRequest r) =>
            store.Restart(name, Flag(r, "includeTasks"), Flag(r, "onlyFailed")) is { } restarting
                ? Json(Status(restarting, store.WorkerId), StatusCodes.Status202Accepted)
                : Results.NoContent());
        app.MapGet("/connectors/{name}/tasks", (string name) =>
        {
            var connector = store.Get(name);
            return Json(connector.Tasks.Select(t => new TaskInfoDto(new TaskIdDto(name, t.Id), connector.Config)).ToList());
        });
        app.MapGet("/connectors/{name}/tasks/{task:int}/status", (string name, int task) => Json(TaskStatus(store.GetTask(name, task), store.WorkerId)));
        app.MapPost("/connectors/{name}/tasks/{task:int}/restart", (string name, int task) =>
        {
            store.RestartTask(name, task);
            return Results.NoContent();
        });
    }

    private static IResult ListConnectors(ConnectStore store, StringValues expand)
    {
        var names = store.Names();
        if (expand.Count == 0) return Json(names);
        return Json(names.ToDictionary(n => n, n =>
        {
            var connector = store.Get(n);
            return new ExpandedConnectorDto(
                expand.Contains("status") ? Status(connector, store.WorkerId) : null,
                expand.Contains("info") ? Info(connector) : null);
        }));
    }

    private static IResult MoveTo(ConnectStore store, string name, ConnectorState target, int status)
    {
        store.MoveTo(name, target);
        return Results.StatusCode(status);
    }

    private static ConnectorState ReadInitialState(string? value)
    {
        if (value is null) return ConnectorState.Running;
        foreach (var state in InitialStates)
            if (Wire(state).Equals(value, StringComparison.OrdinalIgnoreCase)) return state;
        throw ConnectErrors.BadRequest($"Invalid initial_state '{value}': expected RUNNING, PAUSED or STOPPED");
    }

    private static bool Flag(HttpRequest request, string name) => bool.TryParse(request.Query[name], out var value) && value;
}
