using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The order components and steps run in (spec §5.4): sequential, parallel as dependencies allow, several pipelines.</summary>
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
    public void Parallel_deploy_makes_each_component_wait_for_the_components_it_reads_from()
    {
        var pipeline = Load(TestPipelines.Diamond);
        Assert.Equal(["source:", "left: source", "right: source", "join: left right"], Waits(Operation.Deploy, pipeline, pipeline.Components));
    }

    [Fact]
    public void Parallel_teardown_makes_each_component_wait_for_its_readers()
    {
        var pipeline = Load(TestPipelines.Diamond);
        Assert.Equal(["join:", "right: join", "left: join", "source: left right"], Waits(Operation.Clean, pipeline, pipeline.Components));
    }

    [Fact]
    public void Components_not_connected_by_topics_wait_for_nothing()
    {
        var pipeline = Load("- type: helm-app\n  name: redis\n  chart: ./redis\n" + TestPipelines.Diamond + "\n- type: helm-app\n  name: cache\n  chart: ./cache\n");
        Assert.Equal(["redis:", "source:", "left: source", "right: source", "join: left right", "cache:"], Waits(Operation.Deploy, pipeline, pipeline.Components));
    }

    [Fact]
    public void A_selection_waits_for_its_selected_inputs_through_components_that_are_not_selected()
    {
        var pipeline = Load(TestPipelines.Diamond);
        Assert.Equal(["source:", "right: source", "join: right source"], Waits(Operation.Deploy, pipeline, pipeline.Components.Where(c => c.Name != "left")));
    }

    [Fact]
    public void A_component_waits_for_the_components_its_from_components_names()
    {
        var pipeline = Load("""
            - type: producer-app
              name: source
              to:
                topics:
                  a: {}
            - type: helm-app
              name: unrelated
              chart: ./chart
            - type: streams-app
              name: reader
              from:
                components:
                  source: {}
            """);
        Assert.Equal(["source:", "unrelated:", "reader: source"], Waits(Operation.Deploy, pipeline, pipeline.Components));
    }

    [Fact]
    public void A_reader_waits_for_the_component_that_creates_its_input_topic_though_the_graph_has_no_edge()
    {
        // Two untyped `to` topics: the values name only the last as the output topic, so the graph has no edge from
        // the producer to `a`; the producer still creates `a`, and the reader must not start before it exists.
        var pipeline = Load("""
            - type: producer-app
              name: source
              to:
                topics:
                  a: {}
                  b: {}
            - type: streams-app
              name: reader
              from:
                topics:
                  a:
                    type: input
            """);
        Assert.Equal(["source:", "reader: source"], Waits(Operation.Deploy, pipeline, pipeline.Components));
        Assert.Equal(["reader:", "source: reader"], Waits(Operation.Clean, pipeline, pipeline.Components));
    }

    [Fact]
    public void A_creator_edge_that_would_close_a_cycle_is_left_out()
    {
        // `first` creates `mid` (its output in the graph is `extra`, the last untyped topic), `second` reads `mid` and
        // writes `loop`, which `first` reads: waiting for the creator of `mid` would close a cycle, so the graph decides.
        var pipeline = Load("""
            - type: streams-app
              name: first
              from:
                topics:
                  loop:
                    type: input
              to:
                topics:
                  mid:
                    type: output
                  loop: {}
                  extra: {}
            - type: streams-app
              name: second
              from:
                topics:
                  mid:
                    type: input
              to:
                topics:
                  loop:
                    type: output
            """);
        var schedule = Assert.Single(LifecycleRunner.Schedule(Operation.Deploy, Items(pipeline, pipeline.Components)));
        Assert.All(schedule.Components, c => Assert.True(c.RemainingChain > 0, c.ToString()));
        Assert.Equal(["first: second", "second:"], Waits(Operation.Deploy, pipeline, pipeline.Components));
    }

    [Fact]
    public void The_longest_remaining_chain_has_the_highest_priority()
    {
        var pipeline = Load(WideAndDeep);
        var schedule = Assert.Single(LifecycleRunner.Schedule(Operation.Deploy, Items(pipeline, pipeline.Components)));
        var chain = schedule.Components.ToDictionary(c => c.Item.Component.Name, c => c.RemainingChain);
        Assert.True(chain["head"] > chain["middle"] && chain["middle"] > chain["tail"], string.Join(", ", chain));
        Assert.True(chain["head"] > chain["sink1"], string.Join(", ", chain));
    }

    [Fact]
    public async Task Among_ready_components_the_head_of_the_longest_chain_starts_first()
    {
        var pipeline = Load(WideAndDeep);

        var outcome = (await RunAsync(Operation.Deploy, pipeline, parallel: true, throttleLimit: 1)).Succeeded();

        // One slot: the chain goes first although the sinks come first in the file, and each of its links as soon as ready.
        Assert.Equal(["head", "middle", "tail", "sink1", "sink2", "sink3"], outcome.ComponentOrder);
    }

    [Fact]
    public async Task A_component_fed_by_a_short_and_a_long_chain_starts_only_after_both()
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
        Assert.Equal(["source:", "step1: source", "step2: step1", "join: source step2"], Waits(Operation.Deploy, pipeline, pipeline.Components));

        var outcome = (await RunAsync(Operation.Deploy, pipeline, parallel: true, throttleLimit: 8)).Succeeded();
        AssertDependenciesFinishedFirst(outcome, pipeline, Operation.Deploy);
    }

    [Theory]
    [InlineData(Operation.Deploy)]
    [InlineData(Operation.Destroy)]
    [InlineData(Operation.Clean)]
    public async Task A_dependent_never_starts_before_the_components_it_waits_for_finished(Operation operation)
    {
        var pipeline = Load(TestPipelines.Diamond + "\n" + Sinks(4));
        if (operation != Operation.Deploy) (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        // Uneven step times, so that a runner that started a component early would be caught.
        var random = new Random(7);
        World.Hold(Install, async (_, ct) => await Task.Delay(random.Next(1, 15), ct));
        World.Hold("Helm.Uninstall", async (_, ct) => await Task.Delay(random.Next(1, 15), ct));

        var outcome = (await RunAsync(operation, pipeline, parallel: true, throttleLimit: 8)).Succeeded();

        AssertDependenciesFinishedFirst(outcome, pipeline, operation);
        Assert.Equal(pipeline.Components.Count, outcome.ComponentOrder.Count);
    }

    [Fact]
    public async Task A_component_starts_when_its_inputs_are_done_not_when_a_whole_level_is()
    {
        // slow → after_slow; fast → after_fast. In levels, after_fast would wait for slow; here it must not.
        var pipeline = Load("""
            - type: producer-app
              name: slow
              to:
                topics:
                  s: {}
            - type: producer-app
              name: fast
              to:
                topics:
                  f: {}
            - type: streams-app
              name: after-slow
              from:
                topics:
                  s: {}
            - type: streams-app
              name: after-fast
              from:
                topics:
                  f: {}
            """);
        var afterFastInstalled = new TaskCompletionSource();
        World.Hold(Install, async (call, ct) =>
        {
            if (call.Target == "demo-slow") await afterFastInstalled.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            if (call.Target == "demo-after-fast") afterFastInstalled.TrySetResult();
        });

        (await RunAsync(Operation.Deploy, pipeline, parallel: true)).Succeeded();

        var installs = World.CallLines().Where(c => c.StartsWith(Install, StringComparison.Ordinal)).ToList();
        Assert.True(installs.IndexOf("Helm.UpgradeInstall demo-after-fast") < installs.IndexOf("Helm.UpgradeInstall demo-after-slow"), string.Join("\n", installs));
    }

    [Fact]
    public async Task Parallel_deploy_runs_independent_components_side_by_side_and_dependents_after_them()
    {
        var pipeline = Load(TestPipelines.Diamond);
        // The installs of left and right wait for each other, which only ends when they run side by side.
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

    private const string WideAndDeep = """
        - type: kafka-sink-connector
          name: sink1
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external1
        - type: kafka-sink-connector
          name: sink2
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external2
        - type: kafka-sink-connector
          name: sink3
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
            topics: external3
        - type: producer-app
          name: head
          to:
            topics:
              h: {}
        - type: streams-app
          name: middle
          from:
            topics:
              h: {}
          to:
            topics:
              m: {}
        - type: streams-app
          name: tail
          from:
            topics:
              m: {}
          to:
            topics:
              t: {}
        """;

    private static string Sinks(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"- type: kafka-sink-connector\n  name: sink{i}\n  from:\n    topics:\n      external{i}: {{}}\n  config:\n    connector.class: io.confluent.connect.jdbc.JdbcSinkConnector\n"));

    private static List<RunItem> Items(KPops.Engine.Pipelines.Pipeline pipeline, IEnumerable<KPops.Engine.Model.Component> components) =>
        components.Select(c => new RunItem(pipeline, c, false)).ToList();

    /// <summary>Each component of the run as "name: what it waits for".</summary>
    private static List<string> Waits(Operation operation, KPops.Engine.Pipelines.Pipeline pipeline, IEnumerable<KPops.Engine.Model.Component> components)
    {
        var schedule = Assert.Single(LifecycleRunner.Schedule(operation, Items(pipeline, components)));
        return schedule.Components.Select(c => $"{c.Item.Component.Name}:" + string.Concat(
            c.WaitsFor.Select(w => schedule.Components[w].Item.Component.Name).Order(StringComparer.Ordinal).Select(n => " " + n))).ToList();
    }

    /// <summary>Every component's first step started after the last result of every component it waits for.</summary>
    private static void AssertDependenciesFinishedFirst(RunOutcome outcome, KPops.Engine.Pipelines.Pipeline pipeline, Operation operation)
    {
        var schedule = Assert.Single(LifecycleRunner.Schedule(operation, Items(pipeline, pipeline.Components)));
        var events = outcome.Events;
        int FirstStart(string name) => events.Select((e, i) => (e, i)).First(p => p.e is StepStarted s && s.Component.Name == name).i;
        int LastResult(string name) => events.Select((e, i) => (e, i)).Last(p => p.e is StepCompleted c && c.Result.Component == name).i;
        foreach (var component in schedule.Components)
        {
            foreach (var input in component.WaitsFor.Select(w => schedule.Components[w].Item.Component.Name))
            {
                Assert.True(LastResult(input) < FirstStart(component.Item.Component.Name),
                    $"{component} started before {input} finished:\n" + string.Join("\n", outcome.Started));
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5, cancellationToken);
    }
}
