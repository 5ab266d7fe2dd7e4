using KPops.Engine.Errors;
using KPops.Engine.Pipelines;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Pipelines;

/// <summary>The component/topic graph: edges, DAG check and Kahn levels (§1.3 step 6.7, §5.4).</summary>
public sealed class PipelineGraphTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static List<List<string>> LevelNames(Pipeline pipeline) =>
        pipeline.Graph.Levels(pipeline.Components).Select(level => level.Select(c => c.Name).ToList()).ToList();

    [Fact]
    public void Graph_has_a_node_per_component_and_topic_and_an_edge_per_read_and_write()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: producer-app
              name: producer
              to:
                topics:
                  produced: {}
                  side: {label: side}
            - type: streams-app
              name: app
              to:
                topics:
                  out: {}
                  err: {type: error}
            - type: kafka-sink-connector
              name: sink
              config:
                connector.class: com.example.Sink
            """);
        // components: producer, app, sink; topics: produced, side, out (error topics are not in the graph)
        Assert.Equal(6, pipeline.Graph.NodeCount);
        // producer→produced, producer→side, produced→app, app→out, out→sink
        Assert.Equal(5, pipeline.Graph.EdgeCount);
    }

    [Fact]
    public void Patterns_are_not_graph_edges_but_labeled_inputs_are()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: streams-app
              name: app
              from:
                topics:
                  orders-.*: {type: pattern}
                  labeled-in: {label: L}
                  plain-in: {}
            """);
        Assert.Equal(3, pipeline.Graph.NodeCount);
        Assert.Equal(2, pipeline.Graph.EdgeCount);
    }

    [Fact]
    public void Topic_named_like_a_component_is_a_separate_node()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: producer-app
              name: app
              to:
                topics:
                  app: {}
            - type: streams-app
              name: reader
            """);
        Assert.Equal(3, pipeline.Graph.NodeCount);
        Assert.Equal(2, pipeline.Graph.EdgeCount);
    }

    [Fact]
    public void Kahn_levels_put_a_component_after_its_longest_feeding_chain()
    {
        // start → a → one → b → two → c; last reads a (short chain) and c (long chain).
        // BFS layers would run `last` together with `one`; topological generations run it after `two`.
        var pipeline = _ws.LoadPipeline("""
            - type: producer-app
              name: start
              to:
                topics:
                  a: {}
            - type: streams-app
              name: one
              to:
                topics:
                  b: {}
            - type: streams-app
              name: two
              to:
                topics:
                  c: {}
            - type: streams-app
              name: last
              from:
                topics:
                  a: {}
                  c: {}
            """);
        Assert.Equal([["start"], ["one"], ["two"], ["last"]], LevelNames(pipeline));
    }

    [Fact]
    public void Independent_chains_share_levels()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: producer-app
              name: p1
              to:
                topics:
                  t1: {}
            - type: producer-app
              name: p2
              to:
                topics:
                  t2: {}
            - type: streams-app
              name: s1
              from:
                topics:
                  t1: {}
            - type: streams-app
              name: s2
              from:
                topics:
                  t2: {}
            - type: helm-app
              name: unconnected
              chart: c/c
            """);
        Assert.Equal([["p1", "p2", "unconnected"], ["s1", "s2"]], LevelNames(pipeline));
    }

    [Fact]
    public void Cycle_is_PipelineCycle_naming_the_components_and_topics()
    {
        _ws.Write(Workspace.PipelinePath, """
            - type: streams-app
              name: ping
              from:
                topics:
                  pong-topic: {}
              to:
                topics:
                  ping-topic: {}
            - type: streams-app
              name: pong
              to:
                topics:
                  pong-topic: {}
            """);
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.PipelineCycle, e.ErrorId);
        Assert.Contains("Pipeline is not a valid DAG", e.Message);
        Assert.Contains("ping", e.Message);
        Assert.Contains("pong", e.Message);
        Assert.Contains("topic ping-topic", e.Message);
        Assert.Contains("topic pong-topic", e.Message);
        Assert.Equal(new SourceLocation(_ws.PathOf(Workspace.PipelinePath), 1, 3), e.Location);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Component_reading_its_own_output_is_a_cycle()
    {
        var e = _ws.LoadError("""
            - type: streams-app
              name: self
              from:
                topics:
                  loop: {}
              to:
                topics:
                  loop: {}
            """);
        Assert.Equal(ErrorIds.PipelineCycle, e.ErrorId);
        Assert.Contains("self", e.Message);
    }

    [Fact]
    public void Sink_connector_to_topics_are_not_graph_edges()
    {
        // KPOps' connectors have no graph outputs: a sink declares and creates its `to` topics but does not write
        // them. Two sinks declaring the same topic that earlier apps read would otherwise close a cycle.
        var pipeline = _ws.LoadPipeline("""
            - type: streams-app
              name: first
              from:
                topics:
                  shared: {}
              to:
                topics:
                  first-out: {}
            - type: kafka-sink-connector
              name: sink
              config:
                connector.class: com.example.Sink
              to:
                topics:
                  shared: {}
            """);
        // components: first, sink; topics: shared, first-out; shared→first, first→first-out, first-out→sink
        Assert.Equal(4, pipeline.Graph.NodeCount);
        Assert.Equal(3, pipeline.Graph.EdgeCount);
    }

    [Fact]
    public void Sink_connector_reads_its_config_topics()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: kafka-sink-connector
              name: sink
              config:
                connector.class: com.example.Sink
                topics: a,b
            """);
        Assert.Equal(2, pipeline.Graph.EdgeCount);
    }

    [Fact]
    public void Readers_of_a_source_connector_run_after_it()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
              to:
                topics:
                  imported: {}
            - type: streams-app
              name: reader
            """);
        Assert.Equal([["source"], ["reader"]], LevelNames(pipeline));
    }

    [Fact]
    public void A_chain_of_3000_components_loads_with_one_level_each()
    {
        var yaml = new System.Text.StringBuilder();
        for (var i = 0; i < 3000; i++) yaml.Append($"- {{type: streams-app, name: app-{i}, to: {{topics: {{t-{i}: {{}}}}}}}}\n");
        var pipeline = _ws.LoadPipeline(yaml.ToString());
        Assert.Equal(3000, pipeline.Graph.Levels(pipeline.Components).Count);
    }
}
