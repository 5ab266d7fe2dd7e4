using KPops.Engine.Lifecycle;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>-Parallel on a diamond (pipeline <c>diamond</c>): level by level, the components of a level side by side.</summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class ParallelLifecycleTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Parallel_deploys_a_diamond_as_dependencies_finish_and_destroys_it_in_reverse(int helm)
    {
        var pipeline = Load(helm, "diamond");
        var (top, left, right, bottom) = (pipeline.Find("top")!, pipeline.Find("left")!, pipeline.Find("right")!, pipeline.Find("bottom")!);

        var deploy = (await RunAsync(Operation.Deploy, pipeline, parallel: true)).EnsureSuccess();

        Assert.Equal(Deployed("top", "left", "right", "bottom"), Releases());
        // top is done before left and right start; both are done before bottom starts.
        AssertComponentOrder(deploy.Requests, [top, left, bottom]);
        AssertComponentOrder(deploy.Requests, [top, right, bottom]);
        foreach (var component in pipeline.Components) AssertTopicsAndSchemasFirst(deploy.Requests, component);
        // left and right run side by side: each starts before the other is done.
        AssertOverlap(deploy, "left", "right");

        var destroy = (await RunAsync(Operation.Destroy, pipeline, parallel: true)).EnsureSuccess();

        Assert.Empty(Releases());
        Assert.Equal("bottom", destroy.StartedComponents[0]);
        Assert.Equal("top", destroy.StartedComponents[^1]);
        AssertComponentOrder(destroy.Requests, [bottom, left, top]);
        AssertComponentOrder(destroy.Requests, [bottom, right, top]);
        AssertOverlap(destroy, "left", "right");
    }

    [DoubleOnlyFact]
    public async Task Parallel_failure_skips_its_dependents_and_a_rerun_converges()
    {
        var pipeline = Load(4, "diamond");
        // left and right start together: their topics share a CreateTopics request, in which only right's is refused.
        D.Kafka.Faults.Add(new KPops.TestWorld.Common.FaultRule
        {
            Method = "CreateTopics", PathPattern = $"(^|,){Topic("right")}(,|$)", Status = KPops.TestWorld.Kafka.KafkaErrorCode.PolicyViolation,
        });

        var failed = await RunAsync(Operation.Deploy, pipeline, parallel: true);

        // The failing component's own error is reported, not the cancellation of its sibling.
        var error = failed.EnsureFailure().Error.Message;
        Assert.Contains($"Deploy of streams-app 'right' failed at Topic {Topic("right")}: [Kafka]", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bottom", failed.StartedComponents);
        Assert.Empty(Own(failed.Requests, pipeline.Find("bottom")!));
        // bottom reads right: it is reported skipped, naming the failure.
        var skipped = failed.Results.Where(r => r.Component == "bottom").ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, r => Assert.Equal(StepAction.Skipped, r.Action));
        Assert.All(skipped, r => Assert.Contains("streams-app 'right'", r.Message, StringComparison.Ordinal));
        Assert.Equal("deployed", Releases()[Full("top")]);
        Assert.DoesNotContain(Full("right"), Releases().Keys);

        D.Kafka.Faults.Reset();
        var rerun = (await RunAsync(Operation.Deploy, pipeline, parallel: true)).EnsureSuccess();

        Assert.Equal(["Topic Created", "HelmRelease Created"], rerun.Actions("right"));
        Assert.Equal(Deployed("top", "left", "right", "bottom"), Releases());
    }

    private static void AssertOverlap(RunOutcome run, string a, string b)
    {
        var completed = run.Events.Select((e, i) => (e, i)).Where(p => p.e is StepCompleted).ToList();
        int Started(string name) => run.Events.Select((e, i) => (e, i)).First(p => p.e is StepStarted s && s.Component.Name == name).i;
        int Done(string name) => completed.Last(p => ((StepCompleted)p.e).Result.Component == name).i;
        Assert.True(Started(a) < Done(b) && Started(b) < Done(a), $"{a} and {b} did not run side by side");
    }
}

