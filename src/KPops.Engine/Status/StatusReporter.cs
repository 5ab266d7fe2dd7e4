using System.Globalization;
using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Diff;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle;
using KPops.Engine.Lifecycle.Steps;
using KPops.Engine.Manifests;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;

namespace KPops.Engine.Status;

/// <summary>What the status check considers unhealthy.</summary>
/// <param name="MaxLag">Consumer lag (messages, summed over partitions) above which a group is Degraded; null: never.</param>
public sealed record StatusOptions(long? MaxLag = null);

/// <summary>
/// Compares the live state of every resource a component owns with the pipeline, read-only: Helm release (status,
/// chart version, values drift), its workloads' readiness, topics (partitions, replication, configs), subjects,
/// connectors (state, failed tasks with traces, config) and the lag of the consumer group of streams apps,
/// consumer apps and sink connectors. A resource that cannot be read is Unknown with the reason, and the check goes on.
/// The status of the releases comes from one <c>helm list</c> per namespace (see <see cref="HelmReleaseIndex"/>).
/// </summary>
/// <param name="clients">The clients of the pipeline.</param>
/// <param name="options">What counts as unhealthy.</param>
/// <param name="log">Receives verbose lines (a namespace whose releases helm cannot list); null drops them.</param>
public sealed class StatusReporter(ILifecycleClients clients, StatusOptions options, IOperationLog? log = null)
{
    private readonly HelmReleaseIndex _releases = new();

    /// <summary>
    /// Starts checking the components of pipelines (the clients of each pipeline made once); for each component a
    /// <see cref="ComponentStarted"/> and a <see cref="ComponentCompleted"/> with its <see cref="StatusResult"/>s.
    /// </summary>
    public static ChannelReader<RunEvent> Start(IReadOnlyList<(Pipeline Pipeline, IReadOnlyList<Component> Components)> selection, StatusOptions options,
        Func<Pipeline, IOperationLog, ILifecycleClients> clientFactory, CancellationToken cancellationToken) =>
        EngineRun.Start("Status", clientFactory, async (events, clients, token) =>
        {
            ResourceInventory.EnsureHandOff(selection.SelectMany(s => s.Components.Select(c => (s.Pipeline, c))));
            foreach (var (pipeline, components) in selection)
            {
                var reporter = new StatusReporter(clients.For(pipeline), options, events);
                for (var i = 0; i < components.Count; i++)
                {
                    events.Emit(new ComponentStarted(pipeline.Name, components[i], i, components.Count));
                    IReadOnlyList<StatusResult> results;
                    try
                    {
                        results = await reporter.CheckAsync(pipeline.Inventory.Of(components[i]), token).ConfigureAwait(false);
                    }
                    catch (KPopsException e)
                    {
                        e.About(components[i]);
                        throw;
                    }
                    events.Emit(new ComponentCompleted(components[i], results));
                }
            }
        }, cancellationToken, Security.SecretMask.Union(selection.Select(s => s.Pipeline.Secrets).Distinct()));

    /// <summary>The status of every resource a component has while deployed (<see cref="ComponentInventory.Deployed"/>), in that order.</summary>
    public async Task<IReadOnlyList<StatusResult>> CheckAsync(ComponentInventory inventory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var results = new List<StatusResult>();
        foreach (var resource in inventory.Deployed)
        {
            try
            {
                switch (resource)
                {
                    case HelmReleaseResource release:
                        await CheckReleaseAsync(inventory, release, results, cancellationToken).ConfigureAwait(false);
                        break;
                    case TopicResource topic:
                        await CheckTopicAsync(inventory, topic.Desired, results, cancellationToken).ConfigureAwait(false);
                        break;
                    case SubjectResource { SchemaClass: { } schemaClass } subject:
                        await CheckSubjectAsync(inventory, subject.Name, schemaClass, subject.Models, results, cancellationToken).ConfigureAwait(false);
                        break;
                    case ConnectorResource connector:
                        await CheckConnectorAsync(inventory, connector, results, cancellationToken).ConfigureAwait(false);
                        break;
                    case ConsumerGroupResource { Group: { } group }:
                        await CheckGroupAsync(inventory, group, results, cancellationToken).ConfigureAwait(false);
                        break;
                    case ConsumerGroupResource unknown:
                        results.Add(Result(inventory, StatusKind.ConsumerGroup, unknown.Name, ResourceStatus.Unknown, $"{unknown.SetBy} is not set, so the consumer group is not known."));
                        break;
                }
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                results.Add(Result(inventory, KindOf(resource), resource.Name, ResourceStatus.Unknown, e.Message));
            }
        }
        return results;
    }

