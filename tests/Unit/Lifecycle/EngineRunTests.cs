using System.Threading.Channels;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Status;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>How engine work runs for a host: events in order, clients made and disposed once, every end a last event.</summary>
public sealed class EngineRunTests : LifecycleTestBase
{
    private static async Task<List<RunEvent>> Drain(ChannelReader<RunEvent> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<RunEvent>();
        await foreach (var e in reader.ReadAllAsync(timeout.Token)) events.Add(e);
        return events;
    }

    [Fact]
    public async Task Lines_and_events_of_the_work_arrive_in_the_order_they_were_reported()
    {
        var events = await Drain(EngineRun.Start("Test", World.Factory, (run, _, _) =>
        {
            run.Verbose("one");
            run.Warning("two");
            run.Verbose("three");
            return Task.CompletedTask;
        }, default));

        Assert.Equal(["VerboseMessage one", "WarningMessage two", "VerboseMessage three"],
            events.Select(e => e switch { VerboseMessage v => "VerboseMessage " + v.Message, WarningMessage w => "WarningMessage " + w.Message, _ => e.ToString()! }));
    }

    [Fact]
    public async Task The_clients_of_a_pipeline_are_made_once_and_disposed_once_when_the_work_ends()
    {
        var pipeline = Load("- type: producer-app\n  name: producer\n");

        await Drain(EngineRun.Start("Test", World.Factory, (_, clients, _) =>
        {
            Assert.Same(clients.For(pipeline), clients.For(pipeline));
            return Task.CompletedTask;
        }, default));

        Assert.Equal(1, World.ClientsDisposed);
    }

    [Fact]
    public async Task An_engine_error_ends_the_work_as_its_last_event()
    {
        var error = new KPopsException(ErrorIds.TopicMismatch, ErrorKind.InvalidOperation, "boom");

        var events = await Drain(EngineRun.Start("Test", World.Factory, (_, _, _) => throw error, default));

        Assert.Same(error, Assert.IsType<RunFailed>(Assert.Single(events)).Error);
    }

    [Fact]
    public async Task An_unexpected_exception_ends_the_work_as_a_RunFailed_error_not_as_a_bare_exception()
    {
        var events = await Drain(EngineRun.Start("Test", World.Factory, (_, _, _) => throw new InvalidOperationException("bug"), default));

        var failure = Assert.IsType<RunFailed>(Assert.Single(events));
        Assert.Equal(ErrorIds.RunFailed, failure.Error.ErrorId);
        Assert.Equal("Test failed: InvalidOperationException: bug", failure.Error.Message);
    }

    [Fact]
    public async Task A_cancelled_work_ends_with_OperationCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var events = await Drain(EngineRun.Start("Test", World.Factory, (_, _, token) => Task.Delay(Timeout.Infinite, token), cancellation.Token));

        var failure = Assert.IsType<RunFailed>(Assert.Single(events));
        Assert.Equal(ErrorIds.OperationCancelled, failure.Error.ErrorId);
        Assert.Equal(ErrorKind.Cancelled, failure.Error.Kind);
    }

    [Fact]
    public async Task The_status_check_reports_each_component_with_its_results()
    {
        var pipeline = Load("- type: producer-app\n  name: producer\n");

        var events = await Drain(StatusReporter.Start([(pipeline, pipeline.Components)], new StatusOptions(), World.Factory, default));

        Assert.IsType<ComponentStarted>(events[0]);
        var completed = Assert.IsType<ComponentCompleted>(Assert.Single(events, e => e is ComponentCompleted));
        Assert.Same(pipeline.Components[0], completed.Component);
        Assert.All(completed.Objects, o => Assert.IsType<StatusResult>(o));
        Assert.DoesNotContain(events, e => e is RunFailed);
        Assert.Equal(1, World.ClientsDisposed);
    }
}
