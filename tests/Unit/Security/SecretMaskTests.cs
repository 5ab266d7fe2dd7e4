using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Security;

namespace KPops.Tests.Unit.Security;

/// <summary>The one redaction policy: which names are secret, which values are masked and how.</summary>
public sealed class SecretMaskTests
{
    private const string Canary = "c4n4ry-S3cr3t";

    [Theory]
    [InlineData("password")]
    [InlineData("connection.password")]
    [InlineData("ssl.key.password")]
    [InlineData("sasl.jaas.config")]
    [InlineData("producer.override.sasl.jaas.config")]
    [InlineData("ssl.keystore.key")]
    [InlineData("ssl.keystore.certificate.chain")]
    [InlineData("ssl.truststore.certificates")]
    [InlineData("basic.auth.user.info")]
    [InlineData("aws.secret.access.key")]
    [InlineData("api.key")]
    [InlineData("apiKey")]
    [InlineData("clientSecret")]
    [InlineData("oauth.token")]
    [InlineData("gcp.credentials.json")]
    [InlineData("KPOPS_SCHEMA_REGISTRY__PASSWORD")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("DB_PASSWD")]
    [InlineData("ssl.key")]
    [InlineData("ENCRYPTION_KEY")]
    public void Password_like_names_are_secret(string key) => Assert.True(SecretMask.IsSecretKey(key));

    [Theory]
    [InlineData("connector.class")]
    [InlineData("key.converter")]
    [InlineData("key.converter.schemas.enable")]
    [InlineData("value.converter")]
    [InlineData("topics")]
    [InlineData("ssl.keystore.location")]
    [InlineData("ssl.truststore.type")]
    [InlineData("sasl.mechanism")]
    [InlineData("secretRefs")]
    [InlineData("existingSecretName")]
    [InlineData("password.file")]
    [InlineData("sasl.oauthbearer.token.endpoint.url")]
    [InlineData("keyPrefix")]
    [InlineData("app-key")]
    [InlineData("key")]
    [InlineData("PATH")]
    [InlineData("")]
    public void Other_names_are_not_secret(string key) => Assert.False(SecretMask.IsSecretKey(key));

    [Fact]
    public void A_known_value_is_masked_wherever_it_occurs()
    {
        var mask = new SecretMask([Canary]);

        Assert.Equal("connect failed for user x with *** at host", mask.Apply($"connect failed for user x with {Canary} at host"));
    }

