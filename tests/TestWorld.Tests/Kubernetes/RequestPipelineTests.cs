using System.Net;
using System.Text.Json.Nodes;
using KPops.TestWorld.Common;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>The controls every double shares, on the Kubernetes double: request log, faults, reset.</summary>
public sealed class RequestPipelineTests : IClassFixture<KubernetesFixture>, IDisposable
{
    private readonly KubernetesFixture _fixture;
    private readonly HttpClient _http;

    public RequestPipelineTests(KubernetesFixture fixture)
    {
        _fixture = fixture;
        fixture.Kube.Reset();
        _http = new HttpClient { BaseAddress = new Uri(fixture.Kube.Endpoint) };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Every_request_is_logged_with_method_path_query_content_type_and_status()
    {
        using var content = new StringContent("""{"metadata":{"name":"a"}}""", System.Text.Encoding.UTF8, "application/json");
        await _http.PostAsync("api/v1/namespaces/default/configmaps?fieldManager=t", content);
        await _http.GetAsync("api/v1/namespaces/default/configmaps/missing");

        var records = _fixture.Kube.Log.Records;

        Assert.Equal(2, records.Count);
        Assert.Equal(("Kubernetes", "POST", "/api/v1/namespaces/default/configmaps", "fieldManager=t", 201),
            (records[0].Service, records[0].Method, records[0].Path, records[0].Query, records[0].Status));
        Assert.StartsWith("application/json", records[0].ContentType);
        Assert.True(records[0].IsMutating);
        Assert.Equal(("GET", 404), (records[1].Method, records[1].Status));
        Assert.True(records[0].Sequence < records[1].Sequence);
    }

    [Fact]
    public async Task A_fail_rule_answers_a_status_with_the_given_code()
    {
        _fixture.Kube.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/configmaps$", Status = 503, Message = "etcd unavailable" });

        using var response = await _http.GetAsync("api/v1/namespaces/default/configmaps");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(("ServiceUnavailable", "etcd unavailable"), (status["reason"]!.GetValue<string>(), status["message"]!.GetValue<string>()));
        Assert.Equal(503, Assert.Single(_fixture.Kube.Log.Records).Status);
        using var next = await _http.GetAsync("api/v1/namespaces/default/configmaps");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_drop_rule_closes_the_connection()
    {
        _fixture.Kube.Faults.Add(new FaultRule { Action = FaultAction.Drop });

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync("version"));
        Assert.Equal(0, Assert.Single(_fixture.Kube.Log.Records).Status);
    }

    [Fact]
    public async Task A_delay_rule_and_latency_slow_requests_down()
    {
        _fixture.Kube.Faults.Add(new FaultRule { Action = FaultAction.Delay, Delay = TimeSpan.FromMilliseconds(200) });
        _fixture.Kube.Faults.Latency = TimeSpan.FromMilliseconds(100);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await _http.GetAsync("version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Refused_connections_fail_until_switched_back()
    {
        _fixture.Kube.Faults.RefuseConnections = true;
        using var refusedClient = new HttpClient { BaseAddress = new Uri(_fixture.Kube.Endpoint) };

        await Assert.ThrowsAsync<HttpRequestException>(() => refusedClient.GetAsync("version"));
        _fixture.Kube.Faults.RefuseConnections = false;
        using var response = await refusedClient.GetAsync("version");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reset_forgets_objects_log_and_faults_but_keeps_the_default_namespaces()
    {
        _fixture.Kube.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"x"}}""")!.AsObject());
        _fixture.Kube.Faults.Add(new FaultRule { Status = 500 });
        await _http.GetAsync("version");

        _fixture.Kube.Reset();

        Assert.Empty(_fixture.Kube.Log.Records);
        Assert.Null(_fixture.Kube.Get("v1", "ConfigMap", "x", "a"));
        Assert.Equal(["default", "kube-public", "kube-system"], _fixture.Kube.List("v1", "Namespace").Select(n => n["metadata"]!["name"]!.GetValue<string>()));
        using var response = await _http.GetAsync("version");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void The_kubeconfig_points_at_the_double_and_is_private()
    {
        var text = File.ReadAllText(_fixture.Kubeconfig);

        Assert.Contains($"server: http://127.0.0.1:{_fixture.Kube.Port}", text);
        Assert.Contains("current-context: testworld", text);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_fixture.Kubeconfig));
    }
}
