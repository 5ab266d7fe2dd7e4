using KPops.Engine.Model;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Naming;

/// <summary>prefix, full_name and the names derived from it on components (§4.4).</summary>
public sealed class ComponentNamesTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Default_prefix_is_the_pipeline_name_and_name_stays_unchanged()
    {
        var c = _ws.LoadSingle("- type: streams-app\n  name: app\n");
        Assert.Equal("app", c.Name);
        Assert.Equal("demo-", c.Prefix);
        Assert.Equal("demo-app", c.FullName);
        Assert.Equal("demo-app", c.HelmReleaseName);
        Assert.Equal("demo-app", c.HelmNameOverride);
        Assert.Equal("demo-app-clean", c.CleanupReleaseName);
    }

    [Fact]
    public void Empty_prefix_switches_prefixing_off_but_not_the_topic_name()
    {
        var c = _ws.LoadSingle("- type: streams-app\n  name: app\n  prefix: \"\"\n  to:\n    topics:\n      ${output_topic_name}: {}\n");
        Assert.Equal("app", c.FullName);
        Assert.Equal("app", c.HelmReleaseName);
        Assert.Equal("demo-app", c.OutputTopic);
    }

    [Fact]
    public void Explicit_prefix_is_used_as_is()
    {
        var c = _ws.LoadSingle("- type: helm-app\n  name: app\n  chart: c/c\n  prefix: team-a-\n");
        Assert.Equal("team-a-app", c.FullName);
    }

    [Fact]
    public void Long_full_name_gets_a_hashed_release_name_but_fits_the_name_override()
    {
        var name = "x" + new string('y', 54);   // demo- + 55 = 60 characters
        var c = _ws.LoadSingle($"- type: streams-app\n  name: {name}\n");
        Assert.Equal(60, c.FullName.Length);
        Assert.Equal(53, c.HelmReleaseName!.Length);
        Assert.Equal(c.FullName, c.HelmNameOverride);
        Assert.EndsWith("-clean", c.CleanupReleaseName);
        Assert.Equal(53, c.CleanupReleaseName!.Length);
    }

    [Fact]
    public void Name_override_is_trimmed_to_63_characters()
    {
        var name = new string('z', 70);
        var c = _ws.LoadSingle($"- type: streams-app\n  name: {name}\n");
        Assert.Equal(63, c.HelmNameOverride!.Length);
    }

    [Fact]
    public void Cron_producer_name_override_is_trimmed_to_52()
    {
        var name = new string('p', 55);
        var c = _ws.LoadSingle($"- type: producer-app\n  name: {name}\n  values:\n    schedule: \"30 3 * * *\"\n");
        Assert.True(c.IsCronJob);
        Assert.Equal(52, c.HelmNameOverride!.Length);
        Assert.Equal(53, c.HelmReleaseName!.Length);
    }

    [Fact]
    public void Producer_with_schedule_deployed_as_deployment_is_not_a_cron_job()
    {
        var name = new string('p', 55);
        var c = _ws.LoadSingle($"- type: producer-app\n  name: {name}\n  values:\n    schedule: \"30 3 * * *\"\n    deployment: true\n");
        Assert.False(c.IsCronJob);
        Assert.Equal(c.FullName, c.HelmNameOverride);
    }

    [Fact]
    public void Helm_values_get_name_overrides_unless_given()
    {
        var pipeline = _ws.LoadPipeline("""
            - type: streams-app
              name: plain
            - type: streams-app
              name: given
              values:
                nameOverride: custom
            """);
        var plain = pipeline.Components[0].HelmValues();
        Assert.Equal("demo-plain", ((KPops.Engine.Yaml.YScalar)plain["nameOverride"]).Value);
        Assert.Equal("demo-plain", ((KPops.Engine.Yaml.YScalar)plain["fullnameOverride"]).Value);
        var given = pipeline.Components[1].HelmValues();
        Assert.Equal("custom", ((KPops.Engine.Yaml.YScalar)given["nameOverride"]).Value);
        Assert.Equal("demo-given", ((KPops.Engine.Yaml.YScalar)given["fullnameOverride"]).Value);
    }

    [Fact]
    public void Connector_name_is_prefix_and_name_without_trimming()
    {
        var name = new string('c', 70);
        Component c = _ws.LoadSingle($"- type: kafka-sink-connector\n  name: {name}\n  config:\n    connector.class: com.example.Sink\n");
        Assert.Equal("demo-" + name, c.Config!["name"]);
        Assert.Null(c.HelmReleaseName);
        Assert.Null(c.CleanupReleaseName);
    }

    [Fact]
    public void Helm_app_has_no_cleanup_release()
    {
        var c = _ws.LoadSingle("- type: helm-app\n  name: app\n  chart: c/c\n");
        Assert.Null(c.CleanupReleaseName);
        Assert.Equal("demo-app", c.HelmReleaseName);
    }
}
