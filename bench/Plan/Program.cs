using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using KPops.Bench;

// dotnet run -c Release --project bench/Plan  (or: build.ps1 Bench). Arguments are passed to BenchmarkDotNet.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithId("Plan"))
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(PlanBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
