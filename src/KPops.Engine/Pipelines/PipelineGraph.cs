using KPops.Engine.Errors;
using KPops.Engine.Model;

namespace KPops.Engine.Pipelines;

/// <summary>
/// Components and topics as a directed graph: input topic → component → output topic (labeled ones included;
/// patterns and error topics are not edges). Used to reject cycles and to order components into levels that can
/// run side by side.
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

    /// <summary>The output topics that are graph edges: the output topic and labeled outputs (all non-error <c>to</c> topics of connectors).</summary>
    public static IEnumerable<string> GraphOutputs(Component component) =>
        component.IsConnector
            ? component.Topics.Where(t => !t.IsError && t.Label is null).Select(t => t.Name)
            : new[] { component.OutputTopic }.OfType<string>().Concat(component.LabeledOutputTopics.Values);

    /// <summary>Throws when the graph has a cycle, naming it.</summary>
    public void ThrowIfCyclic(IReadOnlyList<Component> components)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);   // 1 = on stack, 2 = done
        var stack = new List<string>();
        foreach (var node in _nodes)
        {
            var cycle = Visit(node, state, stack);
            if (cycle is null) continue;
            var first = components.FirstOrDefault(c => cycle.Contains(ComponentNode(c.Name)));
            throw new KPopsException(ErrorIds.PipelineCycle, ErrorKind.InvalidData,
                "Pipeline is not a valid DAG. Cycle: " + string.Join(" → ", cycle.Select(Describe)),
                first?.Location, "A component must not read, directly or through other components, a topic it writes.");
        }
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

    private List<string>? Visit(string node, Dictionary<string, int> state, List<string> stack)
    {
        if (state.TryGetValue(node, out var s))
        {
            if (s == 2) return null;
            var start = stack.IndexOf(node);
            return [.. stack.Skip(start), node];
        }
        state[node] = 1;
        stack.Add(node);
        foreach (var target in _edges.GetValueOrDefault(node) ?? [])
        {
            var cycle = Visit(target, state, stack);
            if (cycle is not null) return cycle;
        }
        stack.RemoveAt(stack.Count - 1);
        state[node] = 2;
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
