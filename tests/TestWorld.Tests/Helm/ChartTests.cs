using System.Text.Json.Nodes;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Kubernetes.Api;
using Xunit;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>The test charts themselves: lint on both helm versions, and what they render (offline, helm template).</summary>
public sealed class ChartTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "kpops-chart-tests-" + Guid.NewGuid().ToString("N"));
    private readonly HelmCli _helm;

    public ChartTests() => _helm = new HelmCli(HelmCli.Locate(HelmCli.Helm4Version), _home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData(HelmCli.Helm3Version)]
    [InlineData(HelmCli.Helm4Version)]
    public async Task Every_chart_lints_cleanly(string version)
    {
        var helm = new HelmCli(HelmCli.Locate(version), Path.Combine(_home, version));

        var result = await helm.RunAsync(["lint", .. ChartPackager.Charts.Select(Chart)]);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"{ChartPackager.Charts.Count} chart(s) linted, 0 chart(s) failed", result.StandardOutput);
    }

    [Fact]
    public void The_kafka_charts_share_identical_helpers()
    {
        var helpers = ChartPackager.Charts.Where(c => c != "generic-app")
            .Select(c => File.ReadAllText(Path.Combine(Chart(c), "templates", "_helpers.tpl")))
            .Distinct()
            .ToList();

        Assert.Single(helpers);
    }

    [Theory]
    [InlineData("streams-app-cleanup-job", "false", "reset")]
    [InlineData("streams-app-cleanup-job", "true", "clean")]
    [InlineData("consumer-app-cleanup-job", "false", "reset")]
    [InlineData("consumer-app-cleanup-job", "true", "clean")]
    [InlineData("producer-app-cleanup-job", "false", "clean")]
    public async Task A_cleanup_job_resets_unless_asked_to_delete_the_output(string chart, string deleteOutput, string expected)
    {
        var job = Single(await RenderAsync(chart, "--set", $"kafka.deleteOutput={deleteOutput}"), "Job");

        Assert.Equal(expected, Container(job)["args"]![0]!.GetValue<string>());
        Assert.Equal((6, "OnFailure", 30), (job["spec"]!["backoffLimit"]!.GetValue<int>(),
            job["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>(), job["spec"]!["ttlSecondsAfterFinished"]!.GetValue<int>()));
    }

    [Fact]
    public async Task The_env_carries_the_kafka_values_as_streams_bootstrap_apps_read_them()
    {
        var deployment = Single(await RenderAsync("streams-app", "--set",
            "kafka.bootstrapServers=broker:9092,kafka.schemaRegistryUrl=http://sr:8081,kafka.inputTopics={a,b},kafka.labeledInputTopics.lab={c,d},"
            + "kafka.inputPattern=.*-in,kafka.labeledInputPatterns.lp=x.*,kafka.outputTopic=out,kafka.labeledOutputTopics.lo=t,kafka.errorTopic=err,"
            + "kafka.applicationId=app,kafka.config.max\\.poll\\.records=10,commandLine.MODE=fast,env.EXTRA=1,secrets.PASSWORD=pw"), "Deployment");

        var env = Env(deployment);

        Assert.Equal("APP_", env["ENV_PREFIX"]);
        Assert.Equal("broker:9092", env["APP_BOOTSTRAP_SERVERS"]);
        Assert.Equal("http://sr:8081", env["APP_SCHEMA_REGISTRY_URL"]);
        Assert.Equal("a,b", env["APP_INPUT_TOPICS"]);
        Assert.Equal("lab=c;d,", env["APP_LABELED_INPUT_TOPICS"]);
        Assert.Equal(".*-in", env["APP_INPUT_PATTERN"]);
        Assert.Equal("lp=x.*,", env["APP_LABELED_INPUT_PATTERNS"]);
        Assert.Equal("out", env["APP_OUTPUT_TOPIC"]);
        Assert.Equal("lo=t,", env["APP_LABELED_OUTPUT_TOPICS"]);
        Assert.Equal("err", env["APP_ERROR_TOPIC"]);
        Assert.Equal("app", env["APP_APPLICATION_ID"]);
        Assert.Equal("10", env["KAFKA_MAX_POLL_RECORDS"]);
        Assert.Equal("fast", env["APP_MODE"]);
        Assert.Equal("1", env["EXTRA"]);
        Assert.Equal("true", env["APP_VOLATILE_GROUP_INSTANCE_ID"]);
        Assert.Equal("app", deployment["metadata"]!["annotations"]!["consumerGroup"]!.GetValue<string>());
        Assert.True(env.ContainsKey("PASSWORD"));
    }

    [Fact]
    public async Task A_consumer_app_passes_its_group_id()
    {
        var deployment = Single(await RenderAsync("consumer-app", "--set", "kafka.groupId=grp"), "Deployment");

        Assert.Equal("grp", Env(deployment)["APP_GROUP_ID"]);
    }

    [Theory]
    [InlineData("", "", "rel-streams-app", "streams-app")]
    [InlineData("", "short", "short", "short")]
    [InlineData("full", "short", "full", "short")]
    public async Task Names_follow_fullnameOverride_then_nameOverride_then_release_and_chart(string fullnameOverride, string nameOverride, string name, string appName)
    {
        var deployment = Single(await RenderAsync("streams-app", "--set", $"fullnameOverride={fullnameOverride},nameOverride={nameOverride}"), "Deployment");

        Assert.Equal(name, deployment["metadata"]!["name"]!.GetValue<string>());
        var labels = deployment["metadata"]!["labels"]!;
        Assert.Equal((appName, "rel", "Helm", "streams-app-3.6.1"), (labels["app.kubernetes.io/name"]!.GetValue<string>(),
            labels["app.kubernetes.io/instance"]!.GetValue<string>(), labels["app.kubernetes.io/managed-by"]!.GetValue<string>(), labels["helm.sh/chart"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("deployment=false", "Job", "batch/v1")]
    [InlineData("schedule=0 1 * * *", "CronJob", "batch/v1")]
    [InlineData("deployment=true", "Deployment", "apps/v1")]
    public async Task A_producer_app_is_a_job_a_cronjob_or_a_deployment(string setting, string kind, string apiVersion)
    {
        var documents = await RenderAsync("producer-app", "--set", setting, "--api-versions", "batch/v1/CronJob");

        var workload = Assert.Single(documents);
        Assert.Equal((kind, apiVersion), (workload["kind"]!.GetValue<string>(), workload["apiVersion"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_the_cluster_a_cronjob_falls_back_to_batch_v1beta1_like_streams_bootstrap()
    {
        // helm template's default capabilities list group versions but not batch/v1/CronJob; a cluster's discovery does.
        var cronJob = Single(await RenderAsync("producer-app", "--set", "schedule=0 1 * * *"), "CronJob");

        Assert.Equal("batch/v1beta1", cronJob["apiVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stateful_streams_app_claims_datadir_storage()
    {
        var set = Single(await RenderAsync("streams-app", "--set", "statefulSet=true,persistence.enabled=true,persistence.size=2Gi,persistence.storageClass=-"), "StatefulSet");

        var template = set["spec"]!["volumeClaimTemplates"]![0]!;
        Assert.Equal("datadir", template["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("2Gi", template["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Equal("", template["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.False(Env(set).ContainsKey("APP_VOLATILE_GROUP_INSTANCE_ID"));
    }

    [Fact]
    public async Task Autoscaling_renders_a_keda_scaled_object_with_a_trigger_per_topic()
    {
        var documents = await RenderAsync("streams-app", "--set",
            "autoscaling.enabled=true,autoscaling.lagThreshold=100,kafka.applicationId=app,kafka.inputTopics={a},kafka.labeledInputTopics.l={b},autoscaling.internalTopics={app-c-repartition}");

        var scaled = Single(documents, "ScaledObject");
        Assert.Equal("keda.sh/v1alpha1", scaled["apiVersion"]!.GetValue<string>());
        Assert.Equal(["a", "app-c-repartition", "b"], scaled["spec"]!["triggers"]!.AsArray().Select(t => t!["metadata"]!["topic"]!.GetValue<string>()));
        Assert.Null(Single(documents, "Deployment")["spec"]!["replicas"]);
    }

    [Fact]
    public async Task The_generic_app_renders_a_deployment_a_service_and_its_config()
    {
        var documents = await RenderAsync("generic-app", "--set", "config.GREETING=hi");

        Assert.Equal(["ConfigMap", "Service", "Deployment"], documents.Select(d => d["kind"]!.GetValue<string>()));
        Assert.Equal("hi", Single(documents, "ConfigMap")["data"]!["GREETING"]!.GetValue<string>());
    }

    private static string Chart(string name) => Path.Combine(ChartPackager.SourceDirectory, name);

    private async Task<List<JsonObject>> RenderAsync(string chart, params string[] arguments)
    {
        var output = (await _helm.RunAsync(["template", "rel", Chart(chart), .. arguments])).EnsureSuccess().StandardOutput;
        return output.Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Select(YamlJson.Parse)
            .OfType<JsonObject>()
            .ToList();
    }

    private static JsonObject Single(List<JsonObject> documents, string kind) => Assert.Single(documents, d => d["kind"]!.GetValue<string>() == kind);

    private static JsonNode Container(JsonObject workload) => workload["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static Dictionary<string, string?> Env(JsonObject workload) =>
        Container(workload)["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
}
