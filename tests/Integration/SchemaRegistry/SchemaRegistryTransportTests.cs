using System.Diagnostics;
using System.Text;
using KPops.Engine.Clients;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Engine.Errors;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.SchemaRegistry;

/// <summary>Authentication, the operation log, unreachable and slow registries, and server errors.</summary>
public sealed class SchemaRegistryTransportTests : IClassFixture<SchemaRegistryWorld>
{
    private static readonly SchemaDefinition User = new(Schemas.User, SchemaType.Avro);

    private readonly SchemaRegistryWorld _world;
    private readonly string _subject = Endpoints.Unique("users-value");

    public SchemaRegistryTransportTests(SchemaRegistryWorld world)
    {
        _world = world;
        _world.Reset();
    }

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Every_call_is_one_verbose_line_with_method_url_status_and_duration()
    {
        var log = new RecordingLog();
        using var client = new SchemaRegistryClient(_world.Options(), log);

        await client.GetVersionsAsync(_subject, None);
        await client.RegisterAsync(_subject, User, None);
        await client.DeleteSubjectAsync(_subject, permanent: false, None);

        var url = client.Endpoint + "subjects/" + Uri.EscapeDataString(_subject);
        Assert.Collection(log.Lines,
            line => Assert.Matches($@"^VERBOSE: GET {Escape(url)}/versions -> 404 \(\d+ ms\)$", line),
            line => Assert.Matches($@"^VERBOSE: POST {Escape(url)}/versions\?normalize=False -> 200 \(\d+ ms\)$", line),
            line => Assert.Matches($@"^VERBOSE: DELETE {Escape(url)} -> 200 \(\d+ ms\)$", line));
    }

