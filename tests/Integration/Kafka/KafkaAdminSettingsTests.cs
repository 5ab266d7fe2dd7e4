using KPops.Engine.Clients;
using KPops.Engine.Clients.Kafka;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using Xunit;
using Ck = Confluent.Kafka.Admin;

namespace KPops.Tests.Integration.Kafka;

/// <summary>kafka_admin settings, secret masking and the config-default rules; no broker needed.</summary>
public sealed class KafkaAdminSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpops-kafka-admin-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromConfig_reads_kafka_admin_and_falls_back_to_kafka_brokers()
    {
        var settings = KafkaAdminSettings.FromConfig(Load("""
            kafka_brokers: broker-1:9092,broker-2:9092
            kafka_admin:
              timeout: 7.5
              config:
                security.protocol: SASL_SSL
                sasl.password: s3cret
                enable.ssl.certificate.verification: false
                socket.keepalive.enable: true
                reconnect.backoff.ms: 250
            """));

        Assert.Equal("broker-1:9092,broker-2:9092", settings.BootstrapServers);
        Assert.Equal(TimeSpan.FromSeconds(7.5), settings.Timeout);
        Assert.Equal(
            [("enable.ssl.certificate.verification", "false"), ("reconnect.backoff.ms", "250"), ("sasl.password", "s3cret"),
             ("security.protocol", "SASL_SSL"), ("socket.keepalive.enable", "true")],
            settings.Config.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public void FromConfig_prefers_kafka_admin_bootstrap_servers_and_defaults_the_timeout_to_30_seconds()
    {
        var settings = KafkaAdminSettings.FromConfig(Load("""
            kafka_brokers: in-cluster:9092
            kafka_admin:
              bootstrap_servers: localhost:19092
            """));

        Assert.Equal(("localhost:19092", TimeSpan.FromSeconds(30)), (settings.BootstrapServers, settings.Timeout));
        Assert.Empty(settings.Config);
        var client = KafkaAdminClient.FromConfig(Load("kafka_brokers: in-cluster:9092\nkafka_admin: {bootstrap_servers: 'localhost:19092'}\n"));
        using (client) Assert.Equal("localhost:19092", client.Endpoint);
    }

    [Fact]
    public void FromConfig_rejects_bootstrap_servers_inside_the_librdkafka_settings()
    {
        var e = Assert.Throws<KPopsException>(() => KafkaAdminSettings.FromConfig(Load("""
            kafka_brokers: broker:9092
            kafka_admin:
              config:
                bootstrap.servers: other:9092
            """)));

        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Contains("bootstrap.servers", e.Message);
        Assert.Contains("kafka_admin.bootstrap_servers", e.Hint);
    }

    [Fact]
    public void FromConfig_rejects_a_timeout_that_is_not_positive()
    {
        var e = Assert.Throws<KPopsException>(() => KafkaAdminSettings.FromConfig(Load("kafka_brokers: broker:9092\nkafka_admin: {timeout: 0}\n")));

        Assert.Equal(ErrorIds.ConfigInvalid, e.ErrorId);
        Assert.Contains("kafka_admin.timeout", e.Message);
    }

    [Theory]
    [InlineData("sasl.password", true)]
    [InlineData("ssl.key.password", true)]
    [InlineData("ssl.key.pem", true)]
    [InlineData("ssl.keystore.password", true)]
    [InlineData("sasl.oauthbearer.client.secret", true)]
    [InlineData("sasl.oauthbearer.config", true)]
    [InlineData("sasl.username", false)]
    [InlineData("security.protocol", false)]
    [InlineData("ssl.ca.location", false)]
    public void Secret_settings_are_recognised_by_name(string key, bool secret)
    {
        Assert.Equal(secret, KafkaAdminSettings.IsSecretKey(key));
    }

    [Fact]
    public void MaskSecrets_and_Describe_never_show_a_secret_value()
    {
        var settings = new KafkaAdminSettings("broker:9092", TimeSpan.FromSeconds(5), new Dictionary<string, string>
        {
            ["sasl.username"] = "svc",
            ["sasl.password"] = "pass",
            ["ssl.key.password"] = "pass-word",
        });

        Assert.Equal("login svc/*** and key ***", settings.MaskSecrets("login svc/pass and key pass-word"));
        Assert.Equal("bootstrap=broker:9092, timeout=5s, sasl.password=***, sasl.username=svc, ssl.key.password=***", settings.Describe());
    }

    [Fact]
    public void The_librdkafka_configuration_keeps_auto_creation_off_and_the_bootstrap_servers_last()
    {
        var config = new KafkaAdminSettings("broker:9092", null, new Dictionary<string, string> { ["client.id"] = "mine" }).ToClientConfig();

        Assert.Equal(("broker:9092", "mine", "false"), (config["bootstrap.servers"], config["client.id"], config["allow.auto.create.topics"]));
    }

    // ------------------------------------------------------------------ what a topic setting falls back to

    [Fact]
    public void The_fallback_is_the_synonym_after_the_topic_setting()
    {
        var synonyms = Synonyms(("retention.ms", "1000", Ck.ConfigSource.DynamicTopicConfig),
            ("log.retention.ms", "3600000", Ck.ConfigSource.StaticBrokerConfig),
            ("log.retention.ms", "604800000", Ck.ConfigSource.DefaultConfig));

        Assert.Equal("3600000", KafkaTopicConfigs.FallbackOf("retention.ms", synonyms));
    }

    [Fact]
    public void A_broker_synonym_counted_in_hours_or_minutes_is_converted_to_the_topics_milliseconds()
    {
        // A stock broker: log.retention.ms unset, log.retention.hours=168 in server.properties.
        var synonyms = Synonyms(("retention.ms", "1000", Ck.ConfigSource.DynamicTopicConfig),
            ("log.retention.hours", "168", Ck.ConfigSource.StaticBrokerConfig),
            ("log.retention.hours", "168", Ck.ConfigSource.DefaultConfig));

        Assert.Equal("604800000", KafkaTopicConfigs.FallbackOf("retention.ms", synonyms));
        Assert.Equal("1800000", KafkaTopicConfigs.InTopicUnits("retention.ms", "log.retention.minutes", "30"));
        Assert.Equal("-1", KafkaTopicConfigs.InTopicUnits("retention.ms", "log.retention.hours", "-1"));
        Assert.Equal("168", KafkaTopicConfigs.InTopicUnits("segment.bytes", "log.segment.hours", "168"));
    }

    [Fact]
    public void Without_a_usable_next_synonym_the_built_in_default_is_the_fallback()
    {
        var synonyms = Synonyms(("x.ms", "1", Ck.ConfigSource.DynamicTopicConfig), ("log.x.ms", null, Ck.ConfigSource.StaticBrokerConfig),
            ("log.x.ms", "5", Ck.ConfigSource.DefaultConfig));

        Assert.Equal("5", KafkaTopicConfigs.FallbackOf("x.ms", synonyms));
        Assert.Null(KafkaTopicConfigs.FallbackOf("x.ms", Synonyms(("x.ms", "1", Ck.ConfigSource.DynamicTopicConfig))));
    }

    [Theory]
    [InlineData(Ck.ConfigSource.DynamicTopicConfig, ConfigSource.DynamicTopic)]
    [InlineData(Ck.ConfigSource.DynamicBrokerConfig, ConfigSource.Broker)]
    [InlineData(Ck.ConfigSource.DynamicDefaultBrokerConfig, ConfigSource.Broker)]
    [InlineData(Ck.ConfigSource.StaticBrokerConfig, ConfigSource.Broker)]
    [InlineData(Ck.ConfigSource.DefaultConfig, ConfigSource.Default)]
    [InlineData(Ck.ConfigSource.UnknownConfig, ConfigSource.Other)]
    public void Config_sources_map_to_the_lifecycles_terms(Ck.ConfigSource source, ConfigSource expected)
    {
        Assert.Equal(expected, KafkaTopicConfigs.ToSource(source));
    }

    private static List<(string Name, string? Value, Ck.ConfigSource Source)> Synonyms(params (string Name, string? Value, Ck.ConfigSource Source)[] synonyms) => [.. synonyms];

    private KpopsConfig Load(string yaml)
    {
        File.WriteAllText(Path.Combine(_directory, "config.yaml"), yaml);
        return ConfigLoader.Load(new ConfigRequest(_directory, null, [], new Dictionary<string, string>())).Config;
    }
}
