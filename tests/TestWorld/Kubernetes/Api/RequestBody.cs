using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Protobuf;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>Reads request bodies in the encodings clients send: JSON, YAML, and protobuf from typed clients.</summary>
internal static class RequestBody
{
    /// <summary>The media type of the request without parameters, lower-case; null when absent.</summary>
    public static string? MediaType(HttpRequest request) =>
        request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();

    /// <summary>The raw body.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>The body as a JSON node, decoded per its content type.</summary>
    /// <exception cref="ApiException">BadRequest for an empty or malformed body, UnsupportedMediaType for unknown encodings.</exception>
    public static async Task<JsonNode> ReadAsync(HttpRequest request)
    {
        var bytes = await ReadBytesAsync(request);
        if (bytes.Length == 0) throw ApiException.BadRequest("the request body is empty");
        var media = MediaType(request);
        try
        {
            switch (media)
            {
                case "application/vnd.kubernetes.protobuf":
                    return ProtobufBodyDecoder.Decode(bytes);
                case "application/yaml" or "application/apply-patch+yaml":
                    // kubectl and helm send JSON here despite the yaml content type; JSON is YAML anyway.
                    var text = Encoding.UTF8.GetString(bytes);
                    return (text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : YamlJson.Parse(text))
                        ?? throw ApiException.BadRequest("the request body is empty");
                case null or "application/json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json":
                    return JsonNode.Parse(bytes) ?? throw ApiException.BadRequest("the request body is null");
                default:
                    throw ApiException.UnsupportedMediaType(request.ContentType);
            }
        }
        catch (NotSupportedException)
        {
            throw ApiException.UnsupportedMediaType(request.ContentType);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw ApiException.BadRequest($"the request body could not be decoded: {e.Message}");
        }
    }

    /// <summary>The patch flavour named by the content type of a PATCH.</summary>
    public static PatchType PatchTypeOf(HttpRequest request) => MediaType(request) switch
    {
        "application/apply-patch+yaml" => PatchType.Apply,
        "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
        "application/merge-patch+json" => PatchType.Merge,
        "application/json-patch+json" => PatchType.Json,
        _ => throw ApiException.UnsupportedMediaType(request.ContentType),
    };

    /// <summary>
    /// The propagation policy of a DELETE: the query parameter, else a JSON DeleteOptions body. Other bodies
    /// (protobuf DeleteOptions from typed clients) are ignored, which means Background.
    /// </summary>
    public static async Task<PropagationPolicy> PropagationPolicyAsync(HttpRequest request)
    {
        string? policy = request.Query["propagationPolicy"];
        if (policy is null && MediaType(request) is null or "application/json")
        {
            var bytes = await ReadBytesAsync(request);
            if (bytes.Length > 0)
            {
                try { policy = Json.String(JsonNode.Parse(bytes), "propagationPolicy"); }
                catch (JsonException) { throw ApiException.BadRequest("the DeleteOptions body is not valid JSON"); }
            }
        }
        return policy switch
        {
            null or "" or "Background" => PropagationPolicy.Background,
            "Foreground" => PropagationPolicy.Foreground,
            "Orphan" => PropagationPolicy.Orphan,
            _ => throw ApiException.BadRequest($"unknown propagationPolicy \"{policy}\""),
        };
    }
}
