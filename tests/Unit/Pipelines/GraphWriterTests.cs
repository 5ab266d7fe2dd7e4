using System.Text.RegularExpressions;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Pipelines;

/// <summary>The picture of a pipeline in Mermaid and DOT: shapes, edges, external topics, patterns, escaping, order.</summary>
public sealed class GraphWriterTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Producer → streams app (labeled output, error topic, reads an external topic and a pattern) → sink.</summary>
    private const string Pipeline = """
        - type: producer-app
          name: producer
          to:
            topics:
              produced: {}
        - type: streams-app
          name: app
          from:
            components:
              producer: {}
            topics:
              orders-.*: {type: pattern}
              reference: {label: lookup}
          to:
            topics:
              out: {}
              audit: {label: audit}
              err: {type: error}
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: com.example.Sink
        """;

    private readonly List<KPops.Engine.Pipelines.Pipeline> _loaded = [];

    private IReadOnlyList<Component> Load(string yaml) => Remember(_ws.LoadPipeline(yaml)).Components;

    private KPops.Engine.Pipelines.Pipeline Remember(KPops.Engine.Pipelines.Pipeline pipeline)
    {
        _loaded.Add(pipeline);
        return pipeline;
    }

    /// <summary>The writer gets each component with the pipeline it was loaded in, as the cmdlet gives them.</summary>
    private string Write(IEnumerable<Component> components, GraphFormat format) =>
        GraphWriter.Write(components.Select(c => (_loaded.Single(p => p.Contains(c)), c)), format);

    [Fact]
    public void Mermaid_output_of_a_pipeline_is_pinned()
    {
        Assert.Equal("""
            flowchart LR
                c_producer(["producer"])
                c_app("app")
                c_sink[/"sink"\]
                t_produced[("produced")]
                t_reference[("reference")]
                p_orders___{{"orders-.#42;"}}
                t_out[("out")]
                t_audit[("audit")]
                t_err[("err")]
                c_producer --> t_produced
                t_produced --> c_app
                t_reference -->|"lookup"| c_app
                p_orders___ --> c_app
                c_app --> t_out
                c_app -->|"audit"| t_audit
                c_app -.->|"error"| t_err
                t_out --> c_sink
                classDef producerApp fill:#e3f2fd,stroke:#1565c0,color:#212121
                classDef streamsApp fill:#e8f5e9,stroke:#2e7d32,color:#212121
                classDef sinkConnector fill:#fce4ec,stroke:#ad1457,color:#212121
                classDef topic fill:#fafafa,stroke:#424242,color:#212121
                classDef pattern fill:#fffde7,stroke:#9e9d24,color:#212121
                classDef errorTopic fill:#ffebee,stroke:#c62828,color:#212121
                classDef external stroke-dasharray:5 3
                class c_producer producerApp
                class c_app streamsApp
                class c_sink sinkConnector
                class t_produced,t_reference,t_out,t_audit topic
                class p_orders___ pattern
                class t_err errorTopic
                class t_reference external
                linkStyle 6 stroke:#c62828,color:#c62828

            """.ReplaceLineEndings("\n"), Write(Load(Pipeline), GraphFormat.Mermaid));
    }

    [Fact]
    public void Dot_output_of_a_pipeline_is_pinned()
    {
        Assert.Equal("""
            digraph "demo" {
                rankdir=LR;
                node [fontname="Helvetica", fontsize=11, style=filled, penwidth=1.2];
                edge [fontname="Helvetica", fontsize=9, color="#616161"];
                c_producer [label="producer", shape=cds, style="filled", fillcolor="#e3f2fd", color="#1565c0"];
                c_app [label="app", shape=box, style="filled,rounded", fillcolor="#e8f5e9", color="#2e7d32"];
                c_sink [label="sink", shape=trapezium, style="filled", fillcolor="#fce4ec", color="#ad1457"];
                t_produced [label="produced", shape=cylinder, style="filled", fillcolor="#fafafa", color="#424242"];
                t_reference [label="reference", shape=cylinder, style="filled,dashed", fillcolor="#fafafa", color="#424242", tooltip="external: no component of the pipeline writes this topic"];
                p_orders___ [label="orders-.*", shape=hexagon, style="filled", fillcolor="#fffde7", color="#9e9d24"];
                t_out [label="out", shape=cylinder, style="filled", fillcolor="#fafafa", color="#424242"];
                t_audit [label="audit", shape=cylinder, style="filled", fillcolor="#fafafa", color="#424242"];
                t_err [label="err", shape=cylinder, style="filled", fillcolor="#ffebee", color="#c62828"];
                c_producer -> t_produced;
                t_produced -> c_app;
                t_reference -> c_app [label="lookup"];
                p_orders___ -> c_app;
                c_app -> t_out;
                c_app -> t_audit [label="audit"];
                c_app -> t_err [label="error", style=dashed, color="#c62828", fontcolor="#c62828"];
                t_out -> c_sink;
            }

            """.ReplaceLineEndings("\n"), Write(Load(Pipeline), GraphFormat.Dot));
    }

    [Theory]
    [InlineData(GraphFormat.Mermaid, "c_web[\"web\"]", "c_app(\"app\")", "c_producer([\"producer\"])", "c_consumer[[\"consumer\"]]", "c_sink[/\"sink\"\\]", "c_source[\\\"source\"/]")]
    [InlineData(GraphFormat.Dot, "c_web [label=\"web\", shape=box,", "c_app [label=\"app\", shape=box, style=\"filled,rounded\"", "c_producer [label=\"producer\", shape=cds,",
        "c_consumer [label=\"consumer\", shape=component,", "c_sink [label=\"sink\", shape=trapezium,", "c_source [label=\"source\", shape=invtrapezium,")]
    public void Components_are_shaped_by_kind(GraphFormat format, string helmApp, string streamsApp, string producer, string consumer, string sink, string source)
    {
        var output = Write(Load("""
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
              to:
                topics:
                  raw: {}
            - type: helm-app
              name: web
              chart: charts/web
            - type: producer-app
              name: producer
              to:
                topics:
                  produced: {}
            - type: streams-app
              name: app
              to:
                topics:
                  out: {}
            - type: consumer-app
              name: consumer
            - type: kafka-sink-connector
              name: sink
              from:
                topics:
                  out: {}
              config:
                connector.class: com.example.Sink
            """), format);
        foreach (var expected in new[] { helmApp, streamsApp, producer, consumer, sink, source }) Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_connector_writes_its_to_topics()
    {
        var output = Write(Load("""
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
              to:
                topics:
                  raw: {}
            - type: streams-app
              name: app
            """), GraphFormat.Mermaid);
        Assert.Contains("c_source --> t_raw\n", output, StringComparison.Ordinal);
        Assert.Contains("t_raw --> c_app\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("external", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sink_connectors_dead_letter_topic_is_an_error_edge()
    {
        var output = Write(Load("""
            - type: kafka-sink-connector
              name: sink
              from:
                topics:
                  in: {}
              config:
                connector.class: com.example.Sink
                errors.deadletterqueue.topic.name: sink-dlq
            """), GraphFormat.Dot);
        Assert.Contains("c_sink -> t_sink_dlq [label=\"error\", style=dashed, color=\"#c62828\", fontcolor=\"#c62828\"];", output, StringComparison.Ordinal);
        Assert.Contains("t_sink_dlq [label=\"sink-dlq\", shape=cylinder, style=\"filled\", fillcolor=\"#ffebee\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_topic_written_by_a_component_left_out_of_the_picture_is_not_external()
    {
        var components = Load(Pipeline);
        var output = Write(components.Where(c => c.Name != "producer"), GraphFormat.Mermaid);
        Assert.Contains("class t_reference external\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("c_producer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_is_joined_to_the_pictured_topics_it_matches_as_a_whole()
    {
        var output = Write(Load("""
            - type: producer-app
              name: eu
              to:
                topics:
                  orders-eu: {}
            - type: producer-app
              name: us
              to:
                topics:
                  orders-us-archive: {}
                  old-orders-us: {label: old}
            - type: streams-app
              name: app
              from:
                topics:
                  orders-[a-z]+: {type: pattern}
            """), GraphFormat.Dot);
        Assert.Contains("t_orders_eu -> p_orders__a_z__ [style=dotted, arrowhead=none];", output, StringComparison.Ordinal);
        Assert.DoesNotContain("t_orders_us_archive -> p_", output, StringComparison.Ordinal);
        Assert.DoesNotContain("t_old_orders_us -> p_", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(a)\\1")]      // a back-reference: the non-backtracking engine refuses it
    [InlineData("orders-[")]    // not a regular expression at all
    public void A_pattern_dotnet_cannot_match_safely_is_drawn_without_matches(string pattern)
    {
        var output = Write(Load($$"""
            - type: producer-app
              name: producer
              to:
                topics:
                  aa: {}
            - type: streams-app
              name: app
              from:
                topics:
                  '{{pattern}}': {type: pattern}
            """), GraphFormat.Mermaid);
        Assert.Contains("--> c_app", output, StringComparison.Ordinal);
        Assert.DoesNotContain("-.-> p_", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_edges_are_the_edges_of_the_pipeline_graph()
    {
        var pipeline = Remember(_ws.LoadPipeline(Pipeline.Replace("orders-.*: {type: pattern}", "more: {}", StringComparison.Ordinal)));
        var output = Write(pipeline.Components, GraphFormat.Dot);
        var dataEdges = output.Split('\n').Count(l => l.Contains(" -> ", StringComparison.Ordinal) && !l.Contains("style=", StringComparison.Ordinal));
        Assert.Equal(pipeline.Graph.EdgeCount, dataEdges);
    }

    [Fact]
    public void Output_does_not_depend_on_the_order_components_arrive_in()
    {
        var components = Load(Pipeline);
        Assert.Equal(Write(components, GraphFormat.Mermaid), Write(components.Reverse(), GraphFormat.Mermaid));
        Assert.Equal(Write(components, GraphFormat.Dot), Write(components.Concat(components), GraphFormat.Dot));
    }

    [Fact]
    public void Names_that_sanitize_alike_get_distinct_identifiers()
    {
        var output = Write(Load("""
            - type: producer-app
              name: producer
              to:
                topics:
                  a.b: {}
                  a-b: {label: x}
                  a_b: {label: y}
            """), GraphFormat.Mermaid);
        Assert.Contains("t_a_b[(\"a.b\")]", output, StringComparison.Ordinal);
        Assert.Contains("t_a_b_2[(\"a-b\")]", output, StringComparison.Ordinal);
        Assert.Contains("t_a_b_3[(\"a_b\")]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Components_of_several_pipelines_are_grouped_and_share_their_topics()
    {
        var first = Remember(_ws.LoadPipeline(Pipeline)).Components;
        _ws.Write("pipelines/second/pipeline.yaml", """
            - type: streams-app
              name: app
              from:
                topics:
                  out: {}
            """);
        var second = Remember(_ws.Load("pipelines/second/pipeline.yaml")).Components;
        var output = Write(second.Concat(first), GraphFormat.Mermaid);
        Assert.Contains("    subgraph g_demo[\"demo\"]\n        c_demo_producer([\"producer\"])\n", output, StringComparison.Ordinal);
        Assert.Contains("    subgraph g_second[\"second\"]\n        c_second_app(\"app\")\n    end\n", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("g_demo", StringComparison.Ordinal) < output.IndexOf("g_second", StringComparison.Ordinal), "pipelines are ordered by name");
        Assert.Contains("t_out --> c_second_app\n", output, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(output, @"t_out\[\("));
        var dot = Write(second.Concat(first), GraphFormat.Dot);
        Assert.StartsWith("digraph \"pipelines\" {", dot, StringComparison.Ordinal);
        Assert.Contains("    subgraph cluster_g_second {\n        label=\"second\";\n", dot, StringComparison.Ordinal);
    }

    /// <summary>Topic names and labels with every character that means something to Mermaid, DOT or markdown.</summary>
    private const string Hostile = """
        - type: streams-app
          name: app
          from:
            topics:
              "a\"b]c|d#e%f<g>h&i`j\nk end --> x; %% y\\N\\l {{z}} (w) [/v/] 'q' \U0001F600 \t é": {label: "l\"a|b]#%\n end"}
              "subgraph": {}
              "end": {}
          to:
            topics:
              "graph {": {}
              "node\\": {type: error}
        """;

    private static readonly string[] HostileNames =
        ["a\"b]c|d#e%f<g>h&i`j\u240Ak end --> x; %% y\\N\\l {{z}} (w) [/v/] 'q' \U0001F600 \u2409 é", "l\"a|b]#%\u240A end", "subgraph", "end", "graph {", "node\\"];

    [Fact]
    public void Hostile_names_stay_inside_mermaid_strings_and_decode_to_themselves()
    {
        var output = Write(Load(Hostile), GraphFormat.Mermaid);
        var strings = Regex.Matches(output, "\"([^\"\n]*)\"").Select(m => m.Groups[1].Value).ToList();
        foreach (var text in strings) Assert.Matches(@"^[\p{L}\p{N} \-_.:/,@+=#;]*$", text);
        var decoded = strings.Select(s => Regex.Replace(s, "#([0-9]+);", m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        foreach (var name in HostileNames) Assert.Contains(name, decoded);
        // Every line outside the strings is a statement of the writer's own vocabulary.
        foreach (var line in Regex.Replace(output, "\"[^\"\n]*\"", "S").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(@"^(flowchart LR|    [a-z]_\w+(\(\[S\]\)|\(S\)|\[S\]|\[\[S\]\]|\[/S\\\]|\[\\S/\]|\[\(S\)\]|\{\{S\}\})|    [a-z]_\w+ (-->|-\.->)(\|S\|)? [a-z]_\w+|    classDef \w+ [\w:#,\- ]+|    class [\w,]+ \w+|    linkStyle [\d,]+ [\w:#,]+)$", line);
        }
    }

    [Fact]
    public void Hostile_names_stay_inside_dot_strings_and_unescape_to_themselves()
    {
        var output = Write(Load(Hostile), GraphFormat.Dot);
        var strings = Regex.Matches(output, "\"((?:[^\"\\\\\n]|\\\\.)*)\"").Select(m => m.Groups[1].Value).ToList();
        var unescaped = strings.Select(s => Regex.Replace(s, @"\\(.)", "$1").Replace("&amp;", "&", StringComparison.Ordinal)).ToList();
        foreach (var name in HostileNames) Assert.Contains(name, unescaped);
        foreach (var line in Regex.Replace(output, "\"((?:[^\"\\\\\n]|\\\\.)*)\"", "S").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(@"^(digraph S \{|\}|    rankdir=LR;|    (node|edge) \[.*\];|    [a-z]_\w+ \[label=S(, \w+=(S|\w+))*\];|    [a-z]_\w+ -> [a-z]_\w+( \[(label=S, )?\w+=(S|\w+)(, \w+=(S|\w+))*\]| \[label=S\])?;)$", line);
        }
    }
}
