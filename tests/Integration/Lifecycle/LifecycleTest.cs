using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KPops.Engine.Lifecycle;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.TestWorld;
using KPops.TestWorld.Common;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>The test world collection of this assembly (xunit 2 finds collection definitions only in the test assembly).</summary>
[CollectionDefinition(TestWorldFixture.CollectionName)]
public sealed class TestWorldCollectionDefinition : ICollectionFixture<TestWorldFixture>;

/// <summary>What a run wrote, in order: step results, the failure (if it stopped), warnings and verbose lines.</summary>
public sealed record RunOutcome(Operation Operation, IReadOnlyList<RunEvent> Events, IReadOnlyList<RequestRecord> Requests)
{
    public IReadOnlyList<StepResult> Results => Events.OfType<StepCompleted>().Select(e => e.Result).ToList();

    public RunFailed? Failure => Events.OfType<RunFailed>().SingleOrDefault();

    public IReadOnlyList<string> Warnings => Events.OfType<WarningMessage>().Select(e => e.Message).ToList();

    public IReadOnlyList<string> Verbose => Events.OfType<VerboseMessage>().Select(e => e.Message).ToList();

    /// <summary>The components whose steps started, in the order they first started.</summary>
    public IReadOnlyList<string> StartedComponents => Events.OfType<StepStarted>().Select(e => e.Component.Name).Distinct().ToList();

    /// <summary>Throws with the error and the results so far when the run failed.</summary>
    public RunOutcome EnsureSuccess() => Failure is { } failed
        ? throw new XunitException($"the run failed: {failed.Error.FullMessage}\nresults before:\n{Describe(failed.Completed)}")
        : this;

    /// <summary>The failure of a run that must have failed.</summary>
    public RunFailed EnsureFailure() => Failure ?? throw new XunitException("the run should have failed, but it completed:\n" + this);

    /// <summary>The one result of this component for this resource kind (and resource, when given).</summary>
    public StepResult Result(string component, ResourceKind kind, string? resource = null)
    {
        var found = Results.Where(r => r.Component == component && r.Kind == kind && (resource is null || r.Resource == resource)).ToList();
        return found.Count == 1 ? found[0] : throw new XunitException($"expected one {kind} result of {component}{(resource is null ? "" : " for " + resource)}, found {found.Count}:\n{Describe(Results)}");
    }

    /// <summary>The action of every result of a component, in order, as "Kind Action".</summary>
    public IReadOnlyList<string> Actions(string component) =>
        Results.Where(r => r.Component == component).Select(r => $"{r.Kind} {r.Action}").ToList();

    public override string ToString() => Describe(Results) + (Failure is { } f ? "\nFAILED: " + f.Error.FullMessage : "");

    public static string Describe(IEnumerable<StepResult> results) =>
        string.Join('\n', results.Select(r => $"  {r}{(r.Message is null ? "" : " — " + r.Message)}"));
}

/// <summary>
/// Base of the lifecycle tests: loads the test pipelines of <c>Resources/lifecycle</c> pointed at the shared test
/// world (with the helm of a major version), runs operations through the engine's runner, and reads the doubles'
/// state and request log. Every test gets its own prefix, topic names and namespace (<c>LIFECYCLE_ID</c>,
/// <c>LIFECYCLE_NAMESPACE</c>), so nothing depends on what another test left behind.
/// </summary>
public abstract class LifecycleTest : TestWorldTest
{
    /// <summary>Where the test pipelines, config, defaults and schemas are.</summary>
    public static readonly string ResourceDirectory = Path.Combine(AppContext.BaseDirectory, "Resources", "lifecycle");

    /// <summary>The components of pipeline <c>all</c>, in pipeline order.</summary>
    public static readonly IReadOnlyList<string> AllComponents = ["producer", "cron-producer", "streams", "stateful", "consumer", "web", "sink", "source"];

    /// <summary>The components of <c>all</c> installed with helm.</summary>
    public static readonly IReadOnlyList<string> HelmComponents = ["producer", "cron-producer", "streams", "stateful", "consumer", "web"];

    protected LifecycleTest(TestWorldFixture fixture, ITestOutputHelper output) : base(fixture)
    {
        Output = output;
        Id = "t" + Guid.NewGuid().ToString("N")[..6];
        Namespace = "lc-" + Id;
    }

    protected ITestOutputHelper Output { get; }

    /// <summary>Prefix of this test's component names, topics and groups.</summary>
    protected string Id { get; }

    /// <summary>The namespace of this test's apps.</summary>
    protected string Namespace { get; }

    protected TestWorldDoubles D => World.RequireDoubles();

