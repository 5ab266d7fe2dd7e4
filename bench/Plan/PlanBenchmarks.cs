using BenchmarkDotNet.Attributes;
using KPops.Engine.Loading;
using KPops.Engine.Yaml;

namespace KPops.Bench;

/// <summary>
/// Planning a 1,000-component pipeline with three levels of defaults (load, defaults, substitution, validation,
/// from/to, weaving, graph) against merely parsing the same YAML files.
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private GeneratedProject _project = null!;
    private LoadRequest _request = null!;

    [Params(1000)]
    public int Components { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _project = new GeneratedProject(Components);
        _request = new LoadRequest
        {
            Paths = [_project.PipelineFile],
            WorkingDirectory = _project.Root,
            EnvironmentVariables = new Dictionary<string, string>(),
        };
        var pipeline = PipelineLoader.LoadOne(_request);
        if (pipeline.Components.Count != Components) throw new InvalidOperationException($"planned {pipeline.Components.Count} components");
    }

    [GlobalCleanup]
    public void Cleanup() => _project.Dispose();

    [Benchmark(Baseline = true, Description = "Parse the YAML files")]
    public int Parse()
    {
        var nodes = 0;
        foreach (var file in _project.YamlFiles) nodes += YamlReader.ReadFile(file) is YSeq seq ? seq.Items.Count : 1;
        return nodes;
    }

    [Benchmark(Description = "Plan the pipeline")]
    public int Plan() => PipelineLoader.LoadOne(_request).Components.Count;
}
