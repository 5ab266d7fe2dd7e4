using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static KPops.TestWorld.Connect.ConnectWire;

namespace KPops.TestWorld.Connect;

/// <summary>The worker root and the <c>/connector-plugins</c> resource.</summary>
internal static class ConnectClusterRoutes
{
    private const string KafkaVersion = "3.9.0";
    private const string KafkaCommit = "84caaa6e9da06435";

    public static void Map(IEndpointRouteBuilder app, ConnectStore store)
    {
        app.MapGet("/", () => Json(new ServerInfoDto(KafkaVersion, KafkaCommit, store.KafkaClusterId)));
        app.MapGet("/connector-plugins", () =>
            Json(store.Plugins.All.Select(p => new PluginDto(p.Class, Wire(p.Type), p.Version)).ToList()));
        app.MapPut("/connector-plugins/{pluginClass}/config/validate", async (string pluginClass, HttpRequest r) =>
        {
            var config = ReadConfig(await ReadObjectAsync(r));
            var included = config.GetValueOrDefault("connector.class");
            if (included is not null && !ConnectPlugins.Matches(included, pluginClass))
                throw ConnectErrors.BadRequest($"Included connector type {included} does not match request type {pluginClass}");
            var plugin = store.Plugins.Resolve(included ?? throw ConnectErrors.NoConnectorType(config));
            return Json(ConnectConfigValidator.Validate(plugin, config));
        });
    }
}
