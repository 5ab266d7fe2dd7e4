using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Security;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Security;

/// <summary>What a run reports — lines, results, plans and failures — leaves masked.</summary>
public sealed class RunRedactionTests : LifecycleTestBase
{
    private const string Canary = "c4n4ry-Run";

    private const string Sink = """
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: com.example.Sink
            connection.password: c4n4ry-Run-conn
            note.jaas: PlainLoginModule required username="u" password="c4n4ry-Run-jaas";
            connection.url: jdbc:postgresql://app:c4n4ry-Run-url@db/x
            topics: in
        """;

    private static async Task<List<RunEvent>> Drain(System.Threading.Channels.ChannelReader<RunEvent> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<RunEvent>();
        await foreach (var e in reader.ReadAllAsync(timeout.Token)) events.Add(e);
        return events;
    }

    private static string Everything(IEnumerable<RunEvent> events) => string.Join("\n", events.Select(e => e switch
    {
        VerboseMessage v => v.Message,
        WarningMessage w => w.Message,
        StepCompleted s => s.Result.Diff + " " + s.Result.Message,
        RunFailed f => f.Error.FullMessage + " " + f.Error.InnerException?.Message,
        _ => "",
    }));

    [Fact]
    public async Task Lines_and_the_failure_of_a_run_are_masked_with_its_secrets()
    {
        var events = await Drain(EngineRun.Start("Test", World.Factory, (run, _, _) =>
        {
            run.Verbose($"calling with {Canary}");
            run.Warning($"warned {Canary}");
            throw new KPopsException(ErrorIds.RunFailed, ErrorKind.ServiceError, $"failed {Canary}", hint: $"hint {Canary}");
        }, default, new SecretMask([Canary])));

        Assert.Equal(3, events.Count);
        Assert.DoesNotContain(Canary, Everything(events), StringComparison.Ordinal);
        Assert.Equal("failed ***", Assert.IsType<RunFailed>(events[^1]).Error.Message);
    }

    [Fact]
    public async Task A_connector_plan_shows_no_secret_of_either_side()
    {
        World.Connect.AddConnector("demo-sink", new Dictionary<string, string>
        {
            ["connector.class"] = "com.example.Sink",
            ["connection.password"] = "old-c4n4ry-Run-pass",
            ["note.jaas"] = "PlainLoginModule required username=\"u\" password=\"old-jaas-c4n4ry\";",
        });
        var pipeline = Load(Sink);

        var outcome = await RunAsync(Operation.Deploy, pipeline, dryRun: true);

        var diff = outcome.Succeeded().Result(ResourceKind.Connector, "demo-sink").Diff!;
        Assert.Contains("~ connection.password: *** → ***", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("c4n4ry", Everything(outcome.Events), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_error_that_echoes_a_secret_is_masked()
    {
        World.Fail("KafkaConnect.Create", message: $"rejected config: connection.password={Canary}-conn is wrong");
        var pipeline = Load(Sink);

        var outcome = await RunAsync(Operation.Deploy, pipeline);

        Assert.NotNull(outcome.Failure);
        Assert.DoesNotContain(Canary, Everything(outcome.Events), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_message_that_echoes_a_secret_is_masked_in_the_plan()
    {
        World.Connect.Validation = (_, config) => [new ConnectorValidationError("connection.password", $"bad value {config["connection.password"]}")];
        var pipeline = Load(Sink);

        var outcome = await RunAsync(Operation.Deploy, pipeline, dryRun: true);

        var result = outcome.Result(ResourceKind.Connector, "demo-sink");
        Assert.Equal(StepAction.WouldFail, result.Action);
        Assert.Contains("bad value ***", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, Everything(outcome.Events), StringComparison.Ordinal);
    }
}
