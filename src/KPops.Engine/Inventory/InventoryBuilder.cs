using KPops.Engine.Clients;
using KPops.Engine.Config;
using KPops.Engine.Lifecycle;
using KPops.Engine.Loading;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;

namespace KPops.Engine.Inventory;

/// <summary>
/// Decides what each component owns — the one place that looks at the kind of a component for that — and which of
/// its resources each operation and each manifest rendering concerns. Every name comes from <see cref="ResourceNames"/>.
/// </summary>
internal static class InventoryBuilder
{
    /// <summary>Default helm --timeout (as KPOps).</summary>
    public const string DefaultTimeout = "5m0s";

    /// <summary>The inventory of every component of a pipeline.</summary>
    public static ResourceInventory Build(Pipeline pipeline) =>
        new(pipeline.Components.Select(c => Of(pipeline, c)).ToList());

    /// <summary>The inventory of one component.</summary>
    public static ComponentInventory Of(Pipeline pipeline, Component component)
    {
        var config = pipeline.Config;
        var topics = component.Topics.Select(t => new TopicResource(t)).ToList();
        var subjects = RegisteredSubjects(component);
        var kind = component.Kind;
        switch (kind)
        {
            case ComponentKind.StreamsApp or ComponentKind.ProducerApp or ComponentKind.ConsumerApp:
            {
                var layout = component.Layout!;
                var jobs = pipeline.CleanupJobs[component];
                var release = Release(component, config, keepsValuesForCleanup: true);
                var resetJob = kind == ComponentKind.ProducerApp ? null : CleanupJob(component, jobs, deleteOutput: false, config);
                var cleanJob = CleanupJob(component, jobs, deleteOutput: true, config);
                ConsumerGroupResource? group = kind switch
                {
                    // A streams app without applicationId still has a group: it is only not known.
                    ComponentKind.StreamsApp => new ConsumerGroupResource(component.ApplicationId) { SetBy = layout.ConsumerGroupSetting },
                    ComponentKind.ConsumerApp when component.GroupId is { } groupId => new ConsumerGroupResource(groupId),
                    _ => null,
                };
                var volumes = kind != ComponentKind.ProducerApp && component.HasPersistentVolumes
                    ? new VolumeClaimsResource(component.Namespace!, ResourceNames.HelmNameOverride(component.FullName, component.IsCronJob), layout.VolumeNameLabel)
                    : null;
                return new ComponentInventory(pipeline.Name, config, component,
                    deployed: [release, .. topics, .. subjects, .. Optional(group)],
                    operations: new Dictionary<Operation, IReadOnlyList<OwnedResource>>
                    {
                        // Topics and schemas exist before the app that writes them starts.
                        [Operation.Deploy] = [.. topics, .. subjects, release],
                        [Operation.Destroy] = [release],
                        [Operation.Reset] = [release, .. Optional(resetJob)],
                        [Operation.Clean] = [release, cleanJob, .. Optional(volumes)],
                    },
                    manifests: layout.Major < 3
                        // As KPOps renders streams-bootstrap 2 apps: the app only, no KafkaTopic resources (which would
                        // need strimzi_topic) and no cleanup jobs (no Argo hook that would clean when an app is deleted).
                        ? new Dictionary<Operation, IReadOnlyList<OwnedResource>> { [Operation.Deploy] = [release] }
                        : new Dictionary<Operation, IReadOnlyList<OwnedResource>>
                        {
                            [Operation.Deploy] = [release, .. topics],
                            // Destroy renders the topics, which GitOps users delete themselves.
                            [Operation.Destroy] = [.. topics],
                            [Operation.Reset] = [.. Optional(resetJob), .. kind == ComponentKind.ConsumerApp ? [] : topics],
                            [Operation.Clean] = [cleanJob],
                        });
            }
            case ComponentKind.HelmApp:
            {
                var release = Release(component, config, keepsValuesForCleanup: false);
                return new ComponentInventory(pipeline.Name, config, component,
                    deployed: [release],
                    operations: new Dictionary<Operation, IReadOnlyList<OwnedResource>>
                    {
                        [Operation.Deploy] = [release],
                        [Operation.Destroy] = [release],
                        [Operation.Reset] = [release],
                        [Operation.Clean] = [release],
                    },
                    manifests: new Dictionary<Operation, IReadOnlyList<OwnedResource>>
                    {
                        [Operation.Deploy] = [release, .. topics],
                        [Operation.Destroy] = [.. topics],
                        [Operation.Reset] = [.. topics],
                    });
            }
            case ComponentKind.SinkConnector or ComponentKind.SourceConnector:
            {
                var isSink = kind == ComponentKind.SinkConnector;
                var connector = new ConnectorResource(component.FullName, component.ConnectorConfig, component.State, isSink);
                var group = isSink ? new ConsumerGroupResource(ResourceNames.SinkConnectorGroup(component.FullName)) : null;
                // Clean deletes both subjects of every `to` topic, whether the pipeline names schemas or not.
                var subjectsOfTopics = component.Topics
                    .SelectMany(t => new[] { ResourceNames.ValueSubject(t.Name), ResourceNames.KeySubject(t.Name) })
                    .Select(s => new SubjectResource(s, null, component.Models)).ToList();
                return new ComponentInventory(pipeline.Name, config, component,
                    deployed: [.. topics, .. subjects, connector, .. Optional(group)],
                    operations: new Dictionary<Operation, IReadOnlyList<OwnedResource>>
                    {
                        [Operation.Deploy] = [.. topics, .. subjects, connector],
                        [Operation.Destroy] = [connector],
                        [Operation.Reset] = [connector],
                        // Only the connector's own `to` topics; topics it reads (from) are never deleted.
                        [Operation.Clean] = [connector, .. Optional(group), .. subjectsOfTopics, .. topics],
                    },
                    // Connectors have no Kubernetes resources: no manifests at all, not even KafkaTopics.
                    manifests: new Dictionary<Operation, IReadOnlyList<OwnedResource>>());
            }
            default:
                return new ComponentInventory(pipeline.Name, config, component, [], new Dictionary<Operation, IReadOnlyList<OwnedResource>>(),
                    new Dictionary<Operation, IReadOnlyList<OwnedResource>>());
        }
    }

