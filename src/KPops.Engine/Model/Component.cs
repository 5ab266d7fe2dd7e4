using System.Collections;
using System.Collections.Specialized;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model;

/// <summary>An output topic of a component's <c>to</c> section.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Type">output, error, or null (output, or a labeled output when <paramref name="Label"/> is set).</param>
/// <param name="Label">Label of a labeled output.</param>
/// <param name="PartitionsCount">Partitions, or null for the broker default.</param>
/// <param name="ReplicationFactor">Replication factor, or null for the broker default.</param>
/// <param name="KeySchema">Key schema class, or null.</param>
/// <param name="ValueSchema">Value schema class, or null.</param>
/// <param name="Configs">Topic configs.</param>
public sealed record TopicConfig(
    string Name,
    string? Type,
    string? Label,
    int? PartitionsCount,
    short? ReplicationFactor,
    string? KeySchema,
    string? ValueSchema,
    IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>True for error (dead letter) topics.</summary>
    public bool IsError => Type == "error";

    /// <summary>The name (what a list of topics shows, for example in Export-Csv).</summary>
    public override string ToString() => Name;
}

/// <summary><c>repo_config</c>: the chart repository of a Helm component.</summary>
/// <param name="RepositoryName">repository_name, the prefix of the chart reference.</param>
/// <param name="Url">The repository URL, or null.</param>
/// <param name="AuthFlags">repo_auth_flags, or null when none is set.</param>
public sealed record RepoConfig(string? RepositoryName, string? Url, RepoAuthFlags? AuthFlags);

/// <summary><c>repo_config.repo_auth_flags</c>: how helm authenticates to a chart repository.</summary>
/// <param name="Username">username.</param>
/// <param name="Password">password (a secret: never shown).</param>
/// <param name="CaFile">ca_file.</param>
/// <param name="CertFile">cert_file.</param>
/// <param name="InsecureSkipTlsVerify">insecure_skip_tls_verify.</param>
public sealed record RepoAuthFlags(string? Username, string? Password, string? CaFile, string? CertFile, bool InsecureSkipTlsVerify)
{
    /// <inheritdoc />
    public override string ToString() => $"RepoAuthFlags {{ Username = {Username}, Password = {(Password is null ? "" : "***")}, CaFile = {CaFile}, CertFile = {CertFile}, InsecureSkipTlsVerify = {InsecureSkipTlsVerify} }}";
}

/// <summary>An entry of a component's <c>from</c> section.</summary>
/// <param name="Name">Topic name, pattern, or component name.</param>
/// <param name="Type">input, pattern or null.</param>
/// <param name="Label">Label, or null.</param>
public sealed record FromTopic(string Name, string? Type, string? Label)
{
    /// <summary>The name (what a list of entries shows, for example in Export-Csv).</summary>
    public override string ToString() => Name;
}

/// <summary>
/// One enriched pipeline component: the <c>pipeline.yaml</c> entry with defaults merged in, placeholders substituted,
/// validated, and with its <c>from</c>/<c>to</c> topics applied to its Helm values or connector config.
/// </summary>
public sealed class Component
{
    internal Component(ComponentType type, YMap data, SourceLocation? location, PipelineIdentity pipeline)
    {
        ComponentType = type;
        Data = data;
        Location = location;
        PipelineIdentity = pipeline;
    }

    /// <summary>
    /// Problems that stop the component where it is handed to a service (a namespace or prefix that still holds an
    /// unset ${...} placeholder): generate prints it as written, as KPOps does; deploy, destroy, reset, clean, status
    /// and manifests refuse it before any call (<see cref="Inventory.ResourceInventory.Of"/>).
    /// </summary>
    internal IReadOnlyList<KPopsException> HandOffProblems { get; init; } = [];

    /// <summary>The component's type.</summary>
    public ComponentType ComponentType { get; }

    /// <summary>The type name (the <c>type:</c> key).</summary>
    public string Type => ComponentType.Name;

    /// <summary>What the component deploys.</summary>
    public ComponentKind Kind => ComponentType.Behavior.Kind;

    /// <summary>The component name (its id in the pipeline).</summary>
    public string Name => Text("name") ?? "";

    /// <summary>Whether the component is enabled.</summary>
    public bool Enabled => Data.Get("enabled") is not YScalar { Value: false };

    /// <summary>The prefix of the full name.</summary>
    public string Prefix => Text("prefix") ?? "";

    /// <summary>prefix + name: the base of Helm release and connector names.</summary>
    public string FullName => Prefix + Name;

