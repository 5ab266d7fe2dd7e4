using System.Collections;
using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Security;

/// <summary>The secrets of a load are gathered from every place they can live, and component objects show none of them.</summary>
public sealed class LoadSecretsTests : IDisposable
{
    private const string Canary = "c4n4ry-L0ad";
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Connector = """
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: com.example.Sink
            connection.password: c4n4ry-L0ad-conn
            consumer.override.sasl.jaas.config: PlainLoginModule required username="u" password="c4n4ry-L0ad-jaas";
            connection.url: jdbc:postgresql://app:c4n4ry-L0ad-url@db/x
            topics: in
        """;

    [Fact]
    public void The_pipeline_mask_knows_config_environment_dotenv_and_component_secrets()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + $"\nschema_registry:\n  url: http://sr\n  password: {Canary}-sr\nkafka_connect:\n  url: http://u:{Canary}-kc@connect\n");
        var dotenv = _ws.Write(".env", $"DB_PASSWORD={Canary}-dotenv\nOTHER=plain\n");
        _ws.Env["API_TOKEN"] = Canary + "-env";
        _ws.Write(Workspace.PipelinePath, Connector);

        var pipeline = _ws.Load(dotEnvFiles: [dotenv]);
        var text = string.Join(' ', new[] { "sr", "kc", "dotenv", "env", "conn", "jaas", "url" }.Select(s => $"{Canary}-{s}"));

        Assert.Equal("*** *** *** *** *** *** ***", pipeline.Secrets.Apply(text));
        Assert.Equal("plain", pipeline.Secrets.Apply("plain"));
    }

    [Fact]
    public void A_connectors_config_shows_no_secret_but_the_client_side_keeps_them()
    {
        _ws.Write(Workspace.PipelinePath, Connector);

        var component = Assert.Single(_ws.Load().Components);
        var shown = string.Join("\n", component.Config!.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));

        Assert.DoesNotContain(Canary, shown, StringComparison.Ordinal);
        Assert.Contains("connection.password=***", shown, StringComparison.Ordinal);
        Assert.Contains("topics=in", shown, StringComparison.Ordinal);
        Assert.Equal(Canary + "-conn", component.ConnectorConfig["connection.password"]);
        Assert.Contains(Canary + "-conn", component.ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Helm_values_show_no_secret_substituted_from_the_config()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + $"\nschema_registry:\n  url: http://sr\n  password: {Canary}-sr\n");
        _ws.Write(Workspace.PipelinePath, """
            - type: streams-app
              name: app
              values:
                kafka:
                  schemaRegistryAuth: ${config.schema_registry.password}
                  outputTopic: out
            """);

        var component = Assert.Single(_ws.Load().Components);
        var kafka = (IDictionary)component.Values!["kafka"]!;

        Assert.Equal("***", kafka["schemaRegistryAuth"]);
        Assert.Equal("out", kafka["outputTopic"]);
    }

    [Fact]
    public void A_numeric_password_in_config_is_not_echoed_by_its_error()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + "\nschema_registry:\n  password: [913457]\n");
        _ws.Write(Workspace.PipelinePath, Connector);

        var error = _ws.LoadFailure();

        Assert.DoesNotContain("913457", error.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connector_password_of_the_wrong_type_is_not_echoed()
    {
        var error = _ws.LoadError("""
            - type: streams-app
              name: app
              repo_config:
                repository_name: r
                url: http://charts
                repo_auth_flags:
                  password: 9134570001
            """);

        Assert.Equal(ErrorIds.InvalidFieldType, error.ErrorId);
        Assert.DoesNotContain("9134570001", error.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_error_of_a_pipeline_is_masked_with_the_configs_secrets()
    {
        _ws.Write("config.yaml", Workspace.StandardConfig + $"\nkafka_connect:\n  url: http://connect\n  password: {Canary}-kc\n");
        _ws.Write(Workspace.PipelinePath, $"- type: no-such-type-{Canary}-kc\n  name: x\n");

        var error = _ws.LoadFailure();

        Assert.DoesNotContain(Canary, error.FullMessage, StringComparison.Ordinal);
        Assert.Contains("***", error.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_dotenv_line_is_not_echoed()
    {
        var dotenv = _ws.Write(".env", $"SECRET_LINE_WITHOUT_EQUALS {Canary}\n");
        _ws.Write(Workspace.PipelinePath, Connector);

        var error = _ws.LoadFailure(dotEnvFiles: [dotenv]);

        Assert.Equal(ErrorIds.DotEnvInvalid, error.ErrorId);
        Assert.DoesNotContain(Canary, error.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_error_is_masked_with_the_secret_variables_of_the_environment()
    {
        _ws.Env["DEPLOY_TOKEN"] = Canary + "-tok";
        _ws.Env["KPOPS_KAFKA_CONNECT__TIMEOUT"] = Canary + "-tok";
        _ws.Write(Workspace.PipelinePath, Connector);

        var error = _ws.LoadFailure();

        Assert.DoesNotContain(Canary, error.FullMessage, StringComparison.Ordinal);
    }
}
