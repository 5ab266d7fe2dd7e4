using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kubernetes.Api;
using KPops.TestWorld.Kubernetes.Controllers;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Kubernetes;

/// <summary>
/// An in-memory Kubernetes API server good enough for real helm 3 and 4, KubernetesClient and kubectl: discovery
/// with short names and categories, OpenAPI stubs, CRUD with selectors, the four patch types, protobuf request
/// bodies, watches (WatchList included), Table answers, server-side defaults, finalizers and namespace termination,
/// and simulated controllers (Deployment with revisions, StatefulSet with its claims, Job with a chosen outcome and
/// pod logs, namespaces, garbage collection). Alongside the HTTP API it offers a C# state API and controls.
/// </summary>
/// <remarks>
/// Deliberately left out, to be added when a test needs it: managedFields and apply conflicts (an apply merges into
/// the object and removes only what the same manager dropped), schema validation, admission and immutable fields,
/// protobuf responses, aggregated discovery, OpenAPI schemas, pagination, 410 Gone for expired resourceVersions,
/// authentication, pods for anything but Jobs, events, CronJobs creating Jobs, KEDA scaling, Job retries and
/// parallelism, protobuf bodies of kinds other than Secret and ConfigMap, exec/attach/port-forward and following logs.
/// The README lists what kubectl notices.
/// </remarks>
public sealed class KubernetesDouble : IDouble
{
    /// <summary>Annotation on a Job that picks its <see cref="JobOutcome"/> (wins over <see cref="SetJobOutcome"/>).</summary>
    public const string JobOutcomeAnnotation = JobSimulation.OutcomeAnnotation;

    /// <summary>Annotation on a Job that sets its pod's log text.</summary>
    public const string JobLogAnnotation = JobSimulation.LogAnnotation;

    /// <summary>The Kubernetes version reported by <c>/version</c>.</summary>
    public const string KubernetesVersion = Discovery.GitVersion;

    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public"];
    private static readonly TimeSpan DefaultBookmarkInterval = TimeSpan.FromSeconds(10);

    private readonly ObjectStore _store;
    private readonly ClusterOperations _cluster;
    private readonly JobSimulation _jobs;
    private readonly ControllerManager _controllers;
    private HttpDoubleHost? _host;
    private long _bookmarkIntervalTicks = DefaultBookmarkInterval.Ticks;

    private KubernetesDouble(SequenceCounter? sequence)
    {
        Log = new RequestLog(sequence);
        _store = new ObjectStore();
        _cluster = new ClusterOperations(_store, Kinds, TimeProvider.System);
        _jobs = new JobSimulation();
        _controllers = new ControllerManager(_store, _cluster, TimeProvider.System, context =>
        [
            new DeploymentController(context),
            new ReplicaSetController(context),
            new StatefulSetController(context),
            new PersistentVolumeClaimController(context),
            new DaemonSetController(context),
            new JobController(context, _jobs, OnJobFinished),
            new PodController(context),
            new CustomResourceDefinitionController(context),
            new GarbageCollector(context),
            new NamespaceController(context),
        ]);
        CreateInitialNamespaces();
    }

    /// <summary>Starts a double on a free loopback port.</summary>
    /// <param name="sequence">Counter shared with the other doubles of a world, to order requests across services.</param>
    public static async Task<KubernetesDouble> StartAsync(SequenceCounter? sequence = null)
    {
        var double_ = new KubernetesDouble(sequence);
        var api = new KubernetesApi(double_._cluster, new WatchEndpoint(double_._store, () => double_.WatchBookmarkInterval), double_._jobs, double_.SettleAsync);
        double_._host = await HttpDoubleHost.StartAsync(new HttpDoubleOptions { Service = double_.Name, Log = double_.Log, Faults = double_.Faults, Handler = api.HandleAsync, WriteFault = WriteFailureAsync });
        return double_;
    }

    /// <inheritdoc />
    public string Name => "Kubernetes";

    /// <inheritdoc />
    public string Endpoint => Host.Endpoint.ToString();

    /// <summary>The loopback port.</summary>
    public int Port => Host.Port;

    /// <inheritdoc />
    public RequestLog Log { get; }

    /// <inheritdoc />
    public FaultInjector Faults { get; } = new();

    /// <summary>The kinds served; register more with <see cref="ResourceCatalog.Register"/>.</summary>
    public ResourceCatalog Kinds { get; } = new();