    /// <summary>The Kubernetes namespace (Kubernetes apps), or null.</summary>
    public string? Namespace => Text("namespace");

    /// <summary>The pipeline the component was loaded with (its name and file).</summary>
    public PipelineIdentity PipelineIdentity { get; }

    /// <summary>Name of the pipeline.</summary>
    public string? PipelineName => PipelineIdentity.Name;

    /// <summary>Where the component was written.</summary>
    public SourceLocation? Location { get; }

    /// <summary>Where the component was written, as file:line.</summary>
    public string? Source => Location?.ToString();

    /// <summary>True for Helm-based components.</summary>
    public bool IsHelmApp => ComponentType.Is("helm-app");

    /// <summary>True for Kafka connectors.</summary>
    public bool IsConnector => ComponentType.Is("kafka-connector");

    /// <summary>Helm release name (trimmed to 53 characters), or null for non-Helm components.</summary>
    public string? HelmReleaseName => IsHelmApp ? ResourceNames.HelmReleaseName(FullName) : null;

    /// <summary>nameOverride/fullnameOverride KPops sets (trimmed to 63, or 52 for cron-job producers of streams-bootstrap 3).</summary>
    public string? HelmNameOverride => IsHelmApp ? ResourceNames.HelmNameOverride(FullName, IsCronJob && Layout!.TrimsCronJobNames) : null;

    /// <summary>Release name of the cleanup job (streams-bootstrap apps), or null.</summary>
    public string? CleanupReleaseName => Kind is ComponentKind.StreamsApp or ComponentKind.ProducerApp or ComponentKind.ConsumerApp
        ? ResourceNames.CleanupReleaseName(FullName) : null;

    /// <summary>True for producers that run as a CronJob (a schedule and not a Deployment).</summary>
    public bool IsCronJob => Kind == ComponentKind.ProducerApp && ValuesNode?.Get("schedule") is YScalar { Value: string }
        && ValuesNode.Get("deployment") is not YScalar { Value: true };

    /// <summary>The chart: <c>chart:</c> if set, else the streams-bootstrap chart of the type, or null.</summary>
    public string? Chart => Text("chart") ?? Kind switch
    {
        ComponentKind.StreamsApp => RepositoryName + "/streams-app",
        ComponentKind.ProducerApp => RepositoryName + "/producer-app",
        ComponentKind.ConsumerApp => RepositoryName + "/consumer-app",
        _ => null,
    };

    /// <summary>Chart of the cleanup job, or null.</summary>
    public string? CleanupChart => CleanupReleaseName is null ? null : Text("chart") is { } chart ? chart + "-cleanup-job" : Chart + "-cleanup-job";

    /// <summary>Chart version, or null.</summary>
    public string? ChartVersion => Text("version");

    /// <summary>Helm --timeout of the component, or null.</summary>
    public string? Timeout => Text("timeout");

    private string? RepositoryName => RepoConfig?.RepositoryName ?? ComponentSpecs.StreamsBootstrapRepositoryName;

    /// <summary>Input topics (values.kafka.inputTopics or a sink's config.topics).</summary>
    public IReadOnlyList<string> InputTopics => ComponentType.Behavior.InputTopics(Data).ToTextList();

    /// <summary>Labeled input topics.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LabeledInputTopics => ComponentType.Behavior.LabeledInputTopics(Data).ToTextMap();

    /// <summary>Input pattern.</summary>
    public string? InputPattern => ComponentType.Behavior.InputPattern(Data);

    /// <summary>Labeled input patterns.</summary>
    public IReadOnlyDictionary<string, string> LabeledInputPatterns => ComponentType.Behavior.LabeledInputPatterns(Data).ToTextMap();

    /// <summary>The output topic (values.kafka.outputTopic), or null.</summary>
    public string? OutputTopic => ComponentType.Behavior.OutputTopic(Data);

    /// <summary>Labeled output topics.</summary>
    public IReadOnlyDictionary<string, string> LabeledOutputTopics => ComponentType.Behavior.LabeledOutputTopics(Data).ToTextMap();

    /// <summary>The error topic, or null.</summary>
    public string? ErrorTopic => ComponentType.Behavior.ErrorTopic(Data);

    /// <summary>Every topic of the <c>to</c> section that is not an error topic.</summary>
    public IReadOnlyList<string> OutputTopics => Topics.Where(t => !t.IsError).Select(t => t.Name).ToTextList();