    private static StatusKind KindOf(OwnedResource resource) => resource.Kind switch
    {
        ResourceKind.HelmRelease => StatusKind.HelmRelease,
        ResourceKind.Topic => StatusKind.Topic,
        ResourceKind.Subject => StatusKind.Subject,
        ResourceKind.Connector => StatusKind.Connector,
        ResourceKind.ConsumerGroup => StatusKind.ConsumerGroup,
        _ => StatusKind.Workload,
    };

    private async Task CheckReleaseAsync(ComponentInventory owner, HelmReleaseResource resource, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var helm = clients.Helm;
        var release = resource.Name;
        var ns = resource.Namespace!;
        var info = await _releases.GetReleaseAsync(helm, release, ns, log ?? NullOperationLog.Instance, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            results.Add(Result(owner, StatusKind.HelmRelease, release, ResourceStatus.Missing, $"Release {release} is not installed in {ns}."));
            return;
        }
        var details = new Dictionary<string, object?> { ["Revision"] = info.Revision, ["Chart"] = info.Chart, ["ReleaseStatus"] = info.Status, ["Namespace"] = ns };
        var chartName = resource.Chart?.Split('/')[^1];
        var problems = new List<string>();
        var status = ResourceStatus.InSync;
        string? diff = null;
        if (!string.Equals(info.Status, "deployed", StringComparison.OrdinalIgnoreCase))
        {
            status = ResourceStatus.Degraded;
            problems.Add($"the release is {info.Status}");
        }
        else
        {
            if (resource.ChartVersion is { } version && !info.Chart.EndsWith("-" + version, StringComparison.Ordinal))
            {
                status = ResourceStatus.Drifted;
                problems.Add($"chart {info.Chart} is deployed, the pipeline wants {chartName}-{version}");
            }
            var live = await helm.GetValuesAsync(release, ns, cancellationToken).ConfigureAwait(false);
            var liveValues = live is null ? new YMap() : YamlReader.Read(live, $"helm get values {release}") as YMap ?? new YMap();
            diff = ConfigDiff.Describe(Flatten(liveValues), Flatten(resource.Values));
            if (diff.Length > 0)
            {
                status = ResourceStatus.Drifted;
                problems.Add("its values differ from the pipeline");
            }
        }
        results.Add(Result(owner, StatusKind.HelmRelease, release, status,
            problems.Count == 0 ? $"Revision {info.Revision} of {info.Chart} is deployed." : Capitalize(string.Join("; ", problems)) + ".", diff, details));

        string? manifest;
        try
        {
            manifest = await helm.GetManifestAsync(release, ns, cancellationToken).ConfigureAwait(false);
        }
        catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
        {
            results.Add(Result(owner, StatusKind.Workload, "?", ResourceStatus.Unknown, $"The workloads of release {release} are not known: {e.Message}"));
            return;
        }
        foreach (var document in KubernetesObject.ReadAll(manifest, $"helm get manifest {release}"))
        {
            var kind = document.Kind;
            if (kind is not ("Deployment" or "StatefulSet" or "Job" or "CronJob")) continue;
            var name = document.Name.Length == 0 ? "?" : document.Name;
            var label = $"{kind}/{name}";
            WorkloadStatus? workload;
            try
            {
                workload = await clients.Kubernetes.GetWorkloadAsync(ns, kind, name, cancellationToken).ConfigureAwait(false);
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                // The workload is Unknown, not the release (whose result is already in), and the other workloads are still read.
                results.Add(Result(owner, StatusKind.Workload, label, ResourceStatus.Unknown, e.Message));
                continue;
            }
            if (workload is null)
            {
                results.Add(Result(owner, StatusKind.Workload, label, ResourceStatus.Missing, $"{label} is part of the release but does not exist."));
                continue;
            }
            var healthy = workload.State is "Ready" or "Complete" or "Scheduled" or "Running" or "Suspended";
            results.Add(Result(owner, StatusKind.Workload, label, healthy ? ResourceStatus.InSync : ResourceStatus.Degraded,
                Invariant($"{workload.State}: {workload.Ready}/{workload.Desired} ready") + (workload.Message is null ? "." : $"; {workload.Message}"), null,
                new Dictionary<string, object?> { ["State"] = workload.State, ["Ready"] = workload.Ready, ["Desired"] = workload.Desired }));
        }
    }

