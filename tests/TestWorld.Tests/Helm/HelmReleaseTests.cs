using System.Text.Json.Nodes;
using KPops.TestWorld.ChartRepo;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>The release lifecycle of real helm against the Kubernetes double, run once per helm version.</summary>
public abstract class HelmReleaseTests(HelmWorldFixture world, string version, ITestOutputHelper output) : HelmTestBase(world, version, output)
{
    [Fact]
    public async Task Install_creates_the_resources_and_a_deployed_release()
    {
        var mark = Mark();

        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=hello")).EnsureSuccess();

        Assert.Equal("hello", Get("v1", "ConfigMap", "rel-generic-app")!["data"]!["greeting"]!.GetValue<string>());
        Assert.NotNull(Get("apps/v1", "Deployment", "rel-generic-app"));
        Assert.NotNull(Get("v1", "Service", "rel-generic-app"));
        Assert.Equal([("1", "deployed")], ReleaseSecrets("rel"));
        var requests = RequestsSince(mark);
        Assert.Contains(requests, r => r is { Method: "POST", ContentType: "application/vnd.kubernetes.protobuf" } && r.Path.EndsWith("/secrets", StringComparison.Ordinal));
        var deploymentWrite = Assert.Single(requests, r => r.IsMutating && r.Path.StartsWith($"/apis/apps/v1/namespaces/{Namespace}/deployments", StringComparison.Ordinal));
        if (IsHelm4)
        {
            Assert.Equal(("PATCH", "application/apply-patch+yaml", 201), (deploymentWrite.Method, deploymentWrite.ContentType, deploymentWrite.Status));
            Assert.Contains("fieldManager=helm", deploymentWrite.Query);
        }
        else
        {
            Assert.Equal(("POST", "application/json", 201), (deploymentWrite.Method, deploymentWrite.ContentType, deploymentWrite.Status));
        }
    }

