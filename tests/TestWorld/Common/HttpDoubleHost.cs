using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KPops.TestWorld.Common;

/// <summary>What an HTTP double needs from <see cref="HttpDoubleHost"/>: its name, controls, error format and routes.</summary>
public sealed record HttpDoubleOptions
{
    /// <summary>Service name written into every <see cref="RequestRecord"/>.</summary>
    public required string Service { get; init; }

    /// <summary>Where requests are logged.</summary>
    public required RequestLog Log { get; init; }

    /// <summary>Faults applied before a request reaches the routes.</summary>
    public required FaultInjector Faults { get; init; }

    /// <summary>Maps the double's minimal-API routes.</summary>
    public Action<IEndpointRouteBuilder>? MapRoutes { get; init; }

    /// <summary>Handles every request no route matched (doubles that dispatch by themselves, e.g. Kubernetes).</summary>
    public RequestDelegate? Handler { get; init; }

    /// <summary>Writes the response of an injected <see cref="FaultAction.Fail"/> in the service's own error format (status already set); the standard error body when null.</summary>
    public Func<HttpContext, FaultRule, Task>? WriteFault { get; init; }

    /// <summary>Content type of error bodies (Schema Registry uses its own vendor type).</summary>
    public string ErrorContentType { get; init; } = "application/json";

    /// <summary>Message of an injected failure whose rule has none, by HTTP status.</summary>
    public Func<int, string> DefaultFaultMessage { get; init; } = HttpErrorBody.StatusMessage;
}

/// <summary>
/// Runs an HTTP double: Kestrel on <c>127.0.0.1</c> with a free port, the shared logging/fault middleware
/// (<see cref="HttpDoubleMiddleware"/>) in front of the routes the double maps, and connection refusal
/// (<see cref="FaultInjector.RefuseConnections"/>) at the connection level.
/// </summary>
public sealed class HttpDoubleHost : IAsyncDisposable
{
    // Short, so that disposing a host with a request stuck in an injected delay does not stall a test run.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;

    private HttpDoubleHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Base URL with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The port Kestrel picked.</summary>
    public int Port => Endpoint.Port;

    /// <summary>Starts a host and returns once it accepts connections.</summary>
    public static async Task<HttpDoubleHost> StartAsync(HttpDoubleOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
                listen.Use(next => connection =>
                {
                    if (!options.Faults.RefuseConnections) return next(connection);
                    connection.Abort();
                    return Task.CompletedTask;
                }));
        });

        var app = builder.Build();
        app.UseMiddleware<HttpDoubleMiddleware>(options);
        options.MapRoutes?.Invoke(app);
        if (options.Handler is { } handler) app.Run(handler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new HttpDoubleHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops Kestrel and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