/// <summary>Connector resets through Connect's offsets API (KIP-875), with and without a connector to reset.</summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class ConnectorLifecycleTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    [DoubleOnlyFact]
    public async Task Source_connector_reset_works_when_the_connector_does_not_exist_through_a_temporary_paused_connector()
    {
        var pipeline = Load(4);
        var source = Pick(pipeline, "source");
        (await RunAsync(Operation.Deploy, source)).EnsureSuccess();
        D.Connect.SetOffsets(Full("source"), [new ConnectOffset(new() { ["filename"] = "/data/lines.txt" }, new() { ["position"] = 42 })]);
        (await RunAsync(Operation.Destroy, source)).EnsureSuccess();
        Assert.Empty(Connectors());

        var plan = await RunAsync(Operation.Reset, source, dryRun: true);
        Assert.Equal(["Connector WouldReset", "Connector NotFound"], plan.Actions("source"));
        Assert.Contains("through a temporary paused connector", plan.Results[0].Message, StringComparison.Ordinal);
        AssertNothingChanged(plan);

        var reset = (await RunAsync(Operation.Reset, source)).EnsureSuccess();

        Assert.Equal(["Connector Reset", "Connector NotFound"], reset.Actions("source"));
        // The connector is read once: the delete step knows from the reset that the temporary one is gone.
        var connect = reset.Requests.Where(r => r.Service == "Connect").Select(r => $"{r.Method} {r.Path} {r.Status}").ToList();
        var name = Full("source");
        Assert.Equal(
            [$"GET /connectors/{name} 404", "POST /connectors 201", $"PUT /connectors/{name}/stop 204", $"DELETE /connectors/{name}/offsets 200", $"DELETE /connectors/{name} 204"],
            connect.Where(c => !c.StartsWith("GET /connectors/" + name + "/status", StringComparison.Ordinal)));
        Assert.Empty(Connectors());

        // Deployed again, it starts without offsets.
        (await RunAsync(Operation.Deploy, source)).EnsureSuccess();
        Assert.Empty(D.Connect.GetConnector(name)!.Offsets);
        Assert.Equal(ConnectorState.Running, D.Connect.GetConnector(name)!.State);
    }

    [DoubleOnlyFact]
    public async Task Sink_connector_reset_resets_its_consumer_group_and_clean_deletes_only_its_own_topics()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 1);
        Kafka.CreateTopic(Topic("stateful"), 2);
        var sink = Pick(pipeline, "sink");
        (await RunAsync(Operation.Deploy, sink)).EnsureSuccess();
        Produce(Topic("stateful"), 10);
        Kafka.CommitOffset("connect-" + Full("sink"), Topic("stateful"), 0, 7);
        Assert.Single(D.Connect.GetConnector(Full("sink"))!.Offsets);

        var reset = (await RunAsync(Operation.Reset, sink)).EnsureSuccess();

        Assert.Equal(["Connector Reset", "Connector Deleted"], reset.Actions("sink"));
        Assert.Null(Kafka.GetGroup("connect-" + Full("sink")));
        Assert.Equal(new[] { ExternalTopic, ErrorTopic("sink"), Topic("stateful") }.Order(StringComparer.Ordinal), Topics());

        (await RunAsync(Operation.Deploy, sink)).EnsureSuccess();
        Kafka.CommitOffset("connect-" + Full("sink"), Topic("stateful"), 1, 3);
        var clean = (await RunAsync(Operation.Clean, sink)).EnsureSuccess();

        Assert.Equal(["Connector Reset", "Connector Deleted", "ConsumerGroup NotFound", "Subject NotFound", "Subject NotFound", "Topic Deleted"], clean.Actions("sink"));
        Assert.Null(Kafka.GetGroup("connect-" + Full("sink")));
        // Only its error topic (in `to`) goes; what it reads stays.
        Assert.Equal(new[] { ExternalTopic, Topic("stateful") }.Order(StringComparer.Ordinal), Topics());
    }
}
