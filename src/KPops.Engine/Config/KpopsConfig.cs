using System.Globalization;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Config;

/// <summary>A setting and where it was written (a file position, or null for defaults and variables without one).</summary>
/// <typeparam name="T">The setting's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">Where it was set, for errors about it.</param>
public sealed record ConfigSetting<T>(T Value, SourceLocation? Location);

/// <summary>One entry of a free-form settings section (such as <c>kafka_admin.config</c>).</summary>
/// <param name="Key">The key as written.</param>
/// <param name="Value">The value as text, or null when it is null.</param>
/// <param name="Location">Where the key was written.</param>
public sealed record SettingEntry(string Key, string? Value, SourceLocation? Location);

/// <summary><c>strimzi_topic</c>: how topics are rendered as Strimzi KafkaTopic resources.</summary>
/// <param name="LabelKey">The key of the label that selects the Strimzi cluster (the first of <c>label</c>).</param>
/// <param name="LabelValue">Its value.</param>
/// <param name="Namespace">metadata.namespace of the KafkaTopics, or null.</param>
public sealed record StrimziTopicSettings(string LabelKey, string? LabelValue, string? Namespace);

/// <summary>
/// The global configuration, after files, dotenv files and <c>KPOPS_*</c> variables were combined. Later stages read
/// it through the typed properties only; the tree stays with loading (<c>${config.*}</c> placeholders).
/// </summary>
public sealed class KpopsConfig
{
    internal KpopsConfig(YMap data, IReadOnlyList<string> sources)
    {
        Data = data;
        Sources = sources;
    }

    /// <summary>The bound configuration tree (snake_case keys, as in config.yaml).</summary>
    internal YMap Data { get; }

    /// <summary>The files and variables the configuration came from, for diagnostics.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>pipeline_base_dir as written.</summary>
    public string PipelineBaseDir => Text("pipeline_base_dir")!;

    /// <summary>kafka_brokers, the bootstrap servers given to the apps.</summary>
    public string KafkaBrokers => Text("kafka_brokers")!;

    /// <summary>Template of ${output_topic_name}.</summary>
    public string DefaultOutputTopicName => Text("topic_name_config", "default_output_topic_name")!;

    /// <summary>Template of ${error_topic_name}.</summary>
    public string DefaultErrorTopicName => Text("topic_name_config", "default_error_topic_name")!;

    /// <summary>schema_registry.enabled.</summary>
    public bool SchemaRegistryEnabled => Flag("schema_registry", "enabled");

    /// <summary>schema_registry.url (normalised like KPOps: a trailing slash when there is no path).</summary>
    public string SchemaRegistryUrl => Text("schema_registry", "url")!;

    /// <summary>schema_registry.timeout (seconds in the file; 30 s by default).</summary>
    public TimeSpan SchemaRegistryTimeout => Seconds("schema_registry", "timeout");

    /// <summary>schema_registry.username: the basic-auth user, or null for no authentication.</summary>
    public string? SchemaRegistryUsername => Text("schema_registry", "username");

    /// <summary>schema_registry.password: the basic-auth password, or null.</summary>
    public string? SchemaRegistryPassword => Text("schema_registry", "password");

    /// <summary>schema_registry.schemas_path: the folder of the file schema provider, or null when unset.</summary>
    public string? SchemasPath => Text("schema_registry", "schemas_path");

    /// <summary>kafka_connect.url.</summary>
    public string KafkaConnectUrl => Text("kafka_connect", "url")!;

    /// <summary>kafka_connect.timeout (seconds in the file; 30 s by default).</summary>
    public TimeSpan KafkaConnectTimeout => Seconds("kafka_connect", "timeout");

    /// <summary>kafka_connect.username: the basic-auth user, or null for no authentication.</summary>
    public string? KafkaConnectUsername => Text("kafka_connect", "username");

    /// <summary>kafka_connect.password: the basic-auth password, or null.</summary>
    public string? KafkaConnectPassword => Text("kafka_connect", "password");

    /// <summary>create_namespace.</summary>
    public bool CreateNamespace => Flag("create_namespace");

    /// <summary>retain_clean_jobs.</summary>
    public bool RetainCleanJobs => Flag("retain_clean_jobs");

    /// <summary>helm_config.context.</summary>
    public string? KubeContext => Text("helm_config", "context");

    /// <summary>helm_config.kubeconfig.</summary>
    public string? Kubeconfig => Text("helm_config", "kubeconfig");

    /// <summary>helm_config.binary: the helm executable, or null for helm from PATH.</summary>
    public string? HelmBinary => Text("helm_config", "binary");