    private static IEnumerable<OwnedResource> Optional(OwnedResource? resource) => resource is null ? [] : [resource];

    /// <summary>The subjects deploy registers: the key and value schema of each `to` topic that names one.</summary>
    private static List<OwnedResource> RegisteredSubjects(Component component)
    {
        var subjects = new List<OwnedResource>();
        foreach (var topic in component.Topics)
        {
            if (topic.KeySchema is not null) subjects.Add(new SubjectResource(ResourceNames.KeySubject(topic.Name), topic.KeySchema, component.Models));
            if (topic.ValueSchema is not null) subjects.Add(new SubjectResource(ResourceNames.ValueSubject(topic.Name), topic.ValueSchema, component.Models));
        }
        return subjects;
    }

    private static HelmReleaseResource Release(Component component, KpopsConfig config, bool keepsValuesForCleanup)
    {
        var values = component.HelmValues();
        var repository = Repository(component);
        return new HelmReleaseResource(ResourceNames.HelmReleaseName(component.FullName), component.Namespace!)
        {
            Request = component.Chart is { } chart
                ? new HelmReleaseRequest
                {
                    Release = ResourceNames.HelmReleaseName(component.FullName),
                    Chart = chart,
                    Namespace = component.Namespace!,
                    ValuesYaml = YamlWriter.Write(values),
                    Version = component.ChartVersion,
                    Timeout = Timeout(component, config),
                    Wait = true,
                    CreateNamespace = config.CreateNamespace,
                    ForceReplace = config.HelmForceReplace,
                    Auth = repository?.Auth,
                }
                : null,
            Repository = repository,
            Chart = component.Chart,
            ChartVersion = component.ChartVersion,
            DiffIgnore = component.DiffIgnore,
            KeepsValuesForCleanup = keepsValuesForCleanup,
            Values = values,
        };
    }

    private static CleanupJobResource CleanupJob(Component component, CleanupJobs jobs, bool deleteOutput, KpopsConfig config)
    {
        var name = ResourceNames.CleanupReleaseName(component.FullName);
        // The cleanup chart sits next to the app's chart: <chart>-cleanup-job.
        var chart = component.Chart + "-cleanup-job";
        CleanupRelease Release(CleanerBuild build) => new(new HelmReleaseRequest
        {
            Release = name,
            Chart = chart,
            Namespace = build.Cleaner.Namespace!,
            ValuesYaml = YamlWriter.Write(build.Cleaner.HelmValues()),
            Version = build.Cleaner.ChartVersion,
            Timeout = Timeout(build.Cleaner, config),
            Wait = true,
            WaitForJobs = true,
            CreateNamespace = config.CreateNamespace,
            ForceReplace = config.HelmForceReplace,
        }, build.Cleaner.DiffIgnore, build.Warnings);
        var withAppValues = Release(jobs.Of(deleteOutput));
        return new CleanupJobResource(name, component.Namespace!)
        {
            DeleteOutput = deleteOutput,
            App = component.Name,
            Repository = Repository(component),
            RetainRelease = config.RetainCleanJobs,
            Release = withAppValues,
            FromLiveValues = (live, warn) => jobs.WithLiveValues(live, deleteOutput, warn) is var build && ReferenceEquals(build, jobs.Of(deleteOutput))
                ? withAppValues
                : Release(build),
        };
    }

    /// <summary>The chart repository of a component, or null for local and OCI charts.</summary>
    private static HelmRepository? Repository(Component component) =>
        component.RepoConfig is { RepositoryName: { } name, Url: { } url } repo
            ? new HelmRepository(name, url, repo.AuthFlags is { } a ? new HelmRepoAuth(a.Username, a.Password, a.CaFile, a.CertFile, a.InsecureSkipTlsVerify) : null)
            : null;

    private static string Timeout(Component component, KpopsConfig config) => component.Timeout ?? config.HelmTimeout ?? DefaultTimeout;
}
