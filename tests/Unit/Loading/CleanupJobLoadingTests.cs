using KPops.Engine.Errors;
using KPops.Engine.Inventory;
using KPops.Engine.Lifecycle;
using KPops.Engine.Loading;
using KPops.Engine.Naming;
using KPops.Engine.Yaml;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Loading;

/// <summary>The cleanup jobs of streams-bootstrap apps are part of the loaded pipeline: built, and checked, at load.</summary>
public sealed class CleanupJobLoadingTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Streams = "- type: streams-app\n  name: app\n";

    private void WriteDefaults(string extra) => _ws.Write("pipelines/defaults.yaml", Workspace.StandardDefaults + "\n" + extra);

    private CleanupJobResource Job(Operation operation)
    {
        var pipeline = _ws.LoadPipeline(Streams);
        return pipeline.Inventory.Of(pipeline.Components[0]).For(operation).OfType<CleanupJobResource>().Single();
    }

    private static YMap Values(CleanupJobResource job) => (YMap)YamlReader.Read(job.Release.Request.ValuesYaml, "values")!;

    private static object? KafkaValue(CleanupJobResource job, string key) => ((Values(job).Get("kafka") as YMap)?.Get(key) as YScalar)?.Value;

    [Fact]
    public void A_cleanup_job_that_does_not_validate_fails_the_load_of_its_app()
    {
        WriteDefaults("streams-app-cleaner:\n  timeout: not-a-duration\n");

        var error = _ws.LoadError(Streams);

        Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
        Assert.Contains("app-clean", error.Message, StringComparison.Ordinal);
        Assert.Equal(_ws.PathOf("pipelines/defaults.yaml"), error.Location?.File);
    }

    private Engine.Pipelines.Pipeline LoadDeferred(string pipelineYaml)
    {
        _ws.Write(Workspace.PipelinePath, pipelineYaml);
        return PipelineLoader.LoadOne(_ws.Request([Workspace.PipelinePath]) with { DeferCleanupJobs = true });
    }

    [Fact]
    public void A_deferred_load_reports_a_job_that_does_not_build_when_the_job_is_first_needed()
    {
        WriteDefaults("streams-app-cleaner:\n  timeout: not-a-duration\n");

        var pipeline = LoadDeferred(Streams);   // a read of the model: the app itself is fine

        Assert.Equal("app", Assert.Single(pipeline.Components).Name);
        var error = Assert.Throws<KPopsException>(() => pipeline.Inventory);
        Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
        Assert.Contains("app-clean", error.Message, StringComparison.Ordinal);
        Assert.Same(error, Assert.Throws<KPopsException>(() => pipeline.Inventory));   // the same error every time
    }

    [Fact]
    public void Deferred_cleanup_jobs_are_the_jobs_a_load_builds()
    {
        var eager = _ws.LoadPipeline(ManyApps(20));
        var deferred = LoadDeferred(ManyApps(20));

        for (var i = 0; i < 20; i++)
        {
            foreach (var operation in new[] { Operation.Reset, Operation.Clean })
            {
                var expected = eager.Inventory.Of(eager.Components[i]).For(operation).OfType<CleanupJobResource>().Single();
                var actual = deferred.Inventory.Of(deferred.Components[i]).For(operation).OfType<CleanupJobResource>().Single();
                Assert.Equal(expected.Release.Request.ValuesYaml, actual.Release.Request.ValuesYaml);
                Assert.Equal(expected.Release.Request.Release, actual.Release.Request.Release);
            }
        }
    }

    // Enough apps that the jobs are built on several threads.
    private static string ManyApps(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"- type: streams-app\n  name: app-{i}\n  from:\n    topics:\n      in-{i}: {{}}\n"));

    [Fact]
    public void Cleanup_jobs_that_do_not_validate_are_all_reported_in_pipeline_order()
    {
        WriteDefaults("streams-app-cleaner:\n  timeout: not-a-duration\n");

        var error = Assert.IsType<KPopsAggregateException>(_ws.LoadError(ManyApps(200)));

        Assert.Equal(200, error.Errors.Count);
        for (var i = 0; i < 200; i++) Assert.Contains($"app-{i}-clean", error.Errors[i].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_app_of_a_large_pipeline_gets_its_own_cleanup_jobs()
    {
        var pipeline = _ws.LoadPipeline(ManyApps(200));

        Assert.Equal(200, pipeline.Components.Count);
        foreach (var app in pipeline.Components)
        {
            foreach (var operation in new[] { Operation.Reset, Operation.Clean })
            {
                var job = pipeline.Inventory.Of(app).For(operation).OfType<CleanupJobResource>().Single();
                Assert.Equal(app.Name, job.App);
                Assert.Equal(ResourceNames.CleanupNameOverride(app.FullName), (Values(job).Get("nameOverride") as YScalar)?.Value);
                Assert.Equal(operation == Operation.Clean, KafkaValue(job, "deleteOutput"));
            }
        }
    }

    [Fact]
    public void The_reset_job_keeps_the_output_and_the_clean_job_deletes_it()
    {
        Assert.Equal(false, KafkaValue(Job(Operation.Reset), "deleteOutput"));
        Assert.Equal(true, KafkaValue(Job(Operation.Clean), "deleteOutput"));
    }

    [Fact]
    public void The_reset_and_clean_jobs_differ_only_in_delete_output()
    {
        var reset = Values(Job(Operation.Reset));
        var clean = Values(Job(Operation.Clean));
        ((YMap)reset["kafka"]).Remove("deleteOutput");
        ((YMap)clean["kafka"]).Remove("deleteOutput");

        Assert.Equal(YamlWriter.Write(clean), YamlWriter.Write(reset));
    }

    [Fact]
    public void A_placeholder_that_names_delete_output_sees_the_value_of_each_job()
    {
        WriteDefaults("streams-app-cleaner:\n  values:\n    labels:\n      mode: delete-${component.values.kafka.deleteOutput}\n");

        Assert.Equal("delete-False", ((Values(Job(Operation.Reset)).Get("labels") as YMap)?.Get("mode") as YScalar)?.Value);
        Assert.Equal("delete-True", ((Values(Job(Operation.Clean)).Get("labels") as YMap)?.Get("mode") as YScalar)?.Value);
    }

    [Fact]
    public void The_warnings_of_a_cleanup_job_are_kept_for_its_run_and_are_no_load_warnings()
    {
        _ws.Write("pipelines/defaults.yaml", "kubernetes-app:\n  namespace: test-ns\nstreams-bootstrap:\n  values:\n    image: registry/app\n");
        _ws.Write(Workspace.PipelinePath, Streams);

        var result = Engine.Loading.PipelineLoader.Load(_ws.Request([Workspace.PipelinePath])).Single();
        var pipeline = result.Pipeline!;
        var job = pipeline.Inventory.Of(pipeline.Components[0]).For(Operation.Reset).OfType<CleanupJobResource>().Single();

        Assert.DoesNotContain(result.Warnings, w => w.Contains("app-clean", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'app'", StringComparison.Ordinal) && w.Contains("imageTag", StringComparison.Ordinal));
        Assert.Contains(job.Release.Warnings, w => w.Contains("'app-clean'", StringComparison.Ordinal) && w.Contains("imageTag", StringComparison.Ordinal));
    }

    [Fact]
    public void Running_values_that_validate_build_the_job_with_them()
    {
        var job = Job(Operation.Reset);
        var warnings = new List<string>();

        var release = job.WithLiveValues((YMap)YamlReader.Read("image: registry/app\nimageTag: 2.0.0\n", "live")!, warnings.Add);

        Assert.Contains("imageTag: 2.0.0", release.Request.ValuesYaml, StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Running_values_that_do_not_validate_fall_back_to_the_job_of_the_load_with_a_warning()
    {
        var job = Job(Operation.Reset);
        var warnings = new List<string>();

        var release = job.WithLiveValues((YMap)YamlReader.Read("image: registry/app\nimageTag: not a tag!\n", "live")!, warnings.Add);

        Assert.Same(job.Release, release);
        Assert.Contains(warnings, w => w.Contains("do not validate", StringComparison.Ordinal));
    }
}