    /// <summary>helm_config.debug: helm runs with --debug.</summary>
    public bool HelmDebug => Flag("helm_config", "debug");

    /// <summary>helm_config.api_version: --api-versions of helm template, or null.</summary>
    public string? HelmApiVersion => Text("helm_config", "api_version");

    /// <summary>helm_config.timeout: the default --timeout, or null (a component's timeout wins).</summary>
    public string? HelmTimeout => Text("helm_config", "timeout");

    /// <summary>helm_config.force_replace: --force (helm 3) or --force-replace (helm 4).</summary>
    public bool HelmForceReplace => Flag("helm_config", "force_replace");

    /// <summary>The admin client's bootstrap servers (kafka_admin.bootstrap_servers, else kafka_brokers).</summary>
    public string AdminBootstrapServers => Text("kafka_admin", "bootstrap_servers") ?? KafkaBrokers;

    /// <summary>The limits pipeline, defaults and component type files are read with (<c>limits.*</c>).</summary>
    public YamlLimits ReadLimits => new()
    {
        MaxDepth = (int)Whole(YamlLimits.DefaultMaxDepth, "limits", "max_depth"),
        MaxAliases = (int)Whole(YamlLimits.DefaultMaxAliases, "limits", "max_aliases"),
        MaxAliasNodes = (int)Whole(YamlLimits.DefaultMaxAliasNodes, "limits", "max_alias_nodes"),
        MaxFileBytes = Whole(YamlLimits.DefaultMaxFileBytes, "limits", "max_file_size"),
    };

    /// <summary>A fresh budget for the substitution of one pipeline (<c>limits.max_substituted_length</c>, <c>limits.max_substitution_work</c>).</summary>
    public SubstitutionBudget NewSubstitutionBudget() => new(
        (int)Whole(SubstitutionBudget.DefaultMaxLength, "limits", "max_substituted_length"),
        Whole(SubstitutionBudget.DefaultMaxTotal, "limits", "max_substitution_work"));

    private long Whole(long fallback, params string[] path) => Node(path) is YScalar { Value: long l } ? l : fallback;

    /// <summary>kafka_admin.timeout in seconds (30 by default), with where it was set.</summary>
    public ConfigSetting<double> KafkaAdminTimeoutSeconds => new(Number(DefaultTimeoutSeconds, "kafka_admin", "timeout"), Node("kafka_admin", "timeout")?.Location);

    /// <summary>kafka_admin.config: the librdkafka settings, in file order.</summary>
    public IReadOnlyList<SettingEntry> KafkaAdminConfig => Node("kafka_admin", "config") is YMap map
        ? map.Select(p => new SettingEntry(p.Key, p.Value is YScalar { IsNull: false } scalar ? scalar.ToInvariantString() : null, map.KeyLocation(p.Key))).ToList()
        : [];

    /// <summary>strimzi_topic, or null when it is not set or has no label.</summary>
    public StrimziTopicSettings? StrimziTopic => Node("strimzi_topic") is YMap strimzi && strimzi.Get("label") is YMap { Count: > 0 } label
        ? new StrimziTopicSettings(label.First().Key, label.First().Value is YScalar { IsNull: false } value ? value.ToInvariantString() : null,
            strimzi.Get("namespace") is YScalar { Value: string ns } ? ns : null)
        : null;

    /// <summary>A setting by its dotted path (e.g. <c>helm_config.timeout</c>), as text, or null: for diagnostics and tests.</summary>
    internal string? Get(string dottedPath) => Text(dottedPath.Split('.'));

    private YNode? Node(params string[] path)
    {
        YNode? current = Data;
        foreach (var key in path)
        {
            if (current is not YMap map || !map.TryGetValue(key, out var next)) return null;
            current = next;
        }
        return current;
    }

    private string? Text(params string[] path) => Node(path) is YScalar { IsNull: false } s ? s.ToInvariantString() : null;

    private bool Flag(params string[] path) => Node(path) is YScalar { Value: true };

    private double Number(double fallback, params string[] path) =>
        Node(path) is YScalar { Value: long or double } s ? Convert.ToDouble(s.Value, CultureInfo.InvariantCulture) : fallback;

    private const double DefaultTimeoutSeconds = 30;

    private TimeSpan Seconds(params string[] path) => TimeSpan.FromSeconds(Number(DefaultTimeoutSeconds, path));

    /// <summary>The configuration as config.yaml would hold it, with every default.</summary>
    public string ToYaml() => YamlWriter.Write(SpecSerializer.SerializeObject(Data, ConfigSpecs.KpopsConfig, SerializeMode.Generate));
}
