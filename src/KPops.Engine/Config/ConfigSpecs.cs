using System.Globalization;
using System.Text.RegularExpressions;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Config;

/// <summary>The fields of <c>config.yaml</c> (KPOps 11's settings plus the connection settings KPops adds).</summary>
public static partial class ConfigSpecs
{
    /// <summary>The longest timeout of a service call, in seconds (a day).</summary>
    public const double MaxTimeoutSeconds = 86_400;

    [GeneratedRegex(@"\A([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    // Checks hand config.yaml's line to the error: a value that fails here would otherwise fail at deploy time.
    private static ObjectRule PositiveTimeout(string section) => (map, context) =>
    {
        if (map.Get("timeout") is not YScalar { Value: long or double } node) return;
        var seconds = Convert.ToDouble(node.Value, CultureInfo.InvariantCulture);
        if (seconds > 0 && seconds <= MaxTimeoutSeconds) return;
        context.Report(ErrorIds.ConfigInvalid, $"must be a positive number of seconds up to {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}, got {YScalarText(node)}.",
            node.Location, "Give the timeout in seconds, e.g. 30.", section + ".timeout");
    };

    private static string YScalarText(YScalar node) => Echo.Text(node.ToInvariantString());

    private static ObjectRule HttpUrl(string section) => (map, context) =>
    {
        if (map.Get("url") is not YScalar { Value: string url } node) return;
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            context.Report(ErrorIds.ConfigInvalid, $"{section}.url {Echo.Quote(url)} is not an http(s) URL.", node.Location, "Write it like http://host:port.", section + ".url");
        }
    };

    // Values that reach helm's command line as an argument.
    private static ObjectRule HelmArguments(string section, params string[] fields) => (map, context) =>
    {
        foreach (var field in fields)
        {
            if (map.Get(field) is YScalar { Value: string value } node && NameRules.HelmArgumentProblem(value) is { } problem)
                context.Report(ErrorIds.ConfigInvalid, $"{Echo.Quote(value)} {problem}.", node.Location, "Write the value without spaces, not starting with '-'.", section + "." + field);
        }
    };

    // Paths and addresses: a NUL or a line break in them cannot be meant and breaks the calls that use them.
    private static ObjectRule NoControlCharacters(string section, params string[] fields) => (map, context) =>
    {
        foreach (var field in fields)
        {
            if (map.Get(field) is YScalar { Value: string value } node && NameRules.HasControl(value))
                context.Report(ErrorIds.ConfigInvalid, $"{Echo.Quote(value)} holds control characters.", node.Location, "Remove them.", section.Length == 0 ? field : section + "." + field);
        }
    };

    private static FieldSpec F(string name, TypeSpec type, string description) => new(name, type, description);

    private static Func<YNode> Const(object? value) => () => new YScalar(value);

    private static ObjectSpec Section(string name, string description, params FieldSpec[] fields) =>
        new(name, description, fields) { Extra = ExtraKeys.Forbid };

    private static FieldSpec Removed(string key, string instead) => F(key, TypeSpec.Any, "") with
    {
        Forbidden = $"'{key}' is no longer a setting: {instead}",
        ForbiddenErrorId = ErrorIds.ConfigRemovedSetting,
    };

    /// <summary>topic_name_config.</summary>
    public static readonly ObjectSpec TopicNameConfig = Section("TopicNameConfig", "Templates of the default topic names.",
        F("default_output_topic_name", TypeSpec.Text, "Value of ${output_topic_name}.") with { Default = Const("${pipeline.name}-${component.name}"), Nullable = false },
        F("default_error_topic_name", TypeSpec.Text, "Value of ${error_topic_name}.") with { Default = Const("${pipeline.name}-${component.name}-error"), Nullable = false });

    /// <summary>schema_registry.</summary>
    public static readonly ObjectSpec SchemaRegistry = Section("SchemaRegistryConfig", "Schema Registry.",
        F("enabled", TypeSpec.Bool, "Register and delete schemas.") with { Default = Const(false), Nullable = false },
        F("url", TypeSpec.Text, "Schema Registry URL.") with { Default = Const("http://localhost:8081"), Nullable = false },
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false },
        F("username", TypeSpec.Text, "Basic-auth user (KPops addition)."),
        F("password", TypeSpec.Text, "Basic-auth password (KPops addition)."),
        F("schemas_path", TypeSpec.Text, "Folder of the built-in file schema provider: <class name>.avsc/.json/.proto files (KPops addition)."))
        .WithRules(HttpUrl("schema_registry"), PositiveTimeout("schema_registry"), NoControlCharacters("schema_registry", "schemas_path", "username"));

