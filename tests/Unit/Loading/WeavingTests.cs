using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>Automatic weaving and <c>from.components</c> (§1.3 step 6, §3.4).</summary>
public sealed class WeavingTests : IDisposable
{
    private const string Producer = """
        - type: producer-app
          name: producer
          to:
            topics:
              produced: {}
              produced-dlq-like: {label: side}

        """;

    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private IReadOnlyList<Component> Load(string yaml, ComponentTypeRegistry? registry = null) => _ws.LoadPipeline(yaml, registry: registry).Components;

    [Fact]
    public void Previous_components_unlabeled_non_error_outputs_become_inputs()
    {
        var components = Load("""
            - type: streams-app
              name: first
              to:
                topics:
                  out: {}
                  err: {type: error}
                  side: {label: extra}
            - type: streams-app
              name: second
            """);
        Assert.Equal(["out"], components[1].InputTopics);
        Assert.Empty(components[1].LabeledInputTopics);
    }

    [Fact]
    public void Woven_topics_are_appended_to_input_topics_already_in_values()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: app
              values:
                kafka:
                  inputTopics: [existing]
            """);
        Assert.Equal(["existing", "produced"], components[1].InputTopics);
    }

    [Fact]
    public void Weaving_uses_only_the_directly_previous_component()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: middle
              to:
                topics:
                  middle-out: {}
            - type: streams-app
              name: last
            """);
        Assert.Equal(["middle-out"], components[2].InputTopics);
    }

    [Fact]
    public void First_component_gets_no_woven_inputs()
    {
        var components = Load("- type: streams-app\n  name: app\n");
        Assert.Empty(components[0].InputTopics);
    }

    [Fact]
    public void Previous_component_without_outputs_gives_nothing()
    {
        var components = Load("""
            - type: consumer-app
              name: consumer
              from:
                topics:
                  in: {}
            - type: streams-app
              name: app
            """);
        Assert.Empty(components[1].InputTopics);
    }

    [Fact]
    public void Sink_connector_reads_the_previous_output_but_not_its_error_topic()
    {
        var components = Load("""
            - type: streams-app
              name: app
              to:
                topics:
                  ${output_topic_name}: {}
                  ${error_topic_name}: {type: error}
            - type: kafka-sink-connector
              name: sink
              config:
                connector.class: com.example.Sink
            """);
        Assert.Equal("demo-app", components[1].Config!["topics"]);
        Assert.False(components[1].Config!.Contains("errors.deadletterqueue.topic.name"));
    }

    [Fact]
    public void From_section_with_only_topics_turns_weaving_off()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: app
              from:
                topics:
                  explicit: {}
            """);
        Assert.Equal(["explicit"], components[1].InputTopics);
    }

    [Fact]
    public void Empty_from_section_turns_weaving_off()
    {
        var components = Load(Producer + "- type: streams-app\n  name: app\n  from: {}\n");
        Assert.Empty(components[1].InputTopics);
    }

    [Fact]
    public void From_components_feeds_the_named_components_outputs_as_inputs()
    {
        var components = Load(Producer + """
            - type: producer-app
              name: other
              to:
                topics:
                  other-out: {}
            - type: streams-app
              name: app
              from:
                components:
                  producer: {}
            """);
        Assert.Equal(["produced"], components[2].InputTopics);
    }

    [Fact]
    public void From_components_with_a_label_gives_labeled_inputs()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: app
              from:
                components:
                  producer: {label: accounts}
            """);
        Assert.Equal(["produced"], components[1].LabeledInputTopics["accounts"]);
        Assert.Empty(components[1].InputTopics);
    }

    [Fact]
    public void From_components_with_type_pattern_gives_the_input_pattern()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: app
              from:
                components:
                  producer: {type: pattern}
            """);
        Assert.Equal("produced", components[1].InputPattern);
    }

    [Fact]
    public void From_components_and_topics_combine()
    {
        var components = Load(Producer + """
            - type: producer-app
              name: second-producer
              to:
                topics:
                  second: {}
            - type: streams-app
              name: app
              from:
                topics:
                  explicit: {}
                components:
                  producer: {type: input}
                  second-producer: {type: input}
            """);
        Assert.Equal(["explicit", "produced", "second"], components[2].InputTopics);
    }

    [Fact]
    public void From_components_referring_to_an_unknown_component_is_ComponentNotFound()
    {
        _ws.Write(Workspace.PipelinePath, Producer + """
            - type: streams-app
              name: app
              from:
                components:
                  nonexistent: {}
            """);
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.ComponentNotFound, e.ErrorId);
        Assert.Contains("Component nonexistent not found", e.Message);
        Assert.Equal(new SourceLocation(_ws.PathOf(Workspace.PipelinePath), 11, 7), e.Location);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void From_components_referring_to_a_later_component_is_ComponentNotFound()
    {
        _ws.Write(Workspace.PipelinePath, """
            - type: streams-app
              name: early
              from:
                components:
                  late: {}
            - type: producer-app
              name: late
              to:
                topics:
                  late-out: {}
            """);
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.ComponentNotFound, e.ErrorId);
        Assert.Contains("late", e.Message);
        Assert.Equal(5, e.Location!.Line);
    }

    [Fact]
    public void Source_connector_after_a_component_with_outputs_loads()
    {
        var components = Load(Producer + """
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
              to:
                topics:
                  source-out: {}
            - type: streams-app
              name: app
            """);
        Assert.Equal(3, components.Count);
        Assert.False(components[1].Config!.Contains("topics"));
        Assert.Equal(["source-out"], components[2].InputTopics);
    }

    [Fact]
    public void Source_connector_with_explicit_from_components_is_an_error()
    {
        var e = _ws.LoadError(Producer + """
            - type: kafka-source-connector
              name: source
              config:
                connector.class: com.example.Source
              from:
                components:
                  producer: {}
            """);
        Assert.Equal(ErrorIds.InvalidFromSection, e.ErrorId);
    }

    [Fact]
    public void Producer_after_a_component_with_outputs_gets_no_inputs()
    {
        var components = Load(Producer + "- type: producer-app\n  name: second\n");
        Assert.Empty(components[1].InputTopics);
        Assert.False(((System.Collections.IDictionary)components[1].Values!["kafka"]!).Contains("inputTopics"));
    }

    [Fact]
    public void Disabled_component_is_skipped_by_weaving()
    {
        var components = Load(Producer + """
            - type: streams-app
              name: disabled
              enabled: false
              to:
                topics:
                  disabled-out: {}
            - type: streams-app
              name: app
            """);
        Assert.Equal(["producer", "app"], components.Select(c => c.Name));
        Assert.Equal(["produced"], components[1].InputTopics);
    }

    [Fact]
    public void Disabled_component_cannot_be_referenced()
    {
        var e = _ws.LoadError("""
            - type: producer-app
              name: disabled
              enabled: false
              to:
                topics:
                  out: {}
            - type: streams-app
              name: app
              from:
                components:
                  disabled: {}
            """);
        Assert.Equal(ErrorIds.ComponentNotFound, e.ErrorId);
    }

    [Fact]
    public void From_components_reads_from_the_last_component_of_an_inflation()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("inflating-app", "streams-app", inflate: component =>
        [
            component,
            (YMap)YamlReader.Read($"""
                type: streams-app
                name: {component.Name}-follower
                to:
                  topics:
                    {component.Name}-follower-out: {"{}"}
                """, "inflate")!,
        ]);
        var components = Load("""
            - type: inflating-app
              name: base
              to:
                topics:
                  base-out: {}
            - type: streams-app
              name: reader
              from:
                components:
                  base: {}
            - type: streams-app
              name: woven
              from:
                topics:
                  x: {}
            """, registry);
        Assert.Equal(["base", "base-follower", "reader", "woven"], components.Select(c => c.Name));
        Assert.Equal(["base-out"], components[1].InputTopics);
        Assert.Equal(["base-follower-out"], components[2].InputTopics);
    }

    [Fact]
    public void Automatic_weaving_after_an_inflation_uses_its_last_component()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("inflating-app", "streams-app", inflate: component =>
        [
            component,
            (YMap)YamlReader.Read("type: producer-app\nname: extra\nto:\n  topics:\n    extra-out: {}\n", "inflate")!,
        ]);
        var components = Load("""
            - type: inflating-app
              name: base
              to:
                topics:
                  base-out: {}
            - type: streams-app
              name: next
            """, registry);
        Assert.Equal(["extra-out"], components[2].InputTopics);
    }

    [Fact]
    public void From_components_finds_a_component_created_by_inflation_by_its_own_name()
    {
        var registry = ComponentTypeRegistry.CreateDefault();
        registry.Register("inflating-app", "streams-app", inflate: component =>
        [
            component,
            (YMap)YamlReader.Read($"""
                type: streams-app
                name: {component.Name}-middle
                to:
                  topics:
                    middle-out: {"{}"}
                """, "inflate")!,
            (YMap)YamlReader.Read($"""
                type: streams-app
                name: {component.Name}-last
                to:
                  topics:
                    last-out: {"{}"}
                """, "inflate")!,
        ]);
        var components = Load("""
            - type: inflating-app
              name: base
            - type: streams-app
              name: reader
              from:
                components:
                  base-middle: {}
            """, registry);
        Assert.Equal(["middle-out"], components[3].InputTopics);
    }
}