    protected KafkaClusterState Kafka => D.Kafka.State;

    /// <summary>The full name (prefix + name) of a component: its release, connector and workload name.</summary>
    protected string Full(string component) => $"{Id}-{component}";

    /// <summary>The topic a component writes by default (config's default_output_topic_name).</summary>
    protected string Topic(string component) => $"{Id}-{component}";

    /// <summary>The error topic of a component (config's default_error_topic_name).</summary>
    protected string ErrorTopic(string component) => $"{Id}-{component}-error";

    /// <summary>The topic of no component that streams and sink read.</summary>
    protected string ExternalTopic => $"{Id}-external";

    // ------------------------------------------------------------------ loading and running

    /// <summary>Loads a test pipeline pointed at the world with the helm of <paramref name="helmMajor"/>.</summary>
    protected Pipeline Load(int helmMajor, string pipeline = "all", string? environment = null, IReadOnlyDictionary<string, string>? variables = null)
    {
        var environmentVariables = new Dictionary<string, string>(World.Environment(helmMajor), StringComparer.Ordinal)
        {
            ["LIFECYCLE_ID"] = Id,
            ["LIFECYCLE_NAMESPACE"] = Namespace,
        };
        foreach (var (key, value) in variables ?? new Dictionary<string, string>()) environmentVariables[key] = value;
        var result = PipelineLoader.Load(new LoadRequest
        {
            Paths = [pipeline],
            WorkingDirectory = ResourceDirectory,
            Environment = environment,
            EnvironmentVariables = environmentVariables,
        }).Single();
        foreach (var warning in result.Warnings) Output.WriteLine("load warning: " + warning);
        var loaded = result.Pipeline ?? throw new XunitException("the test pipeline did not load: " + result.Error!.FullMessage);
        _loaded.Add(loaded);
        return loaded;
    }

    private readonly List<Pipeline> _loaded = [];

    /// <summary>The pipeline (loaded by this test) a component belongs to.</summary>
    protected Pipeline PipelineOf(Component component) =>
        _loaded.LastOrDefault(p => p.Contains(component)) ?? throw new XunitException($"{component} was not loaded by this test");

    /// <summary>Components of a pipeline by name.</summary>
    protected static IReadOnlyList<Component> Pick(Pipeline pipeline, params string[] names) =>
        names.Select(n => pipeline.Find(n) ?? throw new XunitException($"no component {n}")).ToList();

