using KPops.Engine.Lifecycle;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// -WhatIf (runs of dry-run items): every operation reads, renders and compares, writes plan results with diffs, and
/// sends no change to any service — only reads, helm's dry-run traffic and Connect's config validation.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class WhatIfLifecycleTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task WhatIf_deploy_plans_creation_and_later_updates_with_diffs_and_changes_nothing(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);

        var plan = await RunAsync(Operation.Deploy, pipeline, dryRun: true);

        plan.EnsureSuccess();
        AssertNothingChanged(plan);
        Assert.All(plan.Results, r => Assert.Equal(StepAction.WouldCreate, r.Action));
        Assert.Equal(21, plan.Results.Count);
        Assert.Contains("+ partitions: 3", plan.Result("producer", ResourceKind.Topic).Diff, StringComparison.Ordinal);
        var topic = plan.Result("streams", ResourceKind.Topic, Topic("streams")).Diff!;
        Assert.Contains("+ partitions: 2", topic, StringComparison.Ordinal);
        Assert.Contains("cleanup.policy", topic, StringComparison.Ordinal);
        Assert.Contains("will be submitted", plan.Result("streams", ResourceKind.Subject, Topic("streams") + "-key").Message, StringComparison.Ordinal);
        // Release diffs: one section per resource, under a header naming kind and name.
        Assert.StartsWith($"--- Job/{Full("producer")} added\n", plan.Result("producer", ResourceKind.HelmRelease).Diff, StringComparison.Ordinal);
        Assert.Contains($"--- CronJob/{Full("cron-producer")} added", plan.Result("cron-producer", ResourceKind.HelmRelease).Diff, StringComparison.Ordinal);
        Assert.Contains($"--- Deployment/{Full("streams")} added", plan.Result("streams", ResourceKind.HelmRelease).Diff, StringComparison.Ordinal);
        Assert.Contains($"--- StatefulSet/{Full("stateful")} added", plan.Result("stateful", ResourceKind.HelmRelease).Diff, StringComparison.Ordinal);
        var web = plan.Result("web", ResourceKind.HelmRelease).Diff!;
        foreach (var kind in new[] { "ConfigMap", "Service", "Deployment" }) Assert.Contains($"--- {kind}/{Full("web")} added", web, StringComparison.Ordinal);
        Assert.Contains("+ redis.hosts: redis:6379", plan.Result("sink", ResourceKind.Connector).Diff, StringComparison.Ordinal);
        Assert.Contains(plan.Requests, r => r is { Service: "Connect", Method: "PUT", Path: "/connector-plugins/RedisSinkConnector/config/validate" });
        // Nothing exists afterwards.
        Assert.Empty(Releases());
        Assert.Equal([ExternalTopic], Topics());
        Assert.Empty(Subjects());
        Assert.Empty(Connectors());

        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        var changed = Load(helm, environment: "changed");

        var update = await RunAsync(Operation.Deploy, changed, dryRun: true);

        update.EnsureSuccess();
        AssertNothingChanged(update);
        var release = update.Result("streams", ResourceKind.HelmRelease);
        Assert.Equal(StepAction.WouldUpdate, release.Action);
        Assert.StartsWith($"--- Deployment/{Full("streams")} changed\n", release.Diff, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", release.Diff, StringComparison.Ordinal);
        var topicUpdate = update.Result("streams", ResourceKind.Topic, Topic("streams"));
        Assert.Equal(StepAction.WouldUpdate, topicUpdate.Action);
        Assert.Contains("3600000", topicUpdate.Diff, StringComparison.Ordinal);
        Assert.Equal(StepAction.WouldUpdate, update.Result("streams", ResourceKind.Subject, Topic("streams") + "-value").Action);
        var connector = update.Result("sink", ResourceKind.Connector);
        Assert.Equal(StepAction.WouldUpdate, connector.Action);
        Assert.Contains("redis-2:6379", connector.Diff, StringComparison.Ordinal);
        var pause = update.Result("source", ResourceKind.Connector);
        Assert.Equal((StepAction.WouldUpdate, null, "State RUNNING → PAUSED."), (pause.Action, pause.Diff, pause.Message));
        // Everything else is as deployed.
        Assert.All(update.Results.Where(r => r.Component is not "streams" and not "sink" && r.Kind != ResourceKind.Connector), r => Assert.Equal(StepAction.Unchanged, r.Action));
        Assert.Equal(StepAction.Unchanged, update.Result("streams", ResourceKind.Subject, Topic("streams") + "-key").Action);
        // Still as deployed.
        Assert.Equal(1, Workload("Deployment", Full("streams"))!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("86400000", TopicState(Topic("streams")).Configs["retention.ms"]);
        Assert.Single(D.SchemaRegistry.GetVersions(Topic("streams") + "-value"));
        Assert.Equal("redis:6379", D.Connect.GetConnector(Full("sink"))!.Config["redis.hosts"]);
        Assert.Equal(ConnectorState.Running, D.Connect.GetConnector(Full("source"))!.State);

        // Deployed for real, the changed pipeline does what the plan said, and nothing else.
        var deploy = (await RunAsync(Operation.Deploy, changed)).EnsureSuccess();

        Assert.Equal(["Topic Updated", "Topic Unchanged", "Topic Unchanged", "Subject Unchanged", "Subject Updated", "Subject Unchanged", "HelmRelease Updated"], deploy.Actions("streams"));
        Assert.Equal(["Topic Unchanged", "Connector Updated"], deploy.Actions("sink"));
        Assert.Equal(["Topic Unchanged", "Subject Unchanged", "Connector Updated"], deploy.Actions("source"));
        Assert.All(deploy.Results.Where(r => r.Component is not "streams" and not "sink" && r.Kind is not ResourceKind.HelmRelease and not ResourceKind.Connector), r => Assert.Equal(StepAction.Unchanged, r.Action));
        // The sink's config is replaced; the source, whose config is as it was, is only paused.
        Assert.Equal(
            [$"PUT /connectors/{Full("sink")}/config", $"PUT /connectors/{Full("source")}/pause"],
            deploy.Requests.Where(r => r.Service == "Connect" && r.IsMutating).Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(ConnectorState.Paused, D.Connect.GetConnector(Full("source"))!.State);
        Assert.Equal(2, Workload("Deployment", Full("streams"))!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "3600000" }, TopicState(Topic("streams")).Configs);
        Assert.Equal(2, D.SchemaRegistry.GetVersions(Topic("streams") + "-value").Count);
        Assert.Equal("redis-2:6379", D.Connect.GetConnector(Full("sink"))!.Config["redis.hosts"]);
        Assert.Equal(ConnectorState.Running, D.Connect.GetConnector(Full("sink"))!.State);
        Assert.Equal(Deployed(HelmComponents), Releases());
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task WhatIf_destroy_reset_and_clean_plan_every_step_and_change_nothing(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline)).EnsureSuccess();
        Kafka.CommitOffset("connect-" + Full("sink"), Topic("stateful"), 0, 3);
        var state = Snapshot();

        var destroy = await RunAsync(Operation.Destroy, pipeline, dryRun: true);
        var reset = await RunAsync(Operation.Reset, pipeline, dryRun: true);
        var clean = await RunAsync(Operation.Clean, pipeline, dryRun: true);

        foreach (var run in new[] { destroy, reset, clean })
        {
            run.EnsureSuccess();
            AssertNothingChanged(run);
            Assert.All(run.Results, r => Assert.True(r.IsPlan || r.Action == StepAction.NotFound, $"{r} is no plan"));
        }
        Assert.Equal(Snapshot(), state);
        Assert.Empty(World.EffectsLog);

        Assert.Equal(AllComponents.Reverse(), destroy.Results.Select(r => r.Component));
        Assert.All(destroy.Results, r => Assert.Equal(StepAction.WouldDelete, r.Action));

        Assert.Equal(["Connector WouldReset", "Connector WouldDelete"], reset.Actions("sink"));
        Assert.Contains($"connect-{Full("sink")} would be reset", reset.Results.First(r => r.Component == "sink").Message, StringComparison.Ordinal);
        Assert.Equal(["HelmRelease WouldDelete", "CleanupJob WouldRun"], reset.Actions("streams"));
        Assert.Equal(["HelmRelease WouldDelete"], reset.Actions("producer"));
        var job = reset.Result("streams", ResourceKind.CleanupJob);
        Assert.StartsWith($"--- Job/{Full("streams")}-clean added\n", job.Diff, StringComparison.Ordinal);
        Assert.Contains("deleteOutput=false", job.Message, StringComparison.Ordinal);

        Assert.Equal(["HelmRelease WouldDelete", "CleanupJob WouldRun", "Pvc WouldDelete"], clean.Actions("stateful"));
        Assert.Equal($"datadir-{Full("stateful")}-0", clean.Result("stateful", ResourceKind.Pvc).Resource);
        Assert.Contains("deleteOutput=true", clean.Result("streams", ResourceKind.CleanupJob).Message, StringComparison.Ordinal);
        Assert.Equal(["HelmRelease WouldDelete", "CleanupJob WouldRun"], clean.Actions("producer"));
        Assert.Equal(
            ["Connector WouldReset", "Connector WouldDelete", "ConsumerGroup WouldDelete", "Subject NotFound", "Subject NotFound", "Topic WouldDelete"],
            clean.Actions("sink"));
        Assert.Equal(["Connector WouldReset", "Connector WouldDelete", "Subject WouldDelete", "Subject NotFound", "Topic WouldDelete"], clean.Actions("source"));
    }

    /// <summary>Everything a run could change, as one comparable text.</summary>
    private string Snapshot() => string.Join('\n',
        string.Join(",", Releases().OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}")),
        string.Join(",", WorkloadsPresent()),
        string.Join(",", Claims("stateful")),
        string.Join(",", Kafka.Topics.Select(t => $"{t.Name}:{t.PartitionCount}:{string.Join(';', t.Configs.OrderBy(c => c.Key, StringComparer.Ordinal))}")),
        string.Join(",", Kafka.Groups.Select(g => $"{g.GroupId}:{GroupOffsets(g.GroupId)}")),
        string.Join(",", D.SchemaRegistry.GetSubjects(includeDeleted: true).Select(s => $"{s}:{D.SchemaRegistry.GetVersions(s, includeDeleted: true).Count}")),
        string.Join(",", Connectors().Select(c => D.Connect.GetConnector(c)!).Select(c => $"{c.Name}:{c.State}:{c.Config.Count}")));
}