    /// <summary>kafka_rest (read for compatibility; KPops manages topics with the Kafka admin protocol).</summary>
    public static readonly ObjectSpec KafkaRest = Section("KafkaRestConfig", "Confluent REST Proxy; accepted for compatibility, KPops talks to Kafka directly.",
        F("url", TypeSpec.Text, "REST Proxy URL.") with { Default = Const("http://localhost:8082"), Nullable = false },
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false })
        .WithRules(HttpUrl("kafka_rest"), PositiveTimeout("kafka_rest"));

    /// <summary>kafka_connect.</summary>
    public static readonly ObjectSpec KafkaConnect = Section("KafkaConnectConfig", "Kafka Connect REST API.",
        F("url", TypeSpec.Text, "Kafka Connect URL.") with { Default = Const("http://localhost:8083"), Nullable = false },
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false },
        F("username", TypeSpec.Text, "Basic-auth user (KPops addition)."),
        F("password", TypeSpec.Text, "Basic-auth password (KPops addition)."))
        .WithRules(HttpUrl("kafka_connect"), PositiveTimeout("kafka_connect"), NoControlCharacters("kafka_connect", "username"));

    /// <summary>kafka_admin (KPops addition).</summary>
    public static readonly ObjectSpec KafkaAdmin = Section("KafkaAdminConfig", "How KPops itself reaches Kafka to manage topics and consumer groups (KPops addition).",
        F("bootstrap_servers", TypeSpec.Text, "Bootstrap servers for the admin client; kafka_brokers when unset (the in-cluster address given to the apps)."),
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false },
        F("config", TypeSpec.MapOf(new StringType(AcceptScalars: true)), "librdkafka settings such as security.protocol, sasl.mechanism, sasl.username, sasl.password, ssl.ca.location.") with { Default = () => new YMap() })
        .WithRules(PositiveTimeout("kafka_admin"), NoControlCharacters("kafka_admin", "bootstrap_servers"));

    /// <summary>helm_config.</summary>
    public static readonly ObjectSpec HelmConfig = Section("HelmConfig", "Global Helm settings.",
        F("context", TypeSpec.Text, "Kubernetes context (--kube-context) for helm and for Kubernetes calls."),
        F("debug", TypeSpec.Bool, "Run helm with --debug.") with { Default = Const(false), Nullable = false },
        F("api_version", TypeSpec.Text, "--api-versions for helm template."),
        F("timeout", TypeSpec.Text, "Default --timeout, e.g. 10m0s; a component's timeout wins."),
        F("force_replace", TypeSpec.Bool, "--force (helm 3) or --force-replace (helm 4).") with { Default = Const(false), Nullable = false },
        F("kubeconfig", TypeSpec.Text, "Kubeconfig file for helm and Kubernetes calls; KUBECONFIG or ~/.kube/config when unset (KPops addition)."),
        F("binary", TypeSpec.Text, "The helm executable; helm from PATH when unset (KPops addition)."))
        .WithRules(HelmArguments("helm_config", "context", "api_version"), NoControlCharacters("helm_config", "kubeconfig", "binary"), (map, context) =>
        {
            if (map.Get("timeout") is YScalar { Value: string timeout } node && !Duration().IsMatch(timeout))
                context.Report(ErrorIds.ConfigInvalid, $"{Echo.Quote(timeout)} is not a duration.", node.Location, "Write it like helm does, e.g. 5m0s or 300s.", "helm_config.timeout");
        });

    /// <summary>strimzi_topic.</summary>
    public static readonly ObjectSpec StrimziTopic = Section("StrimziTopic", "Strimzi KafkaTopic resources rendered by Get-KPopsManifest.",
        F("label", TypeSpec.MapOf(TypeSpec.Text), "The label that selects the Strimzi cluster, e.g. strimzi.io/cluster: my-cluster.") with { Required = true, Nullable = false },
        F("namespace", TypeSpec.Text, "metadata.namespace of the KafkaTopic resources.")).WithRules((map, context) =>
        {
            if (map.Get("label") is YMap { Count: 0 } label)
                context.Report(ErrorIds.ConfigInvalid, "strimzi_topic.label must hold one label.", label.Location, "Set e.g. `strimzi.io/cluster: my-cluster`.", "strimzi_topic.label");
            if (map.Get("namespace") is YScalar { Value: string ns } node && NameRules.NamespaceProblem(ns) is { } problem)
                context.Report(ErrorIds.ConfigInvalid, $"The namespace {Echo.Quote(ns)} {problem}.", node.Location, "A namespace is a DNS-1123 label.", "strimzi_topic.namespace");
        });

    private static FieldSpec Limit(string name, long defaultValue, long minimum, long maximum, string description)
    {
        var text = $"{description} Default {defaultValue.ToString("N0", CultureInfo.InvariantCulture)}; at most {maximum.ToString("N0", CultureInfo.InvariantCulture)}.";
        return F(name, new IntType(minimum, maximum), text) with { Default = Const(defaultValue), Nullable = false };
    }

    /// <summary>limits (KPops addition): what reading and substituting pipeline input may cost.</summary>
    public static readonly ObjectSpec Limits = Section("LimitsConfig",
        "What reading and substituting pipeline, defaults and type files may cost (KPops addition). config.yaml, config_<env>.yaml and dotenv files are always read with the defaults.",
        Limit("max_depth", YamlLimits.DefaultMaxDepth, 8, 2_048, "How deep YAML lists and mappings may nest."),
        Limit("max_aliases", YamlLimits.DefaultMaxAliases, 0, 1_000_000, "How many aliases (and merge keys) one YAML document may use."),
        Limit("max_alias_nodes", YamlLimits.DefaultMaxAliasNodes, 0, 100_000_000, "How many nodes the aliases of one YAML document may copy."),
        Limit("max_file_size", YamlLimits.DefaultMaxFileBytes, 1_024, 1L << 30, "The largest file read, in bytes."),
        Limit("max_substituted_length", SubstitutionBudget.DefaultMaxLength, 1_024, 1 << 28, "The longest string substitution may make, in characters."),
        Limit("max_substitution_work", SubstitutionBudget.DefaultMaxTotal, 1 << 20, 1L << 32, "How many characters substitution may produce for one pipeline."));

    /// <summary>The whole config.</summary>
    public static readonly ObjectSpec KpopsConfig = new("KpopsConfig", "Global configuration of KPops (config.yaml).", [
        F("pipeline_base_dir", TypeSpec.Text, "Base directory of the pipelines (relative to the current directory); names pipelines and bounds the defaults search.") with { Default = Const("."), Nullable = false },
        F("kafka_brokers", TypeSpec.Text, "Comma-separated Kafka bootstrap servers given to the apps (${config.kafka_brokers}).") with { Required = true, Nullable = false },
        F("topic_name_config", TypeSpec.ObjectOf(TopicNameConfig), "Default topic names.") with { Default = () => new YMap(), Nullable = false },
        F("schema_registry", TypeSpec.ObjectOf(SchemaRegistry), "Schema Registry.") with { Default = () => new YMap(), Nullable = false },
        F("kafka_rest", TypeSpec.ObjectOf(KafkaRest), "Confluent REST Proxy (not needed by KPops).") with { Default = () => new YMap(), Nullable = false },
        F("kafka_connect", TypeSpec.ObjectOf(KafkaConnect), "Kafka Connect.") with { Default = () => new YMap(), Nullable = false },
        F("kafka_admin", TypeSpec.ObjectOf(KafkaAdmin), "Kafka admin client (KPops addition).") with { Default = () => new YMap(), Nullable = false },
        F("create_namespace", TypeSpec.Bool, "helm --create-namespace.") with { Default = Const(false), Nullable = false },
        F("helm_config", TypeSpec.ObjectOf(HelmConfig), "Helm.") with { Default = () => new YMap(), Nullable = false },
        F("retain_clean_jobs", TypeSpec.Bool, "Keep cleanup-job releases after reset and clean.") with { Default = Const(false), Nullable = false },
        F("strimzi_topic", TypeSpec.ObjectOf(StrimziTopic), "Strimzi KafkaTopic resources in manifest mode."),
        F("operation_mode", TypeSpec.Enum("managed", "manifest", "argo"), "Accepted for compatibility; use the cmdlets (Get-KPopsManifest renders manifests).") with { Default = Const("managed"), Nullable = false },
        F("limits", TypeSpec.ObjectOf(Limits), "What reading and substituting input may cost (KPops addition).") with { Default = () => new YMap(), Nullable = false },
        Removed("brokers", "it was renamed to kafka_brokers in KPOps 3."),
        Removed("schema_registry_url", "use schema_registry.url (and schema_registry.enabled: true)."),
        Removed("kafka_rest_host", "use kafka_rest.url."),
        Removed("kafka_connect_host", "use kafka_connect.url."),
        Removed("defaults_path", "defaults.yaml files are found in the pipeline's folder and its parents up to pipeline_base_dir."),
        Removed("components_module", "register custom types with Register-KPopsComponentType or kpops-components.yaml."),
        Removed("environment", "pass -Environment (or set KPOPS_ENVIRONMENT)."),
        Removed("timeout", "each service has its own timeout (schema_registry.timeout, kafka_connect.timeout, ...)."),
        Removed("helm_diff_config", "set diff_config.ignore on components or in defaults (for example under helm-app or cleaner)."),
        Removed("defaults_filename_prefix", "defaults files are named defaults.yaml and defaults_<environment>.yaml."),
    ])
    {
        Extra = ExtraKeys.Forbid,
        Rules =
        [
            NoControlCharacters("", "pipeline_base_dir", "kafka_brokers"),
            (map, context) =>
            {
                if (map.Get("kafka_brokers") is YScalar { Value: string brokers } node && brokers.Trim().Length == 0)
                    context.Report(ErrorIds.ConfigInvalid, "is empty.", node.Location, "Give the bootstrap servers as host:port, comma-separated.", "kafka_brokers");
            },
        ],
    };
}
