using KPops.Engine.Lifecycle;
using KPops.Engine.Status;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The status of components that are not deployed, and of those that are; status objects lead back to their component.</summary>
public sealed class StatusOfUndeployedTests : LifecycleTestBase
{
    private const string StreamsApp = """
        - type: streams-app
          name: app
          values:
            image: example/app
            imageTag: "1.0.0"
            kafka:
              applicationId: app-group
          from:
            topics:
              input-topic: {type: input}
          to:
            topics:
              ${output_topic_name}: {}
        """;

    private async Task<IReadOnlyList<StatusResult>> StatusAsync(KPops.Engine.Pipelines.Pipeline pipeline)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var results = new List<StatusResult>();
        var reader = StatusReporter.Start([(pipeline, pipeline.Components)], new StatusOptions(), World.Factory, default);
        await foreach (var e in reader.ReadAllAsync(timeout.Token))
        {
            if (e is ComponentCompleted completed) results.AddRange(completed.Objects.Cast<StatusResult>());
            Assert.IsNotType<RunFailed>(e);
        }
        return results;
    }

    [Fact]
    public async Task The_consumer_group_of_an_app_that_is_not_deployed_is_Missing()
    {
        var pipeline = Load(StreamsApp);

        var results = await StatusAsync(pipeline);

        var group = Assert.Single(results, r => r.Kind == StatusKind.ConsumerGroup);
        Assert.True(group.Status == ResourceStatus.Missing, group.Reason);
        Assert.Contains("not deployed", group.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consumer_group_of_a_deployed_app_without_offsets_is_InSync()
    {
        var pipeline = Load(StreamsApp);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        var results = await StatusAsync(pipeline);

        Assert.Equal(ResourceStatus.InSync, Assert.Single(results, r => r.Kind == StatusKind.ConsumerGroup).Status);
    }

    [Fact]
    public async Task A_status_leads_back_to_its_component_and_says_whether_a_deploy_would_bring_it_back()
    {
        var pipeline = Load(StreamsApp);

        var results = await StatusAsync(pipeline);
        var summary = ComponentStatus.Of(pipeline.Components[0], results);

        Assert.All(results, r => Assert.Same(pipeline.Components[0], StatusSources.Of(r)));
        Assert.Same(pipeline.Components[0], StatusSources.Of(summary));
        Assert.True(StatusSources.NeedsDeploy(summary));
        Assert.True(StatusSources.NeedsDeploy(results.First(r => r.Status == ResourceStatus.Missing)));
        Assert.Null(StatusSources.Of(results[0] with { Reason = "copied" }));
    }
}
