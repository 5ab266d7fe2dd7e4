using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Connect;
using KPops.Engine.Errors;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>Authentication, the operation log, unreachable and slow workers, and the options from the config.</summary>
public sealed class ConnectTransportTests(ConnectWorld world) : ConnectTestBase(world), IClassFixture<ConnectWorld>
{
    [Fact]
    public async Task Every_request_is_one_verbose_line_with_method_url_status_and_duration()
    {
        var name = Name("logged");

        await Client.GetConnectorAsync(name, None);
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), "PAUSED", None);
        await Client.DeleteAsync(name, None);

        var url = Regex.Escape(Client.Endpoint);
        var connector = Regex.Escape(Uri.EscapeDataString(name));
        Assert.Collection(Log.Lines,
            line => Assert.Matches($@"^VERBOSE: GET {url}connectors/{connector} -> 404 \(\d+ ms\)$", line),
            line => Assert.Matches($@"^VERBOSE: POST {url}connectors -> 201 \(\d+ ms\)$", line),
            line => Assert.Matches($@"^VERBOSE: DELETE {url}connectors/{connector} -> 204 \(\d+ ms\)$", line));
    }

    [Fact]
    public async Task Basic_auth_is_sent_on_every_request_and_never_logged()
    {
        await using var proxy = await HeaderCapturingProxy.StartAsync(World.Endpoint);
        var log = new RecordingLog();
        const string password = "s3cret:pass";
        using var client = new KafkaConnectClient(World.Options(proxy.Endpoint) with { Username = "kpops", Password = password }, log);
        var name = Name("auth");

        await client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);
        await client.PutConfigAsync(name, ConnectWorld.SinkConfig(), None);
        await client.GetStatusAsync(name, None);
        await client.StopAsync(name, None);
        await ConnectWorld.WaitForStateAsync(client, name, "STOPPED");
        await client.DeleteOffsetsAsync(name, None);
        await client.ValidateAsync(ConnectWorld.FileSink, ConnectWorld.SinkConfig(name: name), None);
        await client.DeleteAsync(name, None);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kpops:" + password));
        Assert.True(proxy.Requests.Count >= 8);
        Assert.All(proxy.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.Equal(proxy.Requests.Count, log.Lines.Count);
        Assert.DoesNotContain(password, log.Text);
        Assert.DoesNotContain(expected["Basic ".Length..], log.Text);
    }

    [Fact]
    public async Task No_authorization_header_without_credentials()
    {
        await using var proxy = await HeaderCapturingProxy.StartAsync(World.Endpoint);
        using var client = new KafkaConnectClient(World.Options(proxy.Endpoint));

        await client.GetConnectorAsync(Name("anonymous"), None);

        Assert.Null(Assert.Single(proxy.Requests).Authorization);
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error_naming_the_url()
    {
        var url = Endpoints.Refusing();
        var log = new RecordingLog();
        using var client = new KafkaConnectClient(World.Options(url), log);

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectorAsync("orders-sink", None));

        Assert.Equal((Service.KafkaConnect, ErrorKind.ConnectionError, "KafkaConnectConnectionFailed"), (e.Service, e.Kind, e.ErrorId));
        Assert.Equal(url + "connectors/orders-sink", e.Endpoint);
        Assert.Contains(url + "connectors/orders-sink", e.Message);
        Assert.Contains("kafka_connect.url", e.Hint);
        Assert.Null(e.StatusCode);
        // Connection failures are not rebalances: one attempt.
        Assert.Matches(@"-> failed \(\d+ ms\)$", Assert.Single(log.Lines));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task A_refusing_worker_is_a_connection_error()
    {
        var worker = World.RequireDouble();
        worker.Faults.RefuseConnections = true;

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.GetStatusAsync(Name("refused"), None));

        Assert.Equal(ErrorKind.ConnectionError, e.Kind);
        Assert.StartsWith(World.Endpoint, e.Endpoint);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task A_slow_worker_is_a_timeout_of_the_configured_length()
    {
        var worker = World.RequireDouble();
        worker.Faults.Latency = TimeSpan.FromSeconds(2);
        using var client = new KafkaConnectClient(World.Options() with { Timeout = TimeSpan.FromMilliseconds(200) }, Log);
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.GetConnectorAsync(Name("slow"), None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal(ErrorKind.ConnectionError, e.Kind);
        Assert.Contains("timed out after 0.2 s", e.Message);
        Assert.Contains("kafka_connect.timeout", e.Hint);
        Assert.Contains("-> timed out", Assert.Single(Log.Lines));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task The_timeout_applies_to_each_attempt_of_a_retried_request()
    {
        var worker = World.RequireDouble();
        using var client = new KafkaConnectClient(World.Options() with { Timeout = TimeSpan.FromMilliseconds(800) });
        var name = Name("slow-retry");
        await client.GetConnectorAsync(name, None); // warm up the connection
        worker.Faults.Latency = TimeSpan.FromMilliseconds(300);
        worker.Faults.Add(new FaultRule { Method = "GET", Status = 409, Times = 2 });
        var watch = Stopwatch.StartNew();

        // Three attempts of 300 ms each: longer than the timeout together, shorter one by one.
        Assert.Null(await client.GetConnectorAsync(name, None));
        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(850), $"took {watch.Elapsed}");
        Assert.Equal([404, 409, 409, 404], worker.Log.Records.Select(r => r.Status));
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task Cancelling_a_request_stops_it_at_once()
    {
        var worker = World.RequireDouble();
        worker.Faults.Latency = TimeSpan.FromSeconds(2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetConnectorAsync(Name("cancelled"), cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Contains("-> cancelled", Assert.Single(Log.Lines));
    }

    [Fact]
    public void Options_come_from_the_kafka_connect_section_of_the_config()
    {
        var config = TestConfig.Load("""
            kafka_brokers: localhost:9092
            kafka_connect:
              url: https://connect.example:8083
              timeout: 5
              username: kpops
              password: secret
            """);

        var options = KafkaConnectClientOptions.FromConfig(config);

        Assert.Equal(("https://connect.example:8083/", TimeSpan.FromSeconds(5), "kpops", "secret"), (options.Url, options.Timeout, options.Username, options.Password));
        Assert.Equal((6, TimeSpan.FromMilliseconds(200)), (options.MaxAttempts, options.RetryDelay));
        Assert.DoesNotContain("secret", options.ToString());
    }

    [Fact]
    public void Options_default_to_30_seconds_and_no_credentials()
    {
        var options = KafkaConnectClientOptions.FromConfig(TestConfig.Load("kafka_brokers: localhost:9092"));

        Assert.Equal(("http://localhost:8083/", TimeSpan.FromSeconds(30), null, null), (options.Url, options.Timeout, options.Username, options.Password));
    }

    [Fact]
    public void A_url_that_is_not_http_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new KafkaConnectClient(new KafkaConnectClientOptions { Url = "ftp://user:pw@host/" }));

        Assert.DoesNotContain("pw", e.Message);
    }
}