    [Fact]
    public void A_longer_secret_that_contains_a_shorter_one_is_masked_whole()
    {
        var mask = new SecretMask(["abcd", "abcdefgh"]);

        Assert.Equal("v=***;", mask.Apply("v=abcdefgh;"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("   ")]
    public void Short_values_and_boolean_words_are_not_masked_in_free_text(string value)
    {
        var text = $"the cabbage is true or false and {value} stays";

        Assert.Equal(text, new SecretMask([value]).Apply(text));
    }

    [Fact]
    public void A_short_password_is_still_hidden_by_its_key_in_a_diff()
    {
        var diff = KPops.Engine.Diff.ConfigDiff.Describe(new Dictionary<string, string>(), new Dictionary<string, string> { ["connection.password"] = "ab" });

        Assert.Equal("+ connection.password: ***\n", diff);
    }

    [Theory]
    [InlineData("http://user:" + Canary + "@registry:8081/", "http://user:***@registry:8081/")]
    [InlineData("failed GET https://admin:" + Canary + "@connect/connectors", "failed GET https://admin:***@connect/connectors")]
    [InlineData("jdbc:postgresql://app:" + Canary + "@db:5432/x", "jdbc:postgresql://app:***@db:5432/x")]
    public void The_password_of_a_urls_user_info_is_masked_without_being_known(string text, string expected) =>
        Assert.Equal(expected, SecretMask.None.Apply(text));

    [Theory]
    [InlineData("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"" + Canary + "\";",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"***\";")]
    [InlineData("ScramLoginModule required username='u' password='" + Canary + "';", "ScramLoginModule required username='u' password='***';")]
    [InlineData("OAuthBearerLoginModule required clientId=x clientSecret=" + Canary + ";", "OAuthBearerLoginModule required clientId=x clientSecret=***;")]
    public void The_password_of_a_jaas_line_is_masked_without_being_known(string text, string expected) =>
        Assert.Equal(expected, SecretMask.None.Apply(text));

    [Fact]
    public void The_secrets_inside_a_value_are_known_to_the_mask_and_masked_elsewhere()
    {
        var mask = new SecretMask([$"PlainLoginModule required username=\"u\" password=\"{Canary}\";", $"http://u:{Canary}2@host"]);

        Assert.Equal("echo *** and ***", mask.Apply($"echo {Canary} and {Canary}2"));
    }

    [Fact]
    public void A_value_echoed_with_escapes_is_masked_too()
    {
        var secret = "line1\nline2-" + Canary;
        var mask = new SecretMask([secret]);

        Assert.DoesNotContain(Canary, mask.Apply("value " + Echo.Quote(secret, 500) + " is wrong"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_is_masked_in_message_and_hint_and_keeps_id_kind_and_place()
    {
        var location = new SourceLocation("/x/config.yaml", 3, 5);
        var error = new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData, $"bad {Canary}", location, $"fix {Canary}", new InvalidOperationException(Canary));

        var masked = new SecretMask([Canary]).Apply(error);

        Assert.Equal("bad ***", masked.Message);
        Assert.Equal("fix ***", masked.Hint);
        Assert.Equal((ErrorIds.ConfigInvalid, ErrorKind.InvalidData, location), (masked.ErrorId, masked.Kind, masked.Location));
        Assert.Null(masked.InnerException);
    }

    [Fact]
    public void Every_error_of_an_aggregate_is_masked()
    {
        var error = new KPopsAggregateException([
            new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData, $"one {Canary}"),
            new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData, $"two {Canary}"),
        ]);

        var masked = Assert.IsType<KPopsAggregateException>(new SecretMask([Canary]).Apply(error));

        Assert.DoesNotContain(Canary, masked.Message, StringComparison.Ordinal);
        Assert.All(masked.Errors, e => Assert.DoesNotContain(Canary, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_error_without_secrets_is_returned_as_it_is()
    {
        var error = new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData, "nothing to hide");

        Assert.Same(error, new SecretMask([Canary]).Apply(error));
    }

    [Fact]
    public void A_step_result_is_masked_in_diff_and_message()
    {
        var result = new StepResult
        {
            Pipeline = "p", Component = "c", ComponentType = "t", Operation = Operation.Deploy, Kind = ResourceKind.Connector, Resource = "r",
            Action = StepAction.WouldUpdate, Diff = $"~ x: {Canary}\n", Message = $"m {Canary}",
        };

        var masked = new SecretMask([Canary]).Apply(result);

        Assert.Equal(("~ x: ***\n", "m ***"), (masked.Diff, masked.Message));
    }

    [Fact]
    public void Variables_with_secret_names_or_listed_in_kpops_secret_vars_are_secret()
    {
        var env = new Dictionary<string, string>
        {
            ["DB_PASSWORD"] = "env-pass-1",
            ["PLAIN"] = "plain-value",
            ["MY_VAR"] = "listed-value",
            [SecretMask.SecretVariablesName] = "MY_VAR, OTHER",
        };
        var dotenv = new Dictionary<string, string> { ["OTHER"] = "dotenv-listed", ["API_TOKEN"] = "dotenv-token" };

        var secrets = SecretCollector.FromVariables(env, dotenv).ToList();

        Assert.Equal(["dotenv-listed", "dotenv-token", "env-pass-1", "listed-value"], secrets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_kpops_variable_with_a_json_section_gives_its_password()
    {
        var env = new Dictionary<string, string> { ["KPOPS_SCHEMA_REGISTRY"] = "{\"url\": \"http://sr\", \"password\": \"json-pass-1\"}" };

        Assert.Contains("json-pass-1", SecretCollector.FromVariables(env));
    }

    [Fact]
    public void The_mask_of_a_tree_hides_values_under_secret_keys_and_passwords_in_text()
    {
        var tree = (KPops.Engine.Yaml.YMap)KPops.Engine.Yaml.YamlReader.Read(
            $"connection.password: ab\nurl: http://u:{Canary}@h\nnested:\n  secrets:\n    A: x1\n  topics: t\n", "test")!;

        var shown = KPops.Engine.Yaml.YamlWriter.Write(SecretMask.None.Apply(tree));

        Assert.DoesNotContain(Canary, shown, StringComparison.Ordinal);
        Assert.DoesNotContain("x1", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(": ab", shown, StringComparison.Ordinal);
        Assert.Contains("topics: t", shown, StringComparison.Ordinal);
        Assert.Equal("ab", ((KPops.Engine.Yaml.YScalar)tree.Get("connection.password")!).Value);
    }
}
