using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>Writes answers. Always JSON: every client the double serves accepts it, protobuf-preferring ones included.</summary>
internal static class Responses
{
    public static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(Json.Serialize(body)), context.RequestAborted).AsTask();
    }

    public static Task TextAsync(HttpContext context, int status, string text, string contentType = "text/plain; charset=utf-8")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, ApiException error) => JsonAsync(context, error.Code, error.ToStatus());
}
