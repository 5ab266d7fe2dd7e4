using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KPops.TestWorld.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace KPops.TestWorld.Tests.Common;

/// <summary>The shared HTTP plumbing, once, on a bare host with a few routes (each test starts its own host).</summary>
public sealed class HttpDoubleHostTests : IAsyncLifetime
{
    private readonly RequestLog _log = new();
    private readonly FaultInjector _faults = new();
    private HttpDoubleHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(_log);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // A fresh client per call means a fresh connection, so .NET never retries a dropped request behind our back.
    private HttpClient NewClient() => new() { BaseAddress = _host.Endpoint };

    private Task<HttpDoubleHost> StartAsync(RequestLog log) => HttpDoubleHost.StartAsync(new HttpDoubleOptions
    {
        Service = "Test",
        Log = log,
        Faults = _faults,
        MapRoutes = app =>
        {
            app.MapGet("/things", () => Results.Json(new[] { "a" }));
            app.MapGet("/teapot", () => { throw new HttpDoubleException(418, 41801, "short and stout"); });
            app.MapGet("/crash", () => { throw new InvalidOperationException("boom"); });
        },
    });

    [Fact]
    public void The_endpoint_is_a_loopback_url_with_a_trailing_slash()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", _host.Endpoint.ToString());
    }

    [Fact]
    public async Task Requests_are_logged_with_method_path_query_and_status()
    {
        using var http = NewClient();

        await http.GetAsync("things?x=1");

        var record = Assert.Single(_log.Records);
        Assert.Equal(("Test", "GET", "/things", "x=1", null, 200), (record.Service, record.Method, record.Path, record.Query, record.ContentType, record.Status));
    }

    [Fact]
    public async Task Fail_answers_the_status_with_an_error_body()
    {
        _faults.Add(new FaultRule { Method = "GET", PathPattern = "^/things$", Status = 503 });
        using var http = NewClient();

        var response = await http.GetAsync("things");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(new HttpErrorBody(503, "HTTP 503 Service Unavailable"), await response.Content.ReadFromJsonAsync<HttpErrorBody>());
        Assert.Equal(503, Assert.Single(_log.Records).Status);
    }

    [Fact]
    public async Task Fail_uses_the_rule_message_and_error_code()
    {
        _faults.Add(new FaultRule { Status = 500, ErrorCode = 50002, Message = "Operation timed out" });
        using var http = NewClient();

        var body = await (await http.GetAsync("things")).Content.ReadFromJsonAsync<HttpErrorBody>();

        Assert.Equal(new HttpErrorBody(50002, "Operation timed out"), body);
    }

    [Fact]
    public async Task Fail_hits_only_the_matching_request()
    {
        _faults.Add(new FaultRule { PathPattern = "^/things$", Nth = 2 });
        using var http = NewClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await http.GetAsync("things")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Drop_closes_the_connection_without_an_answer_and_logs_status_0()
    {
        _faults.Add(new FaultRule { Action = FaultAction.Drop });
        using var http = NewClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("things"));

        Assert.Equal(0, Assert.Single(_log.Records).Status);
    }

    [Fact]
    public async Task Delay_answers_normally_after_the_delay()
    {
        _faults.Add(new FaultRule { Action = FaultAction.Delay, Delay = TimeSpan.FromMilliseconds(300) });
        using var http = NewClient();
        var clock = Stopwatch.StartNew();

        var response = await http.GetAsync("things");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_delays_every_request()
    {
        _faults.Latency = TimeSpan.FromMilliseconds(150);
        using var http = NewClient();
        var clock = Stopwatch.StartNew();

        await http.GetAsync("things");
        await http.GetAsync("things");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task RefuseConnections_fails_new_connections_until_switched_off()
    {
        _faults.RefuseConnections = true;
        using (var refused = NewClient())
            await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync("things"));

        _faults.RefuseConnections = false;
        using var accepted = NewClient();

        Assert.Equal(HttpStatusCode.OK, (await accepted.GetAsync("things")).StatusCode);
        Assert.Single(_log.Records);
    }

    [Fact]
    public async Task RefuseConnections_drops_an_open_keep_alive_connection()
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = _host.Endpoint };
        await http.GetAsync("things");

        _faults.RefuseConnections = true;

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("things"));
    }

    [Fact]
    public async Task A_handler_error_becomes_an_error_body()
    {
        using var http = NewClient();

        var response = await http.GetAsync("teapot");

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal(new HttpErrorBody(41801, "short and stout"), await response.Content.ReadFromJsonAsync<HttpErrorBody>());
    }

    [Fact]
    public async Task A_crash_becomes_a_500_error_body()
    {
        using var http = NewClient();

        var response = await http.GetAsync("crash");

        Assert.Equal(new HttpErrorBody(500, "boom"), await response.Content.ReadFromJsonAsync<HttpErrorBody>());
    }

    [Fact]
    public async Task A_wrong_method_answers_405_with_an_error_body()
    {
        using var http = NewClient();

        var response = await http.DeleteAsync("things");

        Assert.Equal(new HttpErrorBody(405, "HTTP 405 Method Not Allowed"), await response.Content.ReadFromJsonAsync<HttpErrorBody>());
    }

    [Fact]
    public async Task Hosts_sharing_a_counter_number_requests_in_arrival_order()
    {
        var counter = new SequenceCounter();
        var firstLog = new RequestLog(counter);
        var secondLog = new RequestLog(counter);
        await using var first = await StartAsync(firstLog);
        await using var second = await StartAsync(secondLog);
        using var http = new HttpClient();

        await http.GetAsync(new Uri(first.Endpoint, "things"));
        await http.GetAsync(new Uri(second.Endpoint, "things"));

        Assert.True(Assert.Single(firstLog.Records).Sequence < Assert.Single(secondLog.Records).Sequence);
    }
}
