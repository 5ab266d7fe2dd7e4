using KPops.Engine.Errors;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Errors;

/// <summary>
/// Bad input: every case names the error id, where the problem was written (file, line and, where it helps,
/// column) and how to fix it.
/// </summary>
public sealed class InvalidPipelineTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string PipelineFile => _ws.PathOf(Workspace.PipelinePath);

    private KPopsException Fail(string yaml) => _ws.LoadError(yaml);

    private void At(KPopsException e, int line, int? column = null, string? file = null)
    {
        Assert.NotNull(e.Location);
        Assert.Equal(file ?? PipelineFile, e.Location.File);
        Assert.Equal(line, e.Location.Line);
        if (column is not null) Assert.Equal(column, e.Location.Column);
    }

    // ---- file shape -------------------------------------------------------------------------------------------

    [Fact]
    public void Malformed_yaml()
    {
        var e = Fail("- type: streams-app\n  name: app\n    values: {}\n");
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        At(e, 3);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Duplicate_key_in_a_component()
    {
        var e = Fail("- type: streams-app\n  name: app\n  name: again\n");
        Assert.Equal(ErrorIds.YamlDuplicateKey, e.ErrorId);
        At(e, 3, 3);
    }

    [Fact]
    public void Several_yaml_documents()
    {
        var e = Fail("- type: streams-app\n  name: a\n---\n- type: streams-app\n  name: b\n");
        Assert.Equal(ErrorIds.YamlSyntax, e.ErrorId);
        At(e, 3);
    }

    [Fact]
    public void Pipeline_that_is_a_mapping_not_a_list()
    {
        var e = Fail("type: streams-app\nname: app\n");
        Assert.Equal(ErrorIds.PipelineNotAList, e.ErrorId);
        At(e, 1, 1);
        Assert.Contains("should be a list", e.Message);
        Assert.Contains("- type:", e.Hint);
    }

    [Fact]
    public void Empty_pipeline_file()
    {
        var e = Fail("# nothing here\n");
        Assert.Equal(ErrorIds.PipelineNotAList, e.ErrorId);
        At(e, 1);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Entry_that_is_not_a_mapping()
    {
        var e = Fail("- type: streams-app\n  name: ok\n- just-a-string\n");
        Assert.Equal(ErrorIds.ComponentNotAMapping, e.ErrorId);
        At(e, 3, 3);
        Assert.Contains("a string", e.Message);
        Assert.Contains("- type:", e.Hint);
    }

    // ---- types ------------------------------------------------------------------------------------------------

    [Fact]
    public void Missing_type()
    {
        var e = Fail("- type: streams-app\n  name: ok\n- name: untyped\n  values: {}\n");
        Assert.Equal(ErrorIds.MissingType, e.ErrorId);
        At(e, 3, 3);
        Assert.Contains("'untyped'", e.Message);
        Assert.Contains("type:", e.Hint);
    }

    [Fact]
    public void Unknown_type_with_a_suggestion()
    {
        var e = Fail("- type: streams-ap\n  name: app\n");
        Assert.Equal(ErrorIds.UnknownComponentType, e.ErrorId);
        At(e, 1, 9);
        Assert.Contains("'streams-ap'", e.Message);
        Assert.StartsWith("Did you mean 'streams-app'?", e.Hint);
    }

    [Fact]
    public void Unknown_type_without_a_close_match_lists_the_known_types()
    {
        var e = Fail("- type: database\n  name: app\n");
        Assert.Equal(ErrorIds.UnknownComponentType, e.ErrorId);
        Assert.DoesNotContain("Did you mean", e.Hint);
        Assert.Contains("kafka-sink-connector", e.Hint);
    }

    [Fact]
    public void Type_that_is_not_a_name()
    {
        var e = Fail("- type: 5\n  name: app\n");
        Assert.Equal(ErrorIds.UnknownComponentType, e.ErrorId);
        At(e, 1, 9);
        Assert.Contains("an integer '5'", e.Message);
        Assert.Contains("streams-app", e.Hint);
    }

    [Theory]
    [InlineData("kafka-app")]
    [InlineData("streams-bootstrap")]
    [InlineData("kubernetes-app")]
    [InlineData("kafka-connector")]
    [InlineData("pipeline-component")]
    public void Abstract_type(string type)
    {
        var e = Fail($"- type: {type}\n  name: app\n");
        Assert.Equal(ErrorIds.AbstractComponentType, e.ErrorId);
        At(e, 1, 9);
        Assert.Contains("abstract", e.Message);
        Assert.Contains("streams-app", e.Hint);
    }

    [Fact]
    public void Cleaner_type_is_only_for_defaults()
    {
        var e = Fail("- type: streams-app-cleaner\n  name: app\n");
        Assert.Equal(ErrorIds.AbstractComponentType, e.ErrorId);
    }

    // ---- required fields --------------------------------------------------------------------------------------

    [Fact]
    public void Missing_name()
    {
        var e = Fail("- type: streams-app\n  values:\n    image: x\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 1, 3);
        Assert.Contains("'name'", e.Message);
        Assert.Contains("name:", e.Hint);
    }

    [Fact]
    public void Missing_namespace()
    {
        _ws.Write("pipelines/defaults.yaml", "streams-bootstrap:\n  values:\n    image: x\n");
        var e = Fail("- type: streams-app\n  name: app\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 1, 3);
        Assert.Contains("'namespace'", e.Message);
        Assert.Contains("defaults file", e.Hint);
    }

    [Fact]
    public void Missing_image()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: ns\n");
        var e = Fail("- type: streams-app\n  name: app\n  values:\n    replicaCount: 1\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 4, 5);
        Assert.Contains("values", e.Message);
        Assert.Contains("'image'", e.Message);
    }

    [Fact]
    public void Missing_connector_class()
    {
        var e = Fail("- type: kafka-sink-connector\n  name: sink\n  config:\n    tasks.max: 1\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 4, 5);
        Assert.Contains("connector.class", e.Message);
    }

    [Fact]
    public void Missing_connector_config()
    {
        var e = Fail("- type: kafka-source-connector\n  name: source\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 1, 3);
        Assert.Contains("'config'", e.Message);
    }

    // ---- field types ------------------------------------------------------------------------------------------

    [Fact]
    public void Partitions_count_that_is_not_a_number()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n        partitions_count: abc\n");
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        At(e, 6, 27);
        Assert.Contains("to.topics.out.partitions_count", e.Message);
        Assert.Contains("an integer", e.Message);
        Assert.Contains("'abc'", e.Message);
    }

    [Fact]
    public void Enabled_that_is_not_a_boolean()
    {
        var e = Fail("- type: streams-app\n  name: app\n  enabled: maybe\n");
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        At(e, 3, 12);
        Assert.Contains("enabled", e.Message);
        Assert.Contains("true or false", e.Message);
    }

    [Fact]
    public void Name_that_yaml_reads_as_a_number()
    {
        var e = Fail("- type: streams-app\n  name: 123\n");
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        At(e, 2, 9);
        Assert.Contains("\"123\"", e.Hint);
    }

    [Fact]
    public void Values_that_are_a_list()
    {
        var e = Fail("- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    - a\n");
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        At(e, 5, 5);
        Assert.Contains("a mapping", e.Message);
    }

    [Fact]
    public void Image_pull_policy_outside_its_values()
    {
        var e = Fail("- type: streams-app\n  name: app\n  values:\n    imagePullPolicy: Sometimes\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 22);
        Assert.Contains("IfNotPresent", e.Message);
    }

    [Fact]
    public void Connector_state_outside_its_values()
    {
        var e = Fail("- type: kafka-sink-connector\n  name: s\n  config:\n    connector.class: a.B\n  state: stopped\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 5, 10);
        Assert.Contains("running, paused", e.Message);
    }

    // ---- from / to --------------------------------------------------------------------------------------------

    [Fact]
    public void Unknown_field_in_to_with_a_suggestion()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topic:\n      out: {}\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        At(e, 4, 5);
        Assert.Contains("'topic'", e.Message);
        Assert.Equal("Did you mean 'topics'?", e.Hint);
    }

    [Fact]
    public void Unknown_field_in_from_with_a_suggestion()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    component:\n      x: {}\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        At(e, 4, 5);
        Assert.Equal("Did you mean 'components'?", e.Hint);
    }

    [Fact]
    public void Unknown_field_in_a_topic_with_a_suggestion()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n        partition_count: 3\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        At(e, 6, 9);
        Assert.Contains("to.topics.out", e.Message);
        Assert.Equal("Did you mean 'partitions_count'?", e.Hint);
    }

    [Fact]
    public void Unknown_field_far_from_every_name_lists_the_allowed_ones()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    topics:\n      in:\n        whatever: 1\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        Assert.Contains("Allowed fields: type, label", e.Hint);
    }

    [Fact]
    public void Role_key_of_old_kpops_versions()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n        role: audit\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        At(e, 6, 9);
        Assert.Contains("renamed to 'label'", e.Message);
    }

    [Fact]
    public void From_topic_with_type_input_and_a_label()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    topics:\n      in:\n        type: input\n        label: L\n");
        Assert.Equal(ErrorIds.InvalidFromSection, e.ErrorId);
        At(e, 7, 16);
        Assert.Contains("Define label only if `type` is `pattern` or `None`", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void From_component_with_type_input_and_a_label()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    components:\n      other: {type: input, label: L}\n");
        Assert.Equal(ErrorIds.InvalidFromSection, e.ErrorId);
        At(e, 5, 35);
    }

    [Fact]
    public void From_topic_type_that_is_not_input_or_pattern()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    topics:\n      in: {type: output}\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 5, 18);
        Assert.Contains("input, pattern", e.Message);
    }

    [Fact]
    public void To_topic_with_a_type_and_a_label()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n        type: output\n        label: L\n");
        Assert.Equal(ErrorIds.InvalidToSection, e.ErrorId);
        At(e, 7, 16);
        Assert.Contains("Define `label` only if `type` is undefined", e.Message);
    }

    [Fact]
    public void To_topic_type_that_is_not_output_or_error()
    {
        var e = Fail("- type: streams-app\n  name: app\n  to:\n    topics:\n      out: {type: input}\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 5, 19);
        Assert.Contains("output, error", e.Message);
    }

    // ---- names and the pipeline as a whole ---------------------------------------------------------------------

    [Theory]
    [InlineData("My_App")]
    [InlineData("trailing-")]
    [InlineData("-leading")]
    [InlineData("12345")]
    public void Name_that_is_invalid_for_kubernetes(string name)
    {
        var e = Fail($"- type: streams-app\n  name: \"{name}\"\n");
        Assert.Equal(ErrorIds.InvalidKubernetesName, e.ErrorId);
        At(e, 2, 9);
        Assert.Contains($"The component name {name} is invalid for Kubernetes.", e.Message);
        Assert.Contains("lower-case", e.Hint);
    }

    [Fact]
    public void Connector_name_is_not_checked_against_kubernetes_rules()
    {
        var component = _ws.LoadSingle("- type: kafka-sink-connector\n  name: My_Sink\n  config:\n    connector.class: a.B\n");
        Assert.Equal("My_Sink", component.Name);
    }

    [Fact]
    public void Duplicate_component_names()
    {
        var e = Fail("- type: streams-app\n  name: app\n- type: streams-app\n  name: other\n- type: producer-app\n  name: app\n");
        Assert.Equal(ErrorIds.DuplicateComponentName, e.ErrorId);
        At(e, 5, 3);
        Assert.Contains($"{PipelineFile}:1:3", e.Message);
        Assert.Contains("own name", e.Hint);
    }

    [Fact]
    public void Cycle_between_components()
    {
        var e = Fail("""
            - type: streams-app
              name: a
              from: {topics: {t2: {}}}
              to: {topics: {t1: {}}}
            - type: streams-app
              name: b
              to: {topics: {t2: {}}}
            """);
        Assert.Equal(ErrorIds.PipelineCycle, e.ErrorId);
        At(e, 1, 3);
        Assert.Contains("a → topic t1 → b → topic t2 → a", e.Message);
    }

    [Fact]
    public void Substitution_loop()
    {
        var e = Fail("- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    x: ${component.values.y}\n    y: ${component.values.x}\n");
        Assert.Equal(ErrorIds.SubstitutionLoop, e.ErrorId);
        At(e, 5, 8);
        Assert.Contains("refers", e.Hint);
    }

    [Fact]
    public void Reference_to_an_unknown_component()
    {
        var e = Fail("- type: streams-app\n  name: app\n  from:\n    components:\n      missing: {}\n");
        Assert.Equal(ErrorIds.ComponentNotFound, e.ErrorId);
        At(e, 5, 7);
        Assert.Contains("Component missing not found", e.Message);
        Assert.Contains("earlier", e.Hint);
    }

    [Fact]
    public void Pipeline_outside_the_base_dir()
    {
        var file = _ws.Write("elsewhere/p/pipeline.yaml", "- type: streams-app\n  name: app\n");
        var e = _ws.LoadFailure("elsewhere/p/pipeline.yaml");
        Assert.Equal(ErrorIds.PipelineOutsideBaseDir, e.ErrorId);
        Assert.Contains(file, e.Message);
        Assert.Contains(_ws.PathOf("pipelines"), e.Message);
        Assert.Contains("pipeline_base_dir", e.Hint);
    }

    [Fact]
    public void Pipeline_directly_in_the_base_dir()
    {
        _ws.Write("pipelines/pipeline.yaml", "- type: streams-app\n  name: app\n");
        var e = _ws.LoadFailure("pipelines/pipeline.yaml");
        Assert.Equal(ErrorIds.PipelineInBaseDir, e.ErrorId);
        Assert.Contains("The pipeline-base-dir should not equal the pipeline-path", e.Message);
        Assert.Contains("subfolder", e.Hint);
    }

    [Fact]
    public void Pipeline_path_that_does_not_exist()
    {
        var e = _ws.LoadFailure("pipelines/nope/pipeline.yaml");
        Assert.Equal(ErrorIds.FileNotFound, e.ErrorId);
        Assert.Contains(_ws.PathOf("pipelines/nope/pipeline.yaml"), e.Message);
    }

    [Fact]
    public void Folder_without_pipeline_files()
    {
        Directory.CreateDirectory(_ws.PathOf("pipelines/empty"));
        var e = _ws.LoadFailure("pipelines/empty");
        Assert.Equal(ErrorIds.FileNotFound, e.ErrorId);
        Assert.Contains("No pipeline.yaml", e.Message);
    }

    // ---- defaults files ---------------------------------------------------------------------------------------

    [Fact]
    public void Defaults_file_that_is_not_a_mapping()
    {
        var defaults = _ws.Write("pipelines/demo/defaults.yaml", "- streams-app:\n    namespace: x\n");
        var e = Fail("- type: streams-app\n  name: app\n");
        Assert.Equal(ErrorIds.DefaultsNotAMapping, e.ErrorId);
        At(e, 1, 1, defaults);
        Assert.Contains("streams-app:", e.Hint);
    }

    [Fact]
    public void Defaults_section_that_is_not_a_mapping()
    {
        var defaults = _ws.Write("pipelines/demo/defaults.yaml", "streams-app:\n  namespace: x\nhelm-app: just-text\n");
        var e = Fail("- type: streams-app\n  name: app\n");
        Assert.Equal(ErrorIds.DefaultsNotAMapping, e.ErrorId);
        At(e, 3, 1, defaults);
        Assert.Contains("'helm-app'", e.Message);
    }

    [Fact]
    public void Invalid_value_from_a_defaults_file_points_into_the_defaults_file()
    {
        var defaults = _ws.Write("pipelines/demo/defaults.yaml", "streams-app:\n  values:\n    imageTag: \"not a tag\"\n");
        var e = Fail("- type: streams-app\n  name: app\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 3, 15, defaults);
    }

    [Fact]
    public void Templated_topic_in_defaults_colliding_with_the_same_topic_written_out()
    {
        // kpops substitutes JSON text and silently keeps the last duplicate (the defaults' version); here it is an error.
        var defaults = _ws.Write("pipelines/demo/defaults.yaml", "producer-app:\n  to:\n    topics:\n      ${output_topic_name}:\n        partitions_count: 3\n");
        var e = Fail("- type: producer-app\n  name: producer\n  to:\n    topics:\n      demo-producer:\n        partitions_count: 6\n");
        Assert.Equal(ErrorIds.YamlDuplicateKey, e.ErrorId);
        At(e, 4, 7, defaults);
        Assert.Contains("'${output_topic_name}' becomes 'demo-producer'", e.Message);
    }

    // ---- streams-bootstrap values ------------------------------------------------------------------------------

    [Theory]
    [InlineData("2.9.0", "version 3 or later")]
    [InlineData("1.0.0", "version 3 or later")]
    public void Chart_version_below_3(string version, string expected)
    {
        var e = Fail($"- type: streams-app\n  name: app\n  version: {version}\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 3, 12);
        Assert.Contains(expected, e.Message);
        Assert.Contains("streams-bootstrap 3", e.Hint);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("3.x")]
    [InlineData("v3.6.1")]
    public void Chart_version_that_is_not_a_version(string version)
    {
        var e = Fail($"- type: producer-app\n  name: app\n  version: {version}\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 3, 12);
        Assert.Contains("not a valid streams-bootstrap version", e.Message);
        Assert.Contains("3.6.1", e.Hint);
    }

    [Fact]
    public void Chart_version_with_prerelease_suffix_is_accepted()
    {
        var component = _ws.LoadSingle("- type: streams-app\n  name: app\n  version: 3.7.0-SNAPSHOT\n");
        Assert.Equal("3.7.0-SNAPSHOT", component.ChartVersion);
    }

    [Fact]
    public void Image_tag_with_invalid_characters()
    {
        var e = Fail("- type: streams-app\n  name: app\n  values:\n    imageTag: \"1.0 beta\"\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 15);
        Assert.Contains("values.imageTag", e.Message);
        Assert.Contains("pattern", e.Message);
    }

    [Fact]
    public void Cron_schedule_that_does_not_parse()
    {
        var e = Fail("- type: producer-app\n  name: app\n  values:\n    schedule: \"61 * * * *\"\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 15);
        Assert.Contains("not a valid cron schedule", e.Message);
        Assert.Contains("five fields", e.Hint);
    }

    [Theory]
    [InlineData("@daily")]
    [InlineData("30 3/8 * * *")]
    [InlineData("TZ=Europe/Berlin 0 6 * * 1-5")]
    public void Valid_cron_schedules_are_accepted(string schedule)
    {
        var component = _ws.LoadSingle($"- type: producer-app\n  name: app\n  values:\n    schedule: \"{schedule}\"\n");
        Assert.True(component.IsCronJob);
    }

    [Fact]
    public void Autoscaling_enabled_without_lag_threshold()
    {
        var e = Fail("- type: streams-app\n  name: app\n  values:\n    autoscaling:\n      enabled: true\n      maxReplicas: 3\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 5, 7);
        Assert.Contains("lagThreshold", e.Message);
        Assert.Contains("lagThreshold", e.Hint);
    }

    [Fact]
    public void Persistence_enabled_without_size()
    {
        var e = Fail("- type: consumer-app\n  name: app\n  values:\n    statefulSet: true\n    persistence:\n      enabled: true\n");
        Assert.Equal(ErrorIds.MissingField, e.ErrorId);
        At(e, 6, 7);
        Assert.Contains("size", e.Message);
        Assert.Contains("1Gi", e.Hint);
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("10")]
    [InlineData("1d")]
    public void Helm_timeout_that_is_not_a_duration(string timeout)
    {
        var e = Fail($"- type: helm-app\n  name: app\n  chart: c/c\n  timeout: \"{timeout}\"\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 12);
        Assert.Contains("timeout", e.Message);
    }

    [Fact]
    public void Streams_values_key_of_streams_bootstrap_v2()
    {
        var e = Fail("- type: streams-app\n  name: app\n  values:\n    streams:\n      brokers: b:9092\n");
        Assert.Equal(ErrorIds.UnknownField, e.ErrorId);
        At(e, 4, 5);
        Assert.Contains("streams-bootstrap v3 no longer supports 'streams' attribute.", e.Message);
        Assert.Contains("bootstrapServers", e.Message);
    }

    [Fact]
    public void Name_override_longer_than_63_characters()
    {
        var e = Fail($"- type: streams-app\n  name: app\n  values:\n    nameOverride: {new string('n', 64)}\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 19);
    }

    // ---- connectors -------------------------------------------------------------------------------------------

    [Fact]
    public void Connector_class_without_a_package()
    {
        var e = Fail("- type: kafka-sink-connector\n  name: sink\n  config:\n    connector.class: RedisSinkConnector\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 4, 22);
        Assert.Contains("config.connector.class", e.Message);
        Assert.Contains("io.confluent", e.Hint);
    }

    [Fact]
    public void Connector_config_name_that_differs_from_the_full_name()
    {
        var e = Fail("- type: kafka-sink-connector\n  name: sink\n  config:\n    connector.class: a.B\n    name: other-name\n");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        At(e, 5, 11);
        Assert.Contains("'demo-sink'", e.Message);
        Assert.Contains("Remove config.name", e.Hint);
    }

    // ---- other inputs -----------------------------------------------------------------------------------------

    [Fact]
    public void Removed_config_setting_stops_the_load()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + "\ndefaults_path: ./defaults\n");
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n");
        var e = Assert.ThrowsAny<KPopsException>(() => _ws.Load());
        Assert.Equal(ErrorIds.ConfigRemovedSetting, e.ErrorId);
        At(e, 3, 1, _ws.PathOf("config.yaml"));
    }

    [Fact]
    public void Bad_json_in_a_kpops_environment_variable_stops_the_load()
    {
        _ws.Env["KPOPS_HELM_CONFIG"] = "{not json}";
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n");
        var e = Assert.ThrowsAny<KPopsException>(() => _ws.Load());
        Assert.Equal(ErrorIds.EnvironmentVariableInvalid, e.ErrorId);
        Assert.Contains("KPOPS_HELM_CONFIG", e.Message);
    }

    [Fact]
    public void Invalid_dotenv_line_stops_the_load()
    {
        var dotenv = _ws.Write(".env", "GOOD=1\nthis line is wrong\n");
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n");
        var e = Assert.ThrowsAny<KPopsException>(() => _ws.Load(dotEnvFiles: [".env"]));
        Assert.Equal(ErrorIds.DotEnvInvalid, e.ErrorId);
        At(e, 2, 1, dotenv);
    }

    [Fact]
    public void Environment_pipeline_entry_without_a_name()
    {
        var envFile = _ws.Write("pipelines/demo/pipeline_dev.yaml", "- type: streams-app\n  values: {replicaCount: 2}\n");
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n");
        var e = _ws.LoadFailure(environment: "dev");
        Assert.Equal(ErrorIds.EnvironmentPipelineInvalid, e.ErrorId);
        At(e, 1, 3, envFile);
        Assert.Contains("matched by name", e.Hint);
    }

    [Fact]
    public void Custom_type_on_an_unknown_base()
    {
        var declarations = _ws.Write("pipelines/kpops-components.yaml", "- type: my-app\n  base: streams-ap\n");
        _ws.Write(Workspace.PipelinePath, "- type: my-app\n  name: app\n");
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.ComponentTypeInvalid, e.ErrorId);
        At(e, 1, 3, declarations);
        Assert.Equal("Did you mean 'streams-app'?", e.Hint);
    }

    [Fact]
    public void Inflate_hook_that_throws()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("exploding-app", "streams-app", inflate: _ => throw new InvalidOperationException("boom"));
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: ok\n- type: exploding-app\n  name: app\n");
        var e = _ws.LoadFailure(registry: registry);
        Assert.Equal(ErrorIds.InflateFailed, e.ErrorId);
        At(e, 3, 3);
        Assert.Contains("boom", e.Message);
    }

    // ---- several problems ---------------------------------------------------------------------------------------

    [Fact]
    public void Problems_of_several_components_are_reported_together()
    {
        var e = Fail("""
            - type: streams-app
              name: first
              enabled: maybe
            - type: streams-ap
              name: second
            - type: streams-app
              name: third
              to:
                topics:
                  out:
                    partitions_count: abc
            - type: streams-app
              name: fine
            """);
        var aggregate = Assert.IsType<KPopsAggregateException>(e);
        Assert.Equal([ErrorIds.InvalidFieldType, ErrorIds.UnknownComponentType, ErrorIds.InvalidFieldType], aggregate.Errors.Select(x => x.ErrorId));
        Assert.Equal([3, 4, 11], aggregate.Errors.Select(x => x.Location!.Line));
        Assert.StartsWith("3 problems:", aggregate.Message);
        Assert.Equal(ErrorIds.InvalidFieldType, aggregate.ErrorId);
    }

    [Fact]
    public void Problems_of_one_component_are_reported_together()
    {
        var e = Fail("""
            - type: streams-app
              name: app
              values:
                imagePullPolicy: Sometimes
                imageTag: "a b"
              to:
                topic: {}
            """);
        var aggregate = Assert.IsType<KPopsAggregateException>(e);
        Assert.Equal(3, aggregate.Errors.Count);
        Assert.All(aggregate.Errors, x => Assert.StartsWith("streams-app 'app':", x.Message));
        Assert.Equal([4, 5, 7], aggregate.Errors.Select(x => x.Location!.Line).Order());
    }

    [Fact]
    public void Reference_to_a_component_that_failed_is_not_reported_twice()
    {
        var e = Fail("""
            - type: producer-app
              name: broken
              enabled: maybe
            - type: streams-app
              name: reader
              from:
                components:
                  broken: {}
            """);
        Assert.Equal(ErrorIds.InvalidFieldType, e.ErrorId);
        Assert.IsNotType<KPopsAggregateException>(e);
    }

    [Fact]
    public void Each_pipeline_of_several_fails_on_its_own()
    {
        _ws.Write("pipelines/good/pipeline.yaml", "- type: streams-app\n  name: app\n");
        _ws.Write("pipelines/bad/pipeline.yaml", "- type: streams-ap\n  name: app\n");
        var results = KPops.Engine.Loading.PipelineLoader.Load(_ws.Request(["pipelines"]));
        Assert.Equal(2, results.Count);
        var bad = results.Single(r => r.FilePath.Contains("/bad/", StringComparison.Ordinal));
        var good = results.Single(r => r.FilePath.Contains("/good/", StringComparison.Ordinal));
        Assert.Equal(ErrorIds.UnknownComponentType, bad.Error!.ErrorId);
        Assert.Null(bad.Pipeline);
        Assert.NotNull(good.Pipeline);
        Assert.Null(good.Error);
    }

    [Fact]
    public void Full_message_shows_location_message_and_hint()
    {
        var e = Fail("- type: streams-ap\n  name: app\n");
        Assert.StartsWith($"{PipelineFile}:1:9: Unknown component type 'streams-ap'. Did you mean 'streams-app'?", e.FullMessage);
    }

    [Fact]
    public void Yaml_reader_locations_are_what_errors_report()
    {
        var root = (YSeq)YamlReader.Read("- type: x\n", "f.yaml")!;
        Assert.Equal(new SourceLocation("f.yaml", 1, 9), ((YMap)root.Items[0])["type"].Location);
    }
}