    /// <summary>
    /// False (default): writing into a missing namespace creates it. True: NotFound, as on a real cluster.
    /// </summary>
    public bool RequireExistingNamespaces
    {
        get => _cluster.RequireExistingNamespaces;
        set => _cluster.RequireExistingNamespaces = value;
    }

    /// <summary>How long a simulated Job runs before it completes or fails (default 50 ms).</summary>
    public TimeSpan JobDuration
    {
        get => _jobs.Duration;
        set => _jobs.Duration = value;
    }

    /// <summary>Delete finished Jobs after <c>ttlSecondsAfterFinished</c> × <see cref="TtlScale"/> (default off).</summary>
    public bool DeleteFinishedJobsAfterTtl
    {
        get => _jobs.TtlEnabled;
        set => _jobs.TtlEnabled = value;
    }

    /// <summary>Factor on <c>ttlSecondsAfterFinished</c> (default 1; 0.001 turns the charts' 30 s into 30 ms).</summary>
    public double TtlScale
    {
        get => _jobs.TtlScale;
        set => _jobs.TtlScale = value;
    }

    /// <summary>Interval of the periodic bookmarks sent to watches that allow them (default 10 s).</summary>
    public TimeSpan WatchBookmarkInterval
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _bookmarkIntervalTicks));
        set => Interlocked.Exchange(ref _bookmarkIntervalTicks, value.Ticks);
    }

    /// <summary>
    /// Raised on the controller thread when a simulated Job completes or fails, just before its final status is
    /// stored: like the work of a real Job's pod, whatever a handler changes is in place by the time any client sees
    /// the Job finished. Handlers should be quick (they hold up the controllers) and not throw (exceptions land in
    /// <see cref="ControllerErrors"/>; the Job finishes all the same).
    /// </summary>
    public event EventHandler<JobFinishedEventArgs>? JobFinished;

    /// <summary>Exceptions thrown inside controllers or <see cref="JobFinished"/> handlers; empty when all is well.</summary>
    public IReadOnlyCollection<Exception> ControllerErrors => _controllers.Errors;

    private HttpDoubleHost Host => _host ?? throw new InvalidOperationException("the double is not started");

    /// <summary>Jobs whose name matches the regular expression end with <paramref name="outcome"/>; the latest matching call wins.</summary>
    /// <param name="jobNameRegex">Matched against the Job name (unanchored; use ^…$ for an exact name).</param>
    /// <param name="outcome">How they end.</param>
    /// <param name="log">Text their pod logs, instead of the generated description.</param>
    public void SetJobOutcome(string jobNameRegex, JobOutcome outcome, string? log = null) => _jobs.SetOutcome(jobNameRegex, outcome, log);

    /// <summary>Sets the text <c>GET …/pods/{pod}/log</c> returns.</summary>
    public void SetPodLog(string @namespace, string pod, string text) => _jobs.SetPodLog(@namespace, pod, text);

    /// <summary>The text <c>GET …/pods/{pod}/log</c> returns, or null when the pod does not exist.</summary>
    public string? ReadPodLog(string @namespace, string pod) =>
        _cluster.TryGet(KindOf("v1", "Pod"), @namespace, pod) is { } found ? _jobs.PodLog(@namespace, pod) ?? PodLogs.Describe(found) : null;

    /// <summary>A copy of the object, or null.</summary>
    /// <param name="apiVersion">E.g. <c>apps/v1</c>.</param>
    /// <param name="kind">E.g. <c>Deployment</c>.</param>
    /// <param name="namespace">Namespace; ignored for cluster-scoped kinds.</param>
    /// <param name="name">Name.</param>
    public JsonObject? Get(string apiVersion, string kind, string? @namespace, string name) =>
        _cluster.TryGet(KindOf(apiVersion, kind), @namespace ?? "default", name);

    /// <summary>Copies of the objects of a kind, optionally in one namespace and filtered by a label selector.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? @namespace = null, string? labelSelector = null) =>
        _cluster.List(KindOf(apiVersion, kind), @namespace, LabelSelector.Parse(labelSelector), FieldSelector.Everything).Items;

    /// <summary>
    /// Creates or replaces an object (its <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c> say which; the
    /// namespace defaults to <c>default</c>), status included, with defaults applied. Returns once the controllers
    /// have reacted (a Deployment's ReplicaSet exists, a StatefulSet's claims are there).
    /// </summary>
    /// <returns>The object as stored by this write (before any controller updated it).</returns>
    /// <exception cref="InvalidOperationException">The write was refused (e.g. Invalid, AlreadyExists).</exception>
    public JsonObject Put(JsonObject obj)
    {
        var kind = KindOf(Json.String(obj, "apiVersion") ?? "", Json.String(obj, "kind") ?? "");
        var stored = Translate(() => _cluster.Upsert(kind, obj.DeepClone().AsObject()));
        SettleAsync().Wait();
        return stored;
    }

    /// <summary>
    /// Deletes an object with background propagation and returns once its dependents are gone too; false when it
    /// did not exist.
    /// </summary>
    public bool Delete(string apiVersion, string kind, string? @namespace, string name)
    {
        try
        {
            _cluster.Delete(KindOf(apiVersion, kind), @namespace ?? "default", name, PropagationPolicy.Background);
            SettleAsync().Wait();
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>Polls (every 10 ms) until the object exists and satisfies <paramref name="condition"/>; returns it.</summary>
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>.</exception>
    public async Task<JsonObject> WaitForAsync(string apiVersion, string kind, string? @namespace, string name, Func<JsonObject, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Get(apiVersion, kind, @namespace, name) is { } obj && condition(obj)) return obj;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{kind} {@namespace}/{name} did not reach the expected state within {timeout}");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Writes a kubeconfig whose current context points at this double (plain HTTP, a dummy token), readable by
    /// the owner only (helm warns about group-readable kubeconfigs).
    /// </summary>
    public void WriteKubeconfig(string path, string contextName = "testworld", string @namespace = "default")
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {{contextName}}
              cluster:
                server: http://127.0.0.1:{{Port}}
            users:
            - name: {{contextName}}
              user:
                token: testworld-token
            contexts:
            - name: {{contextName}}
              context:
                cluster: {{contextName}}
                user: {{contextName}}
                namespace: {{@namespace}}
            current-context: {{contextName}}
            preferences: {}

            """);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, yaml);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _controllers.Quiesce();
        _store.Clear();
        _cluster.Reset();
        Kinds.Reset();
        _jobs.Reset();
        _cluster.RequireExistingNamespaces = false;
        WatchBookmarkInterval = DefaultBookmarkInterval;
        Faults.Reset();
        Log.Clear();
        _controllers.ClearErrors();
        CreateInitialNamespaces();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _store.CloseAll();
        if (_host is not null) await _host.DisposeAsync();
        await _controllers.DisposeAsync();
    }

    private void CreateInitialNamespaces()
    {
        var namespaces = KindOf("v1", "Namespace");
        foreach (var name in InitialNamespaces)
        {
            _cluster.Create(namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
        }
    }

    // Writes return once the controllers have reacted to them, for HTTP clients and the state API alike.
    private Task SettleAsync() => _controllers.WaitForAsync(_store.Version, TimeSpan.FromSeconds(2));

    // Each handler on its own: one that throws must neither keep the others from running nor the Job from finishing.
    private void OnJobFinished(JsonObject job, JobOutcome outcome)
    {
        if (JobFinished is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<JobFinishedEventArgs>>())
        {
            try
            {
                handler(this, new JobFinishedEventArgs(job.DeepClone().AsObject(), outcome));
            }
            catch (Exception e)
            {
                _controllers.Report(e);
            }
        }
    }

    private ResourceKind KindOf(string apiVersion, string kind) =>
        Kinds.FindKind(apiVersion, kind) ?? throw new ArgumentException($"the double does not serve {apiVersion} {kind}");

    // The state API reports refusals as ordinary .NET exceptions.
    private static JsonObject Translate(Func<JsonObject> write)
    {
        try { return write(); }
        catch (ApiException e) { throw new InvalidOperationException($"{e.Reason}: {e.Message}", e); }
    }

    private static Task WriteFailureAsync(HttpContext context, FaultRule rule)
    {
        var reason = rule.Status switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Conflict",
            410 => "Expired",
            422 => "Invalid",
            429 => "TooManyRequests",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "InternalError",
        };
        return Responses.JsonAsync(context, rule.Status, StatusObject.Failure(rule.Status, reason, rule.Message ?? "injected failure"));
    }
}
