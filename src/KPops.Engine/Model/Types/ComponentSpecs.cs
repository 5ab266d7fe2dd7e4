using System.Text.RegularExpressions;
using Cronos;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Naming;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Types;

/// <summary>
/// The fields of every built-in component type (KPOps 11's models), written once: validation, defaults, generate
/// output and JSON Schemas all come from these specs.
/// </summary>
public static partial class ComponentSpecs
{
    /// <summary>Default streams-bootstrap chart version.</summary>
    public const string StreamsBootstrapVersion = "3.6.1";

    /// <summary>Name of the streams-bootstrap chart repository as KPOps registers it.</summary>
    public const string StreamsBootstrapRepositoryName = "bakdata-streams-bootstrap";

    /// <summary>Default chart version of the deprecated streams-bootstrap 2 types (streams-app-v2, producer-app-v2).</summary>
    public const string StreamsBootstrapV2Version = "2.9.0";

    /// <summary>URL of the public streams-bootstrap chart repository.</summary>
    public const string StreamsBootstrapRepositoryUrl = "https://bakdata.github.io/streams-bootstrap/";

    // KPOps' check, anchored with \z: its '$' also accepts a final line break.
    [GeneratedRegex(@"\A(?![0-9]+\z)(?!.*-\z)(?!-)[a-z0-9-.]{1,253}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesNamePattern();

    [GeneratedRegex(@"\A(\d+)\.(\d+)\.(\d+)(-[a-zA-Z]+(\.[a-zA-Z]+)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChartVersionPattern();

    private const string ImageTagPattern = "^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$";
    private const string DurationPattern = @"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

    private static FieldSpec F(string name, TypeSpec type, string description) => new(name, type, description);

    private static Func<YNode> Const(object? value) => () => new YScalar(value);

    private static Func<YNode> EmptyMap => () => new YMap();

    private static Func<YNode> EmptyList => () => new YSeq();

    private static TypeSpec Str => TypeSpec.Text;

    private static TypeSpec Int => TypeSpec.WholeNumber;

    private static TypeSpec Bool => TypeSpec.Bool;

    private static TypeSpec StrList => TypeSpec.ListOf(TypeSpec.Text);

    private static TypeSpec StrMap => TypeSpec.MapOf(TypeSpec.Text);

    private static TypeSpec AnyMap => TypeSpec.MapOf(TypeSpec.Any);

    /// <summary>One entry of <c>from.topics</c> or <c>from.components</c>.</summary>
    public static readonly ObjectSpec FromTopic = new("FromTopic", "Input topic.", [
        F("type", TypeSpec.Enum("input", "pattern"), "Topic type: input (default) or pattern (the key is a regular expression)."),
        F("label", Str, "Custom identifier of a labeled input; define only if `type` is `pattern` or unset."),
    ])
    {
        Extra = ExtraKeys.Forbid,
        Rules =
        [
            (map, context) =>
            {
                if (Text(map, "type") == "input" && map.Get("label") is YScalar { IsNull: false } label)
                    context.Report(ErrorIds.InvalidFromSection, "Define label only if `type` is `pattern` or `None`.", label.Location,
                        "Remove `type: input` (a labeled topic is an input) or remove the label.");
            },
        ],
    };

    /// <summary>The <c>from</c> section.</summary>
    public static readonly ObjectSpec FromSection = new("FromSection", "Topics and components to read from.", [
        F("topics", TypeSpec.MapOf(TypeSpec.ObjectOf(FromTopic)), "Input topics by name.") with { Default = EmptyMap },
        F("components", TypeSpec.MapOf(TypeSpec.ObjectOf(FromTopic)), "Earlier components (by name, without prefix) whose output topics are read.") with { Default = EmptyMap },
    ])
    { Extra = ExtraKeys.Forbid };

    /// <summary>One entry of <c>to.topics</c>.</summary>
    public static readonly ObjectSpec TopicConfig = new("TopicConfig", "Configure an output topic.", [
        F("type", TypeSpec.Enum("output", "error"), "Topic type: output (default) or error."),
        F("key_schema", Str, "Key schema class name, resolved by the schema provider."),
        F("value_schema", Str, "Value schema class name, resolved by the schema provider."),
        F("partitions_count", new IntType(1, int.MaxValue), "Number of partitions (at least 1); the broker default when unset."),
        F("replication_factor", new IntType(1, short.MaxValue), "Replication factor (at least 1); the broker default when unset."),
        F("configs", TypeSpec.MapOf(new StringType(AcceptScalars: true)), "Topic configs such as cleanup.policy; values must not be null.") with { Default = EmptyMap },
        F("label", Str, "Custom identifier of a labeled output; define only if `type` is unset."),
        F("role", Str, "") with { Forbidden = "'role' was renamed to 'label' in KPOps 3; write `label:` instead." },
    ])
    {
        Extra = ExtraKeys.Forbid,
        Rules =
        [
            (map, context) =>
            {
                if (map.Get("type") is YScalar { IsNull: false } && map.Get("label") is YScalar { IsNull: false } label)
                    context.Report(ErrorIds.InvalidToSection, "Define `label` only if `type` is undefined.", label.Location,
                        "A labeled topic is an extra output; remove `type:` or the label.");
            },
        ],
    };

    /// <summary>The <c>to</c> section.</summary>
    public static readonly ObjectSpec ToSection = new("ToSection", "Topics the component writes to.", [
        F("topics", TypeSpec.MapOf(TypeSpec.ObjectOf(TopicConfig)), "Output topics by name.") with { Default = EmptyMap },
        F("models", TypeSpec.MapOf(new StringType(AcceptScalars: true)), "Data models passed to the schema provider.") with { Default = EmptyMap },
    ])
    { Extra = ExtraKeys.Forbid };

    /// <summary>Every component.</summary>
    public static readonly ObjectSpec PipelineComponent = new("PipelineComponent", "Base class for all components.", [
        F("name", Str, "Component name; unique in the pipeline, used by `from.components` and -Steps.") with { Required = true, Nullable = false },
        F("enabled", Bool, "Whether the component is part of the pipeline.") with { Default = Const(true), Nullable = false },
        F("prefix", Str, "Prefix of the full name (Helm release, connector name); `\"\"` for none.") with { Default = Const("${pipeline.name}-"), Nullable = false },
        F("from", TypeSpec.ObjectOf(FromSection), "Topics and components to read from.") with { Aliases = ["from_"] },
        F("to", TypeSpec.ObjectOf(ToSection), "Topics to write to."),
    ]);

    /// <summary>Values of any Kubernetes app (free form).</summary>
    public static readonly ObjectSpec KubernetesAppValues = new("KubernetesAppValues", "Settings specific to Kubernetes apps.", []);

    /// <summary>kubernetes-app.</summary>
    public static readonly ObjectSpec KubernetesApp = PipelineComponent.Extend("KubernetesApp", "Base class for all Kubernetes apps.",
        F("namespace", Str, "Kubernetes namespace in which the component is deployed.") with { Required = true, Nullable = false },
        F("values", TypeSpec.ObjectOf(KubernetesAppValues), "Application-specific settings.") with { Default = EmptyMap, Nullable = false })
        .WithRules(KubernetesNameRule, NamespaceRule);

    /// <summary>Authentication flags for a Helm repository.</summary>
    public static readonly ObjectSpec RepoAuthFlags = new("RepoAuthFlags", "Authorisation-related flags of `helm repo add`.", [
        F("username", Str, "Username."),
        F("password", Str, "Password."),
        F("ca_file", Str, "Path to a CA bundle."),
        F("cert_file", Str, "Path to a client certificate."),
        F("insecure_skip_tls_verify", Bool, "Skip TLS certificate checks.") with { Default = Const(false), Nullable = false },
    ])
    { Extra = ExtraKeys.Forbid };

    /// <summary>A Helm chart repository.</summary>
    public static readonly ObjectSpec HelmRepoConfig = new("HelmRepoConfig", "Helm repository configuration.", [
        F("repository_name", Str, "Name of the Helm repository.") with { Required = true, Nullable = false },
        F("url", Str, "URL of the Helm repository.") with { Required = true, Nullable = false },
        F("repo_auth_flags", TypeSpec.ObjectOf(RepoAuthFlags), "Authorisation-related flags.") with { Default = () => new YMap { ["insecure_skip_tls_verify"] = new YScalar(false) } },
    ])
    { Extra = ExtraKeys.Forbid, Rules = [RepositoryRule] };

    /// <summary>What the -WhatIf diff ignores.</summary>
    public static readonly ObjectSpec DiffConfig = new("HelmDiffConfig", "Settings of the manifest diff.", [
        F("ignore", TypeSpec.ListOf(new UnionType([StrList, Str])), "Key paths to leave out of the diff, each a list of keys, e.g. [metadata, labels, helm.sh/chart].") with { Default = EmptyList },
    ])
    { Extra = ExtraKeys.Forbid };

    /// <summary>Helm values with the name overrides KPOps fills in.</summary>
    public static readonly ObjectSpec HelmAppValues = new("HelmAppValues", "Helm app values.", [
        F("nameOverride", TypeSpec.Pattern("^.{0,63}$"), "Override the chart name in resource names (at most 63 characters).") with { Aliases = ["name_override"] },
        F("fullnameOverride", TypeSpec.Pattern("^.{0,63}$"), "Override the full resource names (at most 63 characters).") with { Aliases = ["fullname_override"] },
    ]);

    /// <summary>helm-app.</summary>
    public static readonly ObjectSpec HelmApp = KubernetesApp.Extend("HelmApp", "Kubernetes app managed through Helm with any chart.",
        F("values", TypeSpec.ObjectOf(HelmAppValues), "Helm values.") with { Default = EmptyMap, Nullable = false },
        F("repo_config", TypeSpec.ObjectOf(HelmRepoConfig), "Helm chart repository; unset for local charts.") with { Omit = OmitRule.Always },
        F("diff_config", TypeSpec.ObjectOf(DiffConfig), "Settings of the -WhatIf manifest diff.") with { Omit = OmitRule.Always },
        F("version", Str, "Helm chart version (--version)."),
        F("timeout", TypeSpec.Pattern(DurationPattern), "Helm --timeout, e.g. 5m0s; the config's helm_config.timeout when unset."),
        F("chart", Str, "Chart to install: <repository_name>/<chart> (with repo_config), an OCI reference or a local path."))
        .WithRules(ReleaseNameRule, ChartRule);

    // ---- streams-bootstrap values -------------------------------------------------------------------------------

    private static readonly ObjectSpec PortConfig = new("PortConfig", "A container port.", [
        F("containerPort", Int, "Number of the port to expose.") with { Aliases = ["container_port"], Required = true },
        F("name", Str, "Name of the port."),
        F("schema", TypeSpec.Enum("TCP", "UDP", "SCTP"), "Protocol.") with { Default = Const("TCP") },
        F("servicePort", Int, "Port of the service.") with { Aliases = ["service_port"] },
    ]);

    private static readonly ObjectSpec ServiceConfig = new("ServiceConfig", "A Service for the app.", [
        F("enabled", Bool, "Whether to create a service.") with { Default = Const(false) },
        F("labels", StrMap, "Additional service labels.") with { Default = EmptyMap },
        F("type", TypeSpec.Enum("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"), "Service type.") with { Default = Const("ClusterIP") },
    ]);

    private static readonly ObjectSpec JavaOptions = new("JavaOptions", "JVM options.", [
        F("maxRAMPercentage", Int, "Maximum share of memory for the Java heap.") with { Aliases = ["max_RAM_percentage"] },
        F("others", StrList, "Other JVM options.") with { Default = EmptyList },
    ]);

    private static readonly ObjectSpec FileConfig = new("FileConfig", "A file mounted into the container.", [
        F("mountPath", Str, "Directory the file is mounted into.") with { Aliases = ["mount_path"] },
        F("content", Str, "File content."),
    ]);

    private static FieldSpec[] KafkaBaseFields =>
    [
        F("bootstrapServers", Str, "Kafka bootstrap servers, in-cluster.") with { Aliases = ["bootstrap_servers"], Default = Const("${config.kafka_brokers}"), Nullable = false },
        F("schemaRegistryUrl", Str, "URL of the Schema Registry.") with { Aliases = ["schema_registry_url"] },
    ];

    private static FieldSpec[] KafkaOutputFields =>
    [
        F("outputTopic", Str, "Output topic.") with { Aliases = ["output_topic"] },
        F("labeledOutputTopics", StrMap, "Labeled output topics (label → topic).") with { Aliases = ["labeled_output_topics"], Default = EmptyMap },
    ];

    private static FieldSpec[] KafkaInputFields =>
    [
        F("inputTopics", StrList, "Input topics.") with { Aliases = ["input_topics"], Default = EmptyList },
        F("inputPattern", Str, "Input topic pattern.") with { Aliases = ["input_pattern"] },
        F("labeledInputTopics", TypeSpec.MapOf(StrList), "Labeled input topics (label → topics).") with { Aliases = ["labeled_input_topics"], Default = EmptyMap },
        F("labeledInputPatterns", StrMap, "Labeled input patterns (label → pattern).") with { Aliases = ["labeled_input_patterns"], Default = EmptyMap },
    ];

    /// <summary><c>values.kafka</c> of producer apps.</summary>
    public static readonly ObjectSpec KafkaConfig = new("KafkaConfig", "Kafka settings of a streams-bootstrap app.", [.. KafkaBaseFields, .. KafkaOutputFields]) { OmitDefaults = true };

    /// <summary><c>values.kafka</c> of streams apps.</summary>
    public static readonly ObjectSpec StreamsConfig = new("StreamsConfig", "Kafka Streams settings.", [
        .. KafkaBaseFields, .. KafkaOutputFields,
        F("applicationId", Str, "Kafka Streams application.id (also the consumer group).") with { Aliases = ["application_id"] },
        .. KafkaInputFields,
        F("errorTopic", Str, "Error (dead letter) topic.") with { Aliases = ["error_topic"] },
        F("config", AnyMap, "Kafka Streams configuration.") with { Default = EmptyMap },
        F("deleteOutput", Bool, "Whether the cleanup job deletes the output topics.") with { Aliases = ["delete_output"] },
    ])
    { OmitDefaults = true };

    /// <summary><c>values.kafka</c> of consumer apps.</summary>
    public static readonly ObjectSpec ConsumerConfig = new("ConsumerConfig", "Kafka consumer settings.", [
        .. KafkaBaseFields,
        F("groupId", Str, "Consumer group id.") with { Aliases = ["group_id"] },
        .. KafkaInputFields,
        F("config", AnyMap, "Kafka consumer configuration.") with { Default = EmptyMap },
    ])
    { OmitDefaults = true };

    private static readonly ObjectSpec Autoscaling = new ObjectSpec("StreamsAppAutoScaling", "KEDA autoscaling.", [
        F("enabled", Bool, "Whether to enable autoscaling with KEDA.") with { Default = Const(false) },
        F("lagThreshold", Int, "Average target consumer lag per replica.") with { Aliases = ["lag_threshold"] },
        F("pollingInterval", Int, "Seconds between lag checks.") with { Aliases = ["polling_interval"] },
        F("cooldownPeriod", Int, "Seconds to wait before scaling down.") with { Aliases = ["cooldown_period"] },
        F("offsetResetPolicy", Str, "Offset reset policy used to compute the lag.") with { Aliases = ["offset_reset_policy"] },
        F("minReplicas", Int, "Minimum replicas.") with { Aliases = ["min_replicas"] },
        F("maxReplicas", Int, "Maximum replicas.") with { Aliases = ["max_replicas"] },
        F("idleReplicas", Int, "Replicas when idle.") with { Aliases = ["idle_replicas"] },
        F("internalTopics", StrList, "Internal topics considered for the lag.") with { Aliases = ["internal_topics"], Omit = OmitRule.WhenEmpty },
        F("topics", StrList, "Additional topics considered for the lag.") with { Omit = OmitRule.WhenEmpty },
        F("additionalTriggers", StrList, "Additional KEDA triggers.") with { Aliases = ["additional_triggers"], Omit = OmitRule.WhenEmpty },
        F("triggers", TypeSpec.ListOf(TypeSpec.Any), "KEDA triggers.") with { Omit = OmitRule.WhenEmpty },
        F("scalingModifiers", TypeSpec.Any, "KEDA scaling modifiers.") with { Aliases = ["scaling_modifiers"] },
    ]).WithRules((map, context) =>
    {
        if (map.Get("enabled") is YScalar { Value: true } && map.Get("lagThreshold") is null or YScalar { IsNull: true })
            context.Report(ErrorIds.MissingField, "If you enable autoscaling, you need to define the lagThreshold.", map.Location, "Add `lagThreshold:`.", context.Path.Length == 0 ? "autoscaling" : context.Path);
    });

    private static readonly ObjectSpec Persistence = new ObjectSpec("PersistenceConfig", "Persistent volumes of stateful apps.", [
        F("enabled", Bool, "Whether to use a persistent volume for the state.") with { Default = Const(false) },
        F("size", Str, "Volume size, e.g. 1Gi; required when enabled."),
        F("storageClass", Str, "Storage class.") with { Aliases = ["storage_class"] },
        F("volumeAttributesClassName", Str, "Volume attributes class.") with { Aliases = ["volume_attributes_class_name"] },
    ]).WithRules((map, context) =>
    {
        if (map.Get("enabled") is YScalar { Value: true } && map.Get("size") is null or YScalar { IsNull: true })
            context.Report(ErrorIds.MissingField, "If you enable persistence, you need to define the size.", map.Location, "Add `size:` (e.g. 1Gi).", context.Path);
    });

    private static readonly ObjectSpec MetricRule = new("JmxMetricRule", "A JMX exporter rule.", [
        F("pattern", Str, "Regex over the bean name."),
        F("name", Str, "Metric name."),
        F("value", Str, "Metric value."),
        F("valueFactor", TypeSpec.Number, "Factor applied to the value.") with { Aliases = ["value_factor"] },
        F("help", Str, "Help text."),
        F("attrNameSnakeCase", Bool, "Snake-case attribute names.") with { Aliases = ["attr_name_snake_case"] },
        F("cache", Bool, "Cache the rule's result."),
        F("type", TypeSpec.Enum("GAUGE", "COUNTER", "UNTYPED"), "Metric type."),
        F("labels", StrMap, "Labels."),
    ]);

    private static readonly ObjectSpec Prometheus = new("PrometheusExporterConfig", "Prometheus exporter.", [
        F("jmx", TypeSpec.ObjectOf(new ObjectSpec("PrometheusJmxExporterConfig", "Prometheus JMX exporter sidecar.", [
            F("enabled", Bool, "Whether to install the exporter."),
            F("image", Str, "Exporter image."),
            F("imageTag", Str, "Exporter image tag.") with { Aliases = ["image_tag"] },
            F("imagePullPolicy", TypeSpec.Enum("Always", "IfNotPresent", "Never"), "Pull policy.") with { Aliases = ["image_pull_policy"] },
            F("port", Int, "Exporter port."),
            F("resources", AnyMap, "Resources of the exporter."),
            F("metricRules", TypeSpec.ListOf(TypeSpec.ObjectOf(MetricRule)), "Metric rules.") with { Aliases = ["metric_rules"] },
        ])), "JMX exporter settings."),
    ]);

    private static readonly ObjectSpec Jmx = new("JmxConfig", "JMX.", [
        F("enabled", Bool, "Whether JMX is enabled."),
        F("host", Str, "JMX host."),
        F("port", Int, "JMX port."),
    ]);

    // Pod affinity is typed as in KPOps (its Kubernetes models), so that a requirement without `values` comes out
    // with `values: []` as KPOps prints it, and operator/values combinations are checked the same way.

    private static ObjectRule RequirementValuesRule(bool withComparisons) => (map, context) =>
    {
        if (Text(map, "operator") is not { } op || map.Get("values") is not YSeq values) return;
        var count = values.Items.Count;
        var problem = op switch
        {
            "In" or "NotIn" when count == 0 => "If the operator is In or NotIn, the values array must be non-empty.",
            "Exists" or "DoesNotExist" when count > 0 => "If the operator is Exists or DoesNotExist, the values array must be empty.",
            "Gt" or "Lt" when withComparisons && count != 1 => "If the operator is Gt or Lt, the values array must have a single element, which will be interpreted as an integer.",
            _ => null,
        };
        if (problem is not null)
            context.Report(ErrorIds.InvalidFieldValue, problem, values.Location ?? map.Location, "Give `values:` as the operator needs it.", Join(context.Path, "values"));
    };

    private static FieldSpec Camel(string name, string snake, TypeSpec type, string description) => F(name, type, description) with { Aliases = [snake] };

    private static readonly ObjectSpec NodeSelectorRequirement = new ObjectSpec("NodeSelectorRequirement", "A node label key, an operator and values.", [
        F("key", Str, "The label key the selector applies to.") with { Required = true, Nullable = false },
        F("operator", TypeSpec.Enum("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"), "How the key relates to the values.") with { Required = true, Nullable = false },
        F("values", StrList, "Values: non-empty for In and NotIn, empty for Exists and DoesNotExist, one for Gt and Lt.") with { Default = EmptyList },
    ]).WithRules(RequirementValuesRule(withComparisons: true));

    private static readonly ObjectSpec NodeSelectorTerm = new("NodeSelectorTerm", "Node selector requirements, ANDed.", [
        Camel("matchExpressions", "match_expressions", TypeSpec.ListOf(TypeSpec.ObjectOf(NodeSelectorRequirement)), "Requirements by node labels."),
        Camel("matchFields", "match_fields", TypeSpec.ListOf(TypeSpec.ObjectOf(NodeSelectorRequirement)), "Requirements by node fields."),
    ]);

    private static readonly ObjectSpec NodeSelector = new("NodeSelector", "Node selector terms, ORed.", [
        Camel("nodeSelectorTerms", "node_selector_terms", TypeSpec.ListOf(TypeSpec.ObjectOf(NodeSelectorTerm)), "The terms.") with { Required = true, Nullable = false },
    ]);

    private static readonly ObjectSpec PreferredSchedulingTerm = new("PreferredSchedulingTerm", "A weighted node selector term.", [
        F("preference", TypeSpec.ObjectOf(NodeSelectorTerm), "The node selector term.") with { Required = true, Nullable = false },
        F("weight", new IntType(1), "Weight, 1 to 100.") with { Required = true, Nullable = false },
    ]);

    private static readonly ObjectSpec NodeAffinity = new("NodeAffinity", "Node affinity scheduling rules.", [
        Camel("requiredDuringSchedulingIgnoredDuringExecution", "required_during_scheduling_ignored_during_execution", TypeSpec.ObjectOf(NodeSelector), "Rules that must be met at scheduling time."),
        Camel("preferredDuringSchedulingIgnoredDuringExecution", "preferred_during_scheduling_ignored_during_execution", TypeSpec.ListOf(TypeSpec.ObjectOf(PreferredSchedulingTerm)), "Weighted preferences."),
    ]);

    private static readonly ObjectSpec LabelSelectorRequirement = new ObjectSpec("LabelSelectorRequirement", "A label key, an operator and values.", [
        F("key", Str, "The label key the selector applies to.") with { Required = true, Nullable = false },
        F("operator", TypeSpec.Enum("In", "NotIn", "Exists", "DoesNotExist"), "How the key relates to the values.") with { Required = true, Nullable = false },
        F("values", StrList, "Values: non-empty for In and NotIn, empty for Exists and DoesNotExist.") with { Default = EmptyList },
    ]).WithRules(RequirementValuesRule(withComparisons: false));

    private static readonly ObjectSpec LabelSelector = new("LabelSelector", "A label query over resources.", [
        Camel("matchLabels", "match_labels", StrMap, "Labels that must match exactly."),
        Camel("matchExpressions", "match_expressions", TypeSpec.ListOf(TypeSpec.ObjectOf(LabelSelectorRequirement)), "Label requirements, ANDed."),
    ]);

    private static readonly ObjectSpec PodAffinityTerm = new("PodAffinityTerm", "Pods to be co-located with (or not), by topology key.", [
        Camel("labelSelector", "label_selector", TypeSpec.ObjectOf(LabelSelector), "The pods."),
        Camel("matchLabelKeys", "match_label_keys", StrList, "Pod label keys whose values are added to the selector."),
        Camel("mismatchLabelKeys", "mismatch_label_keys", StrList, "Pod label keys whose values are excluded by the selector."),
        Camel("topologyKey", "topology_key", Str, "Node label key that defines co-location.") with { Required = true, Nullable = false },
        F("namespaces", StrList, "Namespaces the term applies to."),
        Camel("namespaceSelector", "namespace_selector", TypeSpec.ObjectOf(LabelSelector), "Namespaces the term applies to, by label."),
    ]);

    private static readonly ObjectSpec WeightedPodAffinityTerm = new("WeightedPodAffinityTerm", "A weighted pod affinity term.", [
        Camel("podAffinityTerm", "pod_affinity_term", TypeSpec.ObjectOf(PodAffinityTerm), "The term.") with { Required = true, Nullable = false },
        F("weight", new IntType(1), "Weight, 1 to 100.") with { Required = true, Nullable = false },
    ]);

    private static readonly ObjectSpec PodAffinity = new("PodAffinity", "Inter-pod affinity scheduling rules.", [
        Camel("requiredDuringSchedulingIgnoredDuringExecution", "required_during_scheduling_ignored_during_execution", TypeSpec.ListOf(TypeSpec.ObjectOf(PodAffinityTerm)), "Rules that must be met at scheduling time."),
        Camel("preferredDuringSchedulingIgnoredDuringExecution", "preferred_during_scheduling_ignored_during_execution", TypeSpec.ListOf(TypeSpec.ObjectOf(WeightedPodAffinityTerm)), "Weighted preferences."),
    ]);

    private static readonly ObjectSpec Affinity = new("Affinity", "Affinity scheduling rules.", [
        Camel("nodeAffinity", "node_affinity", TypeSpec.ObjectOf(NodeAffinity), "Node affinity."),
        Camel("podAffinity", "pod_affinity", TypeSpec.ObjectOf(PodAffinity), "Pod affinity."),
        Camel("podAntiAffinity", "pod_anti_affinity", TypeSpec.ObjectOf(PodAffinity), "Pod anti-affinity."),
    ]);

    private static FieldSpec[] StreamsBootstrapValueFields(ObjectSpec kafka) =>
    [
        F("image", Str, "Container image of the app.") with { Required = true, Nullable = false },
        F("imageTag", TypeSpec.Pattern(ImageTagPattern), "Container image tag.") with { Aliases = ["image_tag"] },
        F("imagePullPolicy", TypeSpec.Enum("Always", "IfNotPresent", "Never"), "Image pull policy.") with { Aliases = ["image_pull_policy"] },
        F("imagePullSecrets", TypeSpec.ListOf(TypeSpec.Any), "Image pull secrets.") with { Aliases = ["image_pull_secrets"], Omit = OmitRule.WhenEmpty },
        F("kafka", TypeSpec.ObjectOf(kafka), "Kafka settings.") with { Default = EmptyMap, Nullable = false },
        F("resources", AnyMap, "Container resources (requests, limits)."),
        F("ports", TypeSpec.ListOf(TypeSpec.ObjectOf(PortConfig)), "Container ports.") with { Omit = OmitRule.WhenEmpty },
        F("service", TypeSpec.ObjectOf(ServiceConfig), "Service settings."),
        F("configurationEnvPrefix", Str, "Prefix of environment variables parsed as command line arguments.") with { Aliases = ["configuration_env_prefix"] },
        F("commandLine", AnyMap, "Command line arguments.") with { Aliases = ["command_line"], Omit = OmitRule.WhenEmpty },
        F("env", AnyMap, "Environment variables.") with { Omit = OmitRule.WhenEmpty },
        F("secrets", AnyMap, "Secret environment variables.") with { Omit = OmitRule.WhenEmpty },
        F("secretRefs", AnyMap, "Existing secrets as environment variables.") with { Aliases = ["secret_refs"], Omit = OmitRule.WhenEmpty },
        F("secretFilesRefs", TypeSpec.ListOf(TypeSpec.Any), "Existing secrets mounted as volumes.") with { Aliases = ["secret_files_refs"], Omit = OmitRule.WhenEmpty },
        F("files", TypeSpec.MapOf(TypeSpec.ObjectOf(FileConfig)), "Files to mount.") with { Omit = OmitRule.WhenEmpty },
        F("javaOptions", TypeSpec.ObjectOf(JavaOptions), "JVM options.") with { Aliases = ["java_options"] },
        F("podAnnotations", AnyMap, "Pod annotations.") with { Aliases = ["pod_annotations"], Omit = OmitRule.WhenEmpty },
        F("podLabels", AnyMap, "Pod labels.") with { Aliases = ["pod_labels"], Omit = OmitRule.WhenEmpty },
        F("livenessProbe", AnyMap, "Liveness probe.") with { Aliases = ["liveness_probe"], Omit = OmitRule.WhenEmpty },
        F("readinessProbe", AnyMap, "Readiness probe.") with { Aliases = ["readiness_probe"], Omit = OmitRule.WhenEmpty },
        F("affinity", TypeSpec.ObjectOf(Affinity), "Pod affinity."),
        F("tolerations", TypeSpec.ListOf(TypeSpec.Any), "Pod tolerations.") with { Omit = OmitRule.WhenEmpty },
        F("streams", TypeSpec.Any, "") with { Forbidden = "streams-bootstrap v3 no longer supports 'streams' attribute. Move its settings to `kafka:` (brokers → bootstrapServers, extraInputTopics → labeledInputTopics, extraOutputTopics → labeledOutputTopics)." },
    ];

    private static FieldSpec[] StatefulAppFields =>
    [
        F("autoscaling", TypeSpec.ObjectOf(Autoscaling), "KEDA autoscaling."),
        F("statefulSet", Bool, "Deploy a StatefulSet instead of a Deployment.") with { Aliases = ["stateful_set"], Default = Const(false) },
        F("persistence", TypeSpec.ObjectOf(Persistence), "Persistent volumes (with statefulSet)."),
        F("prometheus", TypeSpec.ObjectOf(Prometheus), "Prometheus exporter."),
        F("jmx", TypeSpec.ObjectOf(Jmx), "JMX settings."),
        F("terminationGracePeriodSeconds", Int, "Grace period for pod termination.") with { Aliases = ["termination_grace_period_seconds"] },
    ];

    /// <summary>Values of streams apps.</summary>
    public static readonly ObjectSpec StreamsAppValues = HelmAppValues.Extend("StreamsAppValues", "streams-bootstrap streams-app values.",
        [.. StreamsBootstrapValueFields(StreamsConfig), .. StatefulAppFields]);

    /// <summary>Values of producer apps.</summary>
    public static readonly ObjectSpec ProducerAppValues = HelmAppValues.Extend("ProducerAppValues", "streams-bootstrap producer-app values.",
        [.. StreamsBootstrapValueFields(KafkaConfig),
        F("deployment", Bool, "Deploy as a Deployment instead of a Job."),
        F("restartPolicy", TypeSpec.Enum("Always", "OnFailure", "Never"), "Pod restart policy.") with { Aliases = ["restart_policy"] },
        F("schedule", Str, "Cron schedule; turns the Job into a CronJob.") ,
        F("suspend", Bool, "Suspend the CronJob."),
        F("successfulJobsHistoryLimit", Int, "Finished CronJob runs to keep.") with { Aliases = ["successful_jobs_history_limit"] },
        F("failedJobsHistoryLimit", Int, "Failed CronJob runs to keep.") with { Aliases = ["failed_jobs_history_limit"] },
        F("backoffLimit", Int, "Retries before the Job fails.") with { Aliases = ["backoff_limit"] },
        F("ttlSecondsAfterFinished", Int, "Seconds a finished Job is kept.") with { Aliases = ["ttl_seconds_after_finished"] }])
        .WithRules(CronRule);

    /// <summary>Values of consumer apps.</summary>
    public static readonly ObjectSpec ConsumerAppValues = HelmAppValues.Extend("ConsumerAppValues", "streams-bootstrap consumer-app values.",
        [.. StreamsBootstrapValueFields(ConsumerConfig), .. StatefulAppFields]);

    /// <summary>Values of the abstract streams-bootstrap type (for defaults).</summary>
    public static readonly ObjectSpec StreamsBootstrapValues = HelmAppValues.Extend("StreamsBootstrapValues", "streams-bootstrap values.",
        StreamsBootstrapValueFields(KafkaConfig));

    private static FieldSpec[] StreamsBootstrapFields(ObjectSpec values) =>
    [
        F("values", TypeSpec.ObjectOf(values), "Helm values of the streams-bootstrap chart.") with { Default = EmptyMap, Nullable = false },
        F("repo_config", TypeSpec.ObjectOf(HelmRepoConfig), "Helm chart repository.") with
        {
            Omit = OmitRule.Always,
            Default = () => new YMap
            {
                ["repository_name"] = new YScalar(StreamsBootstrapRepositoryName),
                ["url"] = new YScalar(StreamsBootstrapRepositoryUrl),
                ["repo_auth_flags"] = new YMap { ["insecure_skip_tls_verify"] = new YScalar(false) },
            },
        },
        F("version", TypeSpec.Text, "streams-bootstrap chart version (3.0.0 or later).") with { Default = Const(StreamsBootstrapVersion) },
    ];

    /// <summary>streams-bootstrap (abstract).</summary>
    public static readonly ObjectSpec StreamsBootstrap = HelmApp.Extend("StreamsBootstrap", "Base of streams-bootstrap apps.", StreamsBootstrapFields(StreamsBootstrapValues)).WithRules(ChartVersionRule, CleanupReleaseNameRule);

    /// <summary>streams-app.</summary>
    public static readonly ObjectSpec StreamsApp = StreamsBootstrap.Extend("StreamsApp", "Kafka Streams app deployed with the streams-bootstrap streams-app chart.", StreamsBootstrapFields(StreamsAppValues));

    /// <summary>producer-app.</summary>
    public static readonly ObjectSpec ProducerApp = StreamsBootstrap.Extend("ProducerApp", "Producer deployed with the streams-bootstrap producer-app chart (Job, CronJob or Deployment).", StreamsBootstrapFields(ProducerAppValues));

    /// <summary>consumer-app.</summary>
    public static readonly ObjectSpec ConsumerApp = StreamsBootstrap.Extend("ConsumerApp", "Consumer deployed with the streams-bootstrap consumer-app chart.", StreamsBootstrapFields(ConsumerAppValues));

    // ---- streams-bootstrap 2 (deprecated) ----------------------------------------------------------------------

    private static FieldSpec[] StreamsV2BaseFields =>
    [
        F("brokers", Str, "Kafka brokers, in-cluster (APP_BROKERS).") with { Required = true, Nullable = false },
        F("schemaRegistryUrl", Str, "URL of the Schema Registry.") with { Aliases = ["schema_registry_url"] },
        F("extraOutputTopics", StrMap, "Extra output topics (label → topic).") with { Aliases = ["extra_output_topics"], Default = EmptyMap },
        F("outputTopic", Str, "Output topic.") with { Aliases = ["output_topic"] },
    ];

    /// <summary><c>values.streams</c> of producer-app-v2.</summary>
    public static readonly ObjectSpec ProducerStreamsConfigV2 = new("ProducerStreamsConfigV2", "Kafka settings of a streams-bootstrap 2 producer.", StreamsV2BaseFields) { OmitDefaults = true };

    /// <summary><c>values.streams</c> of streams-app-v2.</summary>
    public static readonly ObjectSpec StreamsConfigV2 = new("StreamsConfigV2", "Kafka Streams settings of a streams-bootstrap 2 app.", [
        .. StreamsV2BaseFields,
        F("inputTopics", StrList, "Input topics.") with { Aliases = ["input_topics"], Default = EmptyList },
        F("inputPattern", Str, "Input topic pattern.") with { Aliases = ["input_pattern"] },
        F("extraInputTopics", TypeSpec.MapOf(StrList), "Extra input topics (label → topics).") with { Aliases = ["extra_input_topics"], Default = EmptyMap },
        F("extraInputPatterns", StrMap, "Extra input patterns (label → pattern).") with { Aliases = ["extra_input_patterns"], Default = EmptyMap },
        F("errorTopic", Str, "Error (dead letter) topic.") with { Aliases = ["error_topic"] },
        F("config", AnyMap, "Kafka Streams configuration.") with { Default = EmptyMap },
        F("deleteOutput", Bool, "Whether the cleanup job deletes the output topics, their schemas and the consumer group.") with { Aliases = ["delete_output"] },
    ])
    { OmitDefaults = true };

    private static readonly ObjectSpec AutoscalingV2 = new ObjectSpec("StreamsAppV2AutoScaling", "KEDA autoscaling of a streams-bootstrap 2 app.", [
        F("enabled", Bool, "Whether to enable autoscaling with KEDA.") with { Default = Const(false), Nullable = false },
        F("consumerGroup", Str, "The app's consumer group (its application id), whose lag is measured; required when enabled.") with { Aliases = ["consumer_group"] },
        F("lagThreshold", Int, "Average target consumer lag per replica; required when enabled.") with { Aliases = ["lag_threshold"] },
        F("pollingInterval", Int, "Seconds between lag checks.") with { Aliases = ["polling_interval"], Default = Const(30L), Nullable = false },
        F("cooldownPeriod", Int, "Seconds to wait before scaling down.") with { Aliases = ["cooldown_period"], Default = Const(300L), Nullable = false },
        F("offsetResetPolicy", Str, "Offset reset policy used to compute the lag.") with { Aliases = ["offset_reset_policy"], Default = Const("earliest"), Nullable = false },
        F("minReplicas", Int, "Minimum replicas.") with { Aliases = ["min_replicas"], Default = Const(0L), Nullable = false },
        F("maxReplicas", Int, "Maximum replicas.") with { Aliases = ["max_replicas"], Default = Const(1L), Nullable = false },
        F("idleReplicas", Int, "Replicas when idle.") with { Aliases = ["idle_replicas"] },
        F("topics", StrList, "Additional topics considered for the lag.") with { Default = EmptyList, Nullable = false },
    ]).WithRules((map, context) =>
    {
        if (map.Get("enabled") is YScalar { Value: true }
            && (map.Get("consumerGroup") is null or YScalar { IsNull: true } || map.Get("lagThreshold") is null or YScalar { IsNull: true }))
        {
            context.Report(ErrorIds.MissingField, "If autoscaling is enabled, consumerGroup and lagThreshold must be set.", map.Location,
                "Add `consumerGroup:` (the app's application id) and `lagThreshold:`.", context.Path);
        }
    });

    private static readonly ObjectSpec PersistenceV2 = new ObjectSpec("PersistenceConfigV2", "Persistent volumes of a stateful streams-bootstrap 2 app.", [
        F("enabled", Bool, "Whether to use a persistent volume for the state.") with { Default = Const(false), Nullable = false },
        F("size", Str, "Volume size, e.g. 1Gi; required when enabled."),
        F("storageClass", Str, "Storage class.") with { Aliases = ["storage_class"] },
    ]).WithRules((map, context) =>
    {
        if (map.Get("enabled") is YScalar { Value: true } && map.Get("size") is null or YScalar { IsNull: true })
            context.Report(ErrorIds.MissingField, "If you enable persistence, you need to define the size.", map.Location, "Add `size:` (e.g. 1Gi).", context.Path);
    });

    private static FieldSpec[] StreamsBootstrapV2ValueFields(ObjectSpec streams) =>
    [
        F("imageTag", TypeSpec.Pattern(ImageTagPattern), "Container image tag.") with { Aliases = ["image_tag"], Default = Const("latest"), Nullable = false },
        F("streams", TypeSpec.ObjectOf(streams), "Kafka settings (streams-bootstrap 2).") with { Required = true, Nullable = false },
        F("affinity", TypeSpec.ObjectOf(Affinity), "Pod affinity."),
        F("tolerations", TypeSpec.ListOf(TypeSpec.Any), "Pod tolerations.") with { Default = EmptyList, Omit = OmitRule.WhenEmpty },
    ];

    /// <summary>Values of the abstract streams-bootstrap-v2 type (for defaults).</summary>
    public static readonly ObjectSpec StreamsBootstrapV2Values = HelmAppValues.Extend("StreamsBootstrapV2Values", "streams-bootstrap 2 values.",
        StreamsBootstrapV2ValueFields(ProducerStreamsConfigV2));

    /// <summary>Values of streams-app-v2.</summary>
    public static readonly ObjectSpec StreamsAppV2Values = HelmAppValues.Extend("StreamsAppV2Values", "streams-bootstrap 2 streams-app values.",
        [.. StreamsBootstrapV2ValueFields(StreamsConfigV2),
        F("autoscaling", TypeSpec.ObjectOf(AutoscalingV2), "KEDA autoscaling."),
        F("statefulSet", Bool, "Deploy a StatefulSet instead of a Deployment.") with { Aliases = ["stateful_set"], Default = Const(false), Nullable = false },
        F("persistence", TypeSpec.ObjectOf(PersistenceV2), "Persistent volumes (with statefulSet).") with { Default = () => new YMap { ["enabled"] = new YScalar(false) }, Nullable = false }]);

    /// <summary>Values of producer-app-v2.</summary>
    public static readonly ObjectSpec ProducerAppV2Values = HelmAppValues.Extend("ProducerAppV2Values", "streams-bootstrap 2 producer-app values.",
        StreamsBootstrapV2ValueFields(ProducerStreamsConfigV2));

    private static FieldSpec[] StreamsBootstrapV2Fields(ObjectSpec values) =>
    [
        F("values", TypeSpec.ObjectOf(values), "Helm values of the streams-bootstrap 2 chart.") with { Default = EmptyMap, Nullable = false },
        F("repo_config", TypeSpec.ObjectOf(HelmRepoConfig), "Helm chart repository.") with
        {
            Omit = OmitRule.Always,
            Default = () => new YMap
            {
                ["repository_name"] = new YScalar(StreamsBootstrapRepositoryName),
                ["url"] = new YScalar(StreamsBootstrapRepositoryUrl),
                ["repo_auth_flags"] = new YMap { ["insecure_skip_tls_verify"] = new YScalar(false) },
            },
        },
        F("version", TypeSpec.Text, "streams-bootstrap chart version (2.x).") with { Default = Const(StreamsBootstrapV2Version) },
    ];

    /// <summary>streams-bootstrap-v2 (abstract, deprecated).</summary>
    public static readonly ObjectSpec StreamsBootstrapV2 = HelmApp.Extend("StreamsBootstrapV2", "Base of the deprecated streams-bootstrap 2 apps.",
        StreamsBootstrapV2Fields(StreamsBootstrapV2Values)).WithRules(CleanupReleaseNameRule);

    /// <summary>streams-app-v2 (deprecated).</summary>
    public static readonly ObjectSpec StreamsAppV2 = StreamsBootstrapV2.Extend("StreamsAppV2",
        "Deprecated: Kafka Streams app deployed with the streams-bootstrap 2 streams-app chart; use streams-app.", StreamsBootstrapV2Fields(StreamsAppV2Values));

    /// <summary>producer-app-v2 (deprecated).</summary>
    public static readonly ObjectSpec ProducerAppV2 = StreamsBootstrapV2.Extend("ProducerAppV2",
        "Deprecated: producer deployed with the streams-bootstrap 2 producer-app chart; use producer-app.", StreamsBootstrapV2Fields(ProducerAppV2Values));

    // ---- connectors ---------------------------------------------------------------------------------------------

    /// <summary>Connector configuration.</summary>
    public static readonly ObjectSpec KafkaConnectorConfig = new ObjectSpec("KafkaConnectorConfig", "Kafka Connect connector configuration; every value is sent as a string.", [
        F("connector.class", Str, "Connector class.") with { Aliases = ["connector_class"], Required = true, Nullable = false },
        F("name", Str, "Connector name; always the component's full name."),
        F("topics", new UnionType([StrList, new StringType(AcceptScalars: true)]), "Topics a sink reads (list or comma-separated)."),
        F("topics.regex", Str, "Topic pattern a sink reads.") with { Aliases = ["topics_regex"] },
        F("errors.deadletterqueue.topic.name", Str, "Dead letter queue topic.") with { Aliases = ["errors_deadletterqueue_topic_name"] },
    ])
    {
        ExtraType = new StringType(AcceptScalars: true),
        Rules =
        [
            (map, context) =>
            {
                if (map.Get("connector.class") is YScalar { Value: string cls } s && !cls.Contains('.', StringComparison.Ordinal))
                    context.Report(ErrorIds.InvalidFieldValue, $"{Echo.Quote(cls)} is not a fully qualified connector class.", s.Location, "Give the class with its package, e.g. io.confluent.connect.jdbc.JdbcSinkConnector.", Join(context.Path, "connector.class"));
            },
        ],
    };

    /// <summary>kafka-connector (abstract).</summary>
    public static readonly ObjectSpec KafkaConnector = PipelineComponent.Extend("KafkaConnector", "Base of Kafka Connect connectors.",
        F("config", TypeSpec.ObjectOf(KafkaConnectorConfig), "Connector configuration.") with { Required = true, Nullable = false },
        F("state", TypeSpec.Enum("running", "paused"), "Desired state after deploy."),
        F("resetter_namespace", Str, "") with { Deprecated = "resetter_namespace was used by the kafka-connect-resetter chart of KPOps 10; connectors are reset through the Connect REST API now." },
        F("resetter_values", AnyMap, "") with { Deprecated = "resetter_values was used by the kafka-connect-resetter chart of KPOps 10; connectors are reset through the Connect REST API now." });

    private static string? Text(YMap map, string key) => map.Get(key) is YScalar { Value: string s } ? s : null;

    private static string Join(string path, string segment) => BindContext.Join(path, segment);

    private static void KubernetesNameRule(YMap map, BindContext context)
    {
        if (map.Get("name") is not YScalar { Value: string name } node) return;
        if (NameRules.Check(context, node, name, "The component name", ErrorIds.InvalidKubernetesName, null, "", "name") || KubernetesNamePattern().IsMatch(name)) return;
        // KPOps' wording, with the name cut and escaped.
        context.Report(ErrorIds.InvalidKubernetesName, $"The component name {Echo.Text(name)} is invalid for Kubernetes.", node.Location,
            "Use lower-case letters, digits, '-' and '.', start and end with a letter or digit, at most 253 characters.", "name");
    }

    private static void NamespaceRule(YMap map, BindContext context)
    {
        if (map.Get("namespace") is not YScalar { Value: string ns } node) return;
        NameRules.Check(context, node, ns, "The namespace", ErrorIds.InvalidNamespace, NameRules.NamespaceProblem(ns),
            "A namespace is a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters.", "namespace");
    }

    // The release is named by prefix + name, trimmed as KPOps trims it; helm refuses what is not a DNS-1123
    // subdomain, and a name that starts with '-' would reach helm's command line as an option.
    private static void ReleaseNameRule(YMap map, BindContext context)
    {
        if (map.Get("name") is not YScalar { Value: string name } || !KubernetesNamePattern().IsMatch(name)) return;   // reported by the name rule
        if (map.Get("prefix") is not YScalar { Value: string prefix } prefixNode) return;
        var release = ResourceNames.HelmReleaseName(prefix + name);
        NameRules.Check(context, prefixNode, prefix, "The prefix", ErrorIds.UnresolvedPlaceholder, null, "", "prefix");
        if (NameRules.Placeholder(prefix) is null && NameRules.ReleaseNameProblem(release) is { } problem)
        {
            context.Report(ErrorIds.InvalidReleaseName, $"the Helm release name {Echo.Quote(release)} (prefix + name) {problem}.", prefixNode.Location ?? map.Location,
                "Change the prefix (or the pipeline folder names it is made of, via ${pipeline.name}) to lower-case letters, digits, '-' and '.'.", "prefix");
        }
    }

    private static void CleanupReleaseNameRule(YMap map, BindContext context)
    {
        if (map.Get("name") is not YScalar { Value: string name } || !KubernetesNamePattern().IsMatch(name)) return;
        if (map.Get("prefix") is not YScalar { Value: string prefix } prefixNode || NameRules.Placeholder(prefix) is not null) return;
        if (NameRules.ReleaseNameProblem(ResourceNames.HelmReleaseName(prefix + name)) is not null) return;   // reported by the release rule
        var cleanup = ResourceNames.CleanupReleaseName(prefix + name);
        if (NameRules.ReleaseNameProblem(cleanup) is { } problem)
        {
            context.Report(ErrorIds.InvalidReleaseName, $"the cleanup-job release name {Echo.Quote(cleanup)} {problem}.", prefixNode.Location ?? map.Location,
                "Shorten the prefix or the name so that the trimmed name does not end its first part with '.' or '-'.", "prefix");
        }
    }

    private static void ChartRule(YMap map, BindContext context)
    {
        foreach (var field in new[] { "chart", "version" })
        {
            if (map.Get(field) is not YScalar { Value: string value } node) continue;
            NameRules.Check(context, node, value, field == "chart" ? "The chart" : "The chart version", ErrorIds.InvalidChartReference, NameRules.HelmArgumentProblem(value),
                "Write the chart as <repository_name>/<chart>, an OCI reference or a path, without spaces and not starting with '-'.", Join(context.Path, field));
        }
    }

    private static void RepositoryRule(YMap map, BindContext context)
    {
        if (map.Get("repository_name") is YScalar { Value: string name } nameNode)
        {
            var problem = NameRules.HelmArgumentProblem(name) ?? (name.Contains('/', StringComparison.Ordinal) ? "holds '/'" : null);
            NameRules.Check(context, nameNode, name, "The repository name", ErrorIds.InvalidChartReference, problem,
                "Use a plain name such as bakdata-streams-bootstrap.", Join(context.Path, "repository_name"));
        }
        if (map.Get("url") is YScalar { Value: string url } urlNode)
        {
            NameRules.Check(context, urlNode, url, "The repository URL", ErrorIds.InvalidChartReference, NameRules.HelmArgumentProblem(url),
                "Write the URL of the chart repository, e.g. https://bakdata.github.io/streams-bootstrap/.", Join(context.Path, "url"));
        }
    }

    private static void ChartVersionRule(YMap map, BindContext context)
    {
        if (map.Get("version") is not YScalar { Value: string version } node) return;
        var match = ChartVersionPattern().Match(version);
        if (!match.Success)
            context.Report(ErrorIds.InvalidFieldValue, $"{Echo.Quote(version)} is not a valid streams-bootstrap version.", node.Location, "Use a semantic version such as 3.6.1.", "version");
        else if (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 3)
            context.Report(ErrorIds.InvalidFieldValue, $"streams-bootstrap {version} is not supported: version 3 or later is required.", node.Location,
                "Upgrade to streams-bootstrap 3 (values move from `streams:` to `kafka:`).", "version");
    }

    private static void CronRule(YMap map, BindContext context)
    {
        if (map.Get("schedule") is not YScalar { Value: string schedule } node) return;
        var expression = schedule.StartsWith("TZ=", StringComparison.Ordinal) || schedule.StartsWith("CRON_TZ=", StringComparison.Ordinal)
            ? schedule[(schedule.IndexOf(' ', StringComparison.Ordinal) + 1)..]
            : schedule;
        try
        {
            CronExpression.Parse(expression, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            context.Report(ErrorIds.InvalidFieldValue, $"{Echo.Quote(schedule)} is not a valid cron schedule: {Echo.Text(e.Message, 200)}", node.Location,
                "Use five fields (minute hour day-of-month month day-of-week), e.g. '30 3 * * *', or a macro such as @daily.", Join(context.Path, "schedule"));
        }
    }
}
