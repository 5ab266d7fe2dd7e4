using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static KPops.TestWorld.Connect.ConnectWire;

namespace KPops.TestWorld.Connect;

/// <summary>Offsets (KIP-875) and active topics (KIP-558) of a connector.</summary>
internal static class ConnectorOffsetRoutes
{
    public static void Map(IEndpointRouteBuilder app, ConnectStore store)
    {
        app.MapGet("/connectors/{name}/offsets", (string name) => Json(new OffsetsDto(store.GetOffsets(name))));
        app.MapMethods("/connectors/{name}/offsets", [HttpMethods.Patch], async (string name, HttpRequest r) =>
        {
            store.AlterOffsets(name, ReadOffsets(await ReadObjectAsync(r)));
            return Json(new MessageDto("The offsets for this connector have been altered successfully"));
        });
        app.MapDelete("/connectors/{name}/offsets", (string name) =>
        {
            store.ResetOffsets(name);
            return Json(new MessageDto("The offsets for this connector have been reset successfully"));
        });
        app.MapGet("/connectors/{name}/topics", (string name) =>
            Json(new Dictionary<string, ActiveTopicsDto> { [name] = new(store.Get(name).ActiveTopics) }));
        app.MapPut("/connectors/{name}/topics/reset", (string name) =>
        {
            store.SetActiveTopics(name, []);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
    }
}
