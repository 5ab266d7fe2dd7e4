using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KPops.TestWorld.Connect;
using Xunit;
using static KPops.TestWorld.Tests.Connect.ConnectFixture;

namespace KPops.TestWorld.Tests.Connect;

/// <summary>Status, pause/resume/stop, restarts and tasks.</summary>
public sealed class ConnectLifecycleTests : IClassFixture<ConnectFixture>
{
    private const string Trace = "org.apache.kafka.connect.errors.ConnectException: database unreachable\n\tat io.confluent.connect.jdbc.sink.JdbcSinkTask.put(JdbcSinkTask.java:98)";

    private readonly ConnectFixture _c;
    private readonly ConnectDouble _connect;

    public ConnectLifecycleTests(ConnectFixture fixture)
    {
        _c = fixture;
        _connect = fixture.Connect;
        _connect.Reset();
        _connect.PutConnector("s", SinkConfig(tasksMax: "2"));
    }

    [Fact]
    public async Task Status_reports_connector_and_tasks_with_worker_id()
    {
        var worker = new Uri(_connect.Endpoint).Authority;

        var status = await _c.Http.GetStringAsync("connectors/s/status");

        Assert.Equal(
            $$"""{"name":"s","connector":{"state":"RUNNING","worker_id":"{{worker}}"},"tasks":[{"id":0,"state":"RUNNING","worker_id":"{{worker}}"},{"id":1,"state":"RUNNING","worker_id":"{{worker}}"}],"type":"sink"}""",
            status);
    }

    [Fact]
    public async Task Status_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.Http.GetAsync("connectors/nope/status"), 404);
    }

    [Fact]
    public async Task A_failed_connector_reports_its_trace()
    {
        _connect.SetConnectorState("s", ConnectorState.Failed, Trace);

        var status = await _c.GetObjectAsync("connectors/s/status");

        Assert.Equal("FAILED", status["connector"]!["state"]!.GetValue<string>());
        Assert.Equal(Trace, status["connector"]!["trace"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_task_reports_its_trace_in_the_task_status()
    {
        _connect.SetTaskState("s", 1, ConnectorState.Failed, Trace);

        var task = await _c.GetObjectAsync("connectors/s/tasks/1/status");

        Assert.Equal(("FAILED", Trace), (task["state"]!.GetValue<string>(), task["trace"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pause_answers_202_and_pauses_connector_and_tasks()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/pause");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var connector = _connect.GetConnector("s")!;
        Assert.Equal(ConnectorState.Paused, connector.State);
        Assert.All(connector.Tasks, t => Assert.Equal(ConnectorState.Paused, t.State));
    }

    [Fact]
    public async Task Resume_answers_202_and_runs_a_paused_connector()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/pause");

        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/resume");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(ConnectorState.Running, _connect.GetConnector("s")!.State);
    }

    [Fact]
    public async Task Stop_answers_204_and_removes_the_tasks()
    {
        var response = await _c.SendAsync(HttpMethod.Put, "connectors/s/stop");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var connector = _connect.GetConnector("s")!;
        Assert.Equal((ConnectorState.Stopped, 0), (connector.State, connector.Tasks.Count));
        Assert.Equal("[]", (await _c.GetObjectAsync("connectors/s"))["tasks"]!.ToJsonString());
    }

    [Fact]
    public async Task Resume_also_starts_a_stopped_connector_with_its_tasks()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/stop");

        await _c.SendAsync(HttpMethod.Put, "connectors/s/resume");

        var connector = _connect.GetConnector("s")!;
        Assert.Equal((ConnectorState.Running, 2), (connector.State, connector.Tasks.Count));
    }

    [Fact]
    public async Task Pausing_a_failed_connector_keeps_it_failed()
    {
        _connect.SetConnectorState("s", ConnectorState.Failed, Trace);

        await _c.SendAsync(HttpMethod.Put, "connectors/s/pause");

        Assert.Equal((ConnectorState.Paused, ConnectorState.Failed), (_connect.GetConnector("s")!.TargetState, _connect.GetConnector("s")!.State));
    }

    [Fact]
    public async Task Pause_of_an_unknown_connector_fails_with_404()
    {
        await AssertErrorAsync(await _c.SendAsync(HttpMethod.Put, "connectors/nope/pause"), 404);
    }

    [Fact]
    public async Task A_plain_restart_answers_204_and_restarts_a_failed_connector()
    {
        _connect.SetConnectorState("s", ConnectorState.Failed, Trace);

        var response = await _c.SendAsync(HttpMethod.Post, "connectors/s/restart");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((ConnectorState.Running, null), (_connect.GetConnector("s")!.State, _connect.GetConnector("s")!.Trace));
    }

    [Fact]
    public async Task Restart_with_tasks_answers_202_showing_restarting_instances()
    {
        var response = await _c.SendAsync(HttpMethod.Post, "connectors/s/restart?includeTasks=true");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("RESTARTING", status!["connector"]!["state"]!.GetValue<string>());
        Assert.All(status["tasks"]!.AsArray(), t => Assert.Equal("RESTARTING", t!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Restart_only_failed_tasks_leaves_healthy_ones_alone()
    {
        _connect.SetTaskState("s", 1, ConnectorState.Failed, Trace);

        var response = await _c.SendAsync(HttpMethod.Post, "connectors/s/restart?includeTasks=true&onlyFailed=true");

        var status = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["RUNNING", "RUNNING", "RESTARTING"],
            new[] { status!["connector"]!["state"], status["tasks"]![0]!["state"], status["tasks"]![1]!["state"] }.Select(n => n!.GetValue<string>()));
        Assert.All(_connect.GetConnector("s")!.Tasks, t => Assert.Equal(ConnectorState.Running, t.State));
    }

    [Fact]
    public async Task Tasks_lists_task_ids_and_configs()
    {
        var tasks = await _c.GetArrayAsync("connectors/s/tasks");

        Assert.Equal(2, tasks.Count);
        Assert.Equal("""{"connector":"s","task":1}""", tasks[1]!["id"]!.ToJsonString());
        Assert.Equal("orders", tasks[1]!["config"]!["topics"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_of_an_unknown_task_fails_with_404()
    {
        await AssertErrorAsync(await _c.Http.GetAsync("connectors/s/tasks/5/status"), 404, "Task s-5 not found");
    }

    [Fact]
    public async Task Restarting_a_task_answers_204_and_clears_its_failure()
    {
        _connect.SetTaskState("s", 0, ConnectorState.Failed, Trace);

        var response = await _c.SendAsync(HttpMethod.Post, "connectors/s/tasks/0/restart");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new TaskSnapshot(0, ConnectorState.Running, null), _connect.GetConnector("s")!.Tasks[0]);
    }

    [Fact]
    public async Task A_config_update_restarts_in_the_target_state_with_the_new_task_count()
    {
        await _c.SendAsync(HttpMethod.Put, "connectors/s/pause");

        await _c.SendAsync(HttpMethod.Put, "connectors/s/config", SinkConfig(tasksMax: "3"));

        var connector = _connect.GetConnector("s")!;
        Assert.Equal((ConnectorState.Paused, 3), (connector.State, connector.Tasks.Count));
    }
}