    [Fact]
    public async Task Basic_auth_is_sent_on_every_call_and_never_logged()
    {
        await using var proxy = await HeaderCapturingProxy.StartAsync(_world.Endpoint);
        var log = new RecordingLog();
        const string password = "s3cret:with-colon";
        using var client = new SchemaRegistryClient(_world.Options(proxy.Endpoint) with { Username = "kpops", Password = password }, log);

        await client.RegisterAsync(_subject, User, None);
        await client.IsRegisteredAsync(_subject, User, None);
        await client.CheckCompatibilityAsync(_subject, User, None);
        await client.GetVersionsAsync(_subject, None);
        await client.GetLatestVersionAsync(_subject, None);
        await client.DeleteSubjectAsync(_subject, permanent: true, None);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kpops:" + password));
        Assert.Equal(7, proxy.Requests.Count);
        Assert.All(proxy.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.DoesNotContain(password, log.Text);
        Assert.DoesNotContain(expected["Basic ".Length..], log.Text);
        Assert.Equal(7, log.Lines.Count);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_used_for_basic_auth_and_kept_out_of_messages()
    {
        await using var proxy = await HeaderCapturingProxy.StartAsync(_world.Endpoint);
        var log = new RecordingLog();
        var url = proxy.Endpoint.Replace("http://", "http://user:pa%40ss@", StringComparison.Ordinal);
        using var client = new SchemaRegistryClient(_world.Options(url), log);

        await client.RegisterAsync(_subject, User, None);
        await client.DeleteSubjectAsync(_subject, permanent: false, None);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pa@ss"));
        Assert.All(proxy.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.DoesNotContain("pa%40ss", log.Text + client.Endpoint);
        Assert.DoesNotContain("user:", log.Text + client.Endpoint);
    }

    [Fact]
    public async Task No_authorization_header_without_credentials()
    {
        await using var proxy = await HeaderCapturingProxy.StartAsync(_world.Endpoint);
        using var client = new SchemaRegistryClient(_world.Options(proxy.Endpoint));

        await client.RegisterAsync(_subject, User, None);
        await client.DeleteSubjectAsync(_subject, permanent: false, None);

        Assert.All(proxy.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error_naming_the_url()
    {
        var url = Endpoints.Refusing();
        var log = new RecordingLog();
        using var client = new SchemaRegistryClient(_world.Options(url), log);

        var lookup = await Assert.ThrowsAsync<ServiceException>(() => client.GetVersionsAsync("x-value", None));
        var delete = await Assert.ThrowsAsync<ServiceException>(() => client.DeleteSubjectAsync("x-value", permanent: false, None));

        foreach (var e in new[] { lookup, delete })
        {
            Assert.Equal((Service.SchemaRegistry, ErrorKind.ConnectionError, "SchemaRegistryConnectionFailed"), (e.Service, e.Kind, e.ErrorId));
            Assert.StartsWith(url, e.Endpoint);
            Assert.Contains(url, e.Message);
            Assert.Contains("schema_registry.url", e.Hint);
        }
        Assert.All(log.Lines, line => Assert.Contains("-> failed", line));
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task A_dropped_connection_is_a_connection_error()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Add(new FaultRule { Method = "POST", Action = FaultAction.Drop });
        using var client = new SchemaRegistryClient(_world.Options());

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.RegisterAsync(_subject, User, None));

        Assert.Equal(ErrorKind.ConnectionError, e.Kind);
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task A_slow_registry_is_a_timeout_for_confluent_and_plain_calls()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Latency = TimeSpan.FromSeconds(2);
        var log = new RecordingLog();
        using var client = new SchemaRegistryClient(_world.Options() with { Timeout = TimeSpan.FromMilliseconds(200) }, log);
        var watch = Stopwatch.StartNew();

        var lookup = await Assert.ThrowsAsync<ServiceException>(() => client.GetVersionsAsync(_subject, None));
        var delete = await Assert.ThrowsAsync<ServiceException>(() => client.DeleteSubjectAsync(_subject, permanent: false, None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.8), $"took {watch.Elapsed}");
        foreach (var e in new[] { lookup, delete })
        {
            Assert.Equal(ErrorKind.ConnectionError, e.Kind);
            Assert.True(e.Message.Contains("timed out after 0.2 s"), e.Message);
            Assert.Contains("schema_registry.timeout", e.Hint);
        }
        Assert.All(log.Lines, line => Assert.Contains("-> timed out", line));
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task Cancelling_stops_waiting_at_once()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Latency = TimeSpan.FromSeconds(2);
        using var client = new SchemaRegistryClient(_world.Options());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.RegisterAsync(_subject, User, cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DeleteSubjectAsync(_subject, false, cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task A_server_error_is_retried_by_the_confluent_client_and_then_reported()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Add(new FaultRule { Method = "POST", Status = 500, ErrorCode = 50001, Message = "Error while storing the schema", Times = int.MaxValue });
        using var client = new SchemaRegistryClient(_world.Options() with { MaxAttempts = 3 });

        var e = await Assert.ThrowsAsync<ServiceException>(() => client.RegisterAsync(_subject, User, None));

        Assert.Equal((ErrorKind.ServiceError, 500), (e.Kind, e.StatusCode));
        Assert.Contains("Error while storing the schema", e.Message);
        Assert.Equal(3, registry.Log.Records.Count(r => r.Method == "POST"));
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task A_transient_server_error_is_retried_away()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Add(new FaultRule { Method = "POST", Status = 503 });
        using var client = new SchemaRegistryClient(_world.Options() with { MaxAttempts = 3 });

        var id = await client.RegisterAsync(_subject, User, None);

        Assert.True(id > 0);
        Assert.Equal([503, 200], registry.Log.Records.Where(r => r.Method == "POST").Select(r => r.Status));
    }

    [DoubleOnlyFact]
    [Trait(SchemaRegistryWorld.Trait, SchemaRegistryWorld.DoubleOnly)]
    public async Task An_unauthorized_answer_points_at_the_credentials()
    {
        var registry = _world.RequireDouble();
        registry.Faults.Add(new FaultRule { Status = 401, Message = "Unauthorized", Times = int.MaxValue });
        using var client = new SchemaRegistryClient(_world.Options() with { Username = "kpops", Password = "wrong" });

        var lookup = await Assert.ThrowsAsync<ServiceException>(() => client.GetVersionsAsync(_subject, None));
        var delete = await Assert.ThrowsAsync<ServiceException>(() => client.DeleteSubjectAsync(_subject, false, None));

        Assert.All(new[] { lookup, delete }, e =>
        {
            Assert.Equal((ErrorKind.ServiceError, 401), (e.Kind, e.StatusCode));
            Assert.Contains("schema_registry.username", e.Hint);
        });
    }

    [Fact]
    public void Options_come_from_the_schema_registry_section_of_the_config()
    {
        var config = TestConfig.Load("""
            kafka_brokers: localhost:9092
            schema_registry:
              enabled: true
              url: http://registry:8081
              timeout: 12.5
              username: kpops
              password: secret
              schemas_path: schemas
            """);

        var options = SchemaRegistryClientOptions.FromConfig(config);

        Assert.Equal(("http://registry:8081/", TimeSpan.FromSeconds(12.5), "kpops", "secret"), (options.Url, options.Timeout, options.Username, options.Password));
        Assert.Equal("schemas", config.SchemasPath);
        Assert.DoesNotContain("secret", options.ToString());
    }

    [Fact]
    public void Options_default_to_30_seconds_and_no_credentials()
    {
        var options = SchemaRegistryClientOptions.FromConfig(TestConfig.Load("kafka_brokers: localhost:9092"));

        Assert.Equal(("http://localhost:8081/", TimeSpan.FromSeconds(30), null, null), (options.Url, options.Timeout, options.Username, options.Password));
    }

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
