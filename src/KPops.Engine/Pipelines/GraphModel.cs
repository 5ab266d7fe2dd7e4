using System.Text;
using System.Text.RegularExpressions;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Pipelines;

/// <summary>What a node of the picture stands for; it picks the node's shape and style.</summary>
internal enum GraphNodeRole
{
    Component,
    Topic,
    ErrorTopic,
    Pattern,
}

/// <summary>What an edge of the picture stands for.</summary>
internal enum GraphEdgeRole
{
    /// <summary>A component reads or writes a topic (or reads a pattern).</summary>
    Records,

    /// <summary>A component writes an error (dead letter) topic.</summary>
    Error,

    /// <summary>A topic of the picture matches a pattern a component reads.</summary>
    Match,
}

/// <summary>One node: its identifier (safe in Mermaid and DOT as written), its label (the name, unescaped) and role.</summary>
internal sealed record GraphNode(string Id, string Label, GraphNodeRole Role, ComponentKind Kind, string? Group, bool External);

/// <summary>One edge between two node identifiers, with an optional label (a topic label).</summary>
internal sealed record GraphEdge(string From, string To, string? Label, GraphEdgeRole Role);

/// <summary>A pipeline subgraph: shown only when the picture holds components of more than one pipeline.</summary>
internal sealed record GraphGroup(string Id, string Label);

/// <summary>
/// The picture of one or more pipelines, independent of the output format: components (in pipeline order, grouped by
/// pipeline), the topics and patterns they read and write (in order of first appearance), and the edges between them
/// (in component order). Everything is ordered by the pipeline, never by hashing, so the same pipeline always gives
/// the same picture. Identifiers are derived from the names (letters, digits and underscores only, made unique in
/// order of appearance), so a renamed component changes only its own lines.
/// </summary>
internal sealed class GraphModel
{
    /// <summary>Identifiers stay short enough to read; uniqueness comes from a numeric suffix.</summary>
    private const int MaxIdLength = 64;

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphNode> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphNode> _patterns = new(StringComparer.Ordinal);
    private readonly HashSet<GraphEdge> _edgeSet = [];

    public List<GraphGroup> Groups { get; } = [];

    public List<GraphNode> Nodes { get; } = [];

    public List<GraphEdge> Edges { get; } = [];

    /// <summary>The name of the single pipeline pictured, or null for several (or none).</summary>
    public string? PipelineName { get; private set; }

    public static GraphModel Build(IEnumerable<(Pipeline Pipeline, Component Component)> components)
    {
        var model = new GraphModel();
        var items = components.ToList();
        var given = items.Select(i => i.Component).Distinct().ToList();
        var groups = items.GroupBy(i => i.Pipeline)
            .OrderBy(g => g.Key.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Key.FilePath, StringComparer.Ordinal)
            .Select(g => (Pipeline: g.Key, Components: g.Key.Components.Where(c => g.Any(i => ReferenceEquals(i.Component, c))).ToList()))
            .ToList();
        var grouped = groups.Count > 1;
        model.PipelineName = groups.Count == 1 ? groups[0].Pipeline.Name : null;

        // A topic is external when no component of the pipelines involved writes it, shown or not (-Steps keeps the
        // writers of a topic out of the picture, not out of the pipeline).
        var everyone = groups.SelectMany(g => g.Pipeline.Components).Distinct();
        var written = new HashSet<string>(everyone.SelectMany(WrittenTopics), StringComparer.Ordinal);
        var errors = new HashSet<string>(given.Select(c => c.ErrorTopic).OfType<string>(), StringComparer.Ordinal);

        var componentIds = new Dictionary<Component, string>();
        foreach (var (pipeline, members) in groups)
        {
            string? group = null;
            if (grouped)
            {
                var label = pipeline.Name;
                group = model.NewId("g_", label);
                model.Groups.Add(new GraphGroup(group, label));
            }
            foreach (var component in members)
            {
                var id = model.NewId("c_", grouped ? pipeline.Name + "_" + component.Name : component.Name);
                componentIds[component] = id;
                model.Nodes.Add(new GraphNode(id, component.Name, GraphNodeRole.Component, component.Kind, group, External: false));
            }
        }

        foreach (var (_, members) in groups)
        {
            foreach (var component in members)
            {
                var id = componentIds[component];
                foreach (var topic in component.InputTopics) model.AddEdge(model.Topic(topic, written, errors), id, null, GraphEdgeRole.Records);
                foreach (var (label, topics) in Sorted(component.LabeledInputTopics))
                {
                    foreach (var topic in topics) model.AddEdge(model.Topic(topic, written, errors), id, label, GraphEdgeRole.Records);
                }
                if (component.InputPattern is { } pattern) model.AddEdge(model.Pattern(pattern), id, null, GraphEdgeRole.Records);
                foreach (var (label, labeled) in Sorted(component.LabeledInputPatterns)) model.AddEdge(model.Pattern(labeled), id, label, GraphEdgeRole.Records);
                if (component.Kind == ComponentKind.SourceConnector)
                {
                    foreach (var topic in PipelineGraph.GraphOutputs(component)) model.AddEdge(id, model.Topic(topic, written, errors), null, GraphEdgeRole.Records);
                }
                else if (component.Kind != ComponentKind.SinkConnector)
                {
                    if (component.OutputTopic is { } output) model.AddEdge(id, model.Topic(output, written, errors), null, GraphEdgeRole.Records);
                    foreach (var (label, topic) in Sorted(component.LabeledOutputTopics)) model.AddEdge(id, model.Topic(topic, written, errors), label, GraphEdgeRole.Records);
                }
                if (component.ErrorTopic is { } error) model.AddEdge(id, model.Topic(error, written, errors), "error", GraphEdgeRole.Error);
            }
        }
        model.AddPatternMatches();
        return model;
    }

