using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Generate;

/// <summary>Output details of single components: generate (§5.1) and the Helm values file (§6.1).</summary>
public sealed class ComponentOutputTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static YMap Generated(KPops.Engine.Model.Component component) =>
        (YMap)((YSeq)YamlReader.Read(component.ToYaml(), "g.yaml")!).Items[0];

    [Fact]
    public void Snake_case_values_are_printed_with_their_camel_case_names()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                image_tag: "2.0"
                stateful_set: true
                kafka:
                  application_id: my-id
                  input_topics: [a]
            """);
        var values = (YMap)Generated(component)["values"];
        Assert.Equal("2.0", ((YScalar)values["imageTag"]).Value);
        Assert.Equal(true, ((YScalar)values["statefulSet"]).Value);
        Assert.False(values.ContainsKey("image_tag"));
        var kafka = (YMap)values["kafka"];
        Assert.Equal("my-id", ((YScalar)kafka["applicationId"]).Value);
        Assert.True(kafka.ContainsKey("inputTopics"));
    }

    [Fact]
    public void Helm_values_leave_out_defaults_and_nulls_and_fill_in_the_name_overrides()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                replicaCount: 2
                tolerations: null
                kafka:
                  config:
                    max.poll.records: 10
              to:
                topics:
                  out: {}
            """);
        YamlAssert.Equivalent("""
            image: registry/app
            imageTag: 1.0.0
            kafka:
              bootstrapServers: broker:9092
              outputTopic: out
              config:
                max.poll.records: 10
            replicaCount: 2
            nameOverride: demo-app
            fullnameOverride: demo-app
            """, YamlWriter.Write(component.HelmValues()));
    }

    [Fact]
    public void Helm_values_of_a_cron_producer_use_the_52_character_override()
    {
        var component = _ws.LoadSingle($"- type: producer-app\n  name: {new string('p', 60)}\n  values:\n    schedule: \"@daily\"\n");
        var values = component.HelmValues();
        Assert.Equal(52, ((YScalar)values["nameOverride"]).AsString!.Length);
        Assert.Equal(((YScalar)values["nameOverride"]).Value, ((YScalar)values["fullnameOverride"]).Value);
    }

    [Fact]
    public void Generate_is_a_one_item_yaml_list_with_type_first()
    {
        var yaml = _ws.LoadSingle("- type: helm-app\n  name: app\n  chart: c/c\n").ToYaml();
        Assert.StartsWith("- type: helm-app\n  name: app\n", yaml);
    }

    [Fact]
    public void Multi_line_values_are_printed_as_literal_blocks()
    {
        var yaml = _ws.LoadSingle("- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    script: |\n      echo one\n      echo two\n").ToYaml();
        Assert.Contains("script: |", yaml);
        Assert.Contains("      echo one\n      echo two\n", yaml);
    }

    [Fact]
    public void Strings_that_look_like_numbers_are_quoted_in_the_output()
    {
        var yaml = _ws.LoadSingle("- type: helm-app\n  name: app\n  chart: c/c\n  values:\n    tag: \"017\"\n    flag: \"on\"\n").ToYaml();
        Assert.Contains("tag: '017'", yaml);
        Assert.Contains("flag: 'on'", yaml);
    }
}
