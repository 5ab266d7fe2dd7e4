using System.Globalization;
using KPops.Engine.Clients;
using KPops.Engine.Diff;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Lifecycle.Steps;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
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
/// </summary>
public sealed class StatusReporter(ILifecycleClients clients, StatusOptions options)
{
    /// <summary>The status of every resource of a component.</summary>
    public async Task<IReadOnlyList<StatusResult>> CheckAsync(Component component, CancellationToken cancellationToken)
    {
        var results = new List<StatusResult>();
        async Task Guard(StatusKind kind, string resource, Func<Task> check)
        {
            try
            {
                await check().ConfigureAwait(false);
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                results.Add(Result(component, kind, resource, ResourceStatus.Unknown, e.Message));
            }
        }
        if (component.IsHelmApp && component.Kind != ComponentKind.None)
            await Guard(StatusKind.HelmRelease, component.HelmReleaseName!, () => CheckReleaseAsync(component, results, cancellationToken)).ConfigureAwait(false);
        if (component.Kind != ComponentKind.HelmApp && component.Kind != ComponentKind.None)
        {
            foreach (var topic in component.Topics)
                await Guard(StatusKind.Topic, topic.Name, () => CheckTopicAsync(component, topic, results, cancellationToken)).ConfigureAwait(false);
            foreach (var topic in component.Topics)
            {
                if (topic.KeySchema is not null)
                    await Guard(StatusKind.Subject, ResourceNames.KeySubject(topic.Name), () => CheckSubjectAsync(component, ResourceNames.KeySubject(topic.Name), topic.KeySchema, results, cancellationToken)).ConfigureAwait(false);
                if (topic.ValueSchema is not null)
                    await Guard(StatusKind.Subject, ResourceNames.ValueSubject(topic.Name), () => CheckSubjectAsync(component, ResourceNames.ValueSubject(topic.Name), topic.ValueSchema, results, cancellationToken)).ConfigureAwait(false);
            }
        }
        if (component.IsConnector)
            await Guard(StatusKind.Connector, component.FullName, () => CheckConnectorAsync(component, results, cancellationToken)).ConfigureAwait(false);
        if (GroupOf(component) is string group)
            await Guard(StatusKind.ConsumerGroup, group, () => CheckGroupAsync(component, group, results, cancellationToken)).ConfigureAwait(false);
        else if (component.Kind == ComponentKind.StreamsApp)
            results.Add(Result(component, StatusKind.ConsumerGroup, "?", ResourceStatus.Unknown, "values.kafka.applicationId is not set, so the consumer group is not known."));
        return results;
    }

    private async Task CheckReleaseAsync(Component component, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var helm = clients.Helm;
        var release = component.HelmReleaseName!;
        var ns = component.Namespace!;
        var info = await helm.GetReleaseAsync(release, ns, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            results.Add(Result(component, StatusKind.HelmRelease, release, ResourceStatus.Missing, $"Release {release} is not installed in {ns}."));
            return;
        }
        var details = new Dictionary<string, object?> { ["Revision"] = info.Revision, ["Chart"] = info.Chart, ["ReleaseStatus"] = info.Status, ["Namespace"] = ns };
        var chartName = component.Chart?.Split('/')[^1];
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
            if (component.ChartVersion is { } version && !info.Chart.EndsWith("-" + version, StringComparison.Ordinal))
            {
                status = ResourceStatus.Drifted;
                problems.Add($"chart {info.Chart} is deployed, the pipeline wants {chartName}-{version}");
            }
            var live = await helm.GetValuesAsync(release, ns, cancellationToken).ConfigureAwait(false);
            var liveValues = live is null ? new YMap() : YamlReader.Read(live, $"helm get values {release}") as YMap ?? new YMap();
            diff = ConfigDiff.Describe(Flatten(liveValues), Flatten(component.HelmValues()));
            if (diff.Length > 0)
            {
                status = ResourceStatus.Drifted;
                problems.Add("its values differ from the pipeline");
            }
        }
        results.Add(Result(component, StatusKind.HelmRelease, release, status,
            problems.Count == 0 ? $"Revision {info.Revision} of {info.Chart} is deployed." : Capitalize(string.Join("; ", problems)) + ".", diff, details));

