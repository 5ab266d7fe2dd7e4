using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The order components and steps run in (spec §5.4): sequential, parallel by Kahn levels, several pipelines.</summary>
public sealed class RunnerOrderTests : LifecycleTestBase
{
    private const string Chain = """
        - type: producer-app
          name: producer
          to:
            topics:
              a: {}
        - type: streams-app
          name: app
          to:
            topics:
              b:
                value_schema: com.example.B
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
        """;

    // a → {left, right} → join: the classic diamond.

    private const string Install = "Helm.UpgradeInstall";

    public RunnerOrderTests() : base("schema_registry:\n  enabled: true\n") => World.Schemas.Add("com.example.B");

    [Fact]
    public async Task Deploy_runs_components_in_pipeline_order()
    {
        var outcome = (await RunAsync(Operation.Deploy, Load(Chain))).Succeeded();
        Assert.Equal(["producer", "app", "sink"], outcome.ComponentOrder);
    }

    [Theory]
    [InlineData(Operation.Destroy)]
    [InlineData(Operation.Reset)]
    [InlineData(Operation.Clean)]
    public async Task Teardown_runs_components_in_reverse_pipeline_order(Operation operation)
    {
        var pipeline = Load(Chain);
        await RunAsync(Operation.Deploy, pipeline);
        var outcome = (await RunAsync(operation, pipeline)).Succeeded();
        Assert.Equal(["sink", "app", "producer"], outcome.ComponentOrder);
    }

    [Fact]
    public async Task Topics_and_schemas_of_a_component_exist_before_its_release_is_installed()
    {
        await RunAsync(Operation.Deploy, Load(Chain));
        var calls = World.CallLines();
        var topic = calls.IndexOf("Kafka.CreateTopic b");
        var schema = calls.IndexOf("SchemaRegistry.Register b-value");
        var release = calls.IndexOf("Helm.UpgradeInstall demo-app");
        Assert.True(topic >= 0 && schema > topic && release > schema, string.Join("\n", calls));
    }

    [Fact]
    public async Task A_selection_runs_in_pipeline_order_whatever_order_it_was_given_in()
    {
        var pipeline = Load(Chain);
        var outcome = await RunAsync(Operation.Deploy, pipeline.Components.Reverse());
        Assert.Equal(["producer", "app", "sink"], outcome.Succeeded().ComponentOrder);
    }

    [Fact]
    public async Task Pipelines_run_one_after_another_each_in_its_own_order()
    {
        Ws.Write("pipelines/first/pipeline.yaml", "- type: helm-app\n  name: a1\n  chart: ./chart\n- type: helm-app\n  name: a2\n  chart: ./chart\n");
        Ws.Write("pipelines/second/pipeline.yaml", "- type: helm-app\n  name: b1\n  chart: ./chart\n- type: helm-app\n  name: b2\n  chart: ./chart\n");
        var first = Ws.Load("pipelines/first/pipeline.yaml");
        var second = Ws.Load("pipelines/second/pipeline.yaml");
        var components = first.Components.Concat(second.Components).ToList();

        Assert.Equal(["a1", "a2", "b1", "b2"], (await RunAsync(Operation.Deploy, components)).Succeeded().ComponentOrder);
        Assert.Equal(["a2", "a1", "b2", "b1"], (await RunAsync(Operation.Destroy, components)).Succeeded().ComponentOrder);
    }

    [Fact]
    public async Task Parallel_pipelines_still_run_one_after_another()
    {
        Ws.Write("pipelines/first/pipeline.yaml", "- type: helm-app\n  name: a1\n  chart: ./chart\n- type: helm-app\n  name: a2\n  chart: ./chart\n");
        Ws.Write("pipelines/second/pipeline.yaml", "- type: helm-app\n  name: b1\n  chart: ./chart\n");
        var components = Ws.Load("pipelines/first/pipeline.yaml").Components.Concat(Ws.Load("pipelines/second/pipeline.yaml").Components).ToList();
        World.Hold(Install, async (_, ct) => await Task.Delay(20, ct));

        await RunAsync(Operation.Deploy, components, parallel: true);

        var installs = World.CallLines(Service.Helm).Where(c => c.StartsWith(Install, StringComparison.Ordinal)).ToList();
        Assert.Equal("Helm.UpgradeInstall second-b1", installs[^1]);
        Assert.Equal(2, World.MaxConcurrent(Install));
    }

    [Fact]
    public void Parallel_deploy_groups_the_diamond_into_Kahn_levels()
    {
        var pipeline = Load(TestPipelines.Diamond);
        var runner = new LifecycleRunner(World.Factory) { Parallel = true };
        var levels = runner.Order(Operation.Deploy, pipeline.Components.Select(c => new RunItem(pipeline, c, false)).ToList());
        Assert.Equal(["source", "left right", "join"], levels.Select(l => string.Join(" ", l.Select(i => i.Component.Name))));
    }

