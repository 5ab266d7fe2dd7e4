using KPops.Engine.Config;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Config;

/// <summary>The typed settings later stages read (helm_config, kafka_admin, strimzi_topic), with their defaults and locations.</summary>
public sealed class TypedSettingsTests : IDisposable
{
    private readonly Workspace _ws = new(config: null, defaults: null);

    public void Dispose() => _ws.Dispose();

    private KpopsConfig Load(string yaml)
    {
        _ws.Write("config.yaml", yaml);
        return ConfigLoader.Load(new ConfigRequest(_ws.Root, null, [], _ws.Env)).Config;
    }

    [Fact]
    public void Helm_settings_are_unset_or_false_by_default()
    {
        var config = Load("kafka_brokers: b:9092\n");

        Assert.Null(config.HelmBinary);
        Assert.False(config.HelmDebug);
        Assert.Null(config.HelmApiVersion);
        Assert.Null(config.HelmTimeout);
        Assert.False(config.HelmForceReplace);
    }

    [Fact]
    public void Helm_settings_are_read_from_helm_config()
    {
        var config = Load("""
            kafka_brokers: b:9092
            helm_config:
              binary: /opt/helm
              debug: true
              api_version: batch/v1
              timeout: 10m0s
              force_replace: true
            """);

        Assert.Equal("/opt/helm", config.HelmBinary);
        Assert.True(config.HelmDebug);
        Assert.Equal("batch/v1", config.HelmApiVersion);
        Assert.Equal("10m0s", config.HelmTimeout);
        Assert.True(config.HelmForceReplace);
    }

    [Fact]
    public void The_kafka_admin_timeout_defaults_to_30_seconds()
    {
        Assert.Equal(30, Load("kafka_brokers: b:9092\n").KafkaAdminTimeoutSeconds.Value);
    }

    [Fact]
    public void The_kafka_admin_timeout_knows_where_it_was_written()
    {
        var timeout = Load("kafka_brokers: b:9092\nkafka_admin:\n  timeout: 12\n").KafkaAdminTimeoutSeconds;

        Assert.Equal(12, timeout.Value);
        Assert.Equal(3, timeout.Location?.Line);
        Assert.Equal(_ws.PathOf("config.yaml"), timeout.Location?.File);
    }

    [Fact]
    public void The_librdkafka_settings_keep_their_order_and_the_lines_of_their_keys()
    {
        var entries = Load("""
            kafka_admin:
              config:
                security.protocol: SSL
                socket.timeout.ms: 100
            kafka_brokers: b:9092
            """).KafkaAdminConfig;

        Assert.Equal([("security.protocol", "SSL", 3), ("socket.timeout.ms", "100", 4)], entries.Select(e => (e.Key, e.Value, e.Location?.Line ?? 0)));
    }

    [Fact]
    public void Without_strimzi_topic_there_are_no_strimzi_settings()
    {
        Assert.Null(Load("kafka_brokers: b:9092\n").StrimziTopic);
    }

    [Fact]
    public void Strimzi_settings_hold_the_label_and_the_namespace()
    {
        var strimzi = Load("kafka_brokers: b:9092\nstrimzi_topic:\n  label:\n    strimzi.io/cluster: my-cluster\n").StrimziTopic;

        Assert.Equal(new StrimziTopicSettings("strimzi.io/cluster", "my-cluster", null), strimzi);
    }
}
