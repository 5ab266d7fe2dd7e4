using KPops.Engine.Diff;

namespace KPops.Tests.Unit.Security;

/// <summary>Release diffs show of a secret only whether it changes, as helm-diff does.</summary>
public sealed class RedactedDiffTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> NoIgnore = [];

    private static string Secret(string body) => $"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n{body}";

    private static string Render(string? current, string desired) => ManifestDiff.Render(ManifestDiff.Compare(current, desired, NoIgnore));

    // A diff line: its sign, then the YAML line at any indentation.
    private static bool HasLine(string text, char sign, string yaml) =>
        text.Split('\n').Any(l => l.Length > 2 && l[0] == sign && l[2..].Trim() == yaml);

    [Fact]
    public void A_new_secret_shows_its_keys_as_set_and_no_value()
    {
        var text = Render(null, Secret("data:\n  password: c2VjcmV0LXZhbHVl\nstringData:\n  token: plain-token-value\n"));

        Assert.Contains("password: (set)", text, StringComparison.Ordinal);
        Assert.Contains("token: (set)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LXZhbHVl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-token-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_secret_key_shows_changed_and_an_unchanged_one_is_not_a_change()
    {
        var current = Secret("data:\n  a: b2xkLWE=\n  b: c2FtZQ==\n  gone: Z29uZQ==\n");
        var desired = Secret("data:\n  a: bmV3LWE=\n  b: c2FtZQ==\n  new: bmV3\n");

        var text = Render(current, desired);

        Assert.True(HasLine(text, '-', "a: (old value)"), text);
        Assert.True(HasLine(text, '+', "a: (changed)"), text);
        Assert.True(HasLine(text, '-', "gone: (removed)"), text);
        Assert.True(HasLine(text, '+', "new: (set)"), text);
        Assert.False(HasLine(text, '+', "b: (unchanged)"), text);
        foreach (var value in new[] { "b2xkLWE=", "bmV3LWE=", "c2FtZQ==", "Z29uZQ==", "bmV3" }) Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_whose_values_are_equal_is_unchanged()
    {
        var secret = Secret("data:\n  a: YQ==\n");

        Assert.Equal(ResourceChange.Unchanged, Assert.Single(ManifestDiff.Compare(secret, secret, NoIgnore)).Change);
    }

    [Fact]
    public void A_removed_secret_shows_no_value()
    {
        var text = Render(Secret("stringData:\n  key: removed-value-1\n"), "");

        Assert.Contains("key: (removed)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("removed-value-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_like_keys_and_secret_env_entries_of_other_resources_are_redacted()
    {
        var current = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  db.password: old-pass-1\n  mode: a\n";
        var desired = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  db.password: new-pass-1\n  mode: b\n"
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  env:\n  - name: DB_PASSWORD\n    value: env-pass-1\n  - name: MODE\n    value: fast\n";

        var text = Render(current, desired);

        Assert.DoesNotContain("old-pass-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("new-pass-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("env-pass-1", text, StringComparison.Ordinal);
        Assert.True(HasLine(text, '+', "mode: b"), text);
        Assert.Contains("value: fast", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jaas_value_under_a_non_password_key_is_masked_in_a_connector_diff()
    {
        var jaas = "PlainLoginModule required username=\"u\" password=\"jaas-pass-1\";";
        var diff = ConfigDiff.Describe(new Dictionary<string, string>(),
            new Dictionary<string, string> { ["consumer.override.sasl.jaas.config"] = jaas, ["note"] = jaas, ["connection.url"] = "jdbc:x://u:url-pass-1@db/x" });

        Assert.DoesNotContain("jaas-pass-1", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("url-pass-1", diff, StringComparison.Ordinal);
        Assert.Contains("+ consumer.override.sasl.jaas.config: ***", diff, StringComparison.Ordinal);
    }
}
