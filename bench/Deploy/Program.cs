using System.Diagnostics;
using System.Globalization;
using KPops.Engine.Lifecycle;
using KPops.Engine.Loading;
using KPops.Engine.Pipelines;
using KPops.TestWorld;

// dotnet run -c Release --project bench/Deploy [-- --helm 3|4] [--sinks 30] [--chains 3]  (or: build.ps1 Bench)
// Deploy and clean of a wide pipeline against the test world with injected latency; see README.md.
var helmMajor = Option("--helm", 4);
var sinks = Option("--sinks", 30);
var chains = Option("--chains", 3);
var slow = TimeSpan.FromMilliseconds(Option("--latency-ms", 150));
var kafkaLatency = TimeSpan.FromMilliseconds(Option("--kafka-latency-ms", 20));

await using var world = await TestWorld.StartAsync(new TestWorldOptions { IgnoreEnvironment = true });
var doubles = world.RequireDoubles();
var project = Directory.CreateTempSubdirectory("kpops-bench-deploy-");
try
{
    DeployProject.Write(project.FullName, sinks, chains);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Pipeline: {sinks} sink connectors + {chains} chains producer → streams → streams; helm {helmMajor}; latency {slow.TotalMilliseconds} ms per Connect, Schema Registry and Kubernetes request, {kafkaLatency.TotalMilliseconds} ms per Kafka request; {Environment.ProcessorCount} cores"));
    Console.WriteLine();
    Console.WriteLine("| run | deploy s | clean s | deploy × critical | clean × critical | requests deploy (K8s/SR/Connect/Kafka) | requests clean |");
    Console.WriteLine("|---|---:|---:|---:|---:|---|---|");

    // The critical path: the longest chain alone (one chain's three components, one after another).
    var critical = await MeasureAsync("critical path (one chain alone)", p => p.Components.Where(c => c.Name.StartsWith("chain1-", StringComparison.Ordinal)).ToList(), parallel: false, throttle: 1, null);
    if (args.Contains("--critical-only")) return;
    await MeasureAsync("sequential", p => p.Components, parallel: false, throttle: 1, critical);
    await MeasureAsync($"-Parallel (default {LifecycleRunner.DefaultThrottleLimit})", p => p.Components, parallel: true, LifecycleRunner.DefaultThrottleLimit, critical);
    await MeasureAsync("-Parallel -ThrottleLimit 4 (the old default)", p => p.Components, parallel: true, 4, critical);
    await MeasureAsync("-Parallel -ThrottleLimit 32", p => p.Components, parallel: true, 32, critical);
}
finally
{
    project.Delete(recursive: true);
}

async Task<(double Deploy, double Clean)> MeasureAsync(string name, Func<Pipeline, IReadOnlyList<KPops.Engine.Model.Component>> select, bool parallel, int throttle,
    (double Deploy, double Clean)? critical)
{
    world.Reset();
    doubles.Kubernetes.Faults.Latency = slow;
    doubles.SchemaRegistry.Faults.Latency = slow;
    doubles.Connect.Faults.Latency = slow;
    doubles.Kafka.Faults.Latency = kafkaLatency;
    for (var i = 1; i <= sinks; i++) doubles.Kafka.State.CreateTopic($"bench-external-{i}", 1);
    var pipeline = Load();
    var components = select(pipeline);
    var (deploy, deployRequests) = await RunAsync(Operation.Deploy, pipeline, components, parallel, throttle);
    var (clean, cleanRequests) = await RunAsync(Operation.Clean, pipeline, components, parallel, throttle);
    string Ratio(double value, double? baseline) => baseline is { } b ? (value / b).ToString("0.00", CultureInfo.InvariantCulture) + " ×" : "1.00 ×";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {deploy:0.0} | {clean:0.0} | {Ratio(deploy, critical?.Deploy)} | {Ratio(clean, critical?.Clean)} | {deployRequests} | {cleanRequests} |"));
    return (deploy, clean);
}

