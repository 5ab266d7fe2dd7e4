using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;

namespace KPops.Engine.Pipelines;

/// <summary>
/// Components and topics as a directed graph, KPOps' graph: input topic → component → output topic (labeled ones
/// included; patterns and error topics are not edges). A sink connector's edges are its <c>config.topics</c> only:
/// the topics of its <c>to</c> section are topics it declares and creates, not ones it writes, so they are no edges,
/// and a pipeline that weaves a sink's <c>to</c> topic into a later component loads as it does in KPOps. A source
/// connector writes its <c>to</c> topics and reads nothing from Kafka, so its output edges can never close a cycle;
/// they are kept to order readers after it in parallel runs. Used to reject cycles and to order components into
/// levels that can run side by side.
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, List<string>> _edges = new(StringComparer.Ordinal);
    private readonly List<string> _nodes = [];

    /// <summary>Builds the graph of the given components.</summary>
    public PipelineGraph(IReadOnlyList<Component> components)
    {
        foreach (var component in components) AddNode(ComponentNode(component.Name));
        foreach (var component in components)
        {
            foreach (var topic in component.AllInputTopics) AddEdge(TopicNode(topic), ComponentNode(component.Name));
            foreach (var topic in GraphOutputs(component)) AddEdge(ComponentNode(component.Name), TopicNode(topic));
        }
    }

    /// <summary>Number of nodes (components and topics).</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Number of edges.</summary>
    public int EdgeCount => _edges.Values.Sum(e => e.Count);

    /// <summary>
    /// The output topics that are graph edges: the output topic and labeled outputs; for a source connector its
    /// unlabeled, non-error <c>to</c> topics; for a sink connector none.
    /// </summary>
    public static IEnumerable<string> GraphOutputs(Component component) => component.Kind switch
    {
        ComponentKind.SourceConnector => component.Topics.Where(t => !t.IsError && t.Label is null).Select(t => t.Name),
        ComponentKind.SinkConnector => [],
        _ => new[] { component.OutputTopic }.OfType<string>().Concat(component.LabeledOutputTopics.Values),
    };

    /// <summary>Throws when the graph has a cycle, naming it.</summary>
    public void ThrowIfCyclic(IReadOnlyList<Component> components)
    {
        var cycle = FindCycle();
        if (cycle is null) return;
        var first = components.FirstOrDefault(c => cycle.Contains(ComponentNode(c.Name)));
        throw new KPopsException(ErrorIds.PipelineCycle, ErrorKind.InvalidData,
            "Pipeline is not a valid DAG. Cycle: " + string.Join(" → ", cycle.Select(Describe)),
            first?.Location, "A component must not read, directly or through other components, a topic it writes.");
    }

    /// <summary>
    /// Topological generations (Kahn's levels): each component lands one level after the latest component it depends
    /// on, so a component fed by a short and a long chain waits for both.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Component>> Levels(IReadOnlyList<Component> components)
    {
        var byNode = components.ToDictionary(c => ComponentNode(c.Name), StringComparer.Ordinal);
        var indegree = _nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        foreach (var targets in _edges.Values)
        {
            foreach (var target in targets) indegree[target]++;
        }
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>(_nodes.Where(n => indegree[n] == 0));
        foreach (var n in queue) level[n] = 0;
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var target in _edges.GetValueOrDefault(node) ?? [])
            {
                level[target] = Math.Max(level.GetValueOrDefault(target), level[node] + (byNode.ContainsKey(target) ? 1 : 0));
                if (--indegree[target] == 0) queue.Enqueue(target);
            }
        }
        return components
            .GroupBy(c => level.GetValueOrDefault(ComponentNode(c.Name)))
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<Component>)g.ToList())
            .ToList();
    }

    /// <summary>
    /// For each component, the components it reads from: the writers of its input topics (the graph's edges), the
    /// components that create those topics (a <c>to</c> topic the values do not name, e.g. a second untyped output, is
    /// created by its component but is no edge of the graph), and the components its <c>from.components</c> names. A
    /// run starts a component only after these finished.
    /// </summary>
    /// <param name="components">The pipeline's components.</param>
    /// <param name="includeCreators">Whether the creators of input topics count (not only the graph's writers).</param>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ComponentDependencies(IReadOnlyList<Component> components, bool includeCreators = true)
    {
        ArgumentNullException.ThrowIfNull(components);
        var writers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void AddWriter(string topicNode, string component)
        {
            if (!writers.TryGetValue(topicNode, out var list)) writers[topicNode] = list = [];
            list.Add(component);
        }
        foreach (var component in components)
        {
            foreach (var topic in _edges.GetValueOrDefault(ComponentNode(component.Name)) ?? []) AddWriter(topic, component.Name);
            if (!includeCreators) continue;
            foreach (var topic in component.Topics) AddWriter(TopicNode(topic.Name), component.Name);
        }
        var inputsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, targets) in _edges)
        {
            if (!from.StartsWith("topic-", StringComparison.Ordinal)) continue;
            foreach (var target in targets)
            {
                if (!inputsOf.TryGetValue(target, out var list)) inputsOf[target] = list = [];
                list.Add(from);
            }
        }
        var names = components.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            var inputs = inputsOf.GetValueOrDefault(ComponentNode(component.Name)) ?? [];
            var dependencies = inputs.SelectMany(topic => writers.GetValueOrDefault(topic) ?? [])
                .Concat(component.FromComponents.Select(f => f.Name).Where(names.Contains))
                .Where(n => !string.Equals(n, component.Name, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            result[component.Name] = dependencies;
        }
        return result;
    }

    /// <summary>
    /// A cycle as its nodes (the first repeated at the end), or null. Depth-first with an explicit stack, so a long
    /// pipeline cannot exhaust the call stack.
    /// </summary>
    private List<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);   // 1 = on the path, 2 = done
        var path = new List<string>();
        var next = new Stack<int>();   // per path node: index of the next edge to follow
        foreach (var root in _nodes)
        {
            if (state.ContainsKey(root)) continue;
            state[root] = 1;
            path.Add(root);
            next.Push(0);
            while (path.Count > 0)
            {
                var node = path[^1];
                var edges = _edges[node];
                var index = next.Pop();
                if (index == edges.Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                next.Push(index + 1);
                var target = edges[index];
                if (!state.TryGetValue(target, out var s))
                {
                    state[target] = 1;
                    path.Add(target);
                    next.Push(0);
                }
                else if (s == 1)
                {
                    return [.. path.Skip(path.IndexOf(target)), target];
                }
            }
        }
        return null;
    }

    private static string Describe(string node) => node.StartsWith("topic-", StringComparison.Ordinal) ? "topic " + node[6..] : node[10..];

    internal static string ComponentNode(string name) => "component-" + name;

    internal static string TopicNode(string name) => "topic-" + name;

    private void AddNode(string node)
    {
        if (_edges.ContainsKey(node)) return;
        _edges[node] = [];
        _nodes.Add(node);
    }

    private void AddEdge(string from, string to)
    {
        AddNode(from);
        AddNode(to);
        if (!_edges[from].Contains(to, StringComparer.Ordinal)) _edges[from].Add(to);
    }
}
