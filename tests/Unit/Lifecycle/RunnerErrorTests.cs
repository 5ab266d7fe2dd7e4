using KPops.Engine.Clients;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>Failures, cancellation and re-runs (spec §5.5): the first failure stops the run, nothing completed is lost.</summary>
public sealed class RunnerErrorTests : LifecycleTestBase
{
    private const string Chain = """
        - type: producer-app
          name: producer
          to:
            topics:
              a: {}
        - type: streams-app
          name: app
          to:
            topics:
              b: {}
        - type: kafka-sink-connector
          name: sink
          config:
            connector.class: io.confluent.connect.jdbc.JdbcSinkConnector
        """;


    [Fact]
    public async Task The_first_failing_step_stops_the_run()
    {
        World.Fail("Kafka.CreateTopic", nth: 2);   // topic b of app

        var outcome = await RunAsync(Operation.Deploy, Load(Chain));

        Assert.NotNull(outcome.Failure);
        Assert.DoesNotContain("Helm.UpgradeInstall demo-app", World.CallLines());
        Assert.Empty(World.CallLines(Service.KafkaConnect));
        Assert.DoesNotContain(outcome.Results, r => r.Component is "app" or "sink");
    }

    [Fact]
    public async Task Results_emitted_before_the_failure_stay_and_are_listed_in_the_failure()
    {
        World.Fail("Kafka.CreateTopic", nth: 2);

        var outcome = await RunAsync(Operation.Deploy, Load(Chain));

        Assert.Equal(["producer Topic a Created", "producer HelmRelease demo-producer Created"], outcome.Lines);
        Assert.Equal(outcome.Results, outcome.Failure!.Completed);
        Assert.IsType<RunFailed>(outcome.Events[^1]);
    }

    [Fact]
    public async Task The_error_names_the_component_the_resource_the_service_and_its_endpoint()
    {
        var injected = World.Fail("KafkaConnect.Create", message: "500 Internal Server Error");

        var error = (await RunAsync(Operation.Deploy, Load(Chain))).Failure!.Error;

        Assert.Contains("kafka-sink-connector 'sink'", error.Message);
        Assert.Contains("Connector demo-sink", error.Message);
        Assert.Contains("[Kafka Connect] 500 Internal Server Error", error.Message);
        Assert.Contains("url=" + FakeConnect.Url, error.Message);
        Assert.Equal(injected.ErrorId, error.ErrorId);
        var service = Assert.IsType<ServiceException>(error.InnerException);
        Assert.Equal(Service.KafkaConnect, service.Service);
    }

    [Fact]
    public async Task A_failure_of_the_engine_itself_stops_the_run_too()
    {
        World.Kafka.AddTopic("b", partitions: 1, replicationFactor: 3);
        var pipeline = Load(Chain.Replace("b: {}", "b:\n          replication_factor: 1", StringComparison.Ordinal));

        var outcome = await RunAsync(Operation.Deploy, pipeline);

        Assert.Equal("TopicMismatch", outcome.Failure!.Error.ErrorId);
        Assert.Contains("streams-app 'app'", outcome.Failure.Error.Message);
        Assert.DoesNotContain("Helm.UpgradeInstall demo-app", World.CallLines());
    }

    [Fact]
    public async Task An_unexpected_exception_from_a_client_is_reported_as_the_runs_failure()
    {
        World.Fail("Helm.UpgradeInstall", new InvalidOperationException("the client broke"));

        var outcome = await RunAsync(Operation.Deploy, Load(Chain));

        var failure = Assert.IsType<RunFailed>(outcome.Events[^1]);
        Assert.Contains("producer-app 'producer'", failure.Error.Message);
        Assert.Contains("the client broke", failure.Error.Message);
        Assert.Equal(["producer Topic a Created"], outcome.Lines);
    }

