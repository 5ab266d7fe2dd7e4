using System.Globalization;
using KPops.Engine.Lifecycle;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// The Kafka requests of lifecycle runs, counted in the broker double's request log. A deploy of the diamond (top, then
/// left and right, then bottom): the run's topics are described once, and the topics of the components that start
/// together are created in one CreateTopics request. A clean of independent connectors (three sinks and a source, one
/// batch with -Parallel): their topics are deleted in one DeleteTopics request per batch and their consumer groups in
/// one call of the client per batch.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class KafkaRequestCountTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    [DoubleOnlyTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deploy_describes_the_runs_topics_once_and_creates_a_batchs_topics_in_one_request(bool parallel)
    {
        var pipeline = Load(4, "diamond");
        var topics = pipeline.Components.SelectMany(c => c.Topics).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        // Sequential: each component is a batch of its own; parallel: top | left, right | bottom.
        string[][] batches = parallel
            ? [[Topic("top")], [Topic("left"), Topic("right")], [Topic("bottom")]]
            : [[Topic("top")], [Topic("left")], [Topic("right")], [Topic("bottom")]];

        var deploy = (await RunAsync(Operation.Deploy, pipeline, parallel: parallel)).EnsureSuccess();

        var kafka = KafkaRequests(deploy);
        AssertDescribedOnce(kafka, topics);
        var creates = kafka.Where(r => r.Method == "CreateTopics").Select(r => r.Path.Split(',').Order(StringComparer.Ordinal).ToArray()).ToList();
        Assert.Equal(batches.Select(b => b.Order(StringComparer.Ordinal).ToArray()).OrderBy(b => b[0], StringComparer.Ordinal),
            creates.OrderBy(b => b[0], StringComparer.Ordinal));
        // Besides the one metadata request of the run's topics, one request per kind of admin call per batch.
        Assert.All(kafka.Where(r => r.Method != "Metadata" && r.Method != "ApiVersions").GroupBy(r => r.Method),
            g => Assert.True(g.Count() <= batches.Length, $"{g.Count()} {g.Key} requests for {batches.Length} batches"));

        // Again, with every topic in place: described once, nothing created.
        var again = (await RunAsync(Operation.Deploy, pipeline, parallel: parallel)).EnsureSuccess();

        var kafkaAgain = KafkaRequests(again);
        AssertDescribedOnce(kafkaAgain, topics, exist: true);
        Assert.DoesNotContain(kafkaAgain, r => r.Method == "CreateTopics");
        Assert.All(pipeline.Components, c => Assert.Equal("Topic Unchanged", again.Actions(c.Name)[0]));
    }

    [DoubleOnlyFact]
    public async Task A_WhatIf_deploy_describes_the_runs_topics_once()
    {
        var pipeline = Load(4, "diamond");
        var topics = pipeline.Components.SelectMany(c => c.Topics).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        var plan = (await RunAsync(Operation.Deploy, pipeline, dryRun: true)).EnsureSuccess();

        AssertDescribedOnce(KafkaRequests(plan), topics);
        Assert.All(pipeline.Components, c => Assert.Equal("Topic WouldCreate", plan.Actions(c.Name)[0]));
    }

    private static readonly string[] Sinks = ["sink-a", "sink-b", "sink-c"];

    [DoubleOnlyTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clean_deletes_a_batchs_topics_in_one_request_and_its_groups_in_one_call(bool parallel)
    {
        var pipeline = Load(4, "connectors");
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline, parallel: parallel)).EnsureSuccess();
        foreach (var sink in Sinks) Kafka.CommitOffset(Group(sink), ExternalTopic, 0, 3);
        var outputs = Sinks.Select(ErrorTopic).Append(Topic("source")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(outputs.Append(ExternalTopic).Order(StringComparer.Ordinal), Topics());
        // Sequential: each connector is a batch of its own; parallel: the four start together.
        var batches = parallel ? 1 : 4;

        var clean = (await RunAsync(Operation.Clean, pipeline, parallel: parallel)).EnsureSuccess();

        var kafka = KafkaRequests(clean);
        var deletes = kafka.Where(r => r.Method == "DeleteTopics").Select(r => r.Path.Split(',').Order(StringComparer.Ordinal).ToList()).ToList();
        Assert.Equal(batches, deletes.Count);
        Assert.Equal(outputs, deletes.SelectMany(d => d).Order(StringComparer.Ordinal));
        if (parallel) Assert.Equal(outputs, Assert.Single(deletes));
        // Each connector is deleted before the requests that delete its group and topics (they wait for every
        // component of the batch to come to them).
        foreach (var connector in Sinks.Append("source"))
        {
            var deleted = Assert.Single(clean.Requests, r => r is { Service: "Connect", Method: "DELETE" } && r.Path == "/connectors/" + Full(connector));
            var own = kafka.Where(r => r.Method is "DeleteTopics" or "DeleteGroups"
                && r.Path.Split(',').Any(p => p == Group(connector) || p == ErrorTopic(connector) || (connector == "source" && p == Topic("source")))).ToList();
            Assert.NotEmpty(own);
            Assert.All(own, r => Assert.True(deleted.Sequence < r.Sequence, $"{r} came before the connector {connector} was deleted"));
            if (parallel) Assert.All(kafka.Where(r => r.Method == "DeleteTopics"), r => Assert.True(deleted.Sequence < r.Sequence, $"{r} came before {connector} was deleted"));
        }
        // librdkafka has no request for several groups: it sends DeleteGroups per group, each to the group's coordinator
        // after looking it up, and the client asks for metadata before each (librdkafka issue 4605, KafkaAdminClient).
        Assert.Equal(Sinks.Select(Group), kafka.Where(r => r.Method == "DeleteGroups").Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(kafka.Where(r => r.Method is not ("Metadata" or "ApiVersions" or "FindCoordinator" or "DeleteGroups")).GroupBy(r => r.Method),
            g => Assert.True(g.Count() <= batches, $"{g.Count()} {g.Key} requests for {batches} batches"));

        // Every `to` topic and group of the connectors is gone; the input topic stays. Connect's reset of each sink
        // (before its group is deleted) took the group already.
        Assert.Equal([ExternalTopic], Topics());
        Assert.All(Sinks, s => Assert.Null(Kafka.GetGroup(Group(s))));
        Assert.Empty(Connectors());
        Assert.All(Sinks, s => Assert.Equal(StepAction.NotFound, clean.Result(s, ResourceKind.ConsumerGroup).Action));
        Assert.All(outputs, t => Assert.Equal(StepAction.Deleted, Assert.Single(clean.Results, r => r.Resource == t && r.Kind == ResourceKind.Topic).Action));

        // Again, with nothing left: each topic NotFound, in as many requests.
        var again = (await RunAsync(Operation.Clean, pipeline, parallel: parallel)).EnsureSuccess();
        Assert.Equal(batches, KafkaRequests(again).Count(r => r.Method == "DeleteTopics"));
        Assert.All(outputs, t => Assert.Equal(StepAction.NotFound, Assert.Single(again.Results, r => r.Resource == t && r.Kind == ResourceKind.Topic).Action));
    }

    [DoubleOnlyFact]
    public async Task A_WhatIf_clean_describes_the_runs_topics_once_and_changes_nothing()
    {
        var pipeline = Load(4, "connectors");
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline, parallel: true)).EnsureSuccess();
        var outputs = Sinks.Select(ErrorTopic).Append(Topic("source")).ToHashSet(StringComparer.Ordinal);

        var plan = (await RunAsync(Operation.Clean, pipeline, dryRun: true, parallel: true)).EnsureSuccess();

        var kafka = KafkaRequests(plan);
        AssertDescribedOnce(kafka, outputs, exist: true);
        Assert.Equal(Sinks.Select(Group), kafka.Where(r => r.Method == "DescribeGroups").Select(r => r.Path).Order(StringComparer.Ordinal));
        AssertNothingChanged(plan);
        Assert.All(outputs, t => Assert.Equal(StepAction.WouldDelete, Assert.Single(plan.Results, r => r.Resource == t && r.Kind == ResourceKind.Topic).Action));
        Assert.Equal(outputs.Append(ExternalTopic).Order(StringComparer.Ordinal), Topics());
    }

    [DoubleOnlyTheory]
    [InlineData(Operation.Reset, false)]
    [InlineData(Operation.Reset, true)]
    [InlineData(Operation.Destroy, false)]
    [InlineData(Operation.Destroy, true)]
    public async Task A_reset_or_destroy_of_connectors_sends_no_Kafka_request(Operation operation, bool parallel)
    {
        var pipeline = Load(4, "connectors");
        Kafka.CreateTopic(ExternalTopic, 2);
        (await RunAsync(Operation.Deploy, pipeline, parallel: parallel)).EnsureSuccess();
        foreach (var sink in Sinks) Kafka.CommitOffset(Group(sink), ExternalTopic, 0, 3);
        var topics = Topics();

        var run = (await RunAsync(operation, pipeline, parallel: parallel)).EnsureSuccess();

        // Connect resets the sinks' groups (KIP-875); KPops itself asks Kafka for nothing.
        Assert.Empty(KafkaRequests(run));
        Assert.Empty(Connectors());
        Assert.Equal(topics, Topics());
        Assert.All(Sinks, s => Assert.Equal(operation == Operation.Reset ? null : "ExternalTopic-0=3".Replace("ExternalTopic", ExternalTopic, StringComparison.Ordinal),
            GroupOffsets(Group(s))));
    }

    private string Group(string sink) => "connect-" + Full(sink);

    private List<RequestRecord> KafkaRequests(RunOutcome run)
    {
        var kafka = run.Requests.Where(r => r.Service == "Kafka").ToList();
        foreach (var method in kafka.GroupBy(r => r.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Kafka {method.Key}: {method.Count()}"));
        return kafka;
    }

    /// <summary>One metadata request names the run's topics, one DescribeConfigs request those that exist (none: no request).</summary>
    private static void AssertDescribedOnce(List<RequestRecord> kafka, HashSet<string> topics, bool exist = false)
    {
        static bool Names(RequestRecord r, HashSet<string> topics) => r.Path.Split(',').Any(topics.Contains);
        var metadata = Assert.Single(kafka, r => r.Method == "Metadata" && Names(r, topics));
        Assert.Equal(topics.Order(StringComparer.Ordinal), metadata.Path.Split(',').Order(StringComparer.Ordinal));
        Assert.Equal(exist ? 1 : 0, kafka.Count(r => r.Method == "DescribeConfigs" && Names(r, topics)));
    }
}