        string? manifest;
        try
        {
            manifest = await helm.GetManifestAsync(release, ns, cancellationToken).ConfigureAwait(false);
        }
        catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
        {
            results.Add(Result(component, StatusKind.Workload, "?", ResourceStatus.Unknown, $"The workloads of release {release} are not known: {e.Message}"));
            return;
        }
        foreach (var document in YamlReader.ReadAll(manifest ?? "", $"helm get manifest {release}").OfType<YMap>())
        {
            var kind = (document.Get("kind") as YScalar)?.ToInvariantString();
            if (kind is not ("Deployment" or "StatefulSet" or "Job" or "CronJob")) continue;
            var name = ((document.Get("metadata") as YMap)?.Get("name") as YScalar)?.ToInvariantString() ?? "?";
            var label = $"{kind}/{name}";
            WorkloadStatus? workload;
            try
            {
                workload = await clients.Kubernetes.GetWorkloadAsync(ns, kind, name, cancellationToken).ConfigureAwait(false);
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                // The workload is Unknown, not the release (whose result is already in), and the other workloads are still read.
                results.Add(Result(component, StatusKind.Workload, label, ResourceStatus.Unknown, e.Message));
                continue;
            }
            if (workload is null)
            {
                results.Add(Result(component, StatusKind.Workload, label, ResourceStatus.Missing, $"{label} is part of the release but does not exist."));
                continue;
            }
            var healthy = workload.State is "Ready" or "Complete" or "Scheduled" or "Running" or "Suspended";
            results.Add(Result(component, StatusKind.Workload, label, healthy ? ResourceStatus.InSync : ResourceStatus.Degraded,
                Invariant($"{workload.State}: {workload.Ready}/{workload.Desired} ready") + (workload.Message is null ? "." : $"; {workload.Message}"), null,
                new Dictionary<string, object?> { ["State"] = workload.State, ["Ready"] = workload.Ready, ["Desired"] = workload.Desired }));
        }
    }

    private async Task CheckTopicAsync(Component component, TopicConfig topic, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var existing = await clients.Kafka.DescribeTopicAsync(topic.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            results.Add(Result(component, StatusKind.Topic, topic.Name, ResourceStatus.Missing, $"Topic {topic.Name} does not exist."));
            return;
        }
        var problems = new List<string>();
        if (topic.PartitionsCount is { } partitions && partitions != existing.Partitions) problems.Add(Invariant($"it has {existing.Partitions} partitions, the pipeline wants {partitions}"));
        if (topic.ReplicationFactor is { } replication && replication != existing.ReplicationFactor) problems.Add(Invariant($"its replication factor is {existing.ReplicationFactor}, the pipeline wants {replication}"));
        var fallbacks = existing.Configs.Values.ToDictionary(c => c.Name, c => c.DefaultValue, StringComparer.Ordinal);
        var diff = ConfigDiff.Describe(existing.DynamicConfigs, topic.Configs, fallbacks);
        if (diff.Length > 0) problems.Add("its configs differ from the pipeline");
        results.Add(Result(component, StatusKind.Topic, topic.Name, problems.Count == 0 ? ResourceStatus.InSync : ResourceStatus.Drifted,
            problems.Count == 0 ? Invariant($"{existing.Partitions} partition(s), replication factor {existing.ReplicationFactor}.") : Capitalize(string.Join("; ", problems)) + ".",
            diff, new Dictionary<string, object?> { ["Partitions"] = existing.Partitions, ["ReplicationFactor"] = existing.ReplicationFactor }));
    }

    private async Task CheckSubjectAsync(Component component, string subject, string schemaClass, List<StatusResult> results, CancellationToken cancellationToken)
    {
        if (clients.SchemaRegistry is not { } registry)
        {
            results.Add(Result(component, StatusKind.Subject, subject, ResourceStatus.Unknown, "schema_registry.enabled is false."));
            return;
        }
        var latest = await registry.GetLatestVersionAsync(subject, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            results.Add(Result(component, StatusKind.Subject, subject, ResourceStatus.Missing, $"Subject {subject} is not registered."));
            return;
        }
        var details = new Dictionary<string, object?> { ["LatestVersion"] = latest };
        var schema = clients.SchemaProvider.Provide(schemaClass, component.Models);
        if (schema is null)
        {
            results.Add(Result(component, StatusKind.Subject, subject, ResourceStatus.Unknown, $"Version {latest} is registered; no schema provider knows {schemaClass} to compare.", null, details));
            return;
        }
        var registered = await registry.IsRegisteredAsync(subject, schema, cancellationToken).ConfigureAwait(false);
        results.Add(Result(component, StatusKind.Subject, subject, registered ? ResourceStatus.InSync : ResourceStatus.Drifted,
            registered ? $"The pipeline's schema {schemaClass} is registered (latest version {latest})." : $"The pipeline's schema {schemaClass} is not registered under {subject} (latest version {latest}).", null, details));
    }

    private async Task CheckConnectorAsync(Component component, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var connect = clients.Connect;
        var name = component.FullName;
        var status = await connect.GetStatusAsync(name, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            results.Add(Result(component, StatusKind.Connector, name, ResourceStatus.Missing, $"Connector {name} does not exist."));
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
            results.Add(Result(component, StatusKind.Connector, name, ResourceStatus.Degraded,
                Capitalize(what) + (trace is null ? "." : ": " + trace.Split('\n')[0]), trace, details));
            return;
        }
        var problems = new List<string>();
        var wanted = (component.State ?? "running").ToUpperInvariant();
        if (status.State != wanted) problems.Add($"it is {status.State}, the pipeline wants {wanted}");
        var info = await connect.GetConnectorAsync(name, cancellationToken).ConfigureAwait(false);
        var config = ConnectorConfigs.Of(component);
        var diff = info is null ? "" : ConfigDiff.Describe(info.Config, config, secretKeys: ConnectorConfigs.Secrets(config.Keys));
        if (diff.Length > 0) problems.Add("its config differs from the pipeline");
        results.Add(Result(component, StatusKind.Connector, name, problems.Count == 0 ? ResourceStatus.InSync : ResourceStatus.Drifted,
            problems.Count == 0 ? $"{status.State} with {status.Tasks.Count} task(s)." : Capitalize(string.Join("; ", problems)) + ".", diff, details));
    }

    private async Task CheckGroupAsync(Component component, string group, List<StatusResult> results, CancellationToken cancellationToken)
    {
        var kafka = clients.Kafka;
        var committed = await kafka.ListGroupOffsetsAsync(group, cancellationToken).ConfigureAwait(false);
        if (committed.Count == 0)
        {
            // A new app has nothing to lag behind on: not a problem a scheduled check should report.
            results.Add(Result(component, StatusKind.ConsumerGroup, group, ResourceStatus.InSync, $"Consumer group {group} has no committed offsets yet.",
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
        results.Add(Result(component, StatusKind.ConsumerGroup, group, degraded ? ResourceStatus.Degraded : ResourceStatus.InSync,
            Invariant($"Lag {lag} over {perPartition.Count} partition(s)") + (degraded ? Invariant($", above the limit of {options.MaxLag}.") : "."), null, details));
    }

    /// <summary>The consumer group of a component: applicationId of streams apps, groupId of consumer apps, connect-&lt;name&gt; of sinks.</summary>
    public static string? GroupOf(Component component) => component.Kind switch
    {
        ComponentKind.StreamsApp => component.ApplicationId,
        ComponentKind.ConsumerApp => component.GroupId,
        ComponentKind.SinkConnector => ResourceNames.SinkConnectorGroup(component.FullName),
        _ => null,
    };

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

    private static StatusResult Result(Component component, StatusKind kind, string resource, ResourceStatus status, string? reason,
        string? diff = null, IReadOnlyDictionary<string, object?>? details = null) => new()
    {
        Pipeline = component.Pipeline?.Name ?? "",
        Component = component.Name,
        ComponentType = component.Type,
        Kind = kind,
        Resource = resource,
        Status = status,
        Reason = reason,
        Diff = string.IsNullOrEmpty(diff) ? null : diff,
        Details = details ?? new Dictionary<string, object?>(),
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
