using KPops.Engine.Diff;
using KPops.Engine.Lifecycle.Steps;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>The line-per-key diff of topic configs and connector configs.</summary>
public sealed class ConfigDiffTests
{
    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public void Equal_settings_have_no_diff()
    {
        Assert.Equal("", ConfigDiff.Describe(Map(("a", "1")), Map(("a", "1"))));
    }

    [Fact]
    public void Added_removed_and_changed_keys_are_listed_in_key_order()
    {
        Assert.Equal("+ a: 1\n- b: 2\n~ c: 3 → 4\n", ConfigDiff.Describe(Map(("c", "3"), ("b", "2")), Map(("a", "1"), ("c", "4"))));
    }

    [Fact]
    public void Defaults_annotate_added_and_removed_keys_but_not_changed_ones()
    {
        var defaults = new Dictionary<string, string?> { ["a"] = "da", ["b"] = "db", ["c"] = "dc" };

        Assert.Equal("+ a: 1 (was default da)\n- b: 2 (falls back to default db)\n~ c: 3 → 4\n",
            ConfigDiff.Describe(Map(("c", "3"), ("b", "2")), Map(("a", "1"), ("c", "4")), defaults));
    }

    [Fact]
    public void Keys_without_a_known_default_are_not_annotated()
    {
        var defaults = new Dictionary<string, string?> { ["a"] = null };

        Assert.Equal("+ a: 1\n+ b: 2\n", ConfigDiff.Describe(Map(), Map(("a", "1"), ("b", "2")), defaults));
    }

    [Fact]
    public void Secret_values_are_masked_whether_added_removed_or_changed()
    {
        var secrets = new HashSet<string> { "new.password", "old.password", "db.password" };

        var diff = ConfigDiff.Describe(Map(("old.password", "o"), ("db.password", "x"), ("user", "u1")), Map(("new.password", "n"), ("db.password", "y"), ("user", "u2")), secretKeys: secrets);

        Assert.Equal("~ db.password: *** → ***\n+ new.password: ***\n- old.password: ***\n~ user: u1 → u2\n", diff);
    }

    [Fact]
    public void Connector_keys_naming_passwords_secrets_keys_and_tokens_are_secret()
    {
        var secrets = ConnectorConfigs.Secrets(["connection.password", "aws.secret.access.key", "ssl.key", "api.token", "key.converter", "connection.user", "topics"]);

        Assert.Equal(["api.token", "aws.secret.access.key", "connection.password", "ssl.key"], secrets.Order(StringComparer.Ordinal));
    }
}
