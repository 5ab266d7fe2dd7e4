using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>What a run emitted, in order.</summary>
public sealed class RunOutcome(IReadOnlyList<RunEvent> events)
{
    public IReadOnlyList<RunEvent> Events { get; } = events;

    /// <summary>The results, in the order they were emitted.</summary>
    public IReadOnlyList<StepResult> Results => Events.OfType<StepCompleted>().Select(e => e.Result).ToList();

    /// <summary>The failure that stopped the run, or null.</summary>
    public RunFailed? Failure => Events.OfType<RunFailed>().SingleOrDefault();

    public IReadOnlyList<string> Warnings => Events.OfType<WarningMessage>().Select(w => w.Message).ToList();

    /// <summary>The steps started, as "component: description".</summary>
    public IReadOnlyList<string> Started => Events.OfType<StepStarted>().Select(s => $"{s.Component.Name}: {s.Step}").ToList();

    /// <summary>The results as "component Kind resource Action".</summary>
    public List<string> Lines => Results.Select(r => $"{r.Component} {r.Kind} {r.Resource} {r.Action}").ToList();

    /// <summary>The components in the order their first result came.</summary>
    public List<string> ComponentOrder => Results.Select(r => r.Component).Distinct().ToList();

    /// <summary>The one result of a resource.</summary>
    public StepResult Result(ResourceKind kind, string resource) => Assert.Single(Results, r => r.Kind == kind && r.Resource == resource);

    /// <summary>Fails with the run's error when it has one.</summary>
    public RunOutcome Succeeded()
    {
        if (Failure is { } failure) throw new Xunit.Sdk.XunitException("The run failed: " + failure.Error.Message + "\n" + string.Join("\n", Lines));
        return this;
    }
}

/// <summary>A workspace (project on disk) and a fake world, and a runner between them.</summary>
public abstract class LifecycleTestBase : IDisposable
{
    /// <summary>The standard config plus what lifecycle tests need.</summary>
    public const string Config = Workspace.StandardConfig;

    protected LifecycleTestBase(string? extraConfig = null)
    {
        Ws = new Workspace(Config + (extraConfig is null ? "" : "\n" + extraConfig));
    }

    protected Workspace Ws { get; }

    protected FakeWorld World { get; } = new();

    /// <summary>Runs deploy with -ForceUpgrade.</summary>
    protected bool ForceUpgrade { get; set; }

    /// <summary>Replaces config.yaml by the standard config plus <paramref name="extra"/>.</summary>
    protected void UseConfig(string extra) => Ws.Write("config.yaml", Config + "\n" + extra);

    /// <summary>Writes and loads the demo pipeline.</summary>
    protected Pipeline Load(string pipelineYaml) => Ws.LoadPipeline(pipelineYaml);

    /// <summary>Runs an operation over all components of the pipelines.</summary>
    protected Task<RunOutcome> RunAsync(Operation operation, Pipeline pipeline, bool dryRun = false, bool parallel = false, int throttleLimit = 4, CancellationToken cancellationToken = default) =>
        RunAsync(operation, pipeline.Components, dryRun, parallel, throttleLimit, cancellationToken);

    /// <summary>Runs an operation over components.</summary>
    protected Task<RunOutcome> RunAsync(Operation operation, IEnumerable<Component> components, bool dryRun = false, bool parallel = false, int throttleLimit = 4, CancellationToken cancellationToken = default) =>
        RunItemsAsync(operation, components.Select(c => new RunItem(Ws.PipelineOf(c), c, dryRun)).ToList(), parallel, throttleLimit, cancellationToken);

    /// <summary>Runs an operation over run items.</summary>
    protected async Task<RunOutcome> RunItemsAsync(Operation operation, IReadOnlyList<RunItem> items, bool parallel = false, int throttleLimit = 4, CancellationToken cancellationToken = default)
    {
        var runner = new LifecycleRunner(World.Factory) { Parallel = parallel, ThrottleLimit = throttleLimit, ForceUpgrade = ForceUpgrade };
        var reader = runner.Start(operation, items, cancellationToken);
        var events = new List<RunEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in reader.ReadAllAsync(timeout.Token)) events.Add(e);
        return new RunOutcome(events);
    }

    public void Dispose()
    {
        Ws.Dispose();
        GC.SuppressFinalize(this);
    }
}
