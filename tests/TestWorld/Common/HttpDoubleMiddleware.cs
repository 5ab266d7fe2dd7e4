using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Common;

/// <summary>
/// The request pipeline every HTTP double shares: logs each request, applies <see cref="FaultInjector"/>
/// rules and latency, and turns <see cref="HttpDoubleException"/>s, crashes and body-less error statuses
/// (unknown route, wrong method) into <see cref="HttpErrorBody"/> responses.
/// </summary>
internal sealed class HttpDoubleMiddleware(RequestDelegate next, HttpDoubleOptions options)
{
    // Jackson, which writes the real services' error bodies, escapes only what JSON requires: a message reads
    // "Subject 'x' not found." on the wire, not "Subject \u0027x\u0027 not found.".
    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Status logged for requests that got no response (dropped or aborted).</summary>
    private const int NoResponse = 0;

    public async Task InvokeAsync(HttpContext context)
    {
        var faults = options.Faults;
        if (faults.RefuseConnections)
        {
            // A keep-alive connection opened before refusal was switched on: drop it like a dead server would.
            context.Abort();
            return;
        }

        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var record = new RequestRecord(options.Service, request.Method, path,
            request.QueryString.HasValue ? request.QueryString.Value![1..] : null, request.ContentType,
            NoResponse, null, null, options.Log.NextSequence(), DateTimeOffset.UtcNow);

        // Logged when the response starts, i.e. before the client can see it, so tests never race the log.
        // Kestrel still "starts" a response after an abort; the flag keeps a dropped request from being logged twice.
        var logged = false;
        void LogOnce(int status)
        {
            if (logged) return;
            logged = true;
            options.Log.Add(record with { Status = status });
        }
        context.Response.OnStarting(() =>
        {
            LogOnce(context.Response.StatusCode);
            return Task.CompletedTask;
        });

        try
        {
            if (faults.Latency > TimeSpan.Zero) await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);

            var fault = faults.Match(request.Method, path);
            if (fault?.Action == FaultAction.Drop)
            {
                LogOnce(NoResponse);
                context.Abort();
                return;
            }

            await HandleAsync(context, fault).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogOnce(NoResponse);
        }
    }

    private async Task HandleAsync(HttpContext context, FaultRule? fault)
    {
        if (fault?.Action == FaultAction.Fail && options.WriteFault is { } writeFault)
        {
            context.Response.StatusCode = fault.Status;
            await writeFault(context, fault).ConfigureAwait(false);
            return;
        }
        if (fault?.Action == FaultAction.Fail)
        {
            await WriteErrorAsync(context, fault.Status, fault.ErrorCode ?? fault.Status,
                fault.Message ?? options.DefaultFaultMessage(fault.Status)).ConfigureAwait(false);
            return;
        }

        if (fault?.Action == FaultAction.Delay) await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (HttpDoubleException e) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, e.Status, e.ErrorCode, e.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            await WriteErrorAsync(context, 500, 500, e.Message).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentType is null)
            await WriteErrorAsync(context, response.StatusCode, response.StatusCode, HttpErrorBody.StatusMessage(response.StatusCode)).ConfigureAwait(false);
    }

    private Task WriteErrorAsync(HttpContext context, int status, int errorCode, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = options.ErrorContentType;
        return JsonSerializer.SerializeAsync(context.Response.Body, new HttpErrorBody(errorCode, message), ErrorJson, context.RequestAborted);
    }
}