    [Fact]
    public void Parallel_teardown_runs_the_levels_in_reverse()
    {
        var pipeline = Load(TestPipelines.Diamond);
        var runner = new LifecycleRunner(World.Factory) { Parallel = true };
        var levels = runner.Order(Operation.Clean, pipeline.Components.Select(c => new RunItem(pipeline, c, false)).ToList());
        Assert.Equal(["join", "left right", "source"], levels.Select(l => string.Join(" ", l.Select(i => i.Component.Name))));
    }

    [Fact]
    public void Components_not_connected_by_topics_share_the_first_level()
    {
        var pipeline = Load("- type: helm-app\n  name: redis\n  chart: ./redis\n" + TestPipelines.Diamond + "\n- type: helm-app\n  name: cache\n  chart: ./cache\n");
        var runner = new LifecycleRunner(World.Factory) { Parallel = true };
        var levels = runner.Order(Operation.Deploy, pipeline.Components.Select(c => new RunItem(pipeline, c, false)).ToList());
        Assert.Equal(["redis source cache", "left right", "join"], levels.Select(l => string.Join(" ", l.Select(i => i.Component.Name))));
    }

    [Fact]
    public void A_parallel_selection_keeps_the_levels_of_the_whole_pipeline()
    {
        var pipeline = Load(TestPipelines.Diamond);
        var runner = new LifecycleRunner(World.Factory) { Parallel = true };
        var levels = runner.Order(Operation.Deploy, pipeline.Components.Where(c => c.Name != "left").Select(c => new RunItem(pipeline, c, false)).ToList());
        Assert.Equal(["source", "right", "join"], levels.Select(l => string.Join(" ", l.Select(i => i.Component.Name))));
    }

    [Fact]
    public void A_component_fed_by_a_short_and_a_long_chain_waits_for_the_long_one()
    {
        var pipeline = Load("""
            - type: producer-app
              name: source
              to:
                topics:
                  a: {}
            - type: streams-app
              name: step1
              from:
                topics:
                  a: {}
              to:
                topics:
                  b: {}
            - type: streams-app
              name: step2
              from:
                topics:
                  b: {}
              to:
                topics:
                  c: {}
            - type: streams-app
              name: join
              from:
                topics:
                  a: {}
                  c: {}
            """);
        var runner = new LifecycleRunner(World.Factory) { Parallel = true };
        var levels = runner.Order(Operation.Deploy, pipeline.Components.Select(c => new RunItem(pipeline, c, false)).ToList());
        Assert.Equal(["source", "step1", "step2", "join"], levels.Select(l => string.Join(" ", l.Select(i => i.Component.Name))));
    }

    [Fact]
    public async Task Parallel_deploy_runs_a_level_side_by_side_and_the_next_level_after_it()
    {
        var pipeline = Load(TestPipelines.Diamond);
        // The installs of the middle level wait for each other, which only ends when they run side by side.
        World.Hold(Install, async (call, ct) =>
        {
            if (call.Target is "demo-left" or "demo-right") await WaitUntil(() => World.MaxConcurrent(Install) >= 2, TimeSpan.FromSeconds(5), ct);
        });

        (await RunAsync(Operation.Deploy, pipeline, parallel: true)).Succeeded();

        var installs = World.CallLines().Where(c => c.StartsWith(Install, StringComparison.Ordinal)).ToList();
        Assert.Equal("Helm.UpgradeInstall demo-source", installs[0]);
        Assert.Equal(["Helm.UpgradeInstall demo-left", "Helm.UpgradeInstall demo-right"], installs[1..3].Order());
        Assert.Equal("Helm.UpgradeInstall demo-join", installs[3]);
        Assert.Equal(2, World.MaxConcurrent(Install));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Parallel_runs_at_most_ThrottleLimit_components_at_a_time(int limit)
    {
        const int Count = 4;
        var pipeline = Load(string.Concat(Enumerable.Range(1, Count).Select(i => $"- type: helm-app\n  name: app{i}\n  chart: ./chart\n")));
        // An install waits until as many installs run as the limit allows, then a little longer, so that a runner that
        // ignored the limit would show more at once.
        World.Hold(Install, async (_, ct) =>
        {
            int Finished() => World.Calls.Count(c => c.Key == Install) - World.InFlight(Install);
            await WaitUntil(() => World.InFlight(Install) >= Math.Min(limit, Count - Finished()), TimeSpan.FromSeconds(5), ct);
            await Task.Delay(30, ct);
        });

        (await RunAsync(Operation.Deploy, pipeline, parallel: true, throttleLimit: limit)).Succeeded();

        Assert.Equal(limit, World.MaxConcurrent(Install));
    }

    [Fact]
    public async Task Sequential_runs_one_component_at_a_time()
    {
        var pipeline = Load(string.Concat(Enumerable.Range(1, 3).Select(i => $"- type: helm-app\n  name: app{i}\n  chart: ./chart\n")));
        World.Hold(Install, async (_, ct) => await WaitUntil(() => World.InFlight(Install) > 1, TimeSpan.FromMilliseconds(100), ct));

        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        Assert.Equal(1, World.MaxConcurrent(Install));
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5, cancellationToken);
    }
}
