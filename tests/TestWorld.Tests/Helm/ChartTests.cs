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

    // ---- the streams-bootstrap 2.x-shaped charts ---------------------------------------------------------------

    [Theory]
    [InlineData(HelmCli.Helm3Version)]
    [InlineData(HelmCli.Helm4Version)]
    public async Task Every_v2_chart_lints_cleanly(string version)
    {
        var helm = new HelmCli(HelmCli.Locate(version), Path.Combine(_home, version));

        var result = await helm.RunAsync(["lint", .. ChartPackager.V2Charts.Select(V2Chart)]);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains($"{ChartPackager.V2Charts.Count} chart(s) linted, 0 chart(s) failed", result.StandardOutput);
    }

    [Fact]
    public void The_v2_charts_share_identical_helpers()
    {
        var helpers = ChartPackager.V2Charts.Select(c => File.ReadAllText(Path.Combine(V2Chart(c), "templates", "_helpers.tpl"))).Distinct().ToList();

        Assert.Single(helpers);
    }

    [Theory]
    [InlineData("streams-app-cleanup-job", "false")]
    [InlineData("streams-app-cleanup-job", "true")]
    public async Task A_v2_cleanup_job_passes_clean_up_and_delete_output_as_env_instead_of_a_command(string chart, string deleteOutput)
    {
        var job = Single(await RenderV2Async(chart, "--set", $"streams.brokers=b:9092,streams.deleteOutput={deleteOutput}"), "Job");

        var env = Env(job);
        Assert.Null(Container(job)["args"]);
        Assert.Equal("true", env["APP_CLEAN_UP"]);
        Assert.Equal(deleteOutput, env["APP_DELETE_OUTPUT"]);
    }

    [Fact]
    public async Task A_v2_producer_cleanup_job_has_no_delete_output_unless_the_values_set_it()
    {
        var env = Env(Single(await RenderV2Async("producer-app-cleanup-job", "--set", "streams.brokers=b:9092"), "Job"));

        Assert.Equal("true", env["APP_CLEAN_UP"]);
        Assert.False(env.ContainsKey("APP_DELETE_OUTPUT"));
    }

    [Fact]
    public async Task The_v2_env_carries_the_streams_values_with_extra_topics_as_2_x_apps_read_them()
    {
        var deployment = Single(await RenderV2Async("streams-app", "--set",
            "streams.brokers=broker:9092,streams.schemaRegistryUrl=http://sr:8081,streams.inputTopics={a,b},streams.extraInputTopics.lab={c,d},"
            + "streams.inputPattern=.*-in,streams.extraInputPatterns.lp=x.*,streams.outputTopic=out,streams.extraOutputTopics.lo=t,streams.errorTopic=err,"
            + "streams.config.max\\.poll\\.records=10,commandLine.MODE=fast"), "Deployment");

        var env = Env(deployment);

        Assert.Equal("broker:9092", env["APP_BROKERS"]);
        Assert.Equal("http://sr:8081", env["APP_SCHEMA_REGISTRY_URL"]);
        Assert.Equal("a,b", env["APP_INPUT_TOPICS"]);
        Assert.Equal("lab=c;d,", env["APP_EXTRA_INPUT_TOPICS"]);
        Assert.Equal(".*-in", env["APP_INPUT_PATTERN"]);
        Assert.Equal("lp=x.*,", env["APP_EXTRA_INPUT_PATTERNS"]);
        Assert.Equal("out", env["APP_OUTPUT_TOPIC"]);
        Assert.Equal("lo=t,", env["APP_EXTRA_OUTPUT_TOPICS"]);
        Assert.Equal("err", env["APP_ERROR_TOPIC"]);
        Assert.Equal("10", env["STREAMS_MAX_POLL_RECORDS"]);
        Assert.Equal("fast", env["APP_MODE"]);
        Assert.False(env.ContainsKey("APP_BOOTSTRAP_SERVERS"));
    }

    [Theory]
    [InlineData("", "bakdata-streams-app")]
    [InlineData("demo-app", "demo-app")]
    public async Task A_v2_app_is_named_by_its_name_override_alone_and_labeled_app_release_and_chart(string nameOverride, string name)
    {
        var arguments = nameOverride.Length == 0 ? Array.Empty<string>() : ["--set", "nameOverride=" + nameOverride];
        var deployment = Single(await RenderV2Async("streams-app", arguments), "Deployment");

        Assert.Equal(name, deployment["metadata"]!["name"]!.GetValue<string>());
        var labels = deployment["metadata"]!["labels"]!;
        Assert.Equal((name, "rel", "streams-app-2.9.0"), (labels["app"]!.GetValue<string>(), labels["release"]!.GetValue<string>(), labels["chart"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_consumer_group_of_a_v2_app_is_a_pod_annotation_from_autoscaling_unless_the_annotations_name_one()
    {
        var fromAutoscaling = Single(await RenderV2Async("streams-app-cleanup-job", "--set", "autoscaling.consumerGroup=auto"), "Job");
        var fromAnnotations = Single(await RenderV2Async("streams-app-cleanup-job", "--set", "autoscaling.consumerGroup=auto,annotations.consumerGroup=given"), "Job");

        Assert.Equal("auto", fromAutoscaling["spec"]!["template"]!["metadata"]!["annotations"]!["consumerGroup"]!.GetValue<string>());
        Assert.Equal("given", fromAnnotations["spec"]!["template"]!["metadata"]!["annotations"]!["consumerGroup"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_volumes_of_a_stateful_v2_app_are_selected_by_the_app_label()
    {
        var set = Single(await RenderV2Async("streams-app", "--set", "nameOverride=demo-app,statefulSet=true,persistence.enabled=true"), "StatefulSet");

        Assert.Equal("demo-app", set["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        Assert.Equal("1Gi", set["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "Job")]
    [InlineData("schedule=0 1 * * *", "CronJob")]
    public async Task A_v2_producer_is_a_job_or_a_cronjob(string setting, string kind)
    {
        var arguments = setting.Length == 0 ? Array.Empty<string>() : ["--set", setting];

        var workload = Assert.Single(await RenderV2Async("producer-app", arguments));

        Assert.Equal(kind, workload["kind"]!.GetValue<string>());
    }

    private static string V2Chart(string name) => Path.Combine(ChartPackager.V2SourceDirectory, name);

    private async Task<List<JsonObject>> RenderV2Async(string chart, params string[] arguments) => Parse(
        (await _helm.RunAsync(["template", "rel", V2Chart(chart), .. arguments])).EnsureSuccess().StandardOutput);

    private static string Chart(string name) => Path.Combine(ChartPackager.SourceDirectory, name);

    private async Task<List<JsonObject>> RenderAsync(string chart, params string[] arguments)
    {
        var output = (await _helm.RunAsync(["template", "rel", Chart(chart), .. arguments])).EnsureSuccess().StandardOutput;
        return Parse(output);
    }

    private static List<JsonObject> Parse(string output) =>
        output.Split("\n---", StringSplitOptions.RemoveEmptyEntries)
            .Select(YamlJson.Parse)
            .OfType<JsonObject>()
            .ToList();

    private static JsonObject Single(List<JsonObject> documents, string kind) => Assert.Single(documents, d => d["kind"]!.GetValue<string>() == kind);

    private static JsonNode Container(JsonObject workload) => workload["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static Dictionary<string, string?> Env(JsonObject workload) =>
        Container(workload)["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
}