    /// <summary>Every topic the component reads, labeled ones included (not patterns).</summary>
    public IReadOnlyList<string> AllInputTopics => InputTopics.Concat(LabeledInputTopics.Values.SelectMany(t => t)).Distinct(StringComparer.Ordinal).ToTextList();

    /// <summary>The topics of the <c>to</c> section, in order.</summary>
    public IReadOnlyList<TopicConfig> Topics => ((ToSection?.Get("topics") as YMap)?.Select(p => ReadTopic(p.Key, p.Value as YMap)) ?? []).ToTextList();

    /// <summary>The <c>to.models</c> passed to schema providers.</summary>
    public IReadOnlyDictionary<string, string> Models => new TextMap<string>((ToSection?.Get("models") as YMap)?.ToDictionary(p => p.Key, p => ((YScalar)p.Value).ToInvariantString(), StringComparer.Ordinal)
        ?? new Dictionary<string, string>());

    /// <summary>The <c>from.topics</c> entries.</summary>
    public IReadOnlyList<FromTopic> FromTopics => ReadFrom("topics").ToTextList();

    /// <summary>The <c>from.components</c> entries.</summary>
    public IReadOnlyList<FromTopic> FromComponents => ReadFrom("components").ToTextList();

    /// <summary>True when the component has a <c>from</c> section (which switches automatic weaving off).</summary>
    public bool HasFromSection => Data.Get("from") is YMap;

    /// <summary>
    /// The Helm values (a copy for showing, secrets masked: values under secret keys and the pipeline's secret values
    /// read ***), or null for connectors. helm gets the real values; <see cref="ToDictionary"/> has them too.
    /// </summary>
    public IDictionary? Values => ValuesNode is null ? null : new SettingsDictionary((IDictionary)YNodeConverter.ToDotNet(Shown(ValuesNode))!);

    /// <summary>
    /// The connector config (a copy for showing, secrets masked like <see cref="Values"/>), or null for other
    /// components. Kafka Connect gets the real config; <see cref="ToDictionary"/> has it too.
    /// </summary>
    public IDictionary? Config => Data.Get("config") is YMap config ? new SettingsDictionary((IDictionary)YNodeConverter.ToDotNet(Shown(config))!) : null;

    // Masked once the pipeline is loaded; an inflate script, which runs while it loads, works with the real values.
    private YNode Shown(YMap node) => PipelineIdentity.Secrets is { } secrets ? secrets.Apply(node) : node;

    /// <summary>The connector's desired state after deploy (running, paused), or null.</summary>
    public string? State => Text("state");

    /// <summary>The whole enriched component (a copy) as KPOps' generate prints it, secrets included: a method, so no display shows it unasked.</summary>
    public OrderedDictionary ToDictionary() => (OrderedDictionary)YNodeConverter.ToDotNet(ToGenerateNode())!;

    /// <summary>The component as KPOps' generate prints it.</summary>
    public string ToYaml() => YamlWriter.Write(new YSeq([ToGenerateNode()]));

    internal YMap Data { get; }

    /// <summary><c>repo_config</c>, or null when it is not set.</summary>
    internal RepoConfig? RepoConfig => Data.Get("repo_config") is YMap repo
        ? new RepoConfig(Text(repo, "repository_name"), Text(repo, "url"), AuthFlags(repo.Get("repo_auth_flags") as YMap))
        : null;

    /// <summary>The key paths <c>diff_config.ignore</c> leaves out of manifest diffs.</summary>
    internal IReadOnlyList<IReadOnlyList<string>> DiffIgnore =>
        (Data.Get("diff_config") as YMap)?.Get("ignore") is YSeq paths
            ? paths.Items.Select(p => p switch
            {
                YSeq keys => (IReadOnlyList<string>)keys.Items.OfType<YScalar>().Select(k => k.ToInvariantString()).ToList(),
                YScalar s => [s.ToInvariantString()],
                _ => [],
            }).Where(p => p.Count > 0).ToList()
            : [];

