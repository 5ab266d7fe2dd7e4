using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;
using static KPops.Engine.Lifecycle.BatchedRequestKind;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>
/// The Kafka requests of components that become ready together (<see cref="KafkaBatch"/>): one request per kind for
/// the items of the batch, an answer per item, and deletes that wait until every component of the batch came to them.
/// </summary>
public sealed class KafkaBatchTests : LifecycleTestBase
{
    // Three sinks that read nothing of the pipeline: they start together, and clean deletes a group and a DLQ topic each.
    private const string Sinks = """
        - type: kafka-sink-connector
          name: sink1
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external1
          to:
            topics:
              dlq1:
                type: error
        - type: kafka-sink-connector
          name: sink2
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external2
          to:
            topics:
              dlq2:
                type: error
        - type: kafka-sink-connector
          name: sink3
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external3
          to:
            topics:
              dlq3:
                type: error
        """;

    private static readonly string[] Groups = ["connect-demo-sink1", "connect-demo-sink2", "connect-demo-sink3"];

    public KafkaBatchTests() => World.Kafka.Batches = true;

    private static CancellationToken Ct => CancellationToken.None;

    private List<string> KafkaCalls(string? method = null) =>
        World.CallLines(Service.Kafka).Where(c => method is null || c.StartsWith("Kafka." + method + " ", StringComparison.Ordinal)).ToList();

    private KafkaBatch Batch(params BatchedItem[] items) => new(() => World.Kafka, new RunShared(), [], items, Ct);

    // ------------------------------------------------------------------ the batch object

    [Fact]
    public async Task A_delete_goes_out_once_every_component_with_an_item_came_to_it_or_left_and_names_the_items_of_those_that_came()
    {
        World.Kafka.AddTopic("a1");
        World.Kafka.AddTopic("a2");
        World.Kafka.AddTopic("c1");
        object a = new(), b = new(), c = new();
        var batch = Batch(new(a, DeleteTopics, "a1"), new(a, DeleteTopics, "a2"), new(b, DeleteTopics, "b1"), new(c, DeleteTopics, "c1"));

        var a1 = batch.DeleteTopicAsync(a, "a1", Ct);
        var b1 = batch.DeleteTopicAsync(b, "b1", Ct);
        await Task.Delay(100, Ct);
        Assert.False(a1.IsCompleted);
        Assert.False(b1.IsCompleted);
        Assert.Empty(KafkaCalls());

        // c ends without coming to its delete (its earlier step failed): its topic is not deleted.
        batch.Leave(c);

        Assert.True(await a1);
        Assert.False(await b1);   // did not exist: NotFound stays NotFound
        Assert.True(await batch.DeleteTopicAsync(a, "a2", Ct));   // a's second topic: answered by the same request
        Assert.Equal(["Kafka.DeleteTopics a1,a2,b1"], KafkaCalls());
        Assert.Equal(["c1"], World.Kafka.Topics.Keys);
    }

    [Fact]
    public async Task A_failure_stays_with_its_item_and_the_other_items_get_their_own_answers()
    {
        World.Kafka.Groups["g-active"] = "Stable";
        World.Kafka.Groups["g-empty"] = "Empty";
        object a = new(), b = new(), c = new();
        var batch = Batch(new(a, DeleteGroups, "g-active"), new(b, DeleteGroups, "g-empty"), new(c, DeleteGroups, "g-gone"));

        var active = batch.DeleteGroupAsync(a, "g-active", Ct);
        var empty = batch.DeleteGroupAsync(b, "g-empty", Ct);
        var gone = batch.DeleteGroupAsync(c, "g-gone", Ct);

        var error = await Assert.ThrowsAsync<ServiceException>(() => active);
        Assert.Equal(68, error.StatusCode);
        Assert.Contains("g-active", error.Message, StringComparison.Ordinal);
        Assert.True(await empty);
        Assert.False(await gone);
        Assert.Equal(["Kafka.DeleteGroups g-active,g-empty,g-gone"], KafkaCalls());
        Assert.Equal(["g-active"], World.Kafka.Groups.Keys);
    }

