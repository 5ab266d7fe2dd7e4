using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace KPops.TestWorld.Common;

/// <summary>
/// The error body Kafka Connect and Schema Registry both send: <c>{"error_code":…,"message":…}</c>.
/// Tests can deserialize error responses into it.
/// </summary>
/// <param name="ErrorCode">Application error code (Connect: the HTTP status; Schema Registry: e.g. 40401).</param>
/// <param name="Message">Human-readable message.</param>
public sealed record HttpErrorBody(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>The message a JAX-RS server (Connect, Schema Registry) sends for a bare status, e.g. "HTTP 404 Not Found".</summary>
    public static string StatusMessage(int status) => $"HTTP {status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();
}

/// <summary>
/// An error a double's handler (or its C# state API) reports; the shared middleware turns it into an
/// <see cref="HttpErrorBody"/> response with <see cref="Status"/>.
/// </summary>
public sealed class HttpDoubleException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">HTTP status of the response.</param>
    /// <param name="errorCode">Application error code for the body.</param>
    /// <param name="message">Message for the body.</param>
    public HttpDoubleException(int status, int errorCode, string message) : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>Creates an error whose application code is the HTTP status (Connect style).</summary>
    public HttpDoubleException(int status, string message) : this(status, status, message) { }

    /// <summary>HTTP status of the response.</summary>
    public int Status { get; }

    /// <summary>Application error code in the body.</summary>
    public int ErrorCode { get; }
}
