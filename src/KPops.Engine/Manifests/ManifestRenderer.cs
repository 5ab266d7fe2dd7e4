using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;

namespace KPops.Engine.Manifests;

/// <summary>How manifests are rendered.</summary>
public enum ManifestMode
{
    /// <summary>Plain Kubernetes manifests (KPOps' manifest mode).</summary>
    Manifest,

    /// <summary>With Argo CD annotations: sync waves on apps, PostDelete hooks on cleanup jobs (KPOps' argo mode).</summary>
    Argo,
}

/// <summary>One rendered Kubernetes resource, ready to commit to a GitOps repository.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Component">The component it belongs to.</param>
/// <param name="Operation">The operation it was rendered for.</param>
/// <param name="ApiVersion">apiVersion.</param>
/// <param name="Kind">kind.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Namespace">metadata.namespace, when set.</param>
/// <param name="Yaml">The resource as YAML (keys sorted).</param>
public sealed record ManifestDocument(string Pipeline, string Component, Operation Operation, string ApiVersion, string Kind, string Name, string? Namespace, string Yaml);

/// <summary>
/// KPOps' manifest and argo modes: <c>helm template</c> of apps and cleanup jobs, and Strimzi <c>KafkaTopic</c>
/// resources for <c>to</c> topics. Nothing touches a cluster: only <c>helm repo add/update</c> and
/// <c>helm template</c> run. Differences from KPOps: clean renders cleanup jobs that clean (deleteOutput), as do the
/// Argo PostDelete hooks rendered with deploy (KPOps renders both with <c>reset</c>), and
/// KafkaTopics leave partitions and replicas out when unset, so the broker defaults apply as in managed mode.
/// </summary>
public static class ManifestRenderer
{
    /// <summary>The Argo CD annotation of the sync wave apps are deployed in.</summary>
    public const string SyncWave = "argocd.argoproj.io/sync-wave";

    /// <summary>The Argo CD annotation that turns a resource into a hook.</summary>
    public const string Hook = "argocd.argoproj.io/hook";

    /// <summary>Renders the manifests of one component for one operation.</summary>
    public static async Task<IReadOnlyList<ManifestDocument>> RenderAsync(Component component, Operation operation, ManifestMode mode,
        IHelmClient helm, Action<string> warn, CancellationToken cancellationToken)
    {
        var argo = mode == ManifestMode.Argo;
        var documents = new List<ManifestDocument>();
        var app = component.Kind is ComponentKind.HelmApp or ComponentKind.StreamsApp or ComponentKind.ProducerApp or ComponentKind.ConsumerApp;
        var hasCleaner = component.CleanupReleaseName is not null;
        // Connectors (and inert types) have no Kubernetes resources: no manifests at all, not even KafkaTopics.
        if (!app) return documents;
        switch (operation)
        {
            case Operation.Deploy:
                documents.AddRange(await RenderAppAsync(component, argo, helm, cancellationToken).ConfigureAwait(false));
                documents.AddRange(KafkaTopics(component, operation));
                if (argo && hasCleaner) documents.AddRange(await RenderCleanerAsync(component, operation, deleteOutput: true, hook: true, helm, warn, cancellationToken).ConfigureAwait(false));
                break;
            case Operation.Destroy:
                documents.AddRange(KafkaTopics(component, operation));
                break;
            case Operation.Reset:
                if (component.Kind is ComponentKind.StreamsApp or ComponentKind.ConsumerApp)
                    documents.AddRange(await RenderCleanerAsync(component, operation, deleteOutput: false, hook: false, helm, warn, cancellationToken).ConfigureAwait(false));
                if (component.Kind is not ComponentKind.ConsumerApp) documents.AddRange(KafkaTopics(component, operation));
                break;
            case Operation.Clean:
                if (argo)
                {
                    if (hasCleaner) warn($"{component.Name}: in argo mode the cleanup jobs are rendered by Deploy as PostDelete hooks; Clean renders nothing.");
                    break;
                }
                if (hasCleaner) documents.AddRange(await RenderCleanerAsync(component, operation, deleteOutput: true, hook: false, helm, warn, cancellationToken).ConfigureAwait(false));
                break;
        }
        return documents;
    }

    /// <summary>Documents as one multi-document YAML stream, each introduced by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<ManifestDocument> documents) => string.Concat(documents.Select(d => "---\n" + d.Yaml));

