using System.Globalization;
using KPops.Engine.Lifecycle;
using KPops.Engine.Pipelines;
using KPops.Engine.Status;
using KPops.Tests.Integration.Support;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KPops.Tests.Integration.Status;

/// <summary>The results of one status check of some components.</summary>
/// <param name="Results">Every resource result, component by component.</param>
public sealed record StatusReport(IReadOnlyList<StatusResult> Results)
{
    /// <summary>The results of one component.</summary>
    public IReadOnlyList<StatusResult> Of(string component) => Results.Where(r => r.Component == component).ToList();

    /// <summary>The one result of a component for a resource kind (and resource, when given).</summary>
    public StatusResult One(string component, StatusKind kind, string? resource = null)
    {
        var found = Results.Where(r => r.Component == component && r.Kind == kind && (resource is null || r.Resource == resource)).ToList();
        return found.Count == 1 ? found[0] : throw new XunitException($"expected one {kind} result of {component}{(resource is null ? "" : " for " + resource)}, found {found.Count}:\n{this}");
    }

    /// <summary>The results that are not InSync.</summary>
    public IReadOnlyList<StatusResult> Problems => Results.Where(r => r.Status != ResourceStatus.InSync).ToList();

    public override string ToString() => string.Join('\n', Results.Select(r => "  " + r + (r.Diff is null ? "" : "\n    diff: " + r.Diff.Replace("\n", "\n          ", StringComparison.Ordinal))));
}

/// <summary>
/// Base of the status tests: deploys the test pipeline of <c>Resources/gitops</c> into the shared test world with the
/// engine's runner and real clients (<see cref="ClientFactory"/>, the world's <c>KPOPS_*</c> variables and the helm of
/// <see cref="HelmMajor"/>), then checks it with <see cref="StatusReporter"/>. Every check asserts that it was
/// read-only: no mutating request reached a double, and helm ran only read commands. Each test has its own names
/// (<c>GITOPS_ID</c>) and namespace.
/// </summary>
/// <remarks>
/// helm finds its homes in the process environment (as from a PowerShell session): the world's isolated
/// HELM_CACHE_HOME, HELM_CONFIG_HOME, HELM_DATA_HOME and KUBECACHEDIR are set for the duration of each test and
/// restored after it (the tests of this assembly run one at a time).
/// </remarks>
public abstract class StatusTest : TestWorldTest, IDisposable
{
    private static readonly string[] HelmHomeVariables = ["HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "KUBECACHEDIR"];
    private static readonly string[] ReadOnlyHelmCommands = ["version", "list", "history", "get values", "get manifest"];
    private readonly Dictionary<string, string?> _savedVariables = [];

    protected StatusTest(TestWorldFixture fixture, ITestOutputHelper output, int helmMajor) : base(fixture)
    {
        Output = output;
        HelmMajor = helmMajor;
        Id = "s" + Guid.NewGuid().ToString("N")[..7];
        Namespace = "status-" + Id;
        var environment = World.Environment(helmMajor);
        foreach (var name in HelmHomeVariables)
        {
            _savedVariables[name] = System.Environment.GetEnvironmentVariable(name);
            System.Environment.SetEnvironmentVariable(name, environment[name]);
        }
    }

    protected ITestOutputHelper Output { get; }

    /// <summary>The helm major version of this class.</summary>
    protected int HelmMajor { get; }

    /// <summary>This test's name prefix and topic prefix.</summary>
    protected string Id { get; }

    /// <summary>This test's namespace.</summary>
    protected string Namespace { get; }

    protected TestWorldDoubles D => World.RequireDoubles();

    /// <summary>A topic of this test by the suffix the pipeline gives it (<c>producer</c>, <c>streams-totals</c>, …).</summary>
    protected string Topic(string suffix) => $"{Id}-{suffix}";

    /// <summary>The prefixed name of a component (its release, connector, workloads).</summary>
    protected string Full(string component) => $"{Id}-{component}";

    /// <summary>The helm subcommands the last check ran (distinct, in order of first use).</summary>
    protected IReadOnlyList<string> LastHelmCommands { get; private set; } = [];

    /// <summary>How often each helm subcommand ran in the last check.</summary>
    protected IReadOnlyDictionary<string, int> LastHelmCommandCounts { get; private set; } = new Dictionary<string, int>();

    /// <summary>The test pipeline, pointed at the world (plus <paramref name="extraVariables"/>).</summary>
    protected Pipeline Load(IReadOnlyDictionary<string, string>? extraVariables = null)
    {
        var variables = new Dictionary<string, string>(World.Environment(HelmMajor), StringComparer.Ordinal)
        {
            ["GITOPS_ID"] = Id,
            ["GITOPS_NAMESPACE"] = Namespace,
        };
        foreach (var (name, value) in extraVariables ?? new Dictionary<string, string>()) variables[name] = value;
        return GitOpsResources.Load(variables);
    }

    /// <summary>Deploys components (all by default) and fails the test when the deploy fails.</summary>
    protected async Task DeployAsync(Pipeline pipeline, params string[] components)
    {
        if (await TryDeployAsync(pipeline, components) is { } failed) throw new XunitException("the deploy failed: " + failed.Error.FullMessage);
    }

    /// <summary>Deploys components (all by default); the failure, or null when the deploy succeeded.</summary>
    protected async Task<RunFailed?> TryDeployAsync(Pipeline pipeline, params string[] components)
    {
        var selected = components.Length == 0 ? pipeline.Components : components.Select(n => pipeline.Find(n) ?? throw new XunitException($"no component {n}")).ToList();
        var runner = new LifecycleRunner(new ClientFactory().Create);
        var events = new List<RunEvent>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var e in runner.Start(Operation.Deploy, selected.Select(c => new RunItem(pipeline, c, DryRun: false)).ToList(), timeout.Token).ReadAllAsync(CancellationToken.None))
            events.Add(e);
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== deploy of {selected.Count} component(s) with helm {HelmMajor}: {watch.Elapsed.TotalSeconds:0.0}s"));
        return events.OfType<RunFailed>().SingleOrDefault();
    }