async Task<(double Seconds, string Requests)> RunAsync(Operation operation, Pipeline pipeline, IReadOnlyList<KPops.Engine.Model.Component> components, bool parallel, int throttle)
{
    var runner = new LifecycleRunner(new ClientFactory().Create) { Parallel = parallel, ThrottleLimit = throttle };
    var before = world.AllRequests.Count;
    var watch = Stopwatch.StartNew();
    RunFailed? failure = null;
    await foreach (var e in runner.Start(operation, components.Select(c => new RunItem(pipeline, c, false)).ToList(), CancellationToken.None).ReadAllAsync())
    {
        if (e is RunFailed failed) failure = failed;
    }
    var seconds = watch.Elapsed.TotalSeconds;
    if (failure is not null) throw new InvalidOperationException($"{operation} failed: {failure.Error.FullMessage}");
    var requests = world.AllRequests.Skip(before).ToList();
    if (args.Contains("--trace"))
    {
        Console.WriteLine($"-- {operation} of {components.Count} component(s):");
        foreach (var r in requests) Console.WriteLine("   " + r);
    }
    int Count(string service) => requests.Count(r => r.Service == service);
    return (seconds, $"{Count("Kubernetes")}/{Count("SchemaRegistry")}/{Count("Connect")}/{Count("Kafka")}");
}

Pipeline Load()
{
    var variables = new Dictionary<string, string>(world.Environment(helmMajor), StringComparer.Ordinal);
    var result = PipelineLoader.Load(new LoadRequest { Paths = ["wide/pipeline.yaml"], WorkingDirectory = project.FullName, EnvironmentVariables = variables }).Single();
    return result.Pipeline ?? throw new InvalidOperationException(result.Error!.FullMessage);
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>The benchmark's project: config, defaults, one schema and the pipeline.</summary>
internal static class DeployProject
{
    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    public static void Write(string directory, int sinks, int chains)
    {
        File.WriteAllText(Path.Combine(directory, "config.yaml"), """
            pipeline_base_dir: .
            kafka_brokers: "kafka.invalid:9092"
            topic_name_config:
              default_output_topic_name: bench-${component.name}
              default_error_topic_name: bench-${component.name}-error
            schema_registry:
              enabled: true
              url: http://schema-registry.invalid:8081
              schemas_path: schemas
            kafka_connect:
              url: http://connect.invalid:8083
            create_namespace: true
            helm_config:
              timeout: 5m0s
            """);
        File.WriteAllText(Path.Combine(directory, "defaults.yaml"), """
            kubernetes-app:
              namespace: bench
            streams-bootstrap:
              repo_config:
                repository_name: testworld
                url: ${KPOPS_DEMO_CHART_REPO}
              values:
                imageTag: "1.0.0"
                kafka:
                  bootstrapServers: ${config.kafka_brokers}
                  schemaRegistryUrl: ${config.schema_registry.url}
            kafka-connector:
              config:
                tasks.max: 1
            """);
        Directory.CreateDirectory(Path.Combine(directory, "schemas"));
        File.WriteAllText(Path.Combine(directory, "schemas", "com.example.Line.avsc"),
            """{"type": "record", "name": "Line", "namespace": "com.example", "fields": [{"name": "text", "type": "string"}]}""");
        var pipeline = new System.Text.StringBuilder();
        for (var c = 1; c <= chains; c++)
        {
            // Consecutive components are woven: each streams app reads the output topic of the one before it.
            pipeline.Append(Invariant($"- type: producer-app\n  name: chain{c}-producer\n  values:\n    image: bench/producer\n"))
                .Append(Invariant($"  to:\n    topics:\n      bench-chain{c}-producer:\n        type: output\n        value_schema: com.example.Line\n"));
            foreach (var step in new[] { "first", "second" })
            {
                pipeline.Append(Invariant($"- type: streams-app\n  name: chain{c}-{step}\n  values:\n    image: bench/streams\n"))
                    .Append(Invariant($"    kafka:\n      applicationId: bench-chain{c}-{step}\n"))
                    .Append(Invariant($"  to:\n    topics:\n      bench-chain{c}-{step}:\n        type: output\n      bench-chain{c}-{step}-error:\n        type: error\n"));
            }
        }
        for (var s = 1; s <= sinks; s++)
        {
            pipeline.Append(Invariant($"- type: kafka-sink-connector\n  name: sink{s}\n  from:\n    topics:\n      bench-external-{s}:\n        type: input\n"))
                .Append("  config:\n    connector.class: com.github.jcustenborder.kafka.connect.redis.RedisSinkConnector\n")
                .Append(Invariant($"    errors.deadletterqueue.topic.name: bench-sink{s}-dlq\n"))
                .Append(Invariant($"  to:\n    topics:\n      bench-sink{s}-dlq:\n        type: error\n"));
        }
        Directory.CreateDirectory(Path.Combine(directory, "wide"));
        File.WriteAllText(Path.Combine(directory, "wide", "pipeline.yaml"), pipeline.ToString());
    }
}