    [Fact]
    public async Task A_failure_outside_the_steps_still_ends_the_run_as_a_failure()
    {
        var pipeline = Load(Chain);
        var runner = new LifecycleRunner((_, _) => throw new InvalidOperationException("no kubeconfig"));

        var events = new List<RunEvent>();
        await foreach (var e in runner.Start(Operation.Deploy, pipeline.Components.Select(c => new RunItem(pipeline, c, false)).ToList(), default).ReadAllAsync())
            events.Add(e);

        var failure = Assert.IsType<RunFailed>(Assert.Single(events));
        Assert.Contains("no kubeconfig", failure.Error.Message);
        Assert.Empty(failure.Completed);
    }

    [Fact]
    public async Task In_parallel_mode_a_failure_skips_its_dependents_and_lets_running_components_finish()
    {
        var pipeline = Load(TestPipelines.Diamond);
        World.Hold("Helm.UpgradeInstall", async (call, ct) =>
        {
            // right's install is still running when left fails; it must finish, not be cancelled.
            if (call.Target == "demo-right") await WaitUntil(() => World.CallLines().Contains("Helm.UpgradeInstall demo-left"), ct);
        });
        World.Fail("Helm.UpgradeInstall", target: "demo-left");

        var outcome = await RunAsync(Operation.Deploy, pipeline, parallel: true);

        Assert.Equal(ErrorKind.ServiceError, outcome.Failure!.Error.Kind);
        Assert.Contains("streams-app 'left'", outcome.Failure.Error.Message);
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.HelmRelease, "demo-right").Action);
        Assert.DoesNotContain(World.CallLines(), c => c.Contains("demo-join", StringComparison.Ordinal));
        var skipped = outcome.Result(ResourceKind.HelmRelease, "demo-join");
        Assert.Equal(StepAction.Skipped, skipped.Action);
        Assert.Contains("streams-app 'left'", skipped.Message);
        Assert.DoesNotContain(outcome.Events.OfType<StepStarted>(), s => s.Component.Name == "join");
        Assert.IsType<RunFailed>(outcome.Events[^1]);
    }

    [Fact]
    public async Task In_parallel_mode_a_failure_skips_what_depends_on_it_indirectly_too()
    {
        var pipeline = Load(TestPipelines.Diamond);
        World.Fail("Helm.UpgradeInstall", target: "demo-source");

        var outcome = await RunAsync(Operation.Deploy, pipeline, parallel: true);

        Assert.Contains("producer-app 'source'", outcome.Failure!.Error.Message);
        Assert.Equal(["left", "right", "join"], outcome.Results.Where(r => r.Action == StepAction.Skipped).Select(r => r.Component).Distinct());
        Assert.Equal(["Helm.UpgradeInstall demo-source"], World.CallLines(Service.Helm).Where(c => c.StartsWith("Helm.UpgradeInstall", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task In_parallel_mode_independent_components_go_on_after_a_failure_and_the_first_failure_is_reported()
    {
        var pipeline = Load(string.Concat(Enumerable.Range(1, 3).Select(i => $"- type: helm-app\n  name: app{i}\n  chart: ./chart\n")));
        World.Fail("Helm.UpgradeInstall", nth: 1);

        var outcome = await RunAsync(Operation.Deploy, pipeline, parallel: true, throttleLimit: 1);

        Assert.Equal(ErrorKind.ServiceError, outcome.Failure!.Error.Kind);
        Assert.Contains("helm-app 'app1'", outcome.Failure.Error.Message);
        Assert.Equal(["app2 HelmRelease demo-app2 Created", "app3 HelmRelease demo-app3 Created"], outcome.Lines);
        Assert.Equal(outcome.Results, outcome.Failure.Completed);
    }

    [Fact]
    public async Task In_parallel_teardown_a_failure_keeps_the_inputs_of_the_failed_component()
    {
        var pipeline = Load(TestPipelines.Diamond);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Fail("Helm.Uninstall", target: "demo-left");

        var outcome = await RunAsync(Operation.Destroy, pipeline, parallel: true);

        Assert.Contains("streams-app 'left'", outcome.Failure!.Error.Message);
        Assert.Equal(StepAction.Skipped, outcome.Result(ResourceKind.HelmRelease, "demo-source").Action);
        Assert.Contains("demo-source", World.Helm.Releases.Select(r => r.Name));
        Assert.DoesNotContain("demo-right", World.Helm.Releases.Select(r => r.Name));
    }

    [Fact]
    public async Task Cancelling_a_parallel_run_stops_the_running_steps_and_starts_nothing_more()
    {
        var pipeline = Load(TestPipelines.Diamond);
        using var cancellation = new CancellationTokenSource();
        World.Hold("Helm.UpgradeInstall", async (call, ct) =>
        {
            if (call.Target == "demo-source") return;
            if (World.InFlight("Helm.UpgradeInstall") >= 2) cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var outcome = await RunAsync(Operation.Deploy, pipeline, parallel: true, cancellationToken: cancellation.Token);

        Assert.Equal(ErrorKind.Cancelled, outcome.Failure!.Error.Kind);
        Assert.DoesNotContain(World.CallLines(), c => c.Contains("demo-join", StringComparison.Ordinal));
        Assert.Equal(["demo-source"], World.Helm.Releases.Select(r => r.Name));
    }

    [Fact]
    public async Task Cancellation_yields_a_cancelled_failure_listing_the_completed_steps()
    {
        var pipeline = Load(Chain);
        using var cancellation = new CancellationTokenSource();
        World.Hold("Helm.UpgradeInstall", async (call, ct) =>
        {
            if (call.Target != "demo-app") return;
            cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var outcome = await RunAsync(Operation.Deploy, pipeline, cancellationToken: cancellation.Token);

        var failure = outcome.Failure!;
        Assert.Equal(ErrorKind.Cancelled, failure.Error.Kind);
        Assert.Equal(["producer Topic a", "producer HelmRelease demo-producer", "app Topic b"],
            failure.Completed.Select(r => $"{r.Component} {r.Kind} {r.Resource}"));
        Assert.Contains("demo-producer", failure.Error.Message);
        Assert.Contains("3 step(s)", failure.Error.Message);
        Assert.Empty(World.CallLines(Service.KafkaConnect));
    }

    [Fact]
    public async Task Cancelling_a_parallel_run_while_components_wait_for_the_throttle_ends_it_as_cancelled()
    {
        var pipeline = Load(string.Concat(Enumerable.Range(1, 3).Select(i => $"- type: helm-app\n  name: app{i}\n  chart: ./chart\n")));
        using var cancellation = new CancellationTokenSource();
        World.Hold("Helm.UpgradeInstall", async (_, ct) =>
        {
            cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var outcome = await RunAsync(Operation.Deploy, pipeline, parallel: true, throttleLimit: 1, cancellationToken: cancellation.Token);

        Assert.Equal(ErrorKind.Cancelled, outcome.Failure!.Error.Kind);
        Assert.Single(World.CallLines(), c => c.StartsWith("Helm.UpgradeInstall", StringComparison.Ordinal));
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task A_rerun_after_the_fault_is_cleared_converges_without_creating_anything_twice()
    {
        var pipeline = Load(Chain);
        World.Fail("Helm.UpgradeInstall", nth: 2);   // app's release
        var first = await RunAsync(Operation.Deploy, pipeline);
        Assert.NotNull(first.Failure);
        World.ClearFaults();

        var second = (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        foreach (var done in first.Results)
        {
            var again = second.Result(done.Kind, done.Resource);
            Assert.True(again.Action is StepAction.Unchanged or StepAction.Updated, $"{again} after a first run that {done.Action} it");
        }
        Assert.Equal(StepAction.Created, second.Result(ResourceKind.HelmRelease, "demo-app").Action);
        Assert.Equal(StepAction.Created, second.Result(ResourceKind.Connector, "demo-sink").Action);
        Assert.Equal(2, World.Helm.Releases.Count);
    }

    [Fact]
    public async Task A_second_deploy_of_an_unchanged_pipeline_changes_nothing()
    {
        var pipeline = Load(Chain);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.ClearCalls();

        var second = (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        // Releases whose manifests and values are the same are not upgraded either (no new revision).
        Assert.All(second.Results, r => Assert.Equal(StepAction.Unchanged, r.Action));
        Assert.Empty(World.MutationLines());
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5, cancellationToken);
    }
}