    /// <summary>
    /// Runs an operation over components through the engine's runner and collects its events and the requests the
    /// doubles received meanwhile.
    /// </summary>
    protected async Task<RunOutcome> RunAsync(Operation operation, IEnumerable<Component> components, bool dryRun = false, bool parallel = false)
    {
        var items = components.Select(c => new RunItem(PipelineOf(c), c, dryRun)).ToList();
        var runner = new LifecycleRunner(new ClientFactory().Create) { Parallel = parallel };
        var before = World.AllRequests.Count;
        var events = new List<RunEvent>();
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var e in runner.Start(operation, items, timeout.Token).ReadAllAsync(CancellationToken.None)) events.Add(e);
        var outcome = new RunOutcome(operation, events, World.AllRequests.Skip(before).ToList());
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== {operation}{(dryRun ? " -WhatIf" : "")}{(parallel ? " -Parallel" : "")} of {items.Count} component(s): {watch.Elapsed.TotalSeconds:0.0}s, {outcome.Requests.Count} requests"));
        Output.WriteLine(outcome.ToString());
        return outcome;
    }

    protected Task<RunOutcome> RunAsync(Operation operation, Pipeline pipeline, bool dryRun = false, bool parallel = false) =>
        RunAsync(operation, pipeline.Components, dryRun, parallel);

    // ------------------------------------------------------------------ state of the doubles

    /// <summary>Helm releases in the test namespace (from the release Secrets): name → status of the latest revision.</summary>
    protected IReadOnlyDictionary<string, string> Releases() =>
        D.Kubernetes!.List("v1", "Secret", Namespace, "owner=helm")
            .Select(s => s["metadata"]!["labels"]!.AsObject())
            .GroupBy(labels => Label(labels, "name"))
            .ToDictionary(g => g.Key, g => Label(g.MaxBy(l => int.Parse(Label(l, "version"), CultureInfo.InvariantCulture))!, "status"), StringComparer.Ordinal);

    /// <summary>Helm releases in the test namespace: name → number of the latest revision (from the release Secrets).</summary>
    protected IReadOnlyDictionary<string, int> Revisions() =>
        D.Kubernetes!.List("v1", "Secret", Namespace, "owner=helm")
            .Select(s => s["metadata"]!["labels"]!.AsObject())
            .GroupBy(labels => Label(labels, "name"))
            .ToDictionary(g => g.Key, g => g.Max(l => int.Parse(Label(l, "version"), CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    /// <summary>The releases of these components, as they must be after a deploy.</summary>
    protected Dictionary<string, string> Deployed(params IEnumerable<string> components) =>
        components.ToDictionary(Full, _ => "deployed", StringComparer.Ordinal);

    /// <summary>A workload (or other namespaced object) of the test namespace, or null.</summary>
    protected JsonObject? Workload(string kind, string name) => kind switch
    {
        "Deployment" or "StatefulSet" => D.Kubernetes!.Get("apps/v1", kind, Namespace, name),
        "Job" or "CronJob" => D.Kubernetes!.Get("batch/v1", kind, Namespace, name),
        _ => D.Kubernetes!.Get("v1", kind, Namespace, name),
    };

    /// <summary>The workload kind each helm component of <c>all</c> deploys.</summary>
    protected static readonly IReadOnlyDictionary<string, string> WorkloadKinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["producer"] = "Job",
        ["cron-producer"] = "CronJob",
        ["streams"] = "Deployment",
        ["stateful"] = "StatefulSet",
        ["consumer"] = "Deployment",
        ["web"] = "Deployment",
    };

    /// <summary>The components whose workloads exist.</summary>
    protected IReadOnlyList<string> WorkloadsPresent() =>
        WorkloadKinds.Where(w => Workload(w.Value, Full(w.Key)) is not null).Select(w => w.Key).ToList();

    /// <summary>The persistent volume claims of a component's StatefulSet.</summary>
    protected IReadOnlyList<string> Claims(string component) =>
        D.Kubernetes!.List("v1", "PersistentVolumeClaim", Namespace, "app.kubernetes.io/name=" + Full(component))
            .Select(c => c["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    /// <summary>This test's topics, sorted.</summary>
    protected IReadOnlyList<string> Topics() => Kafka.Topics.Select(t => t.Name).Where(Mine).ToList();

    /// <summary>This test's subjects (not soft-deleted), sorted.</summary>
    protected IReadOnlyList<string> Subjects() => D.SchemaRegistry.Subjects.Where(Mine).ToList();

    /// <summary>This test's connectors, sorted.</summary>
    protected IReadOnlyList<string> Connectors() => D.Connect.Connectors.Where(Mine).ToList();

    /// <summary>A topic's partition count and dynamic configs.</summary>
    protected (int Partitions, IReadOnlyDictionary<string, string> Configs) TopicState(string topic)
    {
        var info = Kafka.GetTopic(topic) ?? throw new XunitException($"topic {topic} does not exist");
        return (info.PartitionCount, info.Configs);
    }

    /// <summary>The committed offsets of a group as "topic-partition=offset", or null when the group does not exist.</summary>
    protected string? GroupOffsets(string group) =>
        Kafka.GetGroup(group) is { } info ? string.Join(",", info.Offsets.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Topic}-{o.Partition}={o.Offset}"))) : null;

    /// <summary>Simulates data: every partition of the topic gets <paramref name="end"/> records, the first <paramref name="start"/> of partition 0 retained away.</summary>
    protected void Produce(string topic, long end, long start = 0)
    {
        var info = Kafka.GetTopic(topic) ?? throw new XunitException($"topic {topic} does not exist");
        foreach (var partition in info.Partitions) Kafka.SetEndOffset(topic, partition.Partition, end);
        if (start > 0) Kafka.SetLogStartOffset(topic, 0, start);
    }

    private bool Mine(string name) => name.StartsWith(Id + "-", StringComparison.Ordinal) || name.StartsWith("connect-" + Id + "-", StringComparison.Ordinal);

    private static string Label(JsonObject labels, string name) => labels[name]?.GetValue<string>() ?? "";

    // ------------------------------------------------------------------ pipeline `all`

    /// <summary>The state of <c>all</c> after a deploy, in every double.</summary>
    protected void AssertDeployedState()
    {
        Assert.Equal(Deployed(HelmComponents), Releases());
        Assert.Equal(HelmComponents, WorkloadsPresent());
        Assert.NotNull(Workload("Service", Full("web")));
        Assert.Equal("hello", Workload("ConfigMap", Full("web"))!["data"]!["GREETING"]!.GetValue<string>());
        Assert.Equal("*/5 * * * *", Workload("CronJob", Full("cron-producer"))!["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal([$"datadir-{Full("stateful")}-0"], Claims("stateful"));
        Assert.Equal("1Gi", D.Kubernetes!.Get("v1", "PersistentVolumeClaim", Namespace, $"datadir-{Full("stateful")}-0")!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());

        Assert.Equal(
            new[] { ExternalTopic, Topic("cron-producer"), Topic("producer"), ErrorTopic("sink"), Topic("source"), Topic("stateful"), Topic("streams"), Topic("streams") + "-audit", ErrorTopic("streams") }.Order(StringComparer.Ordinal),
            Topics());
        Assert.Equal(3, TopicState(Topic("producer")).Partitions);
        Assert.Equal(1, TopicState(Topic("cron-producer")).Partitions);   // the broker default
        var streams = TopicState(Topic("streams"));
        Assert.Equal(2, streams.Partitions);
        Assert.Equal(new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "86400000" }, streams.Configs);
        Assert.Equal(1, TopicState(Topic("streams") + "-audit").Partitions);
        Assert.Equal(2, TopicState(Topic("stateful")).Partitions);
        Assert.Empty(TopicState(Topic("stateful")).Configs);

        Assert.Equal(
            new[] { Topic("producer") + "-value", Topic("streams") + "-key", Topic("streams") + "-value", ErrorTopic("streams") + "-value", Topic("source") + "-value" }.Order(StringComparer.Ordinal),
            Subjects());
        Assert.Contains("\"WordCount\"", D.SchemaRegistry.GetVersions(Topic("streams") + "-value").Single().Definition.Schema, StringComparison.Ordinal);

        Assert.Equal([Full("sink"), Full("source")], Connectors());
        var sink = D.Connect.GetConnector(Full("sink"))!;
        Assert.Equal((ConnectorType.Sink, ConnectorState.Running), (sink.Type, sink.State));
        Assert.Equal($"{ExternalTopic},{Topic("stateful")}", sink.Config["topics"]);
        Assert.Equal(ErrorTopic("sink"), sink.Config["errors.deadletterqueue.topic.name"]);
        Assert.Equal("1", sink.Config["tasks.max"]);
        var source = D.Connect.GetConnector(Full("source"))!;
        Assert.Equal((ConnectorType.Source, ConnectorState.Running), (source.Type, source.State));
        Assert.Equal(Topic("source"), source.Config["topic"]);
    }

    /// <summary>
    /// Data in the inputs and committed offsets past the log start for every group a reset touches: the two streams
    /// apps, the consumer, the sink's connect-&lt;name&gt; and the source's stored offsets.
    /// </summary>
    protected void ArrangeOffsets()
    {
        Produce(ExternalTopic, 10);
        Produce(Topic("producer"), 10, start: 2);
        Produce(Topic("streams"), 10);
        Produce(Topic("stateful"), 10);
        Kafka.CommitOffset(Full("streams"), Topic("producer"), 0, 7);
        Kafka.CommitOffset(Full("streams"), ExternalTopic, 1, 9);
        Kafka.CommitOffset(Full("stateful"), Topic("streams"), 0, 4);
        Kafka.CommitOffset(Full("consumer"), Topic("stateful"), 0, 5);
        Kafka.CommitOffset(Full("consumer"), Topic("stateful"), 1, 6);
        Kafka.CommitOffset("connect-" + Full("sink"), Topic("stateful"), 1, 8);
        D.Connect.SetOffsets(Full("source"), [SourceOffset(42)]);
    }

    private static ConnectOffset SourceOffset(long position) =>
        new(new JsonObject { ["filename"] = "/data/lines.txt" }, new JsonObject { ["position"] = position });

    // ------------------------------------------------------------------ the wire

    /// <summary>
    /// The requests that belong to one component: its topics (Kafka) and their subjects, its connector (and consumer
    /// group <c>connect-&lt;name&gt;</c>), and its helm releases (the app's and the cleanup job's: release Secrets
    /// and helm's lookups of them).
    /// </summary>
    protected static IReadOnlyList<RequestRecord> Own(IEnumerable<RequestRecord> requests, Component component)
    {
        var topics = component.Topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var releases = new[] { component.HelmReleaseName, component.CleanupReleaseName }.OfType<string>().ToList();
        var connector = component.IsConnector ? "/connectors/" + component.FullName : null;
        return requests.Where(r => r.Service switch
        {
            // A change batched with other components' topics is also this component's; a read of many topics is the run's.
            "Kafka" => topics.Contains(r.Path) || (connector is not null && r.Path == "connect-" + component.FullName)
                || (r.IsMutating && r.Path.Split(',').Any(topics.Contains)),
            "SchemaRegistry" => topics.Any(t => r.Path.StartsWith($"/subjects/{t}-key", StringComparison.Ordinal) || r.Path.StartsWith($"/subjects/{t}-value", StringComparison.Ordinal)),
            "Connect" => connector is not null && (r.Path == connector || r.Path.StartsWith(connector + "/", StringComparison.Ordinal)),
            "Kubernetes" => releases.Any(release => IsOfRelease(r, release)),
            _ => false,
        }).ToList();
    }

    /// <summary>A request of helm for a release: its Secrets by name, or a lookup by the release's labels.</summary>
    protected static bool IsOfRelease(RequestRecord request, string release) =>
        request.Path.Contains($"/secrets/sh.helm.release.v1.{release}.v", StringComparison.Ordinal)
        || (request.Query ?? "").Contains($"labelSelector=name%3D{release}%2C", StringComparison.Ordinal);

    /// <summary>Asserts that the components' own requests do not interleave and come in this order.</summary>
    protected static void AssertComponentOrder(IReadOnlyList<RequestRecord> requests, IEnumerable<Component> inOrder)
    {
        var windows = inOrder.Select(c => (c.Name, Requests: Own(requests, c))).ToList();
        foreach (var (name, own) in windows) Assert.True(own.Count > 0, $"no requests of {name}");
        for (var i = 1; i < windows.Count; i++)
        {
            var (previous, before) = windows[i - 1];
            var (next, after) = windows[i];
            Assert.True(before.Max(r => r.Sequence) < after.Min(r => r.Sequence),
                $"{previous} must be done before {next} starts, but {after[0]} came before {before[^1]}");
        }
    }

    /// <summary>
    /// Asserts that a component's topics were created and its schemas registered before its release was first
    /// written (helm's first change in the cluster after its first look at the release) or its connector created.
    /// </summary>
    protected static void AssertTopicsAndSchemasFirst(IReadOnlyList<RequestRecord> requests, Component component)
    {
        var own = Own(requests, component);
        var prepared = own.Where(r => (r.Service == "Kafka" && r.Method == "CreateTopics")
            || (r.Service == "SchemaRegistry" && r.Method == "POST" && r.Path.EndsWith("/versions", StringComparison.Ordinal))).ToList();
        var topics = component.Topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(component.Topics.Count, prepared.Where(r => r.Service == "Kafka").Sum(r => r.Path.Split(',').Count(topics.Contains)));
        Assert.Equal(component.Topics.Sum(t => (t.KeySchema is null ? 0 : 1) + (t.ValueSchema is null ? 0 : 1)), prepared.Count(r => r.Service == "SchemaRegistry"));
        long started;
        if (component.IsConnector)
        {
            var lookup = own.First(r => r.Service == "Connect" && r.Method == "GET" && r.Path == "/connectors/" + component.FullName);
            started = requests.First(r => r.Sequence > lookup.Sequence && r is { Service: "Connect", Method: "POST", Path: "/connectors" }).Sequence;
        }
        else
        {
            var lookup = own.First(r => r.Service == "Kubernetes");
            started = requests.First(r => r.Sequence > lookup.Sequence && r.Service == "Kubernetes" && r.IsMutating).Sequence;
        }
        Assert.All(prepared, r => Assert.True(r.Sequence < started, $"{r} came after the release/connector of {component.Name} was written"));
    }

    /// <summary>
    /// Whether a dry run may send this request: reads, Schema Registry lookups and compatibility checks (POSTs that
    /// change nothing), Connect's config validation, and helm's server-side dry run (<c>dryRun=All</c>).
    /// </summary>
    protected static bool IsAllowedInDryRun(RequestRecord request) =>
        !request.IsMutating
        || (request is { Service: "Connect", Method: "PUT" } && request.Path.StartsWith("/connector-plugins/", StringComparison.Ordinal) && request.Path.EndsWith("/config/validate", StringComparison.Ordinal))
        || (request is { Service: "SchemaRegistry", Method: "POST" } && (IsSubjectLookup(request.Path) || request.Path.StartsWith("/compatibility/", StringComparison.Ordinal)))
        || (request.Service == "Kubernetes" && (request.Query ?? "").Contains("dryRun=All", StringComparison.Ordinal));

    // POST /subjects/{subject} looks a schema up; POST /subjects/{subject}/versions registers one.
    private static bool IsSubjectLookup(string path) => path.StartsWith("/subjects/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2;

    /// <summary>Asserts that no request of a run changed anything.</summary>
    protected static void AssertNothingChanged(RunOutcome run)
    {
        var mutating = run.Requests.Where(r => !IsAllowedInDryRun(r)).ToList();
        Assert.True(mutating.Count == 0, "a dry run sent changes:\n" + string.Join('\n', mutating));
    }
}
