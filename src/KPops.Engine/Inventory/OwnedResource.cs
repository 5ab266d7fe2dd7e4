using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Yaml;

namespace KPops.Engine.Inventory;

/// <summary>
/// One resource a component owns: what kind it is, its name, its namespace (Kubernetes resources) and the service
/// that holds it. The derived records carry the desired state where there is one.
/// </summary>
/// <param name="Kind">The kind of resource.</param>
/// <param name="Name">Its name (release, topic, subject, connector, group, or the label selector of claims).</param>
/// <param name="Namespace">The Kubernetes namespace, or null for resources outside Kubernetes.</param>
/// <param name="Service">The service that holds it.</param>
public abstract record OwnedResource(ResourceKind Kind, string Name, string? Namespace, Service Service);

/// <summary>The Helm release of an app, with the upgrade request that deploys it.</summary>
/// <param name="Name">The release name.</param>
/// <param name="Namespace">The namespace.</param>
public sealed record HelmReleaseResource(string Name, string Namespace) : OwnedResource(ResourceKind.HelmRelease, Name, Namespace, Service.Helm)
{
    /// <summary>The <c>helm upgrade --install</c> request, or null when the component names no chart.</summary>
    public HelmReleaseRequest? Request { get; init; }

    /// <summary>The chart repository to add first, or null for local and OCI charts.</summary>
    public HelmRepository? Repository { get; init; }

    /// <summary>The chart reference, or null.</summary>
    public string? Chart { get; init; }

    /// <summary>The chart version the pipeline asks for, or null.</summary>
    public string? ChartVersion { get; init; }

    /// <summary>Key paths the manifest diff leaves out (<c>diff_config.ignore</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> DiffIgnore { get; init; } = [];

    /// <summary>
    /// True for apps with a cleanup job: the values of the running release are read before it is uninstalled,
    /// because the cleanup job runs with them.
    /// </summary>
    public bool KeepsValuesForCleanup { get; init; }

    /// <summary>The desired values as the values file holds them (read only).</summary>
    internal YMap Values { get; init; } = new();

    /// <summary>The request, or the error that the component has no chart.</summary>
    internal HelmReleaseRequest RequireRequest(Component owner) => Request ?? throw new KPopsException(ErrorIds.ChartMissing, ErrorKind.InvalidData,
        $"{owner.Type} '{owner.Name}' has no chart.", owner.Location,
        "Set `chart:` to <repository_name>/<chart> (with repo_config), an OCI reference or a local chart path.");
}

/// <summary>
/// The cleanup-job release of a streams-bootstrap app for reset (<see cref="DeleteOutput"/> false) or clean (true),
/// built at load with the app's values.
/// </summary>
/// <param name="Name">The release name.</param>
/// <param name="Namespace">The namespace.</param>
public sealed record CleanupJobResource(string Name, string Namespace) : OwnedResource(ResourceKind.CleanupJob, Name, Namespace, Service.Helm)
{
    /// <summary>Whether the job deletes the app's output (clean) or only resets its state (reset).</summary>
    public bool DeleteOutput { get; init; }

    /// <summary>The name of the app whose job this is.</summary>
    public required string App { get; init; }

    /// <summary>The chart repository to add first, or null.</summary>
    public HelmRepository? Repository { get; init; }

    /// <summary>True when the release stays installed after the job ran (<c>retain_clean_jobs</c>).</summary>
    public bool RetainRelease { get; init; }

    /// <summary>The release with the app's values (built at load).</summary>
    internal CleanupRelease Release { get; init; } = null!;

    /// <summary>Builds the release from the values of the running app release (see <see cref="WithLiveValues"/>).</summary>
    internal Func<YMap, Action<string>, CleanupRelease> FromLiveValues { get; init; } = null!;

    /// <summary>
    /// The release with the values of the running app release when there are some and they validate, else (with a
    /// warning) with the app's values. Pure: it reads only what loading prepared.
    /// </summary>
    internal CleanupRelease WithLiveValues(YMap? liveValues, Action<string> warn) => liveValues is null ? Release : FromLiveValues(liveValues, warn);
}

/// <summary>A cleanup-job release ready to install.</summary>
/// <param name="Request">The <c>helm upgrade --install --wait --wait-for-jobs</c> request.</param>
/// <param name="DiffIgnore">Key paths the manifest diff leaves out.</param>
/// <param name="Warnings">Warnings about the job, shown when it runs.</param>
internal sealed record CleanupRelease(HelmReleaseRequest Request, IReadOnlyList<IReadOnlyList<string>> DiffIgnore, IReadOnlyList<string> Warnings);

/// <summary>A Kafka topic of the component's <c>to</c> section.</summary>
/// <param name="Desired">Its partitions, replication and configs as the pipeline sets them.</param>
public sealed record TopicResource(TopicConfig Desired) : OwnedResource(ResourceKind.Topic, Desired.Name, null, Service.Kafka);

/// <summary>A Schema Registry subject of a topic.</summary>
/// <param name="Name">The subject (<c>&lt;topic&gt;-key</c> or <c>&lt;topic&gt;-value</c>).</param>
/// <param name="SchemaClass">The schema class registered under it, or null when the pipeline names none.</param>
/// <param name="Models">The component's <c>to.models</c>, which schema providers get.</param>
public sealed record SubjectResource(string Name, string? SchemaClass, IReadOnlyDictionary<string, string> Models)
    : OwnedResource(ResourceKind.Subject, Name, null, Service.SchemaRegistry);

/// <summary>A Kafka Connect connector.</summary>
/// <param name="Name">The connector name (prefix + name).</param>
/// <param name="Config">Its config, every value a string as Connect takes it.</param>
/// <param name="State">The state it should have after deploy (running, paused), or null.</param>
/// <param name="IsSink">True for sink connectors (their offsets are a consumer group).</param>
public sealed record ConnectorResource(string Name, IReadOnlyDictionary<string, string> Config, string? State, bool IsSink)
    : OwnedResource(ResourceKind.Connector, Name, null, Service.KafkaConnect);

/// <summary>The consumer group of a streams app, consumer app or sink connector.</summary>
/// <param name="Group">The group id, or null when the pipeline does not set it (the resource is then named "?").</param>
public sealed record ConsumerGroupResource(string? Group) : OwnedResource(ResourceKind.ConsumerGroup, Group ?? "?", null, Service.Kafka)
{
    /// <summary>The setting that names the group, for messages about a group that is not known.</summary>
    public string SetBy { get; init; } = "values.kafka.applicationId";
}

/// <summary>The persistent volume claims of a stateful app, by label.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="App">The app's name override, which the charts put on its volumes as the value of <paramref name="NameLabel"/>.</param>
/// <param name="NameLabel">The label: app.kubernetes.io/name, or app for streams-bootstrap 2 charts.</param>
public sealed record VolumeClaimsResource(string Namespace, string App, string NameLabel = "app.kubernetes.io/name")
    : OwnedResource(ResourceKind.Pvc, NameLabel + "=" + App, Namespace, Service.Kubernetes);
