using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Yaml;

namespace KPops.Engine.Config;

/// <summary>The fields of <c>config.yaml</c> (KPOps 11's settings plus the connection settings KPops adds).</summary>
public static class ConfigSpecs
{
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
        F("schemas_path", TypeSpec.Text, "Folder of the built-in file schema provider: <class name>.avsc/.json/.proto files (KPops addition)."));

    /// <summary>kafka_rest (read for compatibility; KPops manages topics with the Kafka admin protocol).</summary>
    public static readonly ObjectSpec KafkaRest = Section("KafkaRestConfig", "Confluent REST Proxy; accepted for compatibility, KPops talks to Kafka directly.",
        F("url", TypeSpec.Text, "REST Proxy URL.") with { Default = Const("http://localhost:8082"), Nullable = false },
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false });

    /// <summary>kafka_connect.</summary>
    public static readonly ObjectSpec KafkaConnect = Section("KafkaConnectConfig", "Kafka Connect REST API.",
        F("url", TypeSpec.Text, "Kafka Connect URL.") with { Default = Const("http://localhost:8083"), Nullable = false },
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false },
        F("username", TypeSpec.Text, "Basic-auth user (KPops addition)."),
        F("password", TypeSpec.Text, "Basic-auth password (KPops addition)."));

    /// <summary>kafka_admin (KPops addition).</summary>
    public static readonly ObjectSpec KafkaAdmin = Section("KafkaAdminConfig", "How KPops itself reaches Kafka to manage topics and consumer groups (KPops addition).",
        F("bootstrap_servers", TypeSpec.Text, "Bootstrap servers for the admin client; kafka_brokers when unset (the in-cluster address given to the apps)."),
        F("timeout", TypeSpec.Number, "Request timeout in seconds.") with { Default = Const(30L), Nullable = false },
        F("config", TypeSpec.MapOf(new StringType(AcceptScalars: true)), "librdkafka settings such as security.protocol, sasl.mechanism, sasl.username, sasl.password, ssl.ca.location.") with { Default = () => new YMap() });

    /// <summary>helm_config.</summary>
    public static readonly ObjectSpec HelmConfig = Section("HelmConfig", "Global Helm settings.",
        F("context", TypeSpec.Text, "Kubernetes context (--kube-context) for helm and for Kubernetes calls."),
        F("debug", TypeSpec.Bool, "Run helm with --debug.") with { Default = Const(false), Nullable = false },
        F("api_version", TypeSpec.Text, "--api-versions for helm template."),
        F("timeout", TypeSpec.Text, "Default --timeout, e.g. 10m0s; a component's timeout wins."),
        F("force_replace", TypeSpec.Bool, "--force (helm 3) or --force-replace (helm 4).") with { Default = Const(false), Nullable = false },
        F("kubeconfig", TypeSpec.Text, "Kubeconfig file for helm and Kubernetes calls; KUBECONFIG or ~/.kube/config when unset (KPops addition)."),
        F("binary", TypeSpec.Text, "The helm executable; helm from PATH when unset (KPops addition)."));

    /// <summary>strimzi_topic.</summary>
    public static readonly ObjectSpec StrimziTopic = Section("StrimziTopic", "Strimzi KafkaTopic resources rendered by Get-KPopsManifest.",
        F("label", TypeSpec.MapOf(TypeSpec.Text), "The label that selects the Strimzi cluster, e.g. strimzi.io/cluster: my-cluster.") with { Required = true, Nullable = false },
        F("namespace", TypeSpec.Text, "metadata.namespace of the KafkaTopic resources.")).WithRules((map, context) =>
        {
            if (map.Get("label") is YMap { Count: 0 } label)
                context.Report(ErrorIds.ConfigInvalid, "strimzi_topic.label must hold one label.", label.Location, "Set e.g. `strimzi.io/cluster: my-cluster`.", "strimzi_topic.label");
        });

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
    { Extra = ExtraKeys.Forbid };
}
