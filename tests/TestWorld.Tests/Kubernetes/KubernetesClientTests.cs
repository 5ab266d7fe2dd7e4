using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>The double as KubernetesClient 21 sees it: CRUD, selectors, the patch types, errors and watches.</summary>
public sealed class KubernetesClientTests : IClassFixture<KubernetesFixture>
{
    private readonly KubernetesFixture _fixture;

    public KubernetesClientTests(KubernetesFixture fixture)
    {
        _fixture = fixture;
        fixture.Kube.Reset();
    }

    private IKubernetes Client => _fixture.Client;

    [Fact]
    public async Task Create_assigns_uid_resourceVersion_and_creationTimestamp()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("v", read.Data["k"]);
    }

    [Fact]
    public async Task Creating_an_existing_object_is_AlreadyExists()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content);
    }

    [Fact]
    public async Task Reading_a_missing_object_is_a_404_with_a_NotFound_status()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("missing", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", error.Response.Content);
        Assert.Contains("configmaps \\\"missing\\\" not found", error.Response.Content);
    }

    [Theory]
    [InlineData("app=kafka", "a")]
    [InlineData("app==kafka,tier!=web", "a")]
    [InlineData("app in (kafka,web)", "a,b")]
    [InlineData("app notin (kafka)", "b,c")]
    [InlineData("tier", "b")]
    [InlineData("!tier", "a,c")]
    public async Task List_filters_by_label_selector(string selector, string expected)
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new() { ["app"] = "kafka" }), "sel");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new() { ["app"] = "web", ["tier"] = "web" }), "sel");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "sel");

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("sel", labelSelector: selector);

        Assert.Equal(expected, string.Join(",", list.Items.Select(i => i.Metadata.Name)));
    }

    [Fact]
    public async Task List_filters_by_field_selector_on_the_name()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default");

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=b");

        Assert.Equal("b", Assert.Single(list.Items).Metadata.Name);
    }

    [Fact]
    public async Task List_across_all_namespaces_returns_objects_of_every_namespace()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new() { ["app"] = "x" }), "one");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new() { ["app"] = "x" }), "two");

        var list = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "app=x");

        Assert.Equal(["one/a", "two/b"], list.Items.Select(i => $"{i.Metadata.NamespaceProperty}/{i.Metadata.Name}"));
    }

    [Fact]
    public async Task Replace_with_the_current_resourceVersion_succeeds_and_with_a_stale_one_conflicts()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        created.Data["k"] = "2";
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");

        Assert.Equal("2", replaced.Data["k"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default"));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", error.Response.Content);
    }

    [Fact]
    public async Task Replace_without_a_resourceVersion_overwrites()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("a", data: new() { ["other"] = "x" }), "a", "default");

        Assert.Equal(["other"], replaced.Data.Keys);
    }

    [Fact]
    public async Task Merge_patch_sets_and_removes_keys()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", data: new() { ["a"] = "1", ["b"] = "2" }), "default");

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"9","b":null}}""", V1Patch.PatchType.MergePatch), "a", "default");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "9" }, patched.Data);
    }

    [Fact]
    public async Task Json_patch_applies_its_operations_in_order()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", data: new() { ["a"] = "1" }), "default");

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"add","path":"/data/c","value":"3"},{"op":"remove","path":"/data/a"}]""", V1Patch.PatchType.JsonPatch), "a", "default");

        Assert.Equal(new Dictionary<string, string> { ["c"] = "3" }, patched.Data);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", ("app", "app:1"), ("side", "side:1")), "default");

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "d", "default");

        Assert.Equal(["app=app:2", "side=side:1"], patched.Spec.Template.Spec.Containers.Select(c => $"{c.Name}={c.Image}"));
    }

    [Fact]
    public async Task Server_side_apply_creates_then_replaces_the_applied_fields()
    {
        var first = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "ssa" }, Data = new Dictionary<string, string> { ["x"] = "1" } };
        var second = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "ssa" }, Data = new Dictionary<string, string> { ["y"] = "2" } };

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(first, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "test", force: true);
        var applied = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(second, V1Patch.PatchType.ApplyPatch), "ssa", "default", fieldManager: "test", force: true);

        Assert.Equal(new Dictionary<string, string> { ["y"] = "2" }, applied.Data);
        var patches = _fixture.Kube.Log.Records.Where(r => r.Method == "PATCH").ToList();
        Assert.All(patches, r => Assert.StartsWith("application/apply-patch+yaml", r.ContentType));
        Assert.Equal([201, 200], patches.Select(r => r.Status));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_answers_a_success_status()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var status = await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        Assert.Equal("Success", status.Status);
        await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));
    }

    [Fact]
    public async Task A_dry_run_create_persists_nothing()
    {
        var answered = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", dryRun: "All");

        Assert.Equal("a", answered.Metadata.Name);
        Assert.Null(_fixture.Kube.Get("v1", "ConfigMap", "default", "a"));
    }

    [Fact]
    public async Task Generation_changes_with_the_spec_only()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", ("app", "app:1")), "default");
        var relabelled = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "d", "default");
        var scaled = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "d", "default");

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, relabelled.Metadata.Generation);
        Assert.Equal(2, scaled.Metadata.Generation);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_objects()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "doomed");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "kept");

        await Client.CoreV1.DeleteNamespaceAsync("doomed");

        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync("doomed")).Items);
        Assert.Single((await Client.CoreV1.ListNamespacedConfigMapAsync("kept")).Items);
        Assert.DoesNotContain("doomed", (await Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name));
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", ("app", "app:1")), "default");
        Assert.Single((await Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items);

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("d", "default");

        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items);
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_without_the_owner_reference()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", ("app", "app:1")), "default");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("d", "default", propagationPolicy: "Orphan");

        var replicaSet = Assert.Single((await Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items);
        Assert.Empty(replicaSet.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task Watch_reports_existing_objects_then_modifications_and_deletions()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), "watched");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<string>();

        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("watched", cancellationToken: cancel.Token))
        {
            events.Add($"{type} {item.Metadata.Name}");
            if (type == WatchEventType.Added)
            {
                await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "w", "watched");
                await Client.CoreV1.DeleteNamespacedConfigMapAsync("w", "watched");
            }
            if (type == WatchEventType.Deleted) break;
        }

        Assert.Equal(["Added w", "Modified w", "Deleted w"], events);
    }

    [Fact]
    public async Task WatchList_sends_initial_events_then_the_initial_events_end_bookmark()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "wl");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "wl");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<string>();

        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("wl", allowWatchBookmarks: true,
            resourceVersionMatch: "NotOlderThan", sendInitialEvents: true, cancellationToken: cancel.Token))
        {
            if (type != WatchEventType.Bookmark)
            {
                events.Add($"{type} {item.Metadata.Name}");
                continue;
            }
            events.Add($"{type} {item.Metadata.Annotations?["k8s.io/initial-events-end"]}");
            break;
        }

        Assert.Equal(["Added a", "Added b", "Bookmark true"], events);
    }

    [Fact]
    public async Task A_watch_from_a_resourceVersion_replays_only_later_changes()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "resume");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "a", "resume");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("resume", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: cancel.Token))
        {
            Assert.Equal(WatchEventType.Modified, type);
            Assert.Equal("2", item.Data["k"]);
            break;
        }
    }

    [Fact]
    public async Task Watches_that_allow_bookmarks_get_periodic_ones()
    {
        _fixture.Kube.WatchBookmarkInterval = TimeSpan.FromMilliseconds(50);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var (type, _) in Client.CoreV1.WatchListNamespacedConfigMapAsync("quiet", allowWatchBookmarks: true, cancellationToken: cancel.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            break;
        }
    }

    private static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null, Dictionary<string, string>? data = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = data ?? new Dictionary<string, string> { ["k"] = "v" },
    };

    internal static V1Deployment Deployment(string name, params (string Name, string Image)[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = containers.Select(c => new V1Container { Name = c.Name, Image = c.Image }).ToList() },
            },
        },
    };
}
