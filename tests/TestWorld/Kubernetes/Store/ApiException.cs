using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;

namespace KPops.TestWorld.Kubernetes.Store;

/// <summary>
/// A request the API server refuses, carrying what goes into the <c>Status</c> body. Clients classify errors by
/// <c>reason</c> (helm treats a bare 409 as Conflict, so AlreadyExists must say so), hence one factory per reason.
/// </summary>
internal sealed class ApiException : Exception
{
    private ApiException(int code, string reason, string message, JsonObject? details = null) : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>HTTP status.</summary>
    public int Code { get; }

    /// <summary><c>metav1.StatusReason</c>.</summary>
    public string Reason { get; }

    /// <summary><c>details</c> of the Status, if any.</summary>
    public JsonObject? Details { get; }

    /// <summary>The <c>Status</c> object for the response body.</summary>
    public JsonObject ToStatus() => StatusObject.Failure(Code, Reason, Message, Details);

    public static ApiException NotFound(ResourceKind kind, string name) =>
        new(404, "NotFound", $"{kind.QualifiedResource} \"{name}\" not found", ResourceDetails(kind, name));

    public static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException AlreadyExists(ResourceKind kind, string name) =>
        new(409, "AlreadyExists", $"{kind.QualifiedResource} \"{name}\" already exists", ResourceDetails(kind, name));

    public static ApiException Conflict(ResourceKind kind, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {kind.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            ResourceDetails(kind, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(ResourceKind kind, string name, string message) =>
        new(422, "Invalid", $"{kind.Kind} \"{name}\" is invalid: {message}",
            new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Kind });

    public static ApiException NamespaceTerminating(ResourceKind kind, string name, string @namespace) =>
        new(403, "Forbidden",
            $"{kind.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {@namespace} because it is being terminated",
            new JsonObject
            {
                ["name"] = name,
                ["group"] = kind.Group,
                ["kind"] = kind.Plural,
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "NamespaceTerminating",
                    ["message"] = $"namespace {@namespace} is being terminated",
                    ["field"] = "metadata.namespace",
                }),
            });

    /// <summary>What the server answers an apply patch without <c>?fieldManager=</c>.</summary>
    public static ApiException FieldManagerRequired() =>
        new(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            new JsonObject
            {
                ["group"] = "meta.k8s.io",
                ["kind"] = "PatchOptions",
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = "FieldValueRequired",
                    ["message"] = "Required value: is required for apply patch",
                    ["field"] = "fieldManager",
                }),
            });

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException UnsupportedMediaType(string? contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    private static JsonObject ResourceDetails(ResourceKind kind, string name) =>
        new() { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Plural };
}

/// <summary>Builds <c>metav1.Status</c> objects.</summary>
internal static class StatusObject
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }

    /// <summary>What a DELETE answers once the object is gone (details.kind holds the resource, as upstream does).</summary>
    public static JsonObject Success(ResourceKind kind, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Plural, ["uid"] = uid },
    };
}
