using KPops.Engine.Clients;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;

namespace KPops.Engine.Lifecycle;

/// <summary>The clients a lifecycle run uses. Each is created on first use, so a pipeline without connectors never needs Connect.</summary>
public interface ILifecycleClients
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

/// <summary>Everything a step needs.</summary>
public sealed class StepContext
{
    internal StepContext(Pipeline pipeline, Component component, Operation operation, ILifecycleClients clients, IOperationLog log, bool dryRun)
    {
        Pipeline = pipeline;
        Component = component;
        Operation = operation;
        Clients = clients;
        Log = log;
        DryRun = dryRun;
    }

    /// <summary>The pipeline.</summary>
    public Pipeline Pipeline { get; }

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

    /// <summary>The Helm values of the release as deployed, captured before uninstalling it (the cleanup job uses them).</summary>
    internal YMap? LiveValues { get; set; }

    /// <summary>The result of a step of this context's component and operation.</summary>
    internal StepResult Result(ResourceKind kind, string resource, StepAction action, TimeSpan duration, string? diff = null, string? message = null) => new()
    {
        Pipeline = Pipeline.Name,
        Component = Component.Name,
        ComponentType = Component.Type,
        Operation = Operation,
        Kind = kind,
        Resource = resource,
        Action = action,
        Diff = string.IsNullOrEmpty(diff) ? null : diff,
        Message = message,
        Duration = duration,
    };
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
