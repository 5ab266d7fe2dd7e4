using KPops.TestWorld.Common;

namespace KPops.TestWorld.SchemaRegistry;

/// <summary>The Schema Registry errors the double reports, with the real server's codes and messages.</summary>
internal static class SchemaRegistryErrors
{
    public static HttpDoubleException SubjectNotFound(string subject) => new(404, 40401, $"Subject '{subject}' not found.");

    public static HttpDoubleException VersionNotFound(int version) => new(404, 40402, $"Version {version} not found.");

    public static HttpDoubleException SchemaNotFound() => new(404, 40403, "Schema not found");

    public static HttpDoubleException SchemaIdNotFound(int id) => new(404, 40403, $"Schema {id} not found");

    public static HttpDoubleException SubjectSoftDeleted(string subject) =>
        new(404, 40404, $"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently");

    public static HttpDoubleException SubjectNotSoftDeleted(string subject) =>
        new(404, 40405, $"Subject '{subject}' was not deleted first before being permanently deleted");

    public static HttpDoubleException VersionSoftDeleted(string subject, int version) =>
        new(404, 40406, $"Subject '{subject}' Version {version} was soft deleted.Set permanent=true to delete permanently");

    public static HttpDoubleException VersionNotSoftDeleted(string subject, int version) =>
        new(404, 40407, $"Subject '{subject}' Version {version} was not deleted first before being permanently deleted");

    public static HttpDoubleException SubjectCompatibilityNotFound(string subject) =>
        new(404, 40408, $"Subject '{subject}' does not have subject-level compatibility configured");

    public static HttpDoubleException Incompatible(string subject, IEnumerable<string> messages) =>
        new(409, 40901, $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join(", ", messages)}]");

    public static HttpDoubleException InvalidSchema(string detail) => new(422, 42201, $"Invalid schema: {detail}");

    public static HttpDoubleException InvalidVersion(string version) =>
        new(422, 42202, $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static HttpDoubleException InvalidCompatibilityLevel() =>
        new(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");

    public static HttpDoubleException ReferenceExists(string subject, int version) =>
        new(422, 42206, $"One or more references exist to the schema {{subject={subject},version={version}}}.");

    public static HttpDoubleException BadRequest(string message) => new(400, message);

    public static HttpDoubleException UnsupportedMediaType() => new(415, HttpErrorBody.StatusMessage(415));
}
