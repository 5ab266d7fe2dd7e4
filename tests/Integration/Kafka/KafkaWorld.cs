using System.Collections.Concurrent;
using Confluent.Kafka;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Kafka;
using KPops.TestWorld.Kafka;
using Xunit;

namespace KPops.Tests.Integration.Kafka;

/// <summary>
/// One Kafka per test class: the broker double, or the real cluster named by <c>KPOPS_TEST_BOOTSTRAP</c>
/// (plaintext <c>host:port,...</c>), in which case no double is started.
/// </summary>
public sealed class KafkaWorldFixture : IAsyncLifetime
{
    /// <summary>The real cluster to test against, or null for the double.</summary>
    public static string? RealBootstrap { get; } =
        Environment.GetEnvironmentVariable("KPOPS_TEST_BOOTSTRAP") is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>The double, or null against a real cluster.</summary>
    public KafkaBrokerDouble? Broker { get; private set; }

    /// <summary>Bootstrap servers of whichever Kafka is in use.</summary>
    public string Endpoint => RealBootstrap ?? Broker!.Endpoint;

    public async Task InitializeAsync()
    {
        if (RealBootstrap is null) Broker = await KafkaBrokerDouble.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Broker is not null) await Broker.DisposeAsync();
    }
}

/// <summary>An operation log that keeps every line, as the cmdlets' verbose stream would show it.</summary>
public sealed class RecordingLog : IOperationLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public IEnumerable<string> LibrdkafkaLines => Lines.Where(l => l.StartsWith("[Kafka] librdkafka", StringComparison.Ordinal));

    public void Verbose(string message) => _lines.Enqueue(message);

    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
}

/// <summary>
/// Base of the admin client tests: resets the double, gives every test its own topic and group names (so the suite
/// can share a real cluster, where it also deletes what the test created) and builds clients that log into
/// <see cref="Log"/>.
/// </summary>
public abstract class KafkaAdminTest : IClassFixture<KafkaWorldFixture>, IAsyncLifetime
{
    /// <summary>Generous for a local call, short enough to keep a failing test quick.</summary>
    protected static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    protected static readonly IReadOnlyDictionary<string, string> NoConfigs = new Dictionary<string, string>();

    private readonly List<KafkaAdminClient> _clients = [];
    private readonly List<string> _groups = [];
    private readonly string _prefix = "it-" + Guid.NewGuid().ToString("N")[..8] + "-";

    protected KafkaAdminTest(KafkaWorldFixture world)
    {
        World = world;
        world.Broker?.Reset();
        Admin = NewClient();
    }

    protected KafkaWorldFixture World { get; }

    /// <summary>True against the double: the assertions on its state and request log apply.</summary>
    protected bool OnDouble => World.Broker is not null;

    protected KafkaBrokerDouble Broker => World.Broker ?? throw new InvalidOperationException("This test needs the broker double.");

    protected KafkaClusterState State => Broker.State;

    protected RecordingLog Log { get; } = new();

    /// <summary>The client under test.</summary>
    protected KafkaAdminClient Admin { get; }

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A topic name of this test.</summary>
    protected string Topic(string name) => _prefix + name;

    /// <summary>A group name of this test.</summary>
    protected string Group(string name)
    {
        var group = _prefix + name;
        _groups.Add(group);
        return group;
    }

    protected KafkaAdminClient NewClient(string? bootstrap = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? config = null, IOperationLog? log = null)
    {
        var client = new KafkaAdminClient(new KafkaAdminSettings(bootstrap ?? World.Endpoint, timeout ?? CallTimeout, config), log ?? Log);
        _clients.Add(client);
        return client;
    }

    /// <summary>A topic with replication factor 1, made through the double's state (or the client on a real cluster).</summary>
    protected async Task ArrangeTopicAsync(string topic, int partitions = 1, IReadOnlyDictionary<string, string>? configs = null)
    {
        if (OnDouble) State.CreateTopic(topic, partitions, 1, configs);
        else await Admin.CreateTopicAsync(new NewTopicSpec(topic, partitions, 1, configs ?? NoConfigs), validateOnly: false, Ct);
    }

    /// <summary>A committed offset of a group without members.</summary>
    protected async Task ArrangeCommittedOffsetAsync(string group, string topic, int partition, long offset)
    {
        if (OnDouble)
        {
            State.CommitOffset(group, topic, partition, offset);
            return;
        }
        using var raw = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = World.Endpoint }).SetLogHandler((_, _) => { }).Build();
        await raw.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, partition, offset)])]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!OnDouble)
        {
            using var cleaner = new KafkaAdminClient(new KafkaAdminSettings(World.Endpoint, CallTimeout));
            foreach (var group in _groups) await cleaner.DeleteGroupAsync(group, Ct);
            foreach (var topic in (await cleaner.ListTopicsAsync(Ct)).Where(t => t.StartsWith(_prefix, StringComparison.Ordinal)))
                await cleaner.DeleteTopicAsync(topic, Ct);
        }
        foreach (var client in _clients) client.Dispose();
        // A handler that threw is a bug in the double, even when the client coped with the closed connection.
        if (OnDouble) Assert.Empty(Broker.InternalErrors);
    }
}