    private async Task CheckTopicAsync(ComponentInventory owner, TopicConfig topic, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var existing = await clients.Kafka.DescribeTopicAsync(topic.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            results.Add(Result(owner, StatusKind.Topic, topic.Name, ResourceStatus.Missing, $"Topic {topic.Name} does not exist."));
            return;
        }
        var problems = new List<string>();
        if (topic.PartitionsCount is { } partitions && partitions != existing.Partitions) problems.Add(Invariant($"it has {existing.Partitions} partitions, the pipeline wants {partitions}"));
        if (topic.ReplicationFactor is { } replication && replication != existing.ReplicationFactor) problems.Add(Invariant($"its replication factor is {existing.ReplicationFactor}, the pipeline wants {replication}"));
        var fallbacks = existing.Configs.Values.ToDictionary(c => c.Name, c => c.DefaultValue, StringComparer.Ordinal);
        var diff = ConfigDiff.Describe(existing.DynamicConfigs, topic.Configs, fallbacks);
        if (diff.Length > 0) problems.Add("its configs differ from the pipeline");
        results.Add(Result(owner, StatusKind.Topic, topic.Name, problems.Count == 0 ? ResourceStatus.InSync : ResourceStatus.Drifted,
            problems.Count == 0 ? Invariant($"{existing.Partitions} partition(s), replication factor {existing.ReplicationFactor}.") : Capitalize(string.Join("; ", problems)) + ".",
            diff, new Dictionary<string, object?> { ["Partitions"] = existing.Partitions, ["ReplicationFactor"] = existing.ReplicationFactor }));
    }

    private async Task CheckSubjectAsync(ComponentInventory owner, string subject, string schemaClass, IReadOnlyDictionary<string, string> models,
        List<StatusResult> results, CancellationToken cancellationToken)
    {
        if (clients.SchemaRegistry is not { } registry)
        {
            results.Add(Result(owner, StatusKind.Subject, subject, ResourceStatus.Unknown, "schema_registry.enabled is false."));
            return;
        }
        var latest = await registry.GetLatestVersionAsync(subject, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            results.Add(Result(owner, StatusKind.Subject, subject, ResourceStatus.Missing, $"Subject {subject} is not registered."));
            return;
        }
        var details = new Dictionary<string, object?> { ["LatestVersion"] = latest };
        var schema = clients.SchemaProvider.Provide(schemaClass, models);
        if (schema is null)
        {
            results.Add(Result(owner, StatusKind.Subject, subject, ResourceStatus.Unknown, $"Version {latest} is registered; no schema provider knows {schemaClass} to compare.", null, details));
            return;
        }
        var registered = await registry.IsRegisteredAsync(subject, schema, cancellationToken).ConfigureAwait(false);
        results.Add(Result(owner, StatusKind.Subject, subject, registered ? ResourceStatus.InSync : ResourceStatus.Drifted,
            registered ? $"The pipeline's schema {schemaClass} is registered (latest version {latest})." : $"The pipeline's schema {schemaClass} is not registered under {subject} (latest version {latest}).", null, details));
    }

    private async Task CheckConnectorAsync(ComponentInventory owner, ConnectorResource connector, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var connect = clients.Connect;
        var name = connector.Name;
        var status = await connect.GetStatusAsync(name, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            results.Add(Result(owner, StatusKind.Connector, name, ResourceStatus.Missing, $"Connector {name} does not exist."));
            return;
        }
        var failedTasks = status.Tasks.Where(t => t.State == "FAILED").ToList();
        var details = new Dictionary<string, object?>
        {
            ["State"] = status.State,
            ["Tasks"] = status.Tasks.Count,
            ["FailedTasks"] = failedTasks.Select(t => t.Id).ToArray(),
            ["Traces"] = new[] { status.Trace }.Concat(failedTasks.Select(t => t.Trace)).OfType<string>().ToArray(),
        };
        if (status.State == "FAILED" || failedTasks.Count > 0)
        {
            var what = status.State == "FAILED" ? "the connector failed" : $"task(s) {string.Join(", ", failedTasks.Select(t => t.Id))} failed";
            var trace = status.Trace ?? failedTasks.Select(t => t.Trace).FirstOrDefault(t => t is not null);
            results.Add(Result(owner, StatusKind.Connector, name, ResourceStatus.Degraded,
                Capitalize(what) + (trace is null ? "." : ": " + trace.Split('\n')[0]), trace, details));
            return;
        }
        var problems = new List<string>();
        var wanted = (connector.State ?? "running").ToUpperInvariant();
        if (status.State != wanted) problems.Add($"it is {status.State}, the pipeline wants {wanted}");
        var info = await connect.GetConnectorAsync(name, cancellationToken).ConfigureAwait(false);
        var config = ConnectorConfigs.Of(connector);
        var diff = info is null ? "" : ConfigDiff.Describe(info.Config, config, secretKeys: ConnectorConfigs.Secrets(config.Keys));
        if (diff.Length > 0) problems.Add("its config differs from the pipeline");
        results.Add(Result(owner, StatusKind.Connector, name, problems.Count == 0 ? ResourceStatus.InSync : ResourceStatus.Drifted,
            problems.Count == 0 ? $"{status.State} with {status.Tasks.Count} task(s)." : Capitalize(string.Join("; ", problems)) + ".", diff, details));
    }

