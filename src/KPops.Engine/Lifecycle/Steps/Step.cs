using System.Diagnostics;

namespace KPops.Engine.Lifecycle.Steps;

/// <summary>Shared parts of steps: timing and the result record.</summary>
internal abstract class Step : IStep
{
    protected Step(ResourceKind kind, string resource, string description)
    {
        Kind = kind;
        Resource = resource;
        Description = description;
    }

    public ResourceKind Kind { get; }

    public string Resource { get; }

    public string Description { get; }

    public async Task<IReadOnlyList<StepResult>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (action, diff, message) = await ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        return [context.Result(Kind, Resource, action, watch.Elapsed, diff, message)];
    }

    protected abstract Task<(StepAction Action, string? Diff, string? Message)> ExecuteAsync(StepContext context, CancellationToken cancellationToken);

    protected static (StepAction, string?, string?) Done(StepAction action, string? diff = null, string? message = null) => (action, diff, message);
}
