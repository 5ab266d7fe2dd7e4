using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>pipeline_&lt;env&gt;.yaml overrides and <c>enabled: false</c> (§1.3 step 6.3–6.4, §2.1).</summary>
public sealed class EnvironmentPipelineTests : IDisposable
{
    private const string EnvFile = "pipelines/demo/pipeline_production.yaml";

    private const string Base = """
        - type: producer-app
          name: data-producer
          to:
            topics:
              ${output_topic_name}: {}
        - type: streams-app
          name: word-count-app
          values:
            replicaCount: 1
            kafka:
              config:
                max.poll.records: 10
          to:
            topics:
              ${output_topic_name}: {}
        - type: kafka-sink-connector
          name: redis-sink-connector
          config:
            connector.class: com.example.RedisSink
        """;

    private readonly Workspace _ws = new();

    public EnvironmentPipelineTests() => _ws.Write(Workspace.PipelinePath, Base);

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Entry_matched_by_name_is_deep_merged_over_the_component()
    {
        _ws.Write(EnvFile, """
            - type: streams-app
              name: word-count-app
              values:
                replicaCount: 3
            """);
        var app = _ws.Load(environment: "production").Find("word-count-app")!;
        Assert.Equal(3L, app.Values!["replicaCount"]);
        var kafka = (System.Collections.IDictionary)app.Values!["kafka"]!;
        Assert.Equal(10L, ((System.Collections.IDictionary)kafka["config"]!)["max.poll.records"]);
        Assert.Equal(["demo-data-producer"], app.InputTopics);
        Assert.Equal("demo-word-count-app", app.OutputTopic);
    }

    [Fact]
    public void Environment_file_is_only_used_for_its_environment()
    {
        _ws.Write(EnvFile, "- type: streams-app\n  name: word-count-app\n  values:\n    replicaCount: 3\n");
        Assert.Equal(1L, _ws.Load().Find("word-count-app")!.Values!["replicaCount"]);
        Assert.Equal(1L, _ws.Load(environment: "development").Find("word-count-app")!.Values!["replicaCount"]);
    }

    [Fact]
    public void Enabled_false_in_the_environment_file_removes_the_component()
    {
        _ws.Write(EnvFile, "- type: kafka-sink-connector\n  name: redis-sink-connector\n  enabled: false\n");
        var pipeline = _ws.Load(environment: "production");
        Assert.Equal(["data-producer", "word-count-app"], pipeline.Components.Select(c => c.Name));
        Assert.Equal(3, _ws.Load().Components.Count);
    }

    [Fact]
    public void Component_disabled_for_an_environment_cannot_be_referenced()
    {
        _ws.Write(Workspace.PipelinePath, Base + """

            - type: streams-app
              name: reader
              from:
                components:
                  word-count-app: {}
            """);
        _ws.Write(EnvFile, "- type: streams-app\n  name: word-count-app\n  enabled: false\n");
        Assert.Equal(ErrorIds.ComponentNotFound, _ws.LoadFailure(environment: "production").ErrorId);
    }

    [Fact]
    public void Environment_entry_can_change_a_topic_setting()
    {
        _ws.Write(EnvFile, """
            - type: streams-app
              name: word-count-app
              to:
                topics:
                  ${output_topic_name}:
                    partitions_count: 12
            """);
        var app = _ws.Load(environment: "production").Find("word-count-app")!;
        var topic = Assert.Single(app.Topics);
        Assert.Equal("demo-word-count-app", topic.Name);
        Assert.Equal(12, topic.PartitionsCount);
    }

    [Fact]
    public void Environment_entry_keys_come_first_so_a_new_topic_does_not_replace_the_last_output_topic()
    {
        // kpops merges the enriched component under the entry (update_nested_pair(entry, component)): the entry's
        // keys keep their place in front, and the outputs are applied again in that order, the last one winning.
        _ws.Write(EnvFile, """
            - type: streams-app
              name: word-count-app
              to:
                topics:
                  ${output_topic_name}-prod: {}
            """);
        var app = _ws.Load(environment: "production").Find("word-count-app")!;
        Assert.Equal(["demo-word-count-app-prod", "demo-word-count-app"], app.Topics.Select(t => t.Name));
        Assert.Equal("demo-word-count-app", app.OutputTopic);
    }

