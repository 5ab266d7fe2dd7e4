using System.Net;
using KPops.TestWorld.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KPops.TestWorld.Hosting;

/// <summary>
/// Kestrel on <c>127.0.0.1:0</c> with the request pipeline every HTTP double shares: connection refusal, latency,
/// fault rules and the request log. The double only supplies its handler and the body of an injected failure.
/// </summary>
internal sealed class HttpDoubleHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpDoubleHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The loopback port Kestrel listens on.</summary>
    public int Port { get; }

    /// <summary>The base URL, with a trailing slash.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}/";

    /// <summary>Starts the host.</summary>
    /// <param name="service">Service name written into every <see cref="RequestRecord"/>.</param>
    /// <param name="log">Where requests are recorded.</param>
    /// <param name="faults">Fault table consulted for every request.</param>
    /// <param name="handler">The double's own request handling.</param>
    /// <param name="writeFailure">Writes the response for a <see cref="FaultAction.Fail"/> rule (status already set).</param>
    public static async Task<HttpDoubleHost> StartAsync(
        string service,
        RequestLog log,
        FaultInjector faults,
        RequestDelegate handler,
        Func<HttpContext, FaultRule, Task> writeFailure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Long-running watches must not hold up disposal.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
            {
                if (faults.RefuseConnections)
                {
                    connection.Abort();
                    return;
                }
                await next(connection);
            }));
        });

        var app = builder.Build();
        app.Use(async (context, next) => await HandleAsync(context, next, service, log, faults, writeFailure));
        app.Run(handler);
        await app.StartAsync();

        // With port 0 the bound address is only known once Kestrel runs.
        return new HttpDoubleHost(app, new Uri(app.Urls.Single()).Port);
    }

    private static async Task HandleAsync(
        HttpContext context,
        RequestDelegate next,
        string service,
        RequestLog log,
        FaultInjector faults,
        Func<HttpContext, FaultRule, Task> writeFailure)
    {
        var request = context.Request;
        var sequence = log.NextSequence();
        var at = DateTimeOffset.UtcNow;
        var logged = 0;
        void Record(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) == 1) return;
            var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : null;
            log.Add(new RequestRecord(service, request.Method, request.Path.Value ?? "/", query, request.ContentType,
                status, null, null, sequence, at));
        }

        // Recorded when the response starts, so a streaming response (a watch) is in the log while it runs.
        context.Response.OnStarting(() =>
        {
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (faults.RefuseConnections)
            {
                Record(0);
                context.Abort();
                return;
            }
            var latency = faults.Latency;
            if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);

            var rule = faults.Match(request.Method, request.Path.Value ?? "/");
            switch (rule?.Action)
            {
                case FaultAction.Drop:
                    Record(0);
                    context.Abort();
                    return;
                case FaultAction.Fail:
                    context.Response.StatusCode = rule.Status;
                    await writeFailure(context, rule);
                    return;
                case FaultAction.Delay:
                    await Task.Delay(rule.Delay, context.RequestAborted);
                    break;
            }
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
        finally
        {
            Record(context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 0 : context.Response.StatusCode);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