    private async Task CheckGroupAsync(ComponentInventory owner, string group, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var kafka = clients.Kafka;
        var committed = await kafka.ListGroupOffsetsAsync(group, cancellationToken).ConfigureAwait(false);
        if (committed.Count == 0)
        {
            // No release, no consumer: the group is missing with the app (a redeploy brings both back).
            if (results.Any(r => r.Kind is StatusKind.HelmRelease or StatusKind.Connector && r.Status == ResourceStatus.Missing && r.Component == owner.Component.Name))
            {
                results.Add(Result(owner, StatusKind.ConsumerGroup, group, ResourceStatus.Missing,
                    $"Consumer group {group} has no committed offsets: {(owner.Component.IsConnector ? "the connector" : "the app")} is not deployed.", null, new Dictionary<string, object?> { ["Lag"] = null }));
                return;
            }
            // A new app has nothing to lag behind on: not a problem a scheduled check should report.
            results.Add(Result(owner, StatusKind.ConsumerGroup, group, ResourceStatus.InSync, $"Consumer group {group} has no committed offsets yet.",
                null, new Dictionary<string, object?> { ["Lag"] = null }));
            return;
        }
        var topics = committed.Select(o => o.Topic).Distinct(StringComparer.Ordinal).ToList();
        var ends = (await kafka.ListEndOffsetsAsync(topics, cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => (o.Topic, o.Partition), o => o.Offset);
        var perPartition = committed
            .Select(o => (o.Topic, o.Partition, Lag: ends.TryGetValue((o.Topic, o.Partition), out var end) ? Math.Max(0, end - o.Offset) : 0))
            .ToList();
        var lag = perPartition.Sum(p => p.Lag);
        var details = new Dictionary<string, object?>
        {
            ["Lag"] = lag,
            ["Partitions"] = perPartition.ToDictionary(p => $"{p.Topic}-{p.Partition}", p => (object?)p.Lag, StringComparer.Ordinal),
        };
        var degraded = options.MaxLag is { } max && lag > max;
        results.Add(Result(owner, StatusKind.ConsumerGroup, group, degraded ? ResourceStatus.Degraded : ResourceStatus.InSync,
            Invariant($"Lag {lag} over {perPartition.Count} partition(s)") + (degraded ? Invariant($", above the limit of {options.MaxLag}.") : "."), null, details));
    }

    private static Dictionary<string, string> Flatten(YMap map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(string prefix, YNode node)
        {
            switch (node)
            {
                case YMap m when m.Count > 0:
                    foreach (var (key, value) in m) Walk(prefix.Length == 0 ? key : prefix + "." + key, value);
                    break;
                case YSeq s when s.Items.Count > 0:
                    for (var i = 0; i < s.Items.Count; i++) Walk(Invariant($"{prefix}[{i}]"), s.Items[i]);
                    break;
                case YScalar { IsNull: true }:
                    break;
                default:
                    result[prefix] = node is YScalar scalar ? scalar.ToInvariantString() : node is YMap ? "{}" : "[]";
                    break;
            }
        }
        Walk("", map);
        return result;
    }

    private static StatusResult Result(ComponentInventory owner, StatusKind kind, string resource, ResourceStatus status, string? reason,
        string? diff = null, IReadOnlyDictionary<string, object?>? details = null) => StatusSources.Remember(new StatusResult
        {
            Pipeline = owner.Pipeline,
            Component = owner.Component.Name,
            ComponentType = owner.Component.Type,
            Kind = kind,
            Resource = resource,
            Status = status,
            Reason = reason,
            Diff = string.IsNullOrEmpty(diff) ? null : diff,
            Details = (details ?? new Dictionary<string, object?>()).ToTextMap(),
        }, owner.Component);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
