using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Generate;

/// <summary>
/// Empty lists and mappings: what KPOps keeps (plain defaults, free-form values the user wrote, the model defaults of
/// typed values such as affinity requirements) and what it drops (empty optional collections in generate, values
/// equal to their defaults in Helm values).
/// </summary>
public sealed class EmptyCollectionTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static YMap Generated(Component component) => (YMap)((YSeq)YamlReader.Read(component.ToYaml(), "generated.yaml")!).Items[0];

    private static YNode? At(YNode? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => (node as YMap)?.Get(key),
                int index => node is YSeq seq && index < seq.Items.Count ? seq.Items[index] : null,
                _ => null,
            };
        }
        return node;
    }

    private Component LoadAffinity(string requirement) => _ws.LoadSingle($$"""
        - type: streams-app
          name: app
          values:
            affinity:
              nodeAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 1
                    preference:
                      matchExpressions:
                        - {{requirement}}
        """);

    private static YNode? FirstRequirement(YNode values) =>
        At(values, "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", 0, "preference", "matchExpressions", 0);

    [Fact]
    public void A_node_selector_requirement_without_values_is_printed_with_empty_values()
    {
        var component = LoadAffinity("{key: disk, operator: Exists}");
        Assert.True(At(FirstRequirement(Generated(component)["values"]), "values") is YSeq { Items.Count: 0 });
    }

    [Fact]
    public void A_label_selector_requirement_without_values_is_printed_with_empty_values()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                affinity:
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: zone
                        labelSelector:
                          matchExpressions:
                            - {key: app, operator: DoesNotExist}
            """);
        var requirement = At(Generated(component), "values", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", 0, "labelSelector", "matchExpressions", 0);
        Assert.True(At(requirement, "values") is YSeq { Items.Count: 0 });
    }

    [Fact]
    public void Empty_requirement_values_equal_the_default_and_are_left_out_of_the_Helm_values()
    {
        var component = LoadAffinity("{key: disk, operator: Exists, values: []}");
        var requirement = (YMap)FirstRequirement(component.HelmValues())!;
        Assert.False(requirement.ContainsKey("values"));
        Assert.Equal("Exists", ((YScalar)requirement["operator"]).Value);
    }

    [Fact]
    public void Snake_case_affinity_keys_are_printed_camel_case()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                affinity:
                  node_affinity:
                    required_during_scheduling_ignored_during_execution:
                      node_selector_terms:
                        - match_expressions:
                            - {key: zone, operator: In, values: [a]}
            """);
        var terms = At(Generated(component), "values", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", 0, "matchExpressions", 0, "values", 0);
        Assert.Equal("a", ((YScalar)terms!).Value);
    }

    [Theory]
    [InlineData("{key: zone, operator: In}")]
    [InlineData("{key: zone, operator: Exists, values: [a]}")]
    [InlineData("{key: size, operator: Gt, values: ['1', '2']}")]
    public void Operator_and_values_must_fit_together(string requirement)
    {
        _ws.Write(Workspace.PipelinePath, $$"""
            - type: streams-app
              name: app
              values:
                affinity:
                  nodeAffinity:
                    preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 1
                        preference:
                          matchExpressions:
                            - {{requirement}}
            """);
        var e = _ws.LoadFailure();
        Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
        Assert.Contains("values array", e.Message);
    }

    [Fact]
    public void Empty_collections_written_in_free_form_values_survive_defaults_substitution_and_generate()
    {
        _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + """

            streams-app:
              values:
                extra:
                  fromDefaults: []
                  mapFromDefaults: {}
            """);
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                extra:
                  written: []
                  writtenMap: {}
                  substituted: ["${component.name}"]
            """);
        var extra = At(Generated(component), "values", "extra");
        Assert.True(At(extra, "fromDefaults") is YSeq { Items.Count: 0 });
        Assert.True(At(extra, "mapFromDefaults") is YMap { Count: 0 });
        Assert.True(At(extra, "written") is YSeq { Items.Count: 0 });
        Assert.True(At(extra, "writtenMap") is YMap { Count: 0 });
        Assert.Equal("app", ((YScalar)At(extra, "substituted", 0)!).Value);
    }

    [Fact]
    public void Empty_collections_written_in_free_form_values_reach_the_Helm_values()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                extra:
                  written: []
                  writtenMap: {}
            """);
        var extra = component.HelmValues().Get("extra");
        Assert.True(At(extra, "written") is YSeq { Items.Count: 0 });
        Assert.True(At(extra, "writtenMap") is YMap { Count: 0 });
    }

    [Fact]
    public void An_empty_optional_collection_is_left_out_of_generate()
    {
        var component = _ws.LoadSingle("""
            - type: streams-app
              name: app
              values:
                env: {}
                tolerations: []
            """);
        var values = (YMap)Generated(component)["values"];
        Assert.False(values.ContainsKey("env"));
        Assert.False(values.ContainsKey("tolerations"));
    }
}
