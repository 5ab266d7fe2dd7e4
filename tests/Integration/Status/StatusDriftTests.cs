using KPops.Engine.Status;
using KPops.TestWorld.Connect;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Status;

/// <summary>
/// Drift that helm has no part in, produced on purpose after a deploy (helm 4): topic configs changed or topics
/// deleted behind our back, failed and paused connectors, consumer lag, subjects with another schema, services that
/// cannot be reached. Every check is read-only (see <see cref="StatusTest"/>).
/// </summary>
public sealed class StatusDriftTests(TestWorldFixture fixture, ITestOutputHelper output) : StatusTest(fixture, output, 4), IClassFixture<TestWorldFixture>
{
    private const string ConnectTrace = "org.apache.kafka.connect.errors.ConnectException: the file is gone\n\tat org.apache.kafka.connect.file.FileStreamSinkTask.put(FileStreamSinkTask.java:88)";

    [DoubleOnlyFact]
    public async Task Topic_configs_changed_behind_our_back_are_Drifted_with_a_diff()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "producer", "cron-producer");
        var kafka = D.Kafka.State;
        kafka.SetTopicConfig(Topic("producer"), "retention.ms", "1000");              // a config of the pipeline changed
        kafka.SetTopicConfig(Topic("cron-producer"), "cleanup.policy", "compact");    // a config the pipeline does not set
        kafka.SetTopicConfig(Topic("cron-producer-audit"), "cleanup.policy", null);   // a config of the pipeline removed

        var report = await CheckAsync(pipeline, null, "producer", "cron-producer");

        var changed = report.One("producer", StatusKind.Topic);
        Assert.Equal(ResourceStatus.Drifted, changed.Status);
        Assert.Equal("Its configs differ from the pipeline.", changed.Reason);
        Assert.Equal("~ retention.ms: 1000 → 86400000\n", changed.Diff);
        Assert.Equal(3, changed.Details["Partitions"]);

        var added = report.One("cron-producer", StatusKind.Topic, Topic("cron-producer"));
        Assert.Equal(ResourceStatus.Drifted, added.Status);
        Assert.Equal("- cleanup.policy: compact (falls back to default delete)\n", added.Diff);

        var removed = report.One("cron-producer", StatusKind.Topic, Topic("cron-producer-audit"));
        Assert.Equal(ResourceStatus.Drifted, removed.Status);
        Assert.Equal("+ cleanup.policy: compact (was default delete)\n", removed.Diff);

        Assert.All(report.Results.Where(r => r.Kind != StatusKind.Topic), r => Assert.Equal(ResourceStatus.InSync, r.Status));
        Assert.Equal(ResourceStatus.Drifted, ComponentStatus.Of(pipeline.Find("producer")!, report.Of("producer")).Status);
    }

    [DoubleOnlyFact]
    public async Task A_deleted_topic_is_Missing_and_a_recreated_one_with_other_partitions_is_Drifted()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "streams");
        var kafka = D.Kafka.State;
        Assert.True(kafka.DeleteTopic(Topic("streams-error")));
        Assert.True(kafka.DeleteTopic(Topic("streams")));
        kafka.CreateTopic(Topic("streams"), partitions: 4);

        var report = await CheckAsync(pipeline, null, "streams");

        var deleted = report.One("streams", StatusKind.Topic, Topic("streams-error"));
        Assert.Equal(ResourceStatus.Missing, deleted.Status);
        Assert.Equal($"Topic {Topic("streams-error")} does not exist.", deleted.Reason);
        var recreated = report.One("streams", StatusKind.Topic, Topic("streams"));
        Assert.Equal(ResourceStatus.Drifted, recreated.Status);
        Assert.Equal("It has 4 partitions, the pipeline wants 2; its configs differ from the pipeline.", recreated.Reason);
        Assert.Equal("+ cleanup.policy: compact (was default delete)\n", recreated.Diff);
        Assert.Equal(ResourceStatus.InSync, report.One("streams", StatusKind.Topic, Topic("streams-totals")).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("streams", StatusKind.HelmRelease).Status);
        var summary = ComponentStatus.Of(pipeline.Find("streams")!, report.Results);
        Assert.Equal(ResourceStatus.Missing, summary.Status);
        Assert.Equal(2, summary.Problems.Count);
    }

    [DoubleOnlyFact]
    public async Task A_failed_connector_or_task_is_Degraded_with_its_trace()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "sink", "source");
        D.Connect.SetConnectorState(Full("sink"), ConnectorState.Failed, ConnectTrace);
        D.Connect.SetTaskState(Full("source"), 0, ConnectorState.Failed, ConnectTrace);

        var report = await CheckAsync(pipeline, null, "sink", "source");

        var sink = report.One("sink", StatusKind.Connector);
        Assert.Equal(ResourceStatus.Degraded, sink.Status);
        Assert.Equal("The connector failed: org.apache.kafka.connect.errors.ConnectException: the file is gone", sink.Reason);
        Assert.Equal(ConnectTrace, sink.Diff);
        Assert.Equal("FAILED", sink.Details["State"]);
        Assert.Contains(ConnectTrace, Assert.IsType<string[]>(sink.Details["Traces"]));

        var source = report.One("source", StatusKind.Connector);
        Assert.Equal(ResourceStatus.Degraded, source.Status);
        Assert.Equal("Task(s) 0 failed: org.apache.kafka.connect.errors.ConnectException: the file is gone", source.Reason);
        Assert.Equal("RUNNING", source.Details["State"]);
        Assert.Equal([0], Assert.IsType<int[]>(source.Details["FailedTasks"]));
        Assert.Equal([ConnectTrace], Assert.IsType<string[]>(source.Details["Traces"]));
        Assert.Equal(ResourceStatus.InSync, report.One("source", StatusKind.Topic).Status);
        Assert.Equal(ResourceStatus.Degraded, ComponentStatus.Of(pipeline.Find("sink")!, report.Of("sink")).Status);
    }

    [DoubleOnlyFact]
    public async Task A_paused_connector_whose_state_is_unset_is_Drifted_and_so_is_a_changed_config()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "sink", "source");
        Assert.Null(pipeline.Find("source")!.State);
        D.Connect.SetConnectorState(Full("source"), ConnectorState.Paused);
        var config = new Dictionary<string, string>(D.Connect.GetConnector(Full("sink"))!.Config) { ["file"] = "/tmp/elsewhere.txt" };
        D.Connect.PutConnector(Full("sink"), config);

        var report = await CheckAsync(pipeline, null, "sink", "source");

        var paused = report.One("source", StatusKind.Connector);
        Assert.Equal(ResourceStatus.Drifted, paused.Status);
        Assert.Equal("It is PAUSED, the pipeline wants RUNNING.", paused.Reason);
        Assert.Equal("PAUSED", paused.Details["State"]);
        Assert.Null(paused.Diff);

        var changed = report.One("sink", StatusKind.Connector);
        Assert.Equal(ResourceStatus.Drifted, changed.Status);
        Assert.Equal("Its config differs from the pipeline.", changed.Reason);
        Assert.Equal("~ file: /tmp/elsewhere.txt → /tmp/gitops-sink.txt\n", changed.Diff);
    }

    [DoubleOnlyFact]
    public async Task Consumer_lag_is_reported_per_partition_and_is_Degraded_only_above_MaxLag()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "streams", "consumer", "sink");
        var kafka = D.Kafka.State;
        var topic = Topic("streams");
        kafka.SetEndOffset(topic, 0, 100);
        kafka.SetEndOffset(topic, 1, 40);
        kafka.CommitOffset(Topic("consumer"), topic, 0, 10);
        kafka.CommitOffset(Topic("consumer"), topic, 1, 40);
        kafka.CommitOffset("connect-" + Full("sink"), topic, 0, 100);
        kafka.CommitOffset("connect-" + Full("sink"), topic, 1, 35);

        var below = await CheckAsync(pipeline, 50, "consumer", "sink");
        var consumer = below.One("consumer", StatusKind.ConsumerGroup, Topic("consumer"));
        Assert.Equal(ResourceStatus.Degraded, consumer.Status);
        Assert.Equal("Lag 90 over 2 partition(s), above the limit of 50.", consumer.Reason);
        Assert.Equal(90L, consumer.Details["Lag"]);
        var partitions = Assert.IsType<Dictionary<string, object?>>(consumer.Details["Partitions"]);
        Assert.Equal(90L, partitions[$"{topic}-0"]);
        Assert.Equal(0L, partitions[$"{topic}-1"]);
        var sink = below.One("sink", StatusKind.ConsumerGroup, "connect-" + Full("sink"));
        Assert.Equal(ResourceStatus.InSync, sink.Status);
        Assert.Equal("Lag 5 over 2 partition(s).", sink.Reason);
        Assert.Equal(ResourceStatus.Degraded, ComponentStatus.Of(pipeline.Find("consumer")!, below.Of("consumer")).Status);

        foreach (long? maxLag in new long?[] { 90, 1000, null })
        {
            var report = await CheckAsync(pipeline, maxLag, "consumer");
            var group = report.One("consumer", StatusKind.ConsumerGroup);
            Assert.Equal(ResourceStatus.InSync, group.Status);
            Assert.Equal("Lag 90 over 2 partition(s).", group.Reason);
            Assert.Equal(90L, group.Details["Lag"]);
        }
    }

    [DoubleOnlyFact]
    public async Task Unreachable_services_make_their_resources_Unknown_while_the_others_are_still_checked()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "producer", "sink", "source");
        D.Connect.Faults.RefuseConnections = true;
        D.SchemaRegistry.Faults.RefuseConnections = true;

        var report = await CheckAsync(pipeline, null, "producer", "sink", "source");

        foreach (var connector in new[] { "sink", "source" })
        {
            var unknown = report.One(connector, StatusKind.Connector);
            Assert.Equal(ResourceStatus.Unknown, unknown.Status);
            Assert.Contains("cannot reach Kafka Connect", unknown.Reason, StringComparison.Ordinal);
        }
        var subject = report.One("producer", StatusKind.Subject);
        Assert.Equal(ResourceStatus.Unknown, subject.Status);
        Assert.Contains("cannot reach Schema Registry", subject.Reason, StringComparison.Ordinal);
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.HelmRelease).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.Workload).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("producer", StatusKind.Topic).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("source", StatusKind.Topic).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("sink", StatusKind.ConsumerGroup).Status);
        Assert.Equal(ResourceStatus.Unknown, ComponentStatus.Of(pipeline.Find("producer")!, report.Of("producer")).Status);
    }

    [DoubleOnlyFact]
    public async Task A_subject_registered_with_another_schema_is_Drifted_and_a_deleted_one_Missing()
    {
        var pipeline = Load();
        await DeployAsync(pipeline, "producer");
        var subject = Topic("producer") + "-value";
        D.SchemaRegistry.DeleteSubject(subject);
        D.SchemaRegistry.Register(subject, """{"type":"record","name":"Sentence","namespace":"com.example","fields":[{"name":"words","type":{"type":"array","items":"string"}}]}""");

        var report = await CheckAsync(pipeline, null, "producer");

        var drifted = report.One("producer", StatusKind.Subject, subject);
        Assert.Equal(ResourceStatus.Drifted, drifted.Status);
        Assert.Equal($"The pipeline's schema com.example.Sentence is not registered under {subject} (latest version 2).", drifted.Reason);
        Assert.Equal(2, drifted.Details["LatestVersion"]);

        D.SchemaRegistry.DeleteSubject(subject);
        var missing = (await CheckAsync(pipeline, null, "producer")).One("producer", StatusKind.Subject, subject);
        Assert.Equal(ResourceStatus.Missing, missing.Status);
        Assert.Equal($"Subject {subject} is not registered.", missing.Reason);
    }

    [DoubleOnlyFact]
    public async Task An_unreachable_Kafka_makes_topics_and_groups_Unknown_while_the_others_are_still_checked()
    {
        // A short admin timeout: librdkafka waits that long for a broker before it gives up.
        var pipeline = Load(new Dictionary<string, string> { ["KPOPS_KAFKA_ADMIN__TIMEOUT"] = "2" });
        await DeployAsync(pipeline, "source", "sink");
        D.Kafka.Faults.RefuseConnections = true;

        var report = await CheckAsync(pipeline, null, "source", "sink");

        var topic = report.One("source", StatusKind.Topic);
        Assert.Equal(ResourceStatus.Unknown, topic.Status);
        Assert.StartsWith("[Kafka] describe topic", topic.Reason, StringComparison.Ordinal);
        var group = report.One("sink", StatusKind.ConsumerGroup);
        Assert.Equal(ResourceStatus.Unknown, group.Status);
        Assert.StartsWith($"[Kafka] list the committed offsets of consumer group 'connect-{Full("sink")}' failed", group.Reason, StringComparison.Ordinal);
        Assert.Equal(ResourceStatus.InSync, report.One("source", StatusKind.Connector).Status);
        Assert.Equal(ResourceStatus.InSync, report.One("sink", StatusKind.Connector).Status);
    }
}
