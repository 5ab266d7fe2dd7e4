using KPops.Engine.Diff;
using KPops.Engine.Lifecycle;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The one-line change summary of a step, read from the diff the step wrote.</summary>
public sealed class ChangeSummaryTests
{
    private static StepResult Step(ResourceKind kind, StepAction action, string? diff = null, string? message = null) => new()
    {
        Pipeline = "p",
        Component = "c",
        ComponentType = "streams-app",
        Operation = Operation.Deploy,
        Kind = kind,
        Resource = "r",
        Action = action,
        Diff = diff,
        Message = message,
    };

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: word-count
          namespace: demo
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - env:
                - name: A
                  value: "1"
                image: example/app:1.0.0
                name: app
        """;

    private static string Release(string current, string desired) =>
        ManifestDiff.Render(ManifestDiff.Compare(current, desired, []));

    [Fact]
    public void A_scalar_change_and_added_list_items_read_as_one_line()
    {
        var desired = Deployment.Replace("replicas: 1", "replicas: 2", StringComparison.Ordinal)
            .Replace("          value: \"1\"\n", "          value: \"1\"\n        - name: B\n          value: \"2\"\n        - name: C\n          value: \"3\"\n", StringComparison.Ordinal);
        Assert.Contains("name: C", desired, StringComparison.Ordinal);

        var summary = Step(ResourceKind.HelmRelease, StepAction.WouldUpdate, Release(Deployment, desired), "Helm release already exists.").Summary;

        Assert.Equal("~ replicas 1→2, +2 env", summary);
    }

    [Fact]
    public void Added_and_removed_resources_are_named()
    {
        const string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: word-count\n  namespace: demo\n";

        Assert.Equal("+ Service/word-count", Step(ResourceKind.HelmRelease, StepAction.WouldUpdate, Release(Deployment, Deployment + "\n---\n" + service)).Summary);
        Assert.Equal("- Service/word-count", Step(ResourceKind.HelmRelease, StepAction.Updated, Release(Deployment + "\n---\n" + service, Deployment)).Summary);
    }

    [Fact]
    public void A_new_release_counts_its_resources()
    {
        Assert.Equal("+ new release (1 resource)", Step(ResourceKind.HelmRelease, StepAction.WouldCreate, Release("", Deployment)).Summary);
    }

    [Fact]
    public void An_update_without_a_diff_says_why()
    {
        Assert.Equal("~ release", Step(ResourceKind.HelmRelease, StepAction.WouldUpdate).Summary);
        Assert.Equal("Helm release is failed; the upgrade would deploy it again",
            Step(ResourceKind.HelmRelease, StepAction.WouldUpdate, null, "Helm release is failed; the upgrade would deploy it again.").Summary);
    }

    [Fact]
    public void Topic_changes_read_as_partitions_and_configs_with_durations()
    {
        var diff = "~ partitions: 1 → 3\n" + ConfigDiff.Describe(
            new Dictionary<string, string> { ["retention.ms"] = "604800000", ["segment.bytes"] = "1000" },
            new Dictionary<string, string> { ["retention.ms"] = "259200000", ["cleanup.policy"] = "compact" },
            new Dictionary<string, string?> { ["segment.bytes"] = "1073741824", ["cleanup.policy"] = "delete" });

        Assert.Equal("+2 partitions, config: +cleanup.policy, retention.ms 7d→3d, -segment.bytes", Step(ResourceKind.Topic, StepAction.WouldUpdate, diff).Summary);
    }

    [Fact]
    public void A_new_topic_names_partitions_replication_and_counts_configs()
    {
        const string diff = "+ partitions: 3\n+ replication factor: 1 (broker default)\n+ cleanup.policy: compact\n";

        Assert.Equal("+ new topic, 3 partitions, replication 1, +1 config", Step(ResourceKind.Topic, StepAction.WouldCreate, diff).Summary);
    }

    [Fact]
    public void Masked_connector_values_stay_masked_in_the_summary()
    {
        var diff = ConfigDiff.Describe(new Dictionary<string, string> { ["connection.password"] = "old-S3cret", ["tasks.max"] = "1" },
            new Dictionary<string, string> { ["connection.password"] = "new-S3cret", ["tasks.max"] = "2" }, secretKeys: new HashSet<string> { "connection.password" });

        var summary = Step(ResourceKind.Connector, StepAction.WouldUpdate, diff).Summary;

        Assert.Equal("config: connection.password ***→***, tasks.max 1→2", summary);
        Assert.DoesNotContain("S3cret", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StepAction.Unchanged, "no change")]
    [InlineData(StepAction.WouldDelete, "- release")]
    [InlineData(StepAction.NotFound, "not found")]
    public void Actions_without_a_diff_have_a_word(StepAction action, string expected)
    {
        Assert.Equal(expected, Step(ResourceKind.HelmRelease, action).Summary);
    }

    [Fact]
    public void A_failed_check_shows_its_reason()
    {
        Assert.Equal("fails: Topic t has 3 partitions", Step(ResourceKind.Topic, StepAction.WouldFail, null, "Topic t has 3 partitions").Summary);
    }

    [Fact]
    public void A_long_summary_is_cut_with_a_count_of_what_is_left()
    {
        var diff = ConfigDiff.Describe(new Dictionary<string, string>(),
            Enumerable.Range(1, 20).ToDictionary(i => $"some.rather.long.config.key.{i:00}", i => "v"));

        var summary = Step(ResourceKind.Connector, StepAction.WouldUpdate, diff).Summary;

        Assert.True(summary.Length <= ChangeSummary.MaxLength + 12, summary);
        Assert.Matches(@"\(\+\d+ more\)$", summary);
    }
}
