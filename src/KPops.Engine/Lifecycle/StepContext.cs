using KPops.Engine.Clients;
using KPops.Engine.Model;

namespace KPops.Engine.Lifecycle;

/// <summary>
/// The clients of one pipeline, for lifecycle runs, status checks and manifest rendering. Each is created on first
/// use, so a pipeline without connectors never needs Connect; disposing releases those that were created.
/// </summary>
public interface ILifecycleClients : IDisposable
{
    /// <summary>helm.</summary>
    IHelmClient Helm { get; }

    /// <summary>Kafka administration.</summary>
    IKafkaAdmin Kafka { get; }

    /// <summary>The Schema Registry, or null when schema_registry.enabled is false.</summary>
    ISchemaRegistry? SchemaRegistry { get; }

    /// <summary>Kafka Connect.</summary>
    IKafkaConnect Connect { get; }

    /// <summary>Kubernetes.</summary>
    IKubernetes Kubernetes { get; }

    /// <summary>Resolves schema class names to schemas.</summary>
    ISchemaProvider SchemaProvider { get; }
}

/// <summary>Everything a step needs besides the resource it works on.</summary>
public sealed class StepContext
{
    internal StepContext(string pipeline, Component component, Operation operation, ILifecycleClients clients, IOperationLog log, bool dryRun,
        bool forceUpgrade = false, RunShared? shared = null)
    {
        ForceUpgrade = forceUpgrade;
        Shared = shared ?? new RunShared();
        Pipeline = pipeline;
        Component = component;
        Operation = operation;
        Clients = clients;
        Log = log;
        DryRun = dryRun;
        Batch = KafkaBatch.None(() => clients.Kafka, Shared);
    }

    /// <summary>The pipeline's name.</summary>
    public string Pipeline { get; }

    /// <summary>The component.</summary>
    public Component Component { get; }

    /// <summary>The operation.</summary>
    public Operation Operation { get; }

    /// <summary>The clients.</summary>
    public ILifecycleClients Clients { get; }

    /// <summary>Verbose output.</summary>
    public IOperationLog Log { get; }

    /// <summary>True under -WhatIf: read, render and compare, but change nothing.</summary>
    public bool DryRun { get; }

    /// <summary>The pipeline's secrets: a result's diff and message are masked where the result is made.</summary>
    internal Security.SecretMask Secrets { get; init; } = Security.SecretMask.None;

    /// <summary>What the steps of one pipeline's part of a run read once and share.</summary>
    internal RunShared Shared { get; }

    /// <summary>The Kafka requests this component's steps share with the components that became ready with it.</summary>
    internal KafkaBatch Batch { get; init; }

    /// <summary>Upgrade Helm releases even when their rendered manifest and values equal the live release.</summary>
    public bool ForceUpgrade { get; }

    /// <summary>The result of a step of this context's component and operation.</summary>
    internal StepResult Result(ResourceKind kind, string resource, StepAction action, TimeSpan duration, string? diff = null, string? message = null) => new()
    {
        Pipeline = Pipeline,
        Component = Component.Name,
        ComponentType = Component.Type,
        Operation = Operation,
        Kind = kind,
        Resource = resource,
        Action = action,
        Diff = string.IsNullOrEmpty(diff) ? null : Secrets.Apply(diff),
        Message = Secrets.ApplyOrNull(message),
        Duration = duration,
    };
}

/// <summary>
/// A value one step of a plan hands to a later step of the same plan, declared by the planner: the producing step
/// writes it once, the consuming step reads it. The plan's order (and nothing else) guarantees the write comes first.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class StepOutput<T> where T : class
{
    private T? _value;
    private bool _written;

    /// <summary>Declares an output.</summary>
    /// <param name="description">What it holds, for errors.</param>
    public StepOutput(string description) => Description = description;

    /// <summary>What it holds.</summary>
    public string Description { get; }

    /// <summary>Whether the producing step has run.</summary>
    public bool IsWritten => Volatile.Read(ref _written);

    /// <summary>The value (null: the producer found none).</summary>
    /// <exception cref="InvalidOperationException">The producing step has not run.</exception>
    public T? Value => IsWritten ? _value : throw new InvalidOperationException($"{Description} is read before the step that produces it ran.");

    /// <summary>Sets the value; an output is written once.</summary>
    internal void Write(T? value)
    {
        if (IsWritten) throw new InvalidOperationException($"{Description} is written twice.");
        _value = value;
        Volatile.Write(ref _written, true);
    }
}

/// <summary>One resource step of a component's operation.</summary>
public interface IStep
{
    /// <summary>The resource kind.</summary>
    ResourceKind Kind { get; }

    /// <summary>The resource name.</summary>
    string Resource { get; }

    /// <summary>A short description for progress and confirmation ("create topic x").</summary>
    string Description { get; }

    /// <summary>Runs the step (or plans it when the context is a dry run); one result per resource it touched.</summary>
    Task<IReadOnlyList<StepResult>> RunAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>Answers the steps of one pipeline's part of a run share, each asked once (thread safe).</summary>
/// <param name="topics">The topics the run's steps may describe: the first of them to ask describes them all at once.</param>
internal sealed class RunShared(IReadOnlyCollection<string>? topics = null)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _topicNames = new(topics ?? [], StringComparer.Ordinal);
    // Topics this run changed since they were described: their next read asks the cluster again.
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private Task<IReadOnlySet<string>?>? _subjects;
    private Task<IReadOnlyDictionary<string, TopicDescription?>>? _topics;

    /// <summary>The Helm releases of the namespaces the run works in, each namespace listed once.</summary>
    public HelmReleaseIndex Releases { get; } = new();

    /// <summary>
    /// A topic of the run as the cluster described it when the first topic step asked (one request for every topic
    /// of the run), or as it is now when this run changed it since or it is not one of the run's topics.
    /// </summary>
    public async Task<TopicDescription?> DescribeTopicAsync(IKafkaAdmin kafka, string topic, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, TopicDescription?>>? all = null;
        lock (_gate)
        {
            // A failed or cancelled read is tried again by the next step.
            if (_topicNames.Contains(topic) && !_changed.Contains(topic))
                all = _topics = _topics is { IsFaulted: false, IsCanceled: false } known ? known : kafka.DescribeTopicsAsync(_topicNames, cancellationToken);
        }
        if (all is null) return await kafka.DescribeTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        return (await all.ConfigureAwait(false)).GetValueOrDefault(topic);
    }

    /// <summary>Records that this run created, changed or deleted a topic: what was described of it is out of date.</summary>
    public void Changed(string topic)
    {
        lock (_gate) _changed.Add(topic);
    }

    /// <summary>The registry's subjects when first asked, or null when it cannot list them.</summary>
    public Task<IReadOnlySet<string>?> SubjectsAsync(ISchemaRegistry registry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _subjects ??= Read();
        }

        async Task<IReadOnlySet<string>?> Read() =>
            await registry.ListSubjectsAsync(cancellationToken).ConfigureAwait(false) is { } subjects ? subjects.ToHashSet(StringComparer.Ordinal) : null;
    }
}