    [Fact]
    public async Task Upgrading_an_existing_release_updates_its_resources()
    {
        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=hello")).EnsureSuccess();
        var mark = Mark();

        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=bye")).EnsureSuccess();

        Assert.Equal("bye", Get("v1", "ConfigMap", "rel-generic-app")!["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal([("1", "superseded"), ("2", "deployed")], ReleaseSecrets("rel"));
        var patch = Assert.Single(RequestsSince(mark), r => r.Method == "PATCH" && r.Path.EndsWith("/configmaps/rel-generic-app", StringComparison.Ordinal));
        Assert.Equal(IsHelm4 ? "application/apply-patch+yaml" : "application/strategic-merge-patch+json", patch.ContentType);
    }

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("--dry-run=server")]
    public async Task A_dry_run_sends_no_mutating_request(string dryRun)
    {
        var mark = Mark();

        var result = (await InstallAsync("rel", "generic-app", dryRun)).EnsureSuccess();

        Assert.Contains("kind: Deployment", result.StandardOutput);
        Assert.DoesNotContain(RequestsSince(mark), r => r.IsMutating);
        Assert.Null(Get("apps/v1", "Deployment", "rel-generic-app"));
    }

    [Fact]
    public async Task Status_list_and_history_describe_the_release()
    {
        (await InstallAsync("rel", "generic-app")).EnsureSuccess();
        (await InstallAsync("rel", "generic-app", "--set", "replicaCount=2")).EnsureSuccess();

        var status = (await RunAsync("status", "rel", "-n", Namespace)).EnsureSuccess();
        var list = JsonNode.Parse((await RunAsync("list", "-n", Namespace, "-o", "json")).EnsureSuccess().StandardOutput)!.AsArray();
        var history = JsonNode.Parse((await RunAsync("history", "rel", "-n", Namespace, "-o", "json")).EnsureSuccess().StandardOutput)!.AsArray();

        Assert.Contains("STATUS: deployed", status.StandardOutput);
        Assert.Contains("REVISION: 2", status.StandardOutput);
        var release = Assert.Single(list)!;
        Assert.Equal(("rel", "deployed", "generic-app-3.6.1"), (release["name"]!.GetValue<string>(), release["status"]!.GetValue<string>(), release["chart"]!.GetValue<string>()));
        Assert.Equal(["superseded", "deployed"], history.Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rollback_restores_the_previous_revision()
    {
        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=first")).EnsureSuccess();
        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=second")).EnsureSuccess();

        (await RunAsync("rollback", "rel", "1", "-n", Namespace)).EnsureSuccess();

        Assert.Equal("first", Get("v1", "ConfigMap", "rel-generic-app")!["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal([("1", "superseded"), ("2", "superseded"), ("3", "deployed")], ReleaseSecrets("rel"));
    }

    [Fact]
    public async Task Uninstall_removes_the_resources_and_the_release()
    {
        (await InstallAsync("rel", "generic-app")).EnsureSuccess();

        (await RunAsync("uninstall", "rel", "-n", Namespace)).EnsureSuccess();

        Assert.Null(Get("apps/v1", "Deployment", "rel-generic-app"));
        Assert.Null(Get("v1", "ConfigMap", "rel-generic-app"));
        Assert.Empty(Kube.List("apps/v1", "ReplicaSet", Namespace));
        Assert.Empty(ReleaseSecrets("rel"));
        var status = await RunAsync("status", "rel", "-n", Namespace);
        Assert.False(status.Succeeded);
        Assert.Contains("not found", status.StandardError);
    }

    [Fact]
    public async Task Uninstalling_a_missing_release_reports_release_not_found()
    {
        var result = await RunAsync("uninstall", "nothing", "-n", Namespace);

        Assert.False(result.Succeeded);
        Assert.Contains("release: not found", result.StandardError);
    }

    [Fact]
    public async Task Get_values_and_get_manifest_read_the_stored_release()
    {
        (await InstallAsync("rel", "generic-app", "--set", "config.greeting=hi")).EnsureSuccess();

        var values = JsonNode.Parse((await RunAsync("get", "values", "rel", "-n", Namespace, "-o", "json")).EnsureSuccess().StandardOutput)!;
        var manifest = (await RunAsync("get", "manifest", "rel", "-n", Namespace)).EnsureSuccess().StandardOutput;

        Assert.Equal("hi", values["config"]!["greeting"]!.GetValue<string>());
        Assert.Contains("kind: ConfigMap", manifest);
        Assert.Contains("greeting: \"hi\"", manifest);
    }

    [Fact]
    public async Task Template_renders_without_talking_to_the_cluster()
    {
        var mark = Mark();

        var result = (await RunAsync("template", "rel", ChartPath("streams-app"), "-n", Namespace, "--set", "kafka.outputTopic=out")).EnsureSuccess();

        Assert.Contains("value: \"out\"", result.StandardOutput);
        Assert.Empty(RequestsSince(mark));
    }

    [Fact]
    public async Task The_configmap_driver_stores_releases_in_protobuf_encoded_configmaps()
    {
        Helm.Environment["HELM_DRIVER"] = "configmap";
        var mark = Mark();

        (await InstallAsync("rel", "generic-app")).EnsureSuccess();
        (await InstallAsync("rel", "generic-app", "--set", "replicaCount=2")).EnsureSuccess();

        var releases = Kube.List("v1", "ConfigMap", Namespace, "owner=helm,name=rel");
        Assert.Equal(["deployed", "superseded"], releases.Select(r => r["metadata"]!["labels"]!["status"]!.GetValue<string>()).Order());
        Assert.Contains(RequestsSince(mark), r => r is { Method: "POST", ContentType: "application/vnd.kubernetes.protobuf" } && r.Path.EndsWith("/configmaps", StringComparison.Ordinal));
        Assert.Empty(Kube.List("v1", "Secret", Namespace, "owner=helm"));
    }

    [Fact]
    public async Task An_autoscaled_app_installs_and_upgrades_its_keda_scaled_object()
    {
        const string values = "autoscaling.enabled=true,kafka.applicationId=app,kafka.inputTopics={in},autoscaling.lagThreshold=";
        (await InstallAsync("rel", "streams-app", "--set", values + "100", "--wait", "--timeout", "30s")).EnsureSuccess();
        var mark = Mark();

        (await InstallAsync("rel", "streams-app", "--set", values + "500", "--wait", "--timeout", "30s")).EnsureSuccess();

        var trigger = Get("keda.sh/v1alpha1", "ScaledObject", "rel-streams-app-so")!["spec"]!["triggers"]![0]!["metadata"]!;
        Assert.Equal(("in", "500"), (trigger["topic"]!.GetValue<string>(), trigger["lagThreshold"]!.GetValue<string>()));
        // Helm 3 patches kinds it has no Go type for with a JSON merge patch instead of a strategic one.
        var patch = Assert.Single(RequestsSince(mark), r => r.Method == "PATCH" && r.Path.EndsWith("/scaledobjects/rel-streams-app-so", StringComparison.Ordinal));
        Assert.Equal(IsHelm4 ? "application/apply-patch+yaml" : "application/merge-patch+json", patch.ContentType);
    }

    [Fact]
    public async Task Capabilities_come_from_discovery_so_a_scheduled_producer_is_a_batch_v1_cronjob()
    {
        (await InstallAsync("rel", "producer-app", "--set", "schedule=0 1 * * *")).EnsureSuccess();

        Assert.NotNull(Get("batch/v1", "CronJob", "rel-producer-app"));
    }

    [Fact]
    public async Task The_release_secret_written_as_protobuf_is_readable_by_helm_and_the_state_api()
    {
        (await InstallAsync("rel", "generic-app")).EnsureSuccess();

        var secret = Assert.Single(Kube.List("v1", "Secret", Namespace, "owner=helm"));

        Assert.Equal("helm.sh/release.v1", secret["type"]!.GetValue<string>());
        Assert.Equal("sh.helm.release.v1.rel.v1", secret["metadata"]!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(secret["data"]!["release"]!.GetValue<string>()));
        Assert.Empty(Kube.ControllerErrors);
    }
}

public sealed class Helm3ReleaseTests(HelmWorldFixture world, ITestOutputHelper output)
    : HelmReleaseTests(world, HelmCli.Helm3Version, output), IClassFixture<HelmWorldFixture>;

public sealed class Helm4ReleaseTests(HelmWorldFixture world, ITestOutputHelper output)
    : HelmReleaseTests(world, HelmCli.Helm4Version, output), IClassFixture<HelmWorldFixture>;