    private static async Task<IReadOnlyList<ManifestDocument>> RenderAppAsync(Component component, bool argo, IHelmClient helm, CancellationToken cancellationToken)
    {
        var config = component.Pipeline!.Config;
        var request = HelmReleases.ForApp(component, config);
        if (argo) request = request with { ValuesYaml = WithAnnotation(request.ValuesYaml, SyncWave, "1") };
        if (HelmReleases.Repository(component) is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        return Split(component, Operation.Deploy, await helm.TemplateAsync(request, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<ManifestDocument>> RenderCleanerAsync(Component component, Operation operation, bool deleteOutput, bool hook,
        IHelmClient helm, Action<string> warn, CancellationToken cancellationToken)
    {
        var config = component.Pipeline!.Config;
        var cleaner = component.Pipeline.Enricher.CreateCleaner(component, null, deleteOutput, warn);
        var request = HelmReleases.ForCleaner(cleaner, component.CleanupReleaseName!, component.CleanupChart!, config);
        if (hook) request = request with { ValuesYaml = WithAnnotation(request.ValuesYaml, Hook, "PostDelete") };
        if (HelmReleases.Repository(component) is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        return Split(component, operation, await helm.TemplateAsync(request, cancellationToken).ConfigureAwait(false));
    }

    // KPOps puts Argo annotations into the chart values (values.annotations), which the charts apply to the workload.
    private static string WithAnnotation(string valuesYaml, string key, string value)
    {
        var values = YamlReader.Read(valuesYaml, "values") as YMap ?? new YMap();
        if (values.Get("annotations") is not YMap annotations) values["annotations"] = annotations = new YMap();
        annotations[key] = new YScalar(value);
        return YamlWriter.Write(values);
    }

    private static List<ManifestDocument> Split(Component component, Operation operation, string rendered) =>
        YamlReader.ReadAll(rendered, $"helm template {component.Name}").OfType<YMap>().Select(d => Document(component, operation, d)).ToList();

    private static IEnumerable<ManifestDocument> KafkaTopics(Component component, Operation operation)
    {
        var topics = component.Topics;
        if (topics.Count == 0) yield break;
        var config = component.Pipeline!.Config;
        if (config.StrimziTopic is not { } strimzi)
        {
            throw new KPopsException(ErrorIds.StrimziTopicNotConfigured, ErrorKind.InvalidArgument,
                $"{component.Type} '{component.Name}' has topics, and rendering them as Strimzi KafkaTopic resources needs strimzi_topic.label.",
                component.Location, "Set strimzi_topic.label (e.g. strimzi.io/cluster: my-cluster) in config.yaml or KPOPS_STRIMZI_TOPIC='{\"label\":{\"strimzi.io/cluster\":\"my-cluster\"}}'.");
        }
        foreach (var topic in topics)
        {
            var metadata = new YMap
            {
                ["name"] = new YScalar(topic.Name),
                ["labels"] = new YMap { [strimzi.LabelKey] = new YScalar(strimzi.LabelValue) },
            };
            if (strimzi.Namespace is { } ns) metadata["namespace"] = new YScalar(ns);
            var spec = new YMap();
            if (topic.PartitionsCount is { } partitions) spec["partitions"] = new YScalar((long)partitions);
            if (topic.ReplicationFactor is { } replicas) spec["replicas"] = new YScalar((long)replicas);
            var configs = new YMap();
            foreach (var (key, value) in topic.Configs) configs[key] = new YScalar(value);
            spec["config"] = configs;
            yield return Document(component, operation, new YMap
            {
                ["apiVersion"] = new YScalar("kafka.strimzi.io/v1beta2"),
                ["kind"] = new YScalar("KafkaTopic"),
                ["metadata"] = metadata,
                ["spec"] = spec,
            });
        }
    }

    private static ManifestDocument Document(Component component, Operation operation, YMap node)
    {
        var metadata = node.Get("metadata") as YMap;
        string? Text(YMap? map, string key) => map?.Get(key) is YScalar { IsNull: false } s ? s.ToInvariantString() : null;
        return new ManifestDocument(component.Pipeline!.Name, component.Name, operation, Text(node, "apiVersion") ?? "", Text(node, "kind") ?? "",
            Text(metadata, "name") ?? "", Text(metadata, "namespace"), YamlWriter.Write(node, sortKeys: true));
    }
}
