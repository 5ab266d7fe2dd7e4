using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KPops.Engine.Clients.Http;

/// <summary>A buffered HTTP answer: status and body text, read completely within the request timeout.</summary>
/// <param name="Method">The request method.</param>
/// <param name="Url">The request URL as shown in messages (no credentials).</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text (empty when there was none).</param>
internal sealed record RestResponse(string Method, string Url, int Status, string Body)
{
    private const int MaxQuotedBody = 300;

    /// <summary>2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The body as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? Json()
    {
        if (string.IsNullOrWhiteSpace(Body)) return null;
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The <c>error_code</c> of the error body Kafka Connect and Schema Registry send (<c>{"error_code","message"}</c>),
    /// or null when the body has none.
    /// </summary>
    public int? ErrorCode =>
        Json() is JsonObject o && o["error_code"] is JsonValue v && v.TryGetValue<int>(out var code) ? code : null;

    /// <summary>The server's explanation: the <c>message</c> of the error body, else the start of the body, else the reason phrase.</summary>
    public string ErrorMessage
    {
        get
        {
            if (Json() is JsonObject o && o["message"] is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
            var text = Body.Trim();
            if (text.Length == 0) return ReasonPhrase;
            return text.Length <= MaxQuotedBody ? text : text[..MaxQuotedBody] + "…";
        }
    }

    /// <summary>"404 Not Found".</summary>
    public string StatusText => $"{Status} {ReasonPhrase}".TrimEnd();

    private string ReasonPhrase =>
        Enum.IsDefined(typeof(HttpStatusCode), Status) ? SplitWords(((HttpStatusCode)Status).ToString()) : "";

    private static string SplitWords(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1]) ? " " + c : c.ToString()));
}