    /// <summary>
    /// Checks components (all by default) with the real clients, and asserts that the check changed nothing: no
    /// mutating request reached any double and helm ran only read commands.
    /// </summary>
    protected async Task<StatusReport> CheckAsync(Pipeline pipeline, long? maxLag = null, params string[] components)
    {
        var selected = components.Length == 0 ? pipeline.Components : components.Select(n => pipeline.Find(n)!).ToList();
        var log = new ClusterTestLog();
        var clients = new ClientFactory().Create(pipeline, log);
        var before = World.AllRequests.Select(r => r.Sequence).DefaultIfEmpty(0).Max();
        var results = new List<StatusResult>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var reporter = new StatusReporter(clients, new StatusOptions(maxLag));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            foreach (var component in selected) results.AddRange(await reporter.CheckAsync(pipeline.Inventory.Of(component), timeout.Token));
        }
        finally
        {
            (clients as IDisposable)?.Dispose();
        }
        var report = new StatusReport(results);
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== status of {selected.Count} component(s): {watch.Elapsed.TotalSeconds:0.0}s\n{report}"));

        var requests = World.AllRequests.Where(r => r.Sequence > before).ToList();
        Assert.NotEmpty(requests);
        Assert.DoesNotContain(requests, r => r.IsMutating && !IsSchemaLookup(r));
        var commands = HelmCommandLines.Of(log.Verboses, World.HelmPath(HelmMajor)).Select(HelmCommandLines.Subcommand).ToList();
        var helm = commands.Distinct().ToList();
        Assert.All(helm, command => Assert.Contains(command, ReadOnlyHelmCommands));
        LastHelmCommands = helm;
        LastHelmCommandCounts = commands.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return report;
    }

    /// <summary>
    /// Schema Registry's "is this schema registered under the subject" is a POST to <c>/subjects/{subject}</c> (no
    /// <c>/versions</c>): read-only, although <see cref="KPops.TestWorld.Common.RequestRecord.IsMutating"/> counts every POST.
    /// </summary>
    private static bool IsSchemaLookup(KPops.TestWorld.Common.RequestRecord request) =>
        request is { Service: "SchemaRegistry", Method: "POST" } && request.Path.StartsWith("/subjects/", StringComparison.Ordinal)
        && request.Path.Count(c => c == '/') == 2;

    /// <summary>Checks every component.</summary>
    protected Task<StatusReport> CheckAsync(Pipeline pipeline) => CheckAsync(pipeline, null);

    /// <summary>Restores the process's helm homes.</summary>
    public void Dispose()
    {
        foreach (var (name, value) in _savedVariables) System.Environment.SetEnvironmentVariable(name, value);
        GC.SuppressFinalize(this);
    }
}
