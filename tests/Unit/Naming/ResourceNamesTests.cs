using KPops.Engine.Naming;

namespace KPops.Tests.Unit.Naming;

/// <summary>KPOps' trim(): cut, dash, 5 hex digits of the SHA-1 of the whole name, suffix (§4.4).</summary>
public class ResourceNamesTests
{
    [Fact]
    public void Long_release_name_is_cut_and_hashed_exactly_as_kpops_does()
    {
        Assert.Equal("example-component-name-too-long-fake-fakefakefa-0a7fc",
            ResourceNames.HelmReleaseName("example-component-name-too-long-fake-fakefakefakefakefake"));
    }

    [Fact]
    public void Trimmed_name_is_exactly_the_maximum_length()
    {
        var name = new string('a', 100);
        Assert.Equal(53, ResourceNames.Trim(53, name).Length);
        Assert.Equal(63, ResourceNames.Trim(63, name).Length);
        Assert.Equal(52, ResourceNames.Trim(52, name).Length);
    }

    [Fact]
    public void Name_at_the_limit_is_unchanged_and_one_more_character_is_trimmed()
    {
        var atLimit = new string('n', 53);
        Assert.Equal(atLimit, ResourceNames.HelmReleaseName(atLimit));
        Assert.NotEqual(atLimit + "n", ResourceNames.HelmReleaseName(atLimit + "n"));
        Assert.Equal(53, ResourceNames.HelmReleaseName(atLimit + "n").Length);
    }

    [Fact]
    public void Short_names_are_unchanged()
    {
        Assert.Equal("demo-app", ResourceNames.HelmReleaseName("demo-app"));
        Assert.Equal("demo-app", ResourceNames.HelmNameOverride("demo-app", isCronJob: true));
    }

    [Fact]
    public void Name_override_is_trimmed_to_63_characters()
    {
        var fullName = "demo-" + new string('x', 60);
        Assert.Equal("demo-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-8d558", ResourceNames.HelmNameOverride(fullName, isCronJob: false));
    }

    [Fact]
    public void Cron_job_name_override_is_trimmed_to_52_characters()
    {
        var fullName = "resources-pipeline-folders-pipeline-3-" + new string('a', 30);
        Assert.Equal("resources-pipeline-folders-pipeline-3-aaaaaaaa-31420", ResourceNames.HelmNameOverride(fullName, isCronJob: true));
    }

    [Fact]
    public void Cleanup_release_keeps_the_clean_suffix_and_hashes_the_whole_name()
    {
        Assert.Equal("demo-test-streams-app-with-long-name-0123-81757-clean",
            ResourceNames.CleanupReleaseName("demo-test-streams-app-with-long-name-0123456789abcdefghijklmnop"));
        var cleanup = ResourceNames.CleanupReleaseName("demo-" + new string('x', 60));
        Assert.Equal("demo-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-7e131-clean", cleanup);
        Assert.Equal(53, cleanup.Length);
    }

    [Fact]
    public void Short_cleanup_release_is_the_full_name_with_clean()
    {
        Assert.Equal("demo-app-clean", ResourceNames.CleanupReleaseName("demo-app"));
    }

    [Fact]
    public void Cleanup_name_override_keeps_the_clean_suffix_within_63_characters()
    {
        Assert.Equal("demo-app-clean", ResourceNames.CleanupNameOverride("demo-app"));
        var trimmed = ResourceNames.CleanupNameOverride("demo-" + new string('s', 60));
        Assert.Equal("demo-ssssssssssssssssssssssssssssssssssssssssssssss-ac473-clean", trimmed);
        Assert.Equal(63, trimmed.Length);
    }

    [Fact]
    public void Suffix_longer_than_the_cut_leaves_only_hash_and_suffix()
    {
        var trimmed = ResourceNames.Trim(10, "abcdefghijklmnop", "-suffix");
        Assert.Equal(13, trimmed.Length);
        Assert.EndsWith("-suffix", trimmed);
        Assert.StartsWith("-", trimmed);
    }

    [Fact]
    public void Subjects_are_the_topic_with_key_or_value()
    {
        Assert.Equal("orders-key", ResourceNames.KeySubject("orders"));
        Assert.Equal("orders-value", ResourceNames.ValueSubject("orders"));
    }

    [Fact]
    public void The_group_of_a_sink_connector_is_connect_and_its_name()
    {
        Assert.Equal("connect-demo-sink", ResourceNames.SinkConnectorGroup("demo-sink"));
    }
}
