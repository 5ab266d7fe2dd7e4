using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>
/// Batched topic calls: a run's topics are described in one call, the missing topics of the components that start
/// together are created in one call, and results and errors stay per topic and component, as without batching.
/// </summary>
public sealed class TopicBatchTests : LifecycleTestBase
{
    // x, y and z read nothing, so they start together; w reads x's output and starts after x.
    private const string Wide = """
        - type: producer-app
          name: x
          to:
            topics:
              x1:
                type: output
              x2: {}
        - type: producer-app
          name: y
          to:
            topics:
              y1:
                type: output
              y2: {}
        - type: producer-app
          name: z
          to:
            topics:
              z1: {}
        - type: streams-app
          name: w
          from:
            components:
              x:
                type: input
          to:
            topics:
              w1: {}
        """;

    public TopicBatchTests() => World.Kafka.Batches = true;

    private List<string> KafkaCalls(string method) =>
        World.CallLines(Service.Kafka).Where(c => c.StartsWith("Kafka." + method + " ", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Parallel_deploy_describes_every_topic_once_and_creates_the_topics_of_components_that_start_together_at_once()
    {
        var outcome = (await RunAsync(Operation.Deploy, Load(Wide), parallel: true)).Succeeded();

        Assert.Equal(["Kafka.DescribeTopics x1,x2,y1,y2,z1,w1"], KafkaCalls("DescribeTopics"));
        Assert.Equal(["Kafka.CreateTopics x1,x2,y1,y2,z1", "Kafka.CreateTopics w1"], KafkaCalls("CreateTopics"));
        Assert.Empty(KafkaCalls("DescribeTopic"));
        Assert.Empty(KafkaCalls("CreateTopic"));
        Assert.All(outcome.Results.Where(r => r.Kind == ResourceKind.Topic), r => Assert.Equal(StepAction.Created, r.Action));
        Assert.Equal(6, outcome.Results.Count(r => r.Kind == ResourceKind.Topic));
    }

    [Fact]
    public async Task Sequential_deploy_describes_every_topic_once_and_creates_each_components_topics_at_once_before_its_release()
    {
        (await RunAsync(Operation.Deploy, Load(Wide))).Succeeded();

        Assert.Single(KafkaCalls("DescribeTopics"));
        Assert.Equal(["Kafka.CreateTopics x1,x2", "Kafka.CreateTopics y1,y2", "Kafka.CreateTopics z1", "Kafka.CreateTopics w1"], KafkaCalls("CreateTopics"));
        var calls = World.CallLines();
        Assert.True(calls.IndexOf("Kafka.CreateTopics y1,y2") < calls.IndexOf("Helm.UpgradeInstall demo-y"), string.Join("\n", calls));
        Assert.True(calls.IndexOf("Helm.UpgradeInstall demo-x") < calls.IndexOf("Kafka.CreateTopics y1,y2"), string.Join("\n", calls));
    }

    [Fact]
    public async Task A_second_deploy_describes_once_and_creates_nothing()
    {
        var pipeline = Load(Wide);
        (await RunAsync(Operation.Deploy, pipeline, parallel: true)).Succeeded();
        World.ClearCalls();

        var outcome = (await RunAsync(Operation.Deploy, pipeline, parallel: true)).Succeeded();

        Assert.Equal(["Kafka.DescribeTopics x1,x2,y1,y2,z1,w1"], World.CallLines(Service.Kafka).Where(c => c.Contains("Topic", StringComparison.Ordinal)));
        Assert.All(outcome.Results.Where(r => r.Kind == ResourceKind.Topic), r => Assert.Equal(StepAction.Unchanged, r.Action));
    }

    [Fact]
    public async Task Parallel_deploy_changes_the_configs_of_topics_of_components_that_start_together_at_once()
    {
        World.Kafka.AddTopic("x1", 1, 1, new Dictionary<string, string> { ["retention.ms"] = "5" });
        World.Kafka.AddTopic("y2", 1, 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
        World.Kafka.AddTopic("z1");

        var outcome = (await RunAsync(Operation.Deploy, Load(Wide), parallel: true)).Succeeded();

        Assert.Equal(["Kafka.AlterTopicsConfigs x1,y2"], KafkaCalls("AlterTopicsConfigs"));
        Assert.Empty(KafkaCalls("AlterTopicConfigs"));
        Assert.Equal(["Kafka.CreateTopics x2,y1", "Kafka.CreateTopics w1"], KafkaCalls("CreateTopics"));
        Assert.Equal(StepAction.Updated, outcome.Result(ResourceKind.Topic, "x1").Action);
        Assert.Equal(StepAction.Updated, outcome.Result(ResourceKind.Topic, "y2").Action);
        Assert.Equal(StepAction.Unchanged, outcome.Result(ResourceKind.Topic, "z1").Action);
        Assert.Empty(World.Kafka.Topics["x1"].Configs);
        Assert.Empty(World.Kafka.Topics["y2"].Configs);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Results_and_plans_are_the_same_with_and_without_batching(bool parallel, bool dryRun)
    {
        var pipeline = Load(Wide);
        World.Kafka.AddTopic("y2", 1, 1, new Dictionary<string, string> { ["retention.ms"] = "5" });
        World.Kafka.AddTopic("x1", 1, 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
        var batched = (await RunAsync(Operation.Deploy, pipeline, dryRun, parallel)).Succeeded();

        using var other = new TopicBatchTests();
        other.World.Kafka.Batches = false;
        other.World.Kafka.AddTopic("y2", 1, 1, new Dictionary<string, string> { ["retention.ms"] = "5" });
        other.World.Kafka.AddTopic("x1", 1, 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
        var single = (await other.RunAsync(Operation.Deploy, other.Load(Wide), dryRun, parallel)).Succeeded();

        Assert.Equal(single.Results.Select(Line).Order(StringComparer.Ordinal), batched.Results.Select(Line).Order(StringComparer.Ordinal));
        Assert.NotEmpty(other.KafkaCalls("DescribeTopic"));
        Assert.Empty(KafkaCalls("DescribeTopic"));
        Assert.Equal(dryRun ? 0 : parallel ? 1 : 2, KafkaCalls("AlterTopicsConfigs").Count);

        static string Line(StepResult r) => $"{r.Component} {r.Kind} {r.Resource} {r.Action} {r.Diff} {r.Message}";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_topic_the_broker_refuses_fails_its_component_only_with_the_error_it_has_without_batching(bool parallel)
    {
        // y1 asks for more replicas than the cluster has brokers: the broker refuses that topic alone.
        var yaml = Wide.Replace("y1:\n        type: output", "y1:\n        type: output\n        replication_factor: 5", StringComparison.Ordinal);
        Assert.NotEqual(Wide, yaml);
        var batched = await RunAsync(Operation.Deploy, Load(yaml), parallel: parallel);

        using var other = new TopicBatchTests();
        other.World.Kafka.Batches = false;
        var single = await other.RunAsync(Operation.Deploy, other.Load(yaml), parallel: parallel);

        var error = Assert.IsType<RunFailed>(batched.Failure).Error;
        Assert.Equal(Assert.IsType<RunFailed>(single.Failure).Error.ErrorId, error.ErrorId);
        Assert.Equal(single.Failure!.Error.Message, error.Message);
        Assert.Contains("component y", error.Message.Replace("'", "", StringComparison.Ordinal).Replace("producer-app", "component", StringComparison.Ordinal),
            StringComparison.Ordinal);
        Assert.Contains("y1", error.Message, StringComparison.Ordinal);
        Assert.False(World.Kafka.Topics.ContainsKey("y1"));
        if (parallel)
        {
            // x and z were in the same request and go on; y2 was too, so it exists and is reported.
            Assert.Equal(["Topic Created", "Topic Created"], Actions(batched, "x").Take(2));
            var z = Assert.Single(batched.Results, r => r.Component == "z" && r.Kind == ResourceKind.Topic);
            Assert.Equal("z1 Created", $"{z.Resource} {z.Action}");
            Assert.Equal(["y2 Created"], batched.Results.Where(r => r.Component == "y").Select(r => $"{r.Resource} {r.Action}"));
            Assert.True(World.Kafka.Topics.ContainsKey("y2"));
        }
        else
        {
            Assert.Equal(single.Lines, batched.Lines);
            Assert.Contains("y Topic y2 Created", batched.Lines);
            Assert.Equal(["Kafka.CreateTopics x1,x2", "Kafka.CreateTopics y1,y2"], KafkaCalls("CreateTopics"));
        }
    }

    private static IEnumerable<string> Actions(RunOutcome outcome, string component) =>
        outcome.Results.Where(r => r.Component == component).Select(r => $"{r.Kind} {r.Action}");
}
