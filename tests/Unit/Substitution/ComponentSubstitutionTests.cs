using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Substitution;

/// <summary>Substitution of a component after its defaults were merged (kpops' substitute_in_component).</summary>
public sealed class ComponentSubstitutionTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private Component HelmApp(string values, string extra = "") => _ws.LoadSingle($"""
        - type: helm-app
          name: app
          chart: repo/chart
        {extra}
          values:
        {values}
        """);

    private static object? Value(Component c, string key) => c.Values![key];

    [Fact]
    public void Component_fields_are_available_as_component_placeholders()
    {
        var c = HelmApp("""
                who: ${component.name}
                kind: ${component.type}
                ns: ${component.namespace}
                chart: ${component.chart}
            """);
        Assert.Equal("app", Value(c, "who"));
        Assert.Equal("helm-app", Value(c, "kind"));
        Assert.Equal("test-ns", Value(c, "ns"));
        Assert.Equal("repo/chart", Value(c, "chart"));
    }

    [Fact]
    public void Model_defaults_are_visible_before_substitution()
    {
        var c = HelmApp("    prefix: ${component.prefix}\n    enabled: ${component.enabled}");
        Assert.Equal("demo-", Value(c, "prefix"));
        Assert.Equal("True", Value(c, "enabled"));
    }

    [Fact]
    public void Nested_component_placeholder_resolves()
    {
        var c = HelmApp("""
                labels:
                  app: chosen-by-name
                picked: ${component.values.labels.${component.name}}
            """);
        Assert.Equal("chosen-by-name", Value(c, "picked"));
    }

    [Fact]
    public void Nested_placeholder_can_name_a_key_that_is_itself_substituted()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("filter", "streams-app");
        var pipeline = _ws.LoadPipeline("""
            - type: filter
              name: filter-app
              values:
                labels:
                  app_type: "${component.type}"
                  app_name: "${component.name}"
                  ${component.type}: "${component.values.labels.app_name}-${component.values.labels.app_type}"
                  test_placeholder_in_placeholder: "${component.values.labels.${component.type}}"
            """, registry: registry);
        var labels = (System.Collections.IDictionary)Assert.Single(pipeline.Components).Values!["labels"]!;
        Assert.Equal("filter", labels["app_type"]);
        Assert.Equal("filter-app-filter", labels["filter"]);
        Assert.Equal("filter-app-filter", labels["test_placeholder_in_placeholder"]);
    }

    [Fact]
    public void Hyphenated_key_cannot_be_reached_by_a_nested_placeholder()
    {
        var c = HelmApp("""
                labels:
                  helm-app: unreachable
                picked: ${component.values.labels.${component.type}}
            """);
        Assert.Equal("${component.values.labels.helm-app}", Value(c, "picked"));
    }

    [Fact]
    public void Placeholder_in_a_value_that_refers_to_another_placeholder_resolves()
    {
        var c = HelmApp("""
                first: ${component.values.second}
                second: ${component.name}-x
            """);
        Assert.Equal("app-x", Value(c, "first"));
    }

    [Fact]
    public void Booleans_numbers_and_lists_are_inserted_as_python_prints_them()
    {
        var c = HelmApp("""
                flag: true
                count: 3
                list: [a, b]
                text: "${component.values.flag}/${component.values.count}/${component.values.list}"
            """);
        Assert.Equal("True/3/['a', 'b']", Value(c, "text"));
        Assert.Equal(true, Value(c, "flag"));
        Assert.Equal(3L, Value(c, "count"));
    }

    [Fact]
    public void Whole_placeholder_of_a_number_stays_a_string_in_component_substitution()
    {
        var c = HelmApp("    count: 3\n    copy: ${component.values.count}");
        Assert.Equal("3", Value(c, "copy"));
    }

    [Fact]
    public void Placeholders_in_keys_are_substituted()
    {
        var c = HelmApp("    ${component.name}-key: v");
        Assert.Equal("v", Value(c, "app-key"));
    }

    [Fact]
    public void Substitution_loop_between_fields_is_a_SubstitutionLoop_error_at_the_value()
    {
        _ws.Write(Workspace.PipelinePath, """
            - type: helm-app
              name: app
              chart: repo/chart
              values:
                a: ${component.values.b}
                b: ${component.values.a}
            """);
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.SubstitutionLoop, e.ErrorId);
        Assert.Equal(_ws.PathOf(Workspace.PipelinePath), e.Location!.File);
        Assert.Equal(5, e.Location.Line);
        Assert.Contains("infinite loop", e.Message);
    }

    [Fact]
    public void Self_growing_value_is_a_SubstitutionLoop_error()
    {
        _ws.Write(Workspace.PipelinePath, """
            - type: helm-app
              name: app
              chart: repo/chart
              values:
                a: x${component.values.a}
            """);
        Assert.Equal(ErrorIds.SubstitutionLoop, _ws.LoadFailure().ErrorId);
    }

    [Fact]
    public void Unknown_placeholders_stay_in_the_output()
    {
        var c = HelmApp("    ns: ${NAMESPACE}\n    other: $UNSET_VAR/x");
        Assert.Equal("${NAMESPACE}", Value(c, "ns"));
        Assert.Equal("$UNSET_VAR/x", Value(c, "other"));
    }

    [Fact]
    public void Double_dollar_is_an_escaped_dollar()
    {
        var c = HelmApp("    cost: 5$$");
        Assert.Equal("5$", Value(c, "cost"));
    }

    [Fact]
    public void Hyphenated_braced_name_is_never_substituted()
    {
        _ws.Env["my-var"] = "hyphen";
        var c = HelmApp("    v: ${my-var}");
        Assert.Equal("${my-var}", Value(c, "v"));
    }

    [Fact]
    public void Output_and_error_topic_name_aliases_use_the_topic_name_config()
    {
        var c = HelmApp("    out: ${output_topic_name}\n    err: ${error_topic_name}");
        Assert.Equal("demo-app", Value(c, "out"));
        Assert.Equal("demo-app-error", Value(c, "err"));
    }

    [Fact]
    public void Custom_topic_name_config_feeds_the_aliases()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + """

            topic_name_config:
              default_output_topic_name: ${pipeline.name}-${component.name}-topic
              default_error_topic_name: ${pipeline.name}-${component.name}-dead-letter-topic
            """);
        var c = HelmApp("    out: ${output_topic_name}\n    err: ${error_topic_name}");
        Assert.Equal("demo-app-topic", Value(c, "out"));
        Assert.Equal("demo-app-dead-letter-topic", Value(c, "err"));
    }

    [Fact]
    public void Topic_names_ignore_the_prefix()
    {
        var c = HelmApp("    out: ${output_topic_name}", extra: "  prefix: custom-");
        Assert.Equal("demo-app", Value(c, "out"));
        Assert.Equal("custom-app", c.FullName);
    }

    [Fact]
    public void Config_values_are_available_as_config_placeholders()
    {
        var c = HelmApp("    brokers: ${config.kafka_brokers}\n    sr: ${config.schema_registry.url}\n    enabled: ${config.schema_registry.enabled}");
        Assert.Equal("broker:9092", Value(c, "brokers"));
        Assert.Equal("http://localhost:8081/", Value(c, "sr"));
        Assert.Equal("False", Value(c, "enabled"));
    }

    [Fact]
    public void Schema_registry_url_gets_a_trailing_slash()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + "\nschema_registry:\n  url: http://schema-registry.kafka:8081\n");
        var c = HelmApp("    sr: ${config.schema_registry.url}");
        Assert.Equal("http://schema-registry.kafka:8081/", Value(c, "sr"));
    }

    [Fact]
    public void Url_with_a_path_is_not_changed()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + "\nschema_registry:\n  url: http://proxy:80/registry\n");
        var c = HelmApp("    sr: ${config.schema_registry.url}");
        Assert.Equal("http://proxy:80/registry", Value(c, "sr"));
    }

    [Fact]
    public void Environment_variables_are_available()
    {
        _ws.Env["TEAM"] = "data";
        var c = HelmApp("    team: ${TEAM}\n    bare: $TEAM");
        Assert.Equal("data", Value(c, "team"));
        Assert.Equal("data", Value(c, "bare"));
    }

    [Fact]
    public void Component_fields_win_over_environment_variables_of_the_same_name()
    {
        // ${component.name} only appears while the component is substituted (it comes from the topic name
        // template), so the file-level pass with the environment cannot take it first.
        _ws.Env["component__name"] = "from-env";
        var c = HelmApp("    o: ${output_topic_name}");
        Assert.Equal("demo-app", Value(c, "o"));
    }

    [Fact]
    public void Config_wins_over_environment_variables_of_the_same_name()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + "\ntopic_name_config:\n  default_output_topic_name: ${config.kafka_brokers}-${component.name}\n");
        _ws.Env["config__kafka_brokers"] = "from-env";
        var c = HelmApp("    o: ${output_topic_name}");
        Assert.Equal("broker:9092-app", Value(c, "o"));
    }

    [Fact]
    public void Environment_is_substituted_first_when_the_file_is_read()
    {
        // Pass one (file text with the environment) runs before the component is known, as in kpops.
        _ws.Env["component__name"] = "from-env";
        var c = HelmApp("    n: ${component.name}");
        Assert.Equal("from-env", Value(c, "n"));
    }

    [Fact]
    public void Environment_is_substituted_into_the_file_text_before_parsing_so_plain_values_get_their_type()
    {
        _ws.Env["REPLICAS"] = "3";
        _ws.Env["DEBUG"] = "yes";
        var c = HelmApp("    replicas: ${REPLICAS}\n    quoted: \"${REPLICAS}\"\n    debug: $DEBUG");
        Assert.Equal(3L, Value(c, "replicas"));
        Assert.Equal("3", Value(c, "quoted"));
        Assert.Equal(true, Value(c, "debug"));
    }

    [Fact]
    public void Environment_is_substituted_in_defaults_files()
    {
        _ws.Env["NAMESPACE"] = "from-env";
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: ${NAMESPACE}\n");
        var c = HelmApp("    x: 1");
        Assert.Equal("from-env", c.Namespace);
    }

    [Fact]
    public void Unset_variable_in_defaults_stays_literal()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: ns\n  values:\n    owner: ${OWNER}\n");
        var c = HelmApp("    x: 1");
        Assert.Equal("${OWNER}", Value(c, "owner"));
    }

    [Fact]
    public void Substituted_value_with_quotes_is_inserted_as_text_not_spliced_into_structure()
    {
        _ws.Env["QUOTED"] = "say \"hi\", 'there'";
        var c = HelmApp("    text: \"${QUOTED}\"");
        Assert.Equal("say \"hi\", 'there'", Value(c, "text"));
    }

    [Fact]
    public void Placeholders_in_defaults_refer_to_the_component_that_uses_them()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\nhelm-app:\n  values:\n    label: ${component.name}-label\n");
        var pipeline = _ws.LoadPipeline("""
            - type: helm-app
              name: one
              chart: c/c
            - type: helm-app
              name: two
              chart: c/c
            """);
        Assert.Equal(["one-label", "two-label"], pipeline.Components.Select(c => (string)c.Values!["label"]!));
    }

    [Fact]
    public void Name_may_come_from_defaults_through_a_placeholder()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\npipeline-component:\n  name: ${component.type}\n");
        var pipeline = _ws.LoadPipeline("""
            - type: helm-app
              chart: c/c
            """);
        Assert.Equal("helm-app", Assert.Single(pipeline.Components).Name);
    }

    [Fact]
    public void Component_placeholders_use_the_field_names_even_for_values_written_with_an_alias()
    {
        var c = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                kafka:
                  application_id: my-app-id
                labels:
                  by-alias: ${component.values.kafka.applicationId}
                  by-input-name: ${component.values.kafka.application_id}
            """);
        var labels = (System.Collections.IDictionary)c.Values!["labels"]!;
        Assert.Equal("my-app-id", labels["by-alias"]);
        Assert.Equal("${component.values.kafka.application_id}", labels["by-input-name"]);
        Assert.Equal("my-app-id", ((System.Collections.IDictionary)c.Values!["kafka"]!)["applicationId"]);
    }

    [Fact]
    public void Connector_config_keys_with_dots_are_reachable()
    {
        var c = _ws.LoadSingle("""
            - type: kafka-sink-connector
              name: sink
              config:
                connector_class: com.example.Sink
                description: ${component.config.connector.class} for ${component.name}
            """);
        Assert.Equal("com.example.Sink for sink", c.Config!["description"]);
    }
}
