using KPops.Engine.Pipelines;

namespace KPops.Engine.Lifecycle;

/// <summary>A component of a <see cref="RunSchedule"/>: its steps, what it waits for and what waits for it.</summary>
public sealed class ScheduledComponent
{
    internal ScheduledComponent(RunItem item, int index, IReadOnlyList<IStep> steps)
    {
        Item = item;
        Index = index;
        Steps = steps;
    }

    /// <summary>The component and its pipeline.</summary>
    public RunItem Item { get; }

    /// <summary>0-based position in the run order (pipeline order, reversed for teardown).</summary>
    public int Index { get; }

    /// <summary>The steps, in order (topics → schemas → release for deploy).</summary>
    public IReadOnlyList<IStep> Steps { get; }

    /// <summary>The components that must finish before this one starts (indexes into <see cref="RunSchedule.Components"/>).</summary>
    public IReadOnlyList<int> WaitsFor { get; internal set; } = [];

    /// <summary>The components that wait for this one.</summary>
    public IReadOnlyList<int> Unblocks { get; internal set; } = [];

    /// <summary>
    /// The steps on the longest chain from this component to the end of the run, its own included: among ready
    /// components the one with the most work still behind it starts first, so the critical path never waits for a slot.
    /// </summary>
    public int RemainingChain { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => Item.Component.Name;
}

/// <summary>
/// The dependencies of one pipeline's part of a run. Deploy: a component waits for every selected component it reads
/// from (through the topic graph and <c>from.components</c>, also through components that are not selected);
/// teardown: the reverse, a component waits for every selected component that reads from it.
/// </summary>
public sealed class RunSchedule
{
    private RunSchedule(Pipeline pipeline, IReadOnlyList<ScheduledComponent> components)
    {
        Pipeline = pipeline;
        Components = components;
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

    /// <summary>The components, in run order.</summary>
    public IReadOnlyList<ScheduledComponent> Components { get; }

    /// <summary>The schedule of one pipeline's selected components.</summary>
    /// <param name="operation">The operation (teardown reverses the graph).</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="items">Its selected components, in any order.</param>
    /// <param name="firstIndex">The run position of the first of them.</param>
    public static RunSchedule Build(Operation operation, Pipeline pipeline, IReadOnlyList<RunItem> items, int firstIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(items);
        var teardown = operation != Operation.Deploy;
        var position = pipeline.Components.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var ordered = items.OrderBy(i => position.GetValueOrDefault(i.Component.Name)).ToList();
        if (teardown) ordered.Reverse();
        var nodes = ordered.Select((item, i) => new ScheduledComponent(item, firstIndex + i,
            Planner.Plan(item.Pipeline.Inventory.Of(item.Component), operation))).ToList();
        var indexOf = nodes.Select((n, i) => (n.Item.Component.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

        // The creators of a component's input topics are waited for too, unless that closes a cycle the topic graph
        // does not have (a component creating a topic it also reads through others): then the graph's edges alone.
        if (!Link(pipeline.Graph.ComponentDependencies(pipeline.Components, includeCreators: true)))
            Link(pipeline.Graph.ComponentDependencies(pipeline.Components, includeCreators: false));
        return new RunSchedule(pipeline, nodes);

        // Sets the waits and chains from the reads-from edges of the whole pipeline; false when they form a cycle.
        bool Link(IReadOnlyDictionary<string, IReadOnlyList<string>> readsFrom)
        {
            // A selected component reaches its selected inputs through unselected ones; walked with an explicit queue,
            // not recursion, since the shape of the pipeline is input.
            HashSet<int> SelectedUpstream(string name)
            {
                var found = new HashSet<int>();
                var seen = new HashSet<string>(StringComparer.Ordinal) { name };
                var pending = new Queue<string>([name]);
                while (pending.TryDequeue(out var current))
                {
                    foreach (var input in readsFrom.GetValueOrDefault(current) ?? [])
                    {
                        if (!seen.Add(input)) continue;
                        if (indexOf.TryGetValue(input, out var selected)) found.Add(selected);
                        else pending.Enqueue(input);
                    }
                }
                return found;
            }

            var waits = nodes.Select(_ => new HashSet<int>()).ToList();
            for (var i = 0; i < nodes.Count; i++)
            {
                foreach (var input in SelectedUpstream(nodes[i].Item.Component.Name))
                {
                    if (teardown) waits[input].Add(i);   // an input is torn down after its readers
                    else waits[i].Add(input);
                }
            }
            var unblocks = nodes.Select(_ => new List<int>()).ToList();
            for (var i = 0; i < nodes.Count; i++)
            {
                nodes[i].WaitsFor = waits[i].Order().ToList();
                foreach (var w in waits[i]) unblocks[w].Add(i);
            }
            for (var i = 0; i < nodes.Count; i++) nodes[i].Unblocks = unblocks[i].Order().ToList();

            // Longest remaining chain, weighed in steps; a component with no steps still counts as one. Computed in
            // reverse topological order (Kahn over the waits), so no recursion follows the pipeline's depth.
            var remaining = nodes.Select(n => n.Unblocks.Count).ToArray();
            var order = new Stack<int>(Enumerable.Range(0, nodes.Count).Where(i => remaining[i] == 0));
            while (order.TryPop(out var i))
            {
                var behind = nodes[i].Unblocks.Count == 0 ? 0 : nodes[i].Unblocks.Max(u => nodes[u].RemainingChain);
                nodes[i].RemainingChain = Math.Max(1, nodes[i].Steps.Count) + behind;
                foreach (var w in nodes[i].WaitsFor)
                {
                    if (--remaining[w] == 0) order.Push(w);
                }
            }
            return nodes.All(n => n.RemainingChain > 0);
        }
    }
}
