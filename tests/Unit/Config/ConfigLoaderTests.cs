using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Config;

/// <summary>config.yaml, config_&lt;env&gt;.yaml, KPOPS_* variables and dotenv files (§2.3).</summary>
public sealed class ConfigLoaderTests : IDisposable
{
    private readonly Workspace _ws = new(config: null, defaults: null);

    public void Dispose() => _ws.Dispose();

    private KpopsConfig Load(string? environment = null, params string[] dotEnvFiles) =>
        ConfigLoader.Load(new ConfigRequest(_ws.Root, environment, dotEnvFiles.Select(_ws.PathOf).ToList(), _ws.Env)).Config;

    private KPopsException LoadError(string? environment = null, params string[] dotEnvFiles) =>
        Assert.ThrowsAny<KPopsException>(() => Load(environment, dotEnvFiles));

    [Fact]
    public void Defaults_apply_to_every_unset_setting()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\n");
        var config = Load();
        Assert.Equal(".", config.PipelineBaseDir);
        Assert.Equal("b:9092", config.KafkaBrokers);
        Assert.Equal("${pipeline.name}-${component.name}", config.DefaultOutputTopicName);
        Assert.Equal("${pipeline.name}-${component.name}-error", config.DefaultErrorTopicName);
        Assert.False(config.SchemaRegistryEnabled);
        Assert.Equal("http://localhost:8081/", config.SchemaRegistryUrl);
        Assert.Equal("http://localhost:8082/", config.Get("kafka_rest.url"));
        Assert.Equal("http://localhost:8083/", config.KafkaConnectUrl);
        Assert.Equal("30", config.Get("kafka_connect.timeout"));
        Assert.False(config.CreateNamespace);
        Assert.False(config.RetainCleanJobs);
        Assert.Null(config.KubeContext);
        Assert.Equal("false", config.Get("helm_config.debug"));
        Assert.Equal("managed", config.Get("operation_mode"));
    }

    [Fact]
    public void Environment_config_is_deep_merged_over_config_yaml()
    {
        _ws.Write("config.yaml", """
            kafka_brokers: prod:9092
            schema_registry:
              enabled: true
              url: http://schema-registry.prod:8081
            helm_config:
              context: prod-cluster
              debug: true
            """);
        _ws.Write("config_development.yaml", """
            kafka_brokers: kafka.dev:9092
            schema_registry:
              url: http://schema-registry.dev:8081
            helm_config:
              context: dev-cluster
            """);
        var config = Load("development");
        Assert.Equal("kafka.dev:9092", config.KafkaBrokers);
        Assert.Equal("http://schema-registry.dev:8081/", config.SchemaRegistryUrl);
        Assert.True(config.SchemaRegistryEnabled);
        Assert.Equal("dev-cluster", config.KubeContext);
        Assert.Equal("true", config.Get("helm_config.debug"));
    }

    [Fact]
    public void Environment_config_is_ignored_without_an_environment()
    {
        _ws.Write("config.yaml", "kafka_brokers: base:9092\n");
        _ws.Write("config_development.yaml", "kafka_brokers: dev:9092\n");
        Assert.Equal("base:9092", Load().KafkaBrokers);
    }

    [Fact]
    public void Environment_config_alone_is_enough()
    {
        _ws.Write("config_production.yaml", "kafka_brokers: prod-only:9092\n");
        var config = Load("production");
        Assert.Equal("prod-only:9092", config.KafkaBrokers);
        Assert.Contains(_ws.PathOf("config_production.yaml"), config.Sources);
    }

    [Fact]
    public void Kpops_environment_variables_beat_the_files()
    {
        _ws.Write("config.yaml", "kafka_brokers: file:9092\nschema_registry:\n  enabled: true\n");
        _ws.Write("config_dev.yaml", "kafka_brokers: env-file:9092\n");
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "localhost:9092";
        _ws.Env["KPOPS_SCHEMA_REGISTRY__ENABLED"] = "false";
        var config = Load("dev");
        Assert.Equal("localhost:9092", config.KafkaBrokers);
        Assert.False(config.SchemaRegistryEnabled);
    }

    [Fact]
    public void Environment_variable_names_are_case_insensitive()
    {
        _ws.Env["kpops_kafka_brokers"] = "lower:9092";
        _ws.Env["Kpops_Schema_Registry__Url"] = "http://mixed:8081";
        var config = Load();
        Assert.Equal("lower:9092", config.KafkaBrokers);
        Assert.Equal("http://mixed:8081/", config.SchemaRegistryUrl);
    }

    [Fact]
    public void Double_underscore_nests_and_merges_with_the_file_section()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nhelm_config:\n  context: from-file\n  debug: true\n");
        _ws.Env["KPOPS_HELM_CONFIG__CONTEXT"] = "from-env";
        _ws.Env["KPOPS_TOPIC_NAME_CONFIG__DEFAULT_OUTPUT_TOPIC_NAME"] = "${component.name}-out";
        var config = Load();
        Assert.Equal("from-env", config.KubeContext);
        Assert.Equal("true", config.Get("helm_config.debug"));
        Assert.Equal("${component.name}-out", config.DefaultOutputTopicName);
        Assert.Equal("${pipeline.name}-${component.name}-error", config.DefaultErrorTopicName);
    }

    [Fact]
    public void Environment_variable_values_are_converted_to_the_setting_type()
    {
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "b:9092";
        _ws.Env["KPOPS_CREATE_NAMESPACE"] = "true";
        _ws.Env["KPOPS_SCHEMA_REGISTRY__TIMEOUT"] = "60";
        var config = Load();
        Assert.True(config.CreateNamespace);
        Assert.Equal(TimeSpan.FromSeconds(60), config.SchemaRegistryTimeout);
    }

    [Fact]
    public void Section_given_as_json_in_an_environment_variable()
    {
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "b:9092";
        _ws.Env["KPOPS_STRIMZI_TOPIC"] = """{"label":{"strimzi.io/cluster":"c"},"namespace":"kafka"}""";
        var config = Load();
        Assert.Equal(new StrimziTopicSettings("strimzi.io/cluster", "c", "kafka"), config.StrimziTopic);
    }

    [Fact]
    public void Json_section_is_merged_with_the_same_section_of_the_files()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nhelm_config:\n  debug: true\n  context: from-file\n");
        _ws.Env["KPOPS_HELM_CONFIG"] = """{"context": "from-json", "timeout": "10m0s"}""";
        var config = Load();
        Assert.Equal("from-json", config.KubeContext);
        Assert.Equal("10m0s", config.Get("helm_config.timeout"));
        Assert.Equal("true", config.Get("helm_config.debug"));
    }

    [Fact]
    public void Non_setting_kpops_variables_are_ignored()
    {
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "b:9092";
        _ws.Env["KPOPS_ENVIRONMENT"] = "dev";
        _ws.Env["KPOPS_PIPELINE_PATHS"] = "a,b";
        _ws.Env["KPOPS_DOTENV_PATH"] = ".env";
        _ws.Env["OTHER_VARIABLE"] = "x";
        Assert.Equal("b:9092", Load().KafkaBrokers);
    }

    [Fact]
    public void Dotenv_files_set_settings_below_the_files_and_later_files_win()
    {
        _ws.Write("first.env", "KPOPS_KAFKA_BROKERS=first:9092\nKPOPS_HELM_CONFIG__CONTEXT=first-context\nKPOPS_RETAIN_CLEAN_JOBS=true\n");
        _ws.Write("second.env", "KPOPS_HELM_CONFIG__CONTEXT=second-context\n");
        var config = Load(null, "first.env", "second.env");
        Assert.Equal("first:9092", config.KafkaBrokers);
        Assert.Equal("second-context", config.KubeContext);
        Assert.True(config.RetainCleanJobs);
    }

    [Fact]
    public void Config_file_beats_dotenv()
    {
        _ws.Write("config.yaml", "kafka_brokers: file:9092\n");
        _ws.Write(".env", "KPOPS_KAFKA_BROKERS=dotenv:9092\n");
        Assert.Equal("file:9092", Load(null, ".env").KafkaBrokers);
    }

    [Fact]
    public void Environment_variable_beats_dotenv()
    {
        _ws.Write(".env", "KPOPS_KAFKA_BROKERS=dotenv:9092\n");
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "env:9092";
        Assert.Equal("env:9092", Load(null, ".env").KafkaBrokers);
    }

    [Fact]
    public void Dotenv_variables_are_handed_on_for_substitution()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\n");
        _ws.Write(".env", "TEAM=data\n");
        var loaded = ConfigLoader.Load(new ConfigRequest(_ws.Root, null, [_ws.PathOf(".env")], _ws.Env));
        Assert.Equal("data", loaded.DotEnvVariables["TEAM"]);
    }

    [Fact]
    public void Missing_kafka_brokers_is_an_error_that_says_where_to_set_it()
    {
        _ws.Write("config.yaml", "pipeline_base_dir: pipelines\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Contains("kafka_brokers", e.Message);
        Assert.Contains("KPOPS_KAFKA_BROKERS", e.Hint);
    }

    [Fact]
    public void No_config_at_all_reports_missing_kafka_brokers()
    {
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Contains(_ws.Root, e.Message);
    }

    [Theory]
    [InlineData("brokers: b:9092", "kafka_brokers")]
    [InlineData("schema_registry_url: http://sr:8081", "schema_registry.url")]
    [InlineData("kafka_rest_host: http://rest:8082", "kafka_rest.url")]
    [InlineData("kafka_connect_host: http://connect:8083", "kafka_connect.url")]
    [InlineData("defaults_path: ./defaults", "pipeline_base_dir")]
    [InlineData("components_module: my.components", "kpops-components.yaml")]
    [InlineData("environment: dev", "-Environment")]
    [InlineData("timeout: 300", "schema_registry.timeout")]
    [InlineData("helm_diff_config:\n  ignore: [a.b]", "diff_config.ignore")]
    [InlineData("defaults_filename_prefix: defaults", "defaults_<environment>.yaml")]
    public void Removed_setting_is_an_error_that_says_what_replaced_it(string setting, string replacement)
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\n" + setting + "\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigRemovedSetting, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf("config.yaml"), 2, 1), e.Location);
        Assert.Contains("is no longer a setting", e.Message);
        Assert.Contains(replacement, e.Message);
    }

    [Fact]
    public void Old_brokers_setting_without_kafka_brokers_reports_the_rename_first()
    {
        _ws.Write("config.yaml", "brokers: b:9092\n");
        var e = Assert.IsType<KPopsAggregateException>(LoadError());
        Assert.Equal(ErrorIds.ConfigRemovedSetting, e.ErrorId);
        Assert.Equal([ErrorIds.ConfigRemovedSetting, ErrorIds.ConfigInvalid], e.Errors.Select(x => x.ErrorId));
    }

    [Fact]
    public void Unknown_setting_is_an_error_with_a_suggestion()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nschema_registry:\n  enabeld: true\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf("config.yaml"), 3, 3), e.Location);
        Assert.Contains("enabeld", e.Message);
        Assert.Equal("Did you mean 'enabled'?", e.Hint);
    }

    [Fact]
    public void Wrong_setting_type_points_at_the_value()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\ncreate_namespace: maybe\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf("config.yaml"), 2, 19), e.Location);
        Assert.Contains("create_namespace", e.Message);
    }

    [Fact]
    public void Config_that_is_not_a_mapping_is_an_error()
    {
        _ws.Write("config.yaml", "- kafka_brokers: b:9092\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Equal(_ws.PathOf("config.yaml"), e.Location!.File);
        Assert.Equal(1, e.Location.Line);
    }

    [Fact]
    public void Url_without_a_path_gets_a_trailing_slash()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nkafka_connect:\n  url: http://connect:8083\nschema_registry:\n  url: https://sr.example.com/\n");
        var config = Load();
        Assert.Equal("http://connect:8083/", config.KafkaConnectUrl);
        Assert.Equal("https://sr.example.com/", config.SchemaRegistryUrl);
    }

    [Fact]
    public void Invalid_url_is_an_error_at_the_value()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nkafka_connect:\n  url: connect:8083\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf("config.yaml"), 3, 8), e.Location);
        Assert.Contains("http://host:port", e.Hint);
    }

    [Fact]
    public void Bad_json_in_an_environment_variable_names_the_variable()
    {
        _ws.Env["KPOPS_KAFKA_BROKERS"] = "b:9092";
        _ws.Env["KPOPS_STRIMZI_TOPIC"] = "{\"label\": {";
        var e = LoadError();
        Assert.Equal(ErrorIds.EnvironmentVariableInvalid, e.ErrorId);
        Assert.Contains("KPOPS_STRIMZI_TOPIC", e.Message);
        Assert.Contains("KPOPS_STRIMZI_TOPIC", e.Location!.File);
        Assert.Contains("JSON", e.Hint);
    }

    [Fact]
    public void Empty_strimzi_label_is_an_error()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nstrimzi_topic:\n  label: {}\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Equal(3, e.Location!.Line);
    }

    [Fact]
    public void Operation_mode_must_be_known()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\noperation_mode: deploy\n");
        var e = LoadError();
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        Assert.Contains("managed", e.Message);
    }

    [Fact]
    public void Config_yaml_round_trips_through_ToYaml()
    {
        _ws.Write("config.yaml", "kafka_brokers: b:9092\nhelm_config:\n  timeout: 10m0s\n");
        var yaml = Load().ToYaml();
        Assert.Contains("kafka_brokers: b:9092", yaml);
        Assert.Contains("timeout: 10m0s", yaml);
        Assert.DoesNotContain("brokers:\n", yaml.Replace("kafka_brokers:", "", StringComparison.Ordinal));
    }
}