    [Fact]
    public void Environment_entries_for_unknown_names_are_ignored()
    {
        _ws.Write(EnvFile, "- type: streams-app\n  name: not-in-pipeline\n  values:\n    replicaCount: 3\n");
        Assert.Equal(3, _ws.Load(environment: "production").Components.Count);
    }

    [Fact]
    public void Environment_variable_is_substituted_in_the_environment_file()
    {
        _ws.Env["REPLICAS"] = "5";
        _ws.Write(EnvFile, "- type: streams-app\n  name: word-count-app\n  values:\n    replicaCount: ${REPLICAS}\n    stage: ${environment}\n");
        var app = _ws.Load(environment: "production").Find("word-count-app")!;
        Assert.Equal(5L, app.Values!["replicaCount"]);
        Assert.Equal("production", app.Values!["stage"]);
    }

    [Fact]
    public void Type_mismatch_is_an_error_at_the_environment_entry()
    {
        _ws.Write(EnvFile, "- type: producer-app\n  name: word-count-app\n  values:\n    replicaCount: 3\n");
        var e = _ws.LoadFailure(environment: "production");
        Assert.Equal(ErrorIds.EnvironmentPipelineInvalid, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf(EnvFile), 1, 9), e.Location);
        Assert.Contains("streams-app", e.Message);
        Assert.Contains("same type", e.Hint);
    }

    [Fact]
    public void Entry_without_name_is_an_error()
    {
        _ws.Write(EnvFile, "- type: streams-app\n  values:\n    replicaCount: 3\n");
        var e = _ws.LoadFailure(environment: "production");
        Assert.Equal(ErrorIds.EnvironmentPipelineInvalid, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf(EnvFile), 1, 3), e.Location);
        Assert.Contains("`name`", e.Message);
    }

    [Fact]
    public void Entry_without_type_is_an_error()
    {
        _ws.Write(EnvFile, "- name: word-count-app\n  values:\n    replicaCount: 3\n");
        Assert.Equal(ErrorIds.EnvironmentPipelineInvalid, _ws.LoadFailure(environment: "production").ErrorId);
    }

    [Fact]
    public void Environment_file_that_is_not_a_list_is_an_error()
    {
        _ws.Write(EnvFile, "word-count-app:\n  replicaCount: 3\n");
        var e = _ws.LoadFailure(environment: "production");
        Assert.Equal(ErrorIds.EnvironmentPipelineInvalid, e.ErrorId);
        Assert.Equal(_ws.PathOf(EnvFile), e.Location!.File);
    }

    [Fact]
    public void Invalid_value_from_the_environment_entry_is_reported()
    {
        _ws.Write(EnvFile, "- type: streams-app\n  name: word-count-app\n  values:\n    imageTag: \"bad tag\"\n");
        var e = _ws.LoadFailure(environment: "production");
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        Assert.Equal(new SourceLocation(_ws.PathOf(EnvFile), 4, 15), e.Location);
    }

    [Fact]
    public void Enabled_false_in_pipeline_yaml_removes_the_component()
    {
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: disabled-app\n  enabled: false\n- type: streams-app\n  name: enabled-app\n");
        Assert.Equal(["enabled-app"], _ws.Load().Components.Select(c => c.Name));
    }

    [Fact]
    public void Enabled_from_defaults_removes_the_component()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\nkafka-sink-connector:\n  enabled: false\n");
        Assert.Equal(["data-producer", "word-count-app"], _ws.Load().Components.Select(c => c.Name));
    }

    [Fact]
    public void Environment_entry_can_enable_a_component_disabled_in_pipeline_yaml()
    {
        _ws.Write(Workspace.PipelinePath, "- type: streams-app\n  name: app\n  enabled: false\n");
        _ws.Write(EnvFile, "- type: streams-app\n  name: app\n  enabled: true\n");
        Assert.Single(_ws.Load(environment: "production").Components);
        Assert.Empty(_ws.Load().Components);
    }
}