    [Fact]
    public async Task A_failed_request_fails_every_step_that_waited_for_it()
    {
        World.Kafka.AddTopic("a1");
        World.Kafka.AddTopic("b1");
        var injected = World.Fail("Kafka.DeleteTopics");
        object a = new(), b = new();
        var batch = Batch(new(a, DeleteTopics, "a1"), new(b, DeleteTopics, "b1"));

        var a1 = batch.DeleteTopicAsync(a, "a1", Ct);
        var b1 = batch.DeleteTopicAsync(b, "b1", Ct);

        Assert.Same(injected, await Assert.ThrowsAsync<ServiceException>(() => a1));
        Assert.Same(injected, await Assert.ThrowsAsync<ServiceException>(() => b1));
        Assert.Single(KafkaCalls());
        Assert.Equal(["a1", "b1"], World.Kafka.Topics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_second_caller_reuses_the_request_of_the_first()
    {
        World.Kafka.Groups["g1"] = "Empty";
        object a = new(), b = new();
        var batch = Batch(new(a, DescribeGroups, "g1"), new(b, DescribeGroups, "g2"));

        // Describes do not wait: the first step to ask sends the request for every group of the batch.
        Assert.Equal("Empty", (await batch.DescribeGroupAsync("g1", Ct))?.State);
        Assert.Equal(["Kafka.DescribeGroups g1,g2"], KafkaCalls());
        Assert.Null(await batch.DescribeGroupAsync("g2", Ct));
        Assert.Equal(["Kafka.DescribeGroups g1,g2"], KafkaCalls());
    }

    [Fact]
    public async Task An_item_the_batch_does_not_name_is_asked_for_on_its_own()
    {
        World.Kafka.AddTopic("x");
        object a = new();
        var batch = Batch(new BatchedItem(a, DeleteTopics, "a1"));

        Assert.True(await batch.DeleteTopicAsync(a, "x", Ct));
        Assert.False(await batch.DeleteTopicAsync(a, "a1", Ct));

        Assert.Equal(["Kafka.DeleteTopic x", "Kafka.DeleteTopics a1"], KafkaCalls());
    }

    [Fact]
    public async Task A_step_waiting_for_the_others_stops_when_the_run_is_cancelled()
    {
        object a = new(), b = new();
        var batch = Batch(new(a, DeleteGroups, "g1"), new(b, DeleteGroups, "g2"));
        using var cancel = new CancellationTokenSource();

        var waiting = batch.DeleteGroupAsync(a, "g1", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Empty(KafkaCalls());
    }

    [Fact]
    public void A_component_has_in_a_batched_request_its_first_steps_of_the_kind_in_a_row_and_waits_in_one_order()
    {
        var owner = new object();
        IStep[] clean = [Step("c"), Step("g", DeleteGroups), Step("s"), Step("t1", DeleteTopics), Step("t2", DeleteTopics), Step("s2"), Step("t3", DeleteTopics)];
        IStep[] reversed = [Step("t1", DeleteTopics), Step("g", DeleteGroups)];

        Assert.Equal(["DeleteGroups g", "DeleteTopics t1", "DeleteTopics t2"], Lines(KafkaBatch.Items(owner, clean, dryRun: false)));
        // A group after topics would wait for components that wait for it: it is deleted on its own.
        Assert.Equal(["DeleteTopics t1"], Lines(KafkaBatch.Items(owner, reversed, dryRun: false)));
        Assert.Equal(["DescribeGroups g"], Lines(KafkaBatch.Items(owner, clean, dryRun: true)));

        static IEnumerable<string> Lines(IEnumerable<BatchedItem> items) => items.Select(i => $"{i.Kind} {i.Name}");
    }

    // ------------------------------------------------------------------ runs

    [Fact]
    public async Task A_parallel_clean_deletes_the_groups_and_topics_of_components_that_start_together_in_one_request_each_after_their_connectors()
    {
        var pipeline = Load(Sinks);
        Arrange();
        // sink1's connector goes last: the others come to their group's delete well before it.
        World.Hold("KafkaConnect.Delete", (call, token) => call.Target == "demo-sink1" ? Task.Delay(300, token) : Task.CompletedTask);

        var outcome = (await RunAsync(Operation.Clean, pipeline, parallel: true)).Succeeded();

        Assert.Equal(["Kafka.DeleteGroups " + string.Join(",", Groups.Order(StringComparer.Ordinal))],
            KafkaCalls("DeleteGroups").Select(c => "Kafka.DeleteGroups " + string.Join(",", c.Split(' ')[1].Split(',').Order(StringComparer.Ordinal))));
        Assert.Equal(["dlq1", "dlq2", "dlq3"], Assert.Single(KafkaCalls("DeleteTopics")).Split(' ')[1].Split(',').Order(StringComparer.Ordinal));
        Assert.Empty(KafkaCalls("DeleteGroup"));
        Assert.Empty(KafkaCalls("DeleteTopic"));
        // Each component's order stays: its connector is gone before the request that deletes its group.
        var calls = World.CallLines();
        var groups = calls.FindIndex(c => c.StartsWith("Kafka.DeleteGroups ", StringComparison.Ordinal));
        Assert.All(["demo-sink1", "demo-sink2", "demo-sink3"], c => Assert.True(calls.LastIndexOf("KafkaConnect.Delete " + c) < groups, string.Join("\n", calls)));
        Assert.True(groups < calls.FindIndex(c => c.StartsWith("Kafka.DeleteTopics ", StringComparison.Ordinal)));
        AssertCleaned(outcome);
    }

    [Fact]
    public async Task A_sequential_clean_deletes_each_components_group_and_topics_in_its_own_requests_in_order()
    {
        var pipeline = Load(Sinks);
        Arrange();

        var outcome = (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        // Teardown order: the last component first.
        Assert.Equal(Groups.Reverse().Select(g => "Kafka.DeleteGroups " + g), KafkaCalls("DeleteGroups"));
        Assert.Equal(["Kafka.DeleteTopics dlq3", "Kafka.DeleteTopics dlq2", "Kafka.DeleteTopics dlq1"], KafkaCalls("DeleteTopics"));
        AssertCleaned(outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_group_that_cannot_be_deleted_fails_its_component_only_with_the_error_it_has_without_batching(bool parallel)
    {
        var batched = await RunAsync(Operation.Clean, Arrange(Load(Sinks), active: "connect-demo-sink2"), parallel: parallel);

        using var other = new KafkaBatchTests();
        other.World.Kafka.Batches = false;
        var single = await other.RunAsync(Operation.Clean, other.Arrange(other.Load(Sinks), active: "connect-demo-sink2"), parallel: parallel);

        var error = Assert.IsType<RunFailed>(batched.Failure).Error;
        Assert.Equal(Assert.IsType<RunFailed>(single.Failure).Error.Message, error.Message);
        Assert.Contains("sink2", error.Message, StringComparison.Ordinal);
        Assert.Equal(single.Lines.Order(StringComparer.Ordinal), batched.Lines.Order(StringComparer.Ordinal));
        // The world ends as without batching: sink2's group and topic stay (and, sequential, what comes after it).
        Assert.Equal(other.World.Kafka.Groups.Keys.Order(StringComparer.Ordinal), World.Kafka.Groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(other.World.Kafka.Topics.Keys.Order(StringComparer.Ordinal), World.Kafka.Topics.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("connect-demo-sink2", World.Kafka.Groups.Keys);
        Assert.True(World.Kafka.Topics.ContainsKey("dlq2"));
        if (parallel)
        {
            // The other sinks of the batch are cleaned.
            Assert.Equal(["connect-demo-sink1", "connect-demo-sink2", "connect-demo-sink3"],
                Assert.Single(KafkaCalls("DeleteGroups")).Split(' ')[1].Split(',').Order(StringComparer.Ordinal));
            Assert.Equal(["dlq1", "dlq3"], Assert.Single(KafkaCalls("DeleteTopics")).Split(' ')[1].Split(',').Order(StringComparer.Ordinal));
            Assert.False(World.Kafka.Topics.ContainsKey("dlq1"));
            Assert.False(World.Kafka.Topics.ContainsKey("dlq3"));
        }
    }

    [Fact]
    public async Task A_WhatIf_clean_describes_the_groups_of_a_batch_in_one_call_and_changes_nothing()
    {
        var pipeline = Load(Sinks);
        Arrange();
        World.Kafka.Groups.Remove("connect-demo-sink3");

        var outcome = (await RunAsync(Operation.Clean, pipeline, dryRun: true, parallel: true)).Succeeded();

        Assert.Equal(Groups, Assert.Single(KafkaCalls("DescribeGroups")).Split(' ')[1].Split(',').Order(StringComparer.Ordinal));
        Assert.Empty(KafkaCalls("DescribeGroup"));
        Assert.Empty(World.Mutations);
        Assert.Equal(StepAction.WouldDelete, outcome.Result(ResourceKind.ConsumerGroup, "connect-demo-sink1").Action);
        Assert.Equal(StepAction.NotFound, outcome.Result(ResourceKind.ConsumerGroup, "connect-demo-sink3").Action);
    }

    [Fact]
    public async Task A_parallel_deploy_adds_the_partitions_of_components_that_start_together_in_one_request()
    {
        const string Producers = """
            - type: producer-app
              name: x
              to:
                topics:
                  x1:
                    partitions_count: 3
            - type: producer-app
              name: y
              to:
                topics:
                  y1:
                    partitions_count: 2
                  y2:
                    partitions_count: 1
            """;
        World.Kafka.AddTopic("x1");
        World.Kafka.AddTopic("y1");
        World.Kafka.AddTopic("y2");

        var outcome = (await RunAsync(Operation.Deploy, Load(Producers), parallel: true)).Succeeded();

        Assert.Equal(["x1", "y1"], Assert.Single(KafkaCalls("CreatePartitions")).Split(' ')[1].Split(',').Order(StringComparer.Ordinal));
        Assert.Equal((3, 2, 1), (World.Kafka.Topics["x1"].Partitions, World.Kafka.Topics["y1"].Partitions, World.Kafka.Topics["y2"].Partitions));
        Assert.Equal(StepAction.Updated, outcome.Result(ResourceKind.Topic, "x1").Action);
        Assert.Equal(StepAction.Updated, outcome.Result(ResourceKind.Topic, "y1").Action);
        Assert.Equal(StepAction.Unchanged, outcome.Result(ResourceKind.Topic, "y2").Action);
    }

    // The deployed state of the sinks: connectors, their groups (empty, or one with members) and DLQ topics.
    private Engine.Pipelines.Pipeline Arrange(Engine.Pipelines.Pipeline pipeline, string? active = null)
    {
        Arrange(active);
        return pipeline;
    }

    private void Arrange(string? active = null)
    {
        foreach (var i in new[] { 1, 2, 3 })
        {
            World.Connect.AddConnector($"demo-sink{i}", new Dictionary<string, string> { ["connector.class"] = "io.confluent.connect.jdbc.JdbcSinkConnector" });
            World.Kafka.AddTopic($"dlq{i}");
            World.Kafka.AddTopic($"external{i}");
        }
        foreach (var group in Groups) World.Kafka.Groups[group] = group == active ? "Stable" : "Empty";
    }

    private void AssertCleaned(Fakes.RunOutcome outcome)
    {
        Assert.Empty(World.Kafka.Groups);
        Assert.Equal(["external1", "external2", "external3"], World.Kafka.Topics.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(World.Connect.Connectors);
        Assert.All(Groups, g => Assert.Equal(StepAction.Deleted, outcome.Result(ResourceKind.ConsumerGroup, g).Action));
        Assert.All(["dlq1", "dlq2", "dlq3"], t => Assert.Equal(StepAction.Deleted, outcome.Result(ResourceKind.Topic, t).Action));
    }

    private static FakeStep Step(string resource, BatchedRequestKind? kind = null) => new(resource, kind);

    private sealed class FakeStep(string resource, BatchedRequestKind? kind) : IStep, IBatchedKafkaStep
    {
        public ResourceKind Kind => ResourceKind.Topic;

        public string Resource => resource;

        public string Description => resource;

        public BatchedRequestKind? BatchedAs(bool dryRun) => kind is DeleteGroups && dryRun ? DescribeGroups : dryRun ? null : kind;

        public Task<IReadOnlyList<StepResult>> RunAsync(StepContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