    /// <summary>
    /// Every topic a component writes: its output, labeled output and error topics, a source connector's topics; a
    /// sink connector writes only its dead letter topic (its <c>to</c> topics are declared, not written).
    /// </summary>
    private static IEnumerable<string> WrittenTopics(Component component) =>
        PipelineGraph.GraphOutputs(component).Concat(new[] { component.ErrorTopic }.OfType<string>());

    private static IEnumerable<KeyValuePair<string, T>> Sorted<T>(IReadOnlyDictionary<string, T> map) =>
        map.OrderBy(p => p.Key, StringComparer.Ordinal);

    private string Topic(string name, HashSet<string> written, HashSet<string> errors)
    {
        if (_topics.TryGetValue(name, out var node)) return node.Id;
        node = new GraphNode(NewId("t_", name), name, errors.Contains(name) ? GraphNodeRole.ErrorTopic : GraphNodeRole.Topic,
            ComponentKind.None, null, External: !written.Contains(name));
        _topics[name] = node;
        Nodes.Add(node);
        return node.Id;
    }

    private string Pattern(string pattern)
    {
        if (_patterns.TryGetValue(pattern, out var node)) return node.Id;
        node = new GraphNode(NewId("p_", pattern), pattern, GraphNodeRole.Pattern, ComponentKind.None, null, External: false);
        _patterns[pattern] = node;
        Nodes.Add(node);
        return node.Id;
    }

    private void AddEdge(string from, string to, string? label, GraphEdgeRole role)
    {
        var edge = new GraphEdge(from, to, label, role);
        if (_edgeSet.Add(edge)) Edges.Add(edge);
    }

    /// <summary>
    /// Joins each pattern to the pictured topics it matches as a whole (as Kafka Streams and Connect match topic
    /// names). The pattern is input: it is compiled with the non-backtracking engine, so no pattern can take more than
    /// linear time per topic, and a pattern .NET cannot read (or that needs backtracking) simply matches nothing here.
    /// </summary>
    private void AddPatternMatches()
    {
        var topics = Nodes.Where(n => n.Role is GraphNodeRole.Topic or GraphNodeRole.ErrorTopic).ToList();
        foreach (var (pattern, node) in _patterns.OrderBy(p => Nodes.IndexOf(p.Value)))
        {
            Regex regex;
            try
            {
                _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
                regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                continue;
            }
            foreach (var topic in topics.Where(t => regex.IsMatch(t.Label))) AddEdge(topic.Id, node.Id, null, GraphEdgeRole.Match);
        }
    }

    /// <summary>
    /// An identifier from a name: a prefix that says what it is (so it never is a Mermaid or DOT keyword and never
    /// starts with a digit), then the name's ASCII letters and digits with everything else as '_', unique by a suffix.
    /// </summary>
    private string NewId(string prefix, string name)
    {
        var id = new StringBuilder(prefix);
        foreach (var c in name)
        {
            if (id.Length >= MaxIdLength) break;
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        var candidate = id.ToString();
        for (var n = 2; !_ids.Add(candidate); n++) candidate = id + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }
}