    /// <summary>The connector config as Connect takes it: every set value as a string (empty for other components).</summary>
    internal IReadOnlyDictionary<string, string> ConnectorConfig =>
        (Data.Get("config") as YMap)?.Where(p => p.Value is YScalar { IsNull: false })
            .ToDictionary(p => p.Key, p => ((YScalar)p.Value).ToInvariantString(), StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>True for apps that run as a StatefulSet with persistent volumes (<c>values.statefulSet</c> and <c>values.persistence.enabled</c>).</summary>
    internal bool HasPersistentVolumes =>
        ValuesNode is { } values
        && values.Get("statefulSet") is YScalar { Value: true }
        && (values.Get("persistence") as YMap)?.Get("enabled") is YScalar { Value: true };

    /// <summary>Where a streams-bootstrap app keeps its Kafka settings in its values, or null for other components.</summary>
    internal StreamsBootstrapLayout? Layout => ComponentType.Behavior.Layout;

    /// <summary>
    /// The consumer group (application id) of a streams app as its values name it (<c>values.kafka.applicationId</c>;
    /// for streams-bootstrap 2 the <c>consumerGroup</c> annotation or <c>values.autoscaling.consumerGroup</c>), or null.
    /// </summary>
    internal string? ApplicationId => Layout?.ConsumerGroupPaths
        .Select(path => Text(path.Take(path.Count - 1).Aggregate(ValuesNode, (map, key) => map?.Get(key) as YMap), path[^1]))
        .FirstOrDefault(group => group is { Length: > 0 });

    /// <summary><c>values.kafka.groupId</c> (the consumer group of a consumer app), or null.</summary>
    internal string? GroupId => Text(ValuesNode?.Get("kafka") as YMap, "groupId");

    internal YMap? ValuesNode => Data.Get("values") as YMap;

    private YMap? ToSection => Data.Get("to") as YMap;

    /// <summary>The generate output of this component: type and name first, then the fields in model order.</summary>
    internal YMap ToGenerateNode()
    {
        var body = SpecSerializer.SerializeObject(Data, ComponentType.Spec, SerializeMode.Generate);
        var output = new YMap { ["type"] = new YScalar(Type) };
        foreach (var (key, value) in body)
        {
            if (key != "type") output[key] = value;
        }
        if (IsHelmApp)
        {
            output["helm_release_name"] = new YScalar(HelmReleaseName);
            output["helm_name_override"] = new YScalar(HelmNameOverride);
        }
        return output;
    }

    /// <summary>The Helm values as a values file holds them: defaults left out, name overrides filled in.</summary>
    internal YMap HelmValues()
    {
        var values = ValuesNode is null ? new YMap() : (YMap)SpecSerializer.Serialize(ValuesNode, ValuesType, SerializeMode.HelmValues);
        if (values.Get("nameOverride") is null or YScalar { IsNull: true }) values["nameOverride"] = new YScalar(HelmNameOverride);
        if (values.Get("fullnameOverride") is null or YScalar { IsNull: true }) values["fullnameOverride"] = new YScalar(HelmNameOverride);
        return values;
    }

    private TypeSpec ValuesType => ComponentType.Spec.Field("values")?.Type ?? TypeSpec.Any;

    private string? Text(string key) => Text(Data, key);

    private static string? Text(YMap? map, string key) => map?.Get(key) is YScalar { Value: string s } ? s : null;

    private static RepoAuthFlags? AuthFlags(YMap? flags)
    {
        if (flags is null) return null;
        var auth = new RepoAuthFlags(Text(flags, "username"), Text(flags, "password"), Text(flags, "ca_file"), Text(flags, "cert_file"),
            flags.Get("insecure_skip_tls_verify") is YScalar { Value: true });
        return auth is { Username: null, Password: null, CaFile: null, CertFile: null, InsecureSkipTlsVerify: false } ? null : auth;
    }

    private List<FromTopic> ReadFrom(string section) =>
        (Data.Get("from") as YMap)?.Get(section) is YMap entries
            ? entries.Select(p => new FromTopic(p.Key, (p.Value as YMap)?.Get("type") is YScalar { Value: string t } ? t : null,
                (p.Value as YMap)?.Get("label") is YScalar { Value: string l } ? l : null)).ToList()
            : [];

    private static TopicConfig ReadTopic(string name, YMap? topic)
    {
        string? S(string key) => topic?.Get(key) is YScalar { Value: string s } ? s : null;
        long? N(string key) => topic?.Get(key) is YScalar { Value: long l } ? l : null;
        var configs = topic?.Get("configs") is YMap c
            ? c.ToDictionary(p => p.Key, p => ((YScalar)p.Value).ToInvariantString(), StringComparer.Ordinal)
            : new Dictionary<string, string>();
        return new TopicConfig(name, S("type"), S("label"), (int?)N("partitions_count"), (short?)N("replication_factor"), S("key_schema"), S("value_schema"), configs);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Name}";
}
