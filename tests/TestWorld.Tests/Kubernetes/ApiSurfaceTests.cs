using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>Discovery, version and OpenAPI answers, and errors, on the wire.</summary>
public sealed class ApiSurfaceTests : IClassFixture<KubernetesFixture>, IDisposable
{
    private readonly KubernetesFixture _fixture;
    private readonly HttpClient _http;

    public ApiSurfaceTests(KubernetesFixture fixture)
    {
        _fixture = fixture;
        fixture.Kube.Reset();
        _http = new HttpClient { BaseAddress = new Uri(fixture.Kube.Endpoint) };
    }

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("version")]
    [InlineData("version/")]
    public async Task Version_reports_the_kubernetes_version(string path)
    {
        var version = await GetJsonAsync(path);

        Assert.Equal("v1.33.0", version["gitVersion"]!.GetValue<string>());
        Assert.Equal("33", version["minor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Core_discovery_lists_v1()
    {
        var versions = await GetJsonAsync("api");

        Assert.Equal("APIVersions", versions["kind"]!.GetValue<string>());
        Assert.Equal("v1", versions["versions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Group_discovery_lists_every_served_group()
    {
        var groups = await GetJsonAsync("apis");

        var names = groups["groups"]!.AsArray().Select(g => g!["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        Assert.Equal(["apps/v1", "batch/v1", "keda.sh/v1alpha1", "apiextensions.k8s.io/v1"], names);
    }

    [Fact]
    public async Task Resource_discovery_has_kinds_scopes_verbs_and_subresources()
    {
        var resources = (await GetJsonAsync("apis/batch/v1"))["resources"]!.AsArray();
        var core = (await GetJsonAsync("api/v1"))["resources"]!.AsArray();

        var cronJobs = resources.Single(r => r!["name"]!.GetValue<string>() == "cronjobs")!;
        Assert.Equal(("CronJob", "cronjob", true), (cronJobs["kind"]!.GetValue<string>(), cronJobs["singularName"]!.GetValue<string>(), cronJobs["namespaced"]!.GetValue<bool>()));
        Assert.Contains("watch", cronJobs["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains(resources, r => r!["name"]!.GetValue<string>() == "jobs/status");
        Assert.Contains(core, r => r!["name"]!.GetValue<string>() == "pods/log");
        Assert.False(core.Single(r => r!["name"]!.GetValue<string>() == "namespaces")!["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_group_versions_are_not_found()
    {
        using var response = await _http.GetAsync("apis/nothing.example.com/v1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_v2_is_an_empty_document_with_a_content_type_go_can_parse()
    {
        using var response = await _http.GetAsync("openapi/v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task OpenApi_v3_has_no_paths()
    {
        var document = await GetJsonAsync("openapi/v3");

        Assert.Empty(document["paths"]!.AsObject());
    }

    [Fact]
    public async Task Unknown_paths_answer_a_NotFound_status()
    {
        using var response = await _http.GetAsync("apis/apps/v1/namespaces/default/gadgets");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("Status", "Failure", "NotFound", 404), (status["kind"]!.GetValue<string>(), status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_body_whose_kind_does_not_match_the_url_is_a_BadRequest()
    {
        using var content = new StringContent("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"}}""", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("api/v1/namespaces/default/configmaps", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"reason\":\"BadRequest\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unsupported_patch_type_is_UnsupportedMediaType()
    {
        _fixture.Kube.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""")!.AsObject());
        using var content = new StringContent("{}", Encoding.UTF8, "text/plain");

        using var response = await _http.PatchAsync("api/v1/namespaces/default/configmaps/a", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_apply_patch_may_be_yaml()
    {
        using var content = new StringContent("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  n: \"1\"\n  flag: 'true'\n", Encoding.UTF8, "application/apply-patch+yaml");

        using var response = await _http.PatchAsync("api/v1/namespaces/default/configmaps/y?fieldManager=test", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = _fixture.Kube.Get("v1", "ConfigMap", "default", "y")!;
        Assert.Equal(("1", "true"), (stored["data"]!["n"]!.GetValue<string>(), stored["data"]!["flag"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dry_run_apply_persists_nothing()
    {
        using var content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}""", Encoding.UTF8, "application/apply-patch+yaml");

        using var response = await _http.PatchAsync("api/v1/namespaces/default/configmaps/d?fieldManager=test&dryRun=All", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(_fixture.Kube.Get("v1", "ConfigMap", "default", "d"));
    }

    [Fact]
    public async Task Delete_collection_removes_the_selected_objects()
    {
        foreach (var (name, app) in new[] { ("a", "x"), ("b", "x"), ("c", "y") })
        {
            _fixture.Kube.Put(JsonNode.Parse($$"""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"{{name}}","labels":{"app":"{{app}}"} },"spec":{} }""")!.AsObject());
        }

        using var response = await _http.DeleteAsync("api/v1/namespaces/default/persistentvolumeclaims?labelSelector=app%3Dx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["c"], _fixture.Kube.List("v1", "PersistentVolumeClaim", "default").Select(o => o["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Writes_into_a_missing_namespace_create_it_unless_namespaces_are_required()
    {
        using var first = new StringContent("""{"metadata":{"name":"a"}}""", Encoding.UTF8, "application/json");
        using var second = new StringContent("""{"metadata":{"name":"a"}}""", Encoding.UTF8, "application/json");

        using var lenient = await _http.PostAsync("api/v1/namespaces/fresh/configmaps", first);
        _fixture.Kube.RequireExistingNamespaces = true;
        using var strict = await _http.PostAsync("api/v1/namespaces/other/configmaps", second);

        Assert.Equal(HttpStatusCode.Created, lenient.StatusCode);
        Assert.NotNull(_fixture.Kube.Get("v1", "Namespace", null, "fresh"));
        Assert.Equal(HttpStatusCode.NotFound, strict.StatusCode);
        Assert.Contains("namespaces \\\"other\\\" not found", await strict.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
