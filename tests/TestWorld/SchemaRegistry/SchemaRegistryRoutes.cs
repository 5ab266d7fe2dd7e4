using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static KPops.TestWorld.SchemaRegistry.SchemaRegistryWire;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>The Schema Registry REST endpoints, mapped onto a <see cref="SchemaRegistryStore"/>.</summary>
internal static class SchemaRegistryRoutes
{
    public static void Map(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        MapSubjects(app, store);
        MapSchemasAndCompatibility(app, store);
        MapConfig(app, store);
    }

    private static void MapSubjects(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        app.MapGet("/subjects", (HttpRequest r) => Ok(store.ListSubjects(Flag(r, "deleted"), r.Query["subjectPrefix"])));
        app.MapGet("/subjects/{subject}/versions", (string subject, HttpRequest r) =>
            Ok(store.ListVersions(subject, Flag(r, "deleted"))));
        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version, HttpRequest r) =>
            Ok(ToResponse(store.GetVersion(subject, ParseVersion(version), Flag(r, "deleted")))));
        app.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version, HttpRequest r) =>
            Results.Text(store.GetVersion(subject, ParseVersion(version), Flag(r, "deleted")).Definition.Schema, MediaType));
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest r) =>
            Ok(new RegisterResponse(store.Register(subject, await ReadSchemaRequestAsync(r), Flag(r, "normalize")).Id)));
        app.MapPost("/subjects/{subject}", async (string subject, HttpRequest r) =>
            Ok(ToResponse(store.Lookup(subject, await ReadSchemaRequestAsync(r), Flag(r, "normalize"), Flag(r, "deleted")))));
        app.MapDelete("/subjects/{subject}", (string subject, HttpRequest r) =>
            Ok(store.DeleteSubject(subject, Flag(r, "permanent"))));
        app.MapDelete("/subjects/{subject}/versions/{version}", (string subject, string version, HttpRequest r) =>
            Ok(store.DeleteVersion(subject, ParseVersion(version), Flag(r, "permanent"))));
    }

    private static void MapSchemasAndCompatibility(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        app.MapGet("/schemas/ids/{id:int}", (int id) => Ok(ToResponse(store.GetSchema(id))));
        app.MapGet("/schemas/ids/{id:int}/versions", (int id, HttpRequest r) =>
            Ok(store.VersionsOf(id, Flag(r, "deleted")).Select(v => new SubjectVersionResponse(v.Subject, v.Version)).ToList()));
        app.MapPost("/compatibility/subjects/{subject}/versions/{version}", async (string subject, string version, HttpRequest r) =>
        {
            var verdict = store.CheckCompatibility(subject, ParseVersion(version), await ReadSchemaRequestAsync(r));
            return Ok(new CompatibilityResponse(verdict.IsCompatible, Flag(r, "verbose") ? verdict.Messages : null));
        });
    }

    private static void MapConfig(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        app.MapGet("/config", () => Ok(new ConfigResponse(store.GlobalCompatibility)));
        app.MapPut("/config", async (HttpRequest r) =>
        {
            store.GlobalCompatibility = await ReadCompatibilityAsync(r);
            return Ok(new ConfigUpdateResponse(store.GlobalCompatibility));
        });
        app.MapGet("/config/{subject}", (string subject, HttpRequest r) =>
            Ok(new ConfigResponse(store.GetSubjectCompatibility(subject)
                ?? (Flag(r, "defaultToGlobal") ? store.GlobalCompatibility : throw SchemaRegistryErrors.SubjectCompatibilityNotFound(subject)))));
        app.MapPut("/config/{subject}", async (string subject, HttpRequest r) =>
        {
            store.SetSubjectCompatibility(subject, await ReadCompatibilityAsync(r));
            return Ok(new ConfigUpdateResponse(store.GetSubjectCompatibility(subject)!));
        });
        app.MapDelete("/config/{subject}", (string subject) =>
            Ok(new ConfigResponse(store.SetSubjectCompatibility(subject, null) ?? throw SchemaRegistryErrors.SubjectCompatibilityNotFound(subject))));
        app.MapGet("/mode", () => Ok(new ModeResponse("READWRITE")));
    }
}
