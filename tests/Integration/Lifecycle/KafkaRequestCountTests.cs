using System.Globalization;
using KPops.Engine.Lifecycle;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// The Kafka requests of a deploy of the diamond (top, then left and right, then bottom), counted in the broker
/// double's request log: the run's topics are described once, and the topics of the components that start together
/// are created in one CreateTopics request.
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
