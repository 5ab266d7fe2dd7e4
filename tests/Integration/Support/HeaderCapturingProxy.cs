using System.Collections.Concurrent;
using KPops.TestWorld.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KPops.Tests.Integration.Support;

/// <summary>One request as the proxy saw it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path with query.</param>
/// <param name="Authorization">The Authorization header, or null.</param>
public sealed record CapturedRequest(string Method, string PathAndQuery, string? Authorization);

/// <summary>
/// A pass-through HTTP proxy in front of a double or a real service that records the Authorization header of every
/// request (the doubles' request logs do not keep headers). Clients are pointed at <see cref="Endpoint"/>.
/// </summary>
public sealed class HeaderCapturingProxy : IAsyncDisposable
{
    private static readonly string[] CopiedRequestHeaders = ["Accept", "Authorization"];

    private readonly HttpDoubleHost _host;
    private readonly HttpClient _forward;
    private readonly ConcurrentQueue<CapturedRequest> _requests;

    private HeaderCapturingProxy(HttpDoubleHost host, HttpClient forward, ConcurrentQueue<CapturedRequest> requests)
    {
        _host = host;
        _forward = forward;
        _requests = requests;
    }

    public string Endpoint => _host.Endpoint.ToString();

    public IReadOnlyList<CapturedRequest> Requests => _requests.ToList();

    public static async Task<HeaderCapturingProxy> StartAsync(string target)
    {
        var forward = new HttpClient { BaseAddress = new Uri(target.EndsWith('/') ? target : target + "/") };
        var requests = new ConcurrentQueue<CapturedRequest>();
        var host = await HttpDoubleHost.StartAsync(new HttpDoubleOptions
        {
            Service = "Proxy",
            Log = new RequestLog(),
            Faults = new FaultInjector(),
            MapRoutes = app => app.Map("/{**path}", (HttpContext context) => ForwardAsync(context, forward, requests)),
        });
        return new HeaderCapturingProxy(host, forward, requests);
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient forward, ConcurrentQueue<CapturedRequest> requests)
    {
        var incoming = context.Request;
        var pathAndQuery = (incoming.Path.Value ?? "/").TrimStart('/') + incoming.QueryString.Value;
        requests.Enqueue(new CapturedRequest(incoming.Method, "/" + pathAndQuery, incoming.Headers.Authorization.FirstOrDefault()));

        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), pathAndQuery);
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body);
        if (body.Length > 0 || incoming.ContentType is not null)
        {
            outgoing.Content = new ByteArrayContent(body.ToArray());
            if (incoming.ContentType is not null) outgoing.Content.Headers.TryAddWithoutValidation("Content-Type", incoming.ContentType);
        }
        foreach (var name in CopiedRequestHeaders)
            if (incoming.Headers.TryGetValue(name, out var values)) outgoing.Headers.TryAddWithoutValidation(name, values.ToArray());

        using var answer = await forward.SendAsync(outgoing, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        var bytes = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (answer.Content.Headers.ContentType is { } contentType) context.Response.ContentType = contentType.ToString();
        else if (bytes.Length > 0 || context.Response.StatusCode >= 400) context.Response.ContentType = "application/octet-stream";
        if (bytes.Length > 0) await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _forward.Dispose();
    }
}
