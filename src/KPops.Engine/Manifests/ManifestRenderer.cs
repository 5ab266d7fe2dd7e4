using System.Threading.Channels;
using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Pipelines;
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

    /// <summary>
    /// Starts rendering the components of pipelines for an operation (one helm client per pipeline); for each component a
    /// <see cref="ComponentStarted"/> and a <see cref="ComponentCompleted"/> with its <see cref="ManifestDocument"/>s.
    /// </summary>
    public static ChannelReader<RunEvent> Start(IReadOnlyList<(Pipeline Pipeline, IReadOnlyList<Component> Components)> selection, Operation operation,
        ManifestMode mode, Func<Pipeline, IOperationLog, ILifecycleClients> clientFactory, CancellationToken cancellationToken) =>
        EngineRun.Start("Manifest rendering", clientFactory, async (events, clients, token) =>
        {
            ResourceInventory.EnsureHandOff(selection.SelectMany(s => s.Components.Select(c => (s.Pipeline, c))));
            foreach (var (pipeline, components) in selection)
            {
                var helm = clients.For(pipeline).Helm;
                for (var i = 0; i < components.Count; i++)
                {
                    events.Emit(new ComponentStarted(pipeline.Name, components[i], i, components.Count));
                    IReadOnlyList<ManifestDocument> documents;
                    try
                    {
                        documents = await RenderAsync(pipeline.Inventory.Of(components[i]), operation, mode, helm, events.Warning, token).ConfigureAwait(false);
                    }
                    catch (KPopsException e)
                    {
                        e.About(components[i]);
                        throw;
                    }
                    events.Emit(new ComponentCompleted(components[i], documents));
                }
            }
        }, cancellationToken, Security.SecretMask.Union(selection.Select(s => s.Pipeline.Secrets).Distinct()));

    /// <summary>Renders the manifests of one component for one operation.</summary>
    public static async Task<IReadOnlyList<ManifestDocument>> RenderAsync(ComponentInventory inventory, Operation operation, ManifestMode mode,
        IHelmClient helm, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(helm);
        ArgumentNullException.ThrowIfNull(warn);
        var argo = mode == ManifestMode.Argo;
        var resources = inventory.ManifestsFor(operation);
        var cleanJob = inventory.ManifestsFor(Operation.Clean).OfType<CleanupJobResource>().FirstOrDefault();
        if (argo && operation == Operation.Clean)
        {
            // Argo deletes what deploy created: the cleanup jobs are PostDelete hooks of the deploy manifests.
            if (cleanJob is not null) warn($"{inventory.Component.Name}: in argo mode the cleanup jobs are rendered by Deploy as PostDelete hooks; Clean renders nothing.");
            return [];
        }
        var documents = new List<ManifestDocument>();
        var topics = resources.OfType<TopicResource>().ToList();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case HelmReleaseResource release:
                    documents.AddRange(await RenderReleaseAsync(inventory, release, operation, argo, helm, cancellationToken).ConfigureAwait(false));
                    break;
                case CleanupJobResource job:
                    documents.AddRange(await RenderCleanupJobAsync(inventory, job, operation, hook: false, helm, warn, cancellationToken).ConfigureAwait(false));
                    break;
                case TopicResource topic when ReferenceEquals(topic, topics[0]):
                    // All topics at once: a missing strimzi_topic is one error for the component.
                    documents.AddRange(KafkaTopics(inventory, topics, operation));
                    break;
            }
        }
        if (argo && operation == Operation.Deploy && cleanJob is not null)
            documents.AddRange(await RenderCleanupJobAsync(inventory, cleanJob, operation, hook: true, helm, warn, cancellationToken).ConfigureAwait(false));
        return documents;
    }

    /// <summary>Documents as one multi-document YAML stream, each introduced by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<ManifestDocument> documents) => string.Concat(documents.Select(d => "---\n" + d.Yaml));

    private static async Task<IReadOnlyList<ManifestDocument>> RenderReleaseAsync(ComponentInventory inventory, HelmReleaseResource release, Operation operation,
        bool argo, IHelmClient helm, CancellationToken cancellationToken)
    {
        var request = release.RequireRequest(inventory.Component);
        if (argo) request = request with { ValuesYaml = WithAnnotation(request.ValuesYaml, SyncWave, "1") };
        if (release.Repository is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        return Split(inventory, operation, await helm.TemplateAsync(request, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<ManifestDocument>> RenderCleanupJobAsync(ComponentInventory inventory, CleanupJobResource job, Operation operation, bool hook,
        IHelmClient helm, Action<string> warn, CancellationToken cancellationToken)
    {
        var release = job.Release;
        foreach (var warning in release.Warnings) warn(warning);
        var request = release.Request;
        if (hook) request = request with { ValuesYaml = WithAnnotation(request.ValuesYaml, Hook, "PostDelete") };
        if (job.Repository is { } repository) await helm.AddRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        return Split(inventory, operation, await helm.TemplateAsync(request, cancellationToken).ConfigureAwait(false));
    }

    // KPOps puts Argo annotations into the chart values (values.annotations), which the charts apply to the workload.
    private static string WithAnnotation(string valuesYaml, string key, string value) =>
        YamlWriter.Write(HelmValuesFile.WithAnnotation(YamlReader.Read(valuesYaml, "values") as YMap ?? new YMap(), key, value));

    private static List<ManifestDocument> Split(ComponentInventory inventory, Operation operation, string rendered) =>
        KubernetesObject.ReadAll(rendered, $"helm template {inventory.Component.Name}").Select(o => Document(inventory, operation, o)).ToList();

    private static IEnumerable<ManifestDocument> KafkaTopics(ComponentInventory inventory, List<TopicResource> topics, Operation operation)
    {
        if (topics.Count == 0) yield break;
        var component = inventory.Component;
        if (inventory.Config.StrimziTopic is not { } strimzi)
        {
            throw new KPopsException(ErrorIds.StrimziTopicNotConfigured, ErrorKind.InvalidArgument,
                $"{component.Type} '{component.Name}' has topics, and rendering them as Strimzi KafkaTopic resources needs strimzi_topic.label.",
                component.Location, "Set strimzi_topic.label (e.g. strimzi.io/cluster: my-cluster) in config.yaml or KPOPS_STRIMZI_TOPIC='{\"label\":{\"strimzi.io/cluster\":\"my-cluster\"}}'.");
        }
        foreach (var topic in topics.Select(t => t.Desired))
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
            yield return Document(inventory, operation, KubernetesObject.From(new YMap
            {
                ["apiVersion"] = new YScalar("kafka.strimzi.io/v1beta2"),
                ["kind"] = new YScalar("KafkaTopic"),
                ["metadata"] = metadata,
                ["spec"] = spec,
            }));
        }
    }

    private static ManifestDocument Document(ComponentInventory inventory, Operation operation, KubernetesObject resource) =>
        new(inventory.Pipeline, inventory.Component.Name, operation, resource.ApiVersion, resource.Kind, resource.Name, resource.Namespace,
            YamlWriter.Write(resource.Node, sortKeys: true));
}
