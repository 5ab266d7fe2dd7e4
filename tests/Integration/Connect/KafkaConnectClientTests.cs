using KPops.Engine.Clients;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Connect;

/// <summary>Reading, creating, updating, deleting and validating connectors.</summary>
public sealed class KafkaConnectClientTests(ConnectWorld world) : ConnectTestBase(world), IClassFixture<ConnectWorld>
{
    [Fact]
    public void Endpoint_is_the_connect_url_with_a_trailing_slash()
    {
        Assert.Equal(World.Endpoint.TrimEnd('/') + "/", Client.Endpoint);
    }

    [Fact]
    public async Task GetConnectorAsync_is_null_for_an_unknown_connector()
    {
        Assert.Null(await Client.GetConnectorAsync(Name("missing"), None));
    }

    [Fact]
    public async Task GetStatusAsync_is_null_for_an_unknown_connector()
    {
        Assert.Null(await Client.GetStatusAsync(Name("missing"), None));
    }

    [Fact]
    public async Task A_created_connector_is_read_back_with_its_config_and_type()
    {
        var name = Name("orders-sink");

        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        var info = await Client.GetConnectorAsync(name, None);
        Assert.NotNull(info);
        Assert.Equal((name, "sink"), (info.Name, info.Type));
        Assert.Equal(ConnectWorld.FileSink, info.Config["connector.class"]);
        Assert.Equal("orders", info.Config["topics"]);
    }

    [Fact]
    public async Task A_created_connector_runs_and_reports_its_tasks()
    {
        var name = Name("lines-source");

        await Client.CreateAsync(name, ConnectWorld.SourceConfig(), null, None);

        var status = await ConnectWorld.WaitForStateAsync(Client, name, "RUNNING");
        Assert.Equal((name, "RUNNING"), (status.Name, status.State));
        if (World.Worker is not null)
        {
            var task = Assert.Single(status.Tasks);
            Assert.Equal((0, "RUNNING"), (task.Id, task.State));
            Assert.NotNull(task.WorkerId);
        }
    }

    [Theory]
    [InlineData("PAUSED")]
    [InlineData("STOPPED")]
    [InlineData("paused")]
    public async Task CreateAsync_honours_the_initial_state(string initialState)
    {
        var name = Name("initial-" + initialState);

        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), initialState, None);

        Assert.Equal(initialState.ToUpperInvariant(), (await ConnectWorld.WaitForStateAsync(Client, name, initialState.ToUpperInvariant())).State);
        if (World.Worker is { } worker)
            Assert.Equal(Enum.Parse<ConnectorState>(initialState, ignoreCase: true), worker.GetConnector(name)!.TargetState);
    }

    [Fact]
    public async Task Creating_an_existing_connector_fails_at_once_without_retrying()
    {
        var name = Name("twice");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None));

        Assert.Equal((Service.KafkaConnect, 409), (e.Service, e.StatusCode));
        Assert.Contains("already exists", e.Message);
        Assert.Contains("/config", e.Hint);
        if (World.Worker is { } worker) Assert.Equal(2, worker.Log.Records.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Creating_with_an_invalid_config_reports_the_workers_message()
    {
        var config = ConnectWorld.SinkConfig();
        config.Remove("topics");

        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.CreateAsync(Name("invalid"), config, null, None));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("topics", e.Message);
        Assert.Contains("validate", e.Hint);
    }

    [Fact]
    public async Task PutConfigAsync_creates_with_201_and_then_updates_with_200()
    {
        var name = Name("put");

        Assert.True(await Client.PutConfigAsync(name, ConnectWorld.SinkConfig("a"), None));
        Assert.False(await Client.PutConfigAsync(name, ConnectWorld.SinkConfig("b"), None));

        Assert.Equal("b", (await Client.GetConnectorAsync(name, None))!.Config["topics"]);
        if (World.Worker is { } worker)
            Assert.Equal([201, 200], worker.Log.Records.Where(r => r.Method == "PUT").Select(r => r.Status));
    }

    [Fact]
    public async Task DeleteAsync_removes_the_connector_and_is_false_when_it_is_gone()
    {
        var name = Name("delete-me");
        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        Assert.True(await Client.DeleteAsync(name, None));
        Assert.Null(await Client.GetConnectorAsync(name, None));
        Assert.False(await Client.DeleteAsync(name, None));
    }

    [Fact]
    public async Task Names_with_reserved_characters_are_escaped()
    {
        var name = Name("odd name+ü");

        await Client.CreateAsync(name, ConnectWorld.SinkConfig(), null, None);

        Assert.Equal(name, (await Client.GetConnectorAsync(name, None))?.Name);
        Assert.True(await Client.DeleteAsync(name, None));
    }

    [Fact]
    public async Task ValidateAsync_of_a_valid_config_gives_no_errors()
    {
        Assert.Empty(await Client.ValidateAsync(ConnectWorld.FileSink, ConnectWorld.SinkConfig(name: "valid"), None));
    }

    [Fact]
    public async Task ValidateAsync_reports_a_missing_name()
    {
        var errors = await Client.ValidateAsync(ConnectWorld.FileSink, ConnectWorld.SinkConfig(), None);

        Assert.Contains(errors, e => e.Key == "name");
    }

    [Fact]
    public async Task ValidateAsync_lists_the_errors_per_key()
    {
        var config = ConnectWorld.SourceConfig(name: "invalid");
        config.Remove("topic");
        config["tasks.max"] = "0";

        var errors = await Client.ValidateAsync(ConnectWorld.FileSource, config, None);

        Assert.Contains(errors, e => e.Key == "topic" && e.Message.Contains("topic"));
        Assert.Contains(errors, e => e.Key == "tasks.max" && e.Message.Contains("tasks.max"));
    }

    [Fact]
    public async Task ValidateAsync_names_the_plugin_by_its_simple_class_name_and_adds_a_missing_connector_class()
    {
        var config = ConnectWorld.SinkConfig(name: "no-class");
        config.Remove("connector.class");
        config.Remove("topics");

        var errors = await Client.ValidateAsync(ConnectWorld.FileSink, config, None);

        Assert.Contains(errors, e => e.Key is "topics" or "topics.regex");
        if (World.Worker is { } worker)
            Assert.Equal("/connector-plugins/FileStreamSinkConnector/config/validate", Assert.Single(worker.Log.Records).Path);
    }

    [DoubleOnlyFact]
    [Trait(ConnectWorld.Trait, ConnectWorld.DoubleOnly)]
    public async Task ValidateAsync_reports_custom_plugin_rules()
    {
        var worker = World.RequireDouble();
        worker.AddPlugin("com.example.AuditSinkConnector", ConnectorType.Sink,
            ConfigRule.OneOf("audit.level", "low", "high"), ConfigRule.RequiredKey("audit.target"));
        var config = new Dictionary<string, string>
        {
            ["name"] = "audit", ["connector.class"] = "com.example.AuditSinkConnector", ["topics"] = "t", ["audit.level"] = "medium",
        };

        var errors = await Client.ValidateAsync("com.example.AuditSinkConnector", config, None);

        Assert.Equal(["audit.level", "audit.target"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task ValidateAsync_of_an_unknown_plugin_is_an_error()
    {
        var config = new Dictionary<string, string> { ["connector.class"] = "com.example.NoSuchThing" };

        if (World.Worker is { } worker) worker.InferUnknownPlugins = false;
        var e = await Assert.ThrowsAsync<ServiceException>(() => Client.ValidateAsync("com.example.NoSuchThing", config, None));

        Assert.Equal(400, e.StatusCode);
    }
}
