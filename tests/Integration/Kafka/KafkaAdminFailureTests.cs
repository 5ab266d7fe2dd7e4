using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Kafka;
using KPops.Engine.Errors;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Kafka;

/// <summary>Unreachable and failing brokers, timeouts, cancellation, configuration errors and what gets logged.</summary>
public class KafkaAdminFailureTests(KafkaWorldFixture world) : KafkaAdminTest(world)
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);

    // ------------------------------------------------------------------ unreachable, slow and failing brokers

    [Fact]
    public async Task A_refused_connection_fails_fast_with_a_ConnectionError_naming_the_endpoint()
    {
        var endpoint = ClosedEndpoint();
        var client = NewClient(endpoint, ShortTimeout);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.DescribeTopicAsync("orders", Ct));

        // librdkafka reports "all brokers down" right away; the call does not sit out its timeout.
        Assert.True(watch.Elapsed < ShortTimeout, $"took {watch.Elapsed}");
        Assert.Equal((ErrorKind.ConnectionError, "KafkaConnectionFailed", Service.Kafka), (e.Kind, e.ErrorId, e.Service));
        Assert.Equal((int)ErrorCode.Local_Transport, e.StatusCode);
        Assert.Equal(endpoint, e.Endpoint);
        Assert.Contains($"bootstrap={endpoint}", e.Message);
        Assert.Contains("Connection refused", e.Message);
        Assert.Contains("kafka_admin.bootstrap_servers", e.Hint);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task A_broker_that_closes_every_connection_is_a_ConnectionError()
    {
        Broker.Faults.RefuseConnections = true;
        var client = NewClient(timeout: ShortTimeout);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.CreateTopicAsync(new NewTopicSpec("orders", 1, 1, NoConfigs), validateOnly: false, Ct));

        Assert.True(watch.Elapsed < ShortTimeout + TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal(ErrorKind.ConnectionError, e.Kind);
        Assert.Contains(Broker.Endpoint, e.Message);
        Assert.Empty(State.Topics);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task A_broker_that_does_not_answer_in_time_is_a_ConnectionError_after_the_timeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        // DescribeConfigs changes nothing, so its late answer cannot leak into the next test.
        Broker.Faults.Add(new FaultRule { Method = "DescribeConfigs", Action = FaultAction.Delay, Delay = TimeSpan.FromSeconds(10), Times = int.MaxValue });
        var client = NewClient(timeout: timeout);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.GetBrokerDefaultsAsync(Ct));

        Assert.InRange(watch.Elapsed, timeout * 0.9, timeout + TimeSpan.FromSeconds(1.5));
        Assert.Equal((ErrorKind.ConnectionError, (int)ErrorCode.Local_TimedOut), (e.Kind, e.StatusCode));
        Assert.Contains("read the broker defaults failed", e.Message);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task An_injected_Kafka_error_surfaces_with_its_code_and_the_brokers_message()
    {
        Broker.Faults.Add(new FaultRule { Method = "CreateTopics", Status = KafkaErrorCode.PolicyViolation, Message = "topics need an owner" });

        var e = await Assert.ThrowsAsync<ServiceException>(() => Admin.CreateTopicAsync(new NewTopicSpec("orders", 1, 1, NoConfigs), validateOnly: false, Ct));

        Assert.Equal((ErrorKind.ServiceError, "KafkaRequestFailed", 44), (e.Kind, e.ErrorId, e.StatusCode));
        Assert.Contains("topics need an owner (PolicyViolation 44)", e.Message);
        Assert.Contains("policy", e.Hint);
        Assert.Empty(State.Topics);
    }

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task An_authorization_error_points_at_the_missing_ACL()
    {
        State.CommitOffset("app", "orders", 0, 1);
        const short groupAuthorizationFailed = 30;
        Broker.Faults.Add(new FaultRule { Method = "DeleteGroups", Status = groupAuthorizationFailed });

        var e = await Assert.ThrowsAsync<ServiceException>(() => Admin.DeleteGroupAsync("app", Ct));

        Assert.Equal((ErrorKind.ServiceError, 30), (e.Kind, e.StatusCode));
        Assert.Contains("ACL", e.Hint);
        Assert.NotNull(State.GetGroup("app"));
    }

    // ------------------------------------------------------------------ cancellation and laziness

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task Cancelling_stops_waiting_for_a_slow_broker()
    {
        State.CreateTopic("orders", 1, 1);
        Broker.Faults.Add(new FaultRule { Method = "DescribeConfigs", Action = FaultAction.Delay, Delay = TimeSpan.FromSeconds(5), Times = int.MaxValue });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Admin.DescribeTopicAsync("orders", cancellation.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_call_with_a_cancelled_token_sends_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Admin.ListTopicsAsync(cancellation.Token));

        Assert.Empty(Log.Lines);
        if (OnDouble) Assert.Empty(Broker.Log.Records);
    }

    [Fact]
    public async Task Creating_a_client_connects_to_nothing()
    {
        var unreachableLog = new RecordingLog();
        using (new KafkaAdminClient(new KafkaAdminSettings(ClosedEndpoint(), ShortTimeout), unreachableLog))
        using (new KafkaAdminClient(new KafkaAdminSettings(World.Endpoint, ShortTimeout), Log))
        {
            await Task.Delay(300);
        }

        // A built librdkafka handle would have tried the closed port at once and logged the refusal.
        Assert.Empty(unreachableLog.Lines);
        Assert.Empty(Log.Lines);
        if (OnDouble) Assert.Empty(Broker.Log.Records);
    }

    // ------------------------------------------------------------------ configuration and logging

    [Fact]
    public async Task An_unknown_librdkafka_setting_is_a_configuration_error_at_the_first_call()
    {
        var client = NewClient(config: new Dictionary<string, string> { ["no.such.property"] = "1" });

        var e = await Assert.ThrowsAsync<KPopsException>(() => client.ListTopicsAsync(Ct));

        Assert.Equal((ErrorIds.ConfigInvalid, ErrorKind.InvalidData), (e.ErrorId, e.Kind));
        Assert.Contains("kafka_admin.config", e.Message);
        Assert.Contains("no.such.property", e.Message);
    }

    [Fact]
    public async Task Secrets_of_kafka_admin_config_are_masked_in_the_operation_log()
    {
        const string password = "hunter2-kpops-password";
        const string keytab = "/nonexistent/kpops-test.keytab";
        var client = NewClient(config: new Dictionary<string, string>
        {
            ["sasl.username"] = "svc-kpops",
            ["sasl.password"] = password,
            ["sasl.kerberos.keytab"] = keytab,
            // librdkafka then logs its configuration. It redacts what it deems sensitive (sasl.password, ssl.key.*),
            // but prints sasl.kerberos.keytab as it is.
            ["debug"] = "conf",
        });

        await client.DescribeTopicAsync(Topic("orders"), Ct);

        Assert.DoesNotContain(Log.Lines, l => l.Contains(password) || l.Contains(keytab));
        Assert.Contains(Log.Lines, l => l.Contains("sasl.password=***") && l.Contains("sasl.username=svc-kpops"));
        Assert.Contains(Log.LibrdkafkaLines, l => l.Contains("sasl.kerberos.keytab = ***"));
    }

    [Fact]
    public async Task A_secret_echoed_in_an_error_message_is_masked()
    {
        const string secret = "kpops-secret-protocol";
        var client = NewClient(config: new Dictionary<string, string> { ["sasl.password"] = secret, ["security.protocol"] = secret });

        var e = await Assert.ThrowsAsync<KPopsException>(() => client.ListTopicsAsync(Ct));

        Assert.DoesNotContain(secret, e.Message);
        Assert.Contains("security.protocol", e.Message);
    }

    [PosixOnlyFact] // the capture redirects a POSIX file descriptor
    public async Task Librdkafka_writes_nothing_to_stderr()
    {
        var closed = ClosedEndpoint();

        var stderr = await StderrCapture.RunAsync(async () =>
        {
            // Control: without a log handler librdkafka does print there, so an empty capture means something.
            using (new AdminClientBuilder(new AdminClientConfig { BootstrapServers = closed, ClientId = "stderr-control" }).Build())
                await Task.Delay(200);

            using var failing = new KafkaAdminClient(new KafkaAdminSettings(closed, ShortTimeout,
                new Dictionary<string, string> { ["client.id"] = "kpops-under-test" }), Log);
            await Assert.ThrowsAsync<ServiceException>(() => failing.ListTopicsAsync(Ct));
            using var chatty = new KafkaAdminClient(new KafkaAdminSettings(World.Endpoint, ShortTimeout,
                new Dictionary<string, string> { ["client.id"] = "kpops-under-test", ["debug"] = "broker,protocol,admin" }), Log);
            await chatty.DescribeTopicAsync(Topic("orders"), Ct);
        });

        Assert.Contains("stderr-control#", stderr);
        Assert.DoesNotContain("kpops-under-test#", stderr);
        Assert.Contains(Log.LibrdkafkaLines, l => l.Contains("Connection refused"));
    }

    /// <summary>A loopback port nobody listens on.</summary>
    private static string ClosedEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}
