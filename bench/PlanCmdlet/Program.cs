using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Bench;

// Planning at the cmdlet level: Get-KPopsComponent, and Get-KPopsComponent | ConvertTo-KPopsYaml, on generated
// projects (bench/Plan's generator), in one PowerShell session hosted in this process, warm, median of N.
//   dotnet run -c Release --project bench/PlanCmdlet -- [--module out/KPops/KPops.psd1] [--sizes 1000,10000]
//       [--iterations 15] [--warmup 3]
var options = Options.Parse(args);
var modulePath = Path.GetFullPath(options.Module ?? Path.Combine(FindRoot(), "out", "KPops", "KPops.psd1"));
if (!File.Exists(modulePath)) throw new FileNotFoundException($"No module at {modulePath}: run build.ps1 Build first.");

var state = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(state);
runspace.Open();
Invoke(runspace, "Import-Module -Name $args[0] -ErrorAction Stop", modulePath);

Console.WriteLine($"KPops cmdlet-level plan benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, PowerShell {PSVersion(runspace)}");
Console.WriteLine($"module {modulePath}; warm runs: {options.Warmup} discarded, median of {options.Iterations}");
Console.WriteLine();
Console.WriteLine($"{"components",10}  {"Get-KPopsComponent",18}  {"| ConvertTo-KPopsYaml",21}  {"YAML extra",10}  {"peak working set",16}  " +
    $"{"CPU: Get",9}  {"CPU: | YAML",11}");
var results = new List<(int Size, double Get, double Yaml)>();
foreach (var size in options.Sizes)
{
    using var project = new GeneratedProject(size);
    Invoke(runspace, "Set-Location -LiteralPath $args[0]", project.Root);
    const string get = "Get-KPopsComponent -Path $args[0]";
    const string yaml = "Get-KPopsComponent -Path $args[0] | ConvertTo-KPopsYaml";
    var count = Invoke(runspace, get, project.PipelineFile).Count;
    if (count != size) throw new InvalidOperationException($"Get-KPopsComponent wrote {count} components, expected {size}");
    var (getMs, getCpu) = Median(runspace, get, project.PipelineFile, options);
    var (yamlMs, yamlCpu) = Median(runspace, yaml, project.PipelineFile, options);
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    results.Add((size, getMs, yamlMs));
    Console.WriteLine($"{size,10:N0}  {getMs,15:F0} ms  {yamlMs,18:F0} ms  {yamlMs - getMs,7:F0} ms  {self.PeakWorkingSet64 / 1048576.0,13:F0} MB  " +
        $"{getCpu,6:F0} ms  {yamlCpu,8:F0} ms");
}
if (results.Count > 1)
{
    var (small, large) = (results[0], results[^1]);
    Console.WriteLine();
    Console.WriteLine($"scaling {small.Size:N0} -> {large.Size:N0} ({large.Size / (double)small.Size:F0} x the components): " +
        $"Get-KPopsComponent {large.Get / small.Get:F1} x, with ConvertTo-KPopsYaml {large.Yaml / small.Yaml:F1} x");
}
Console.WriteLine("peak working set: of this whole process (PowerShell, the module and every run so far), read after each size");
Console.WriteLine("CPU: median processor time of the process per run (all threads, the garbage collector's too); on a busy machine");
Console.WriteLine("     it moves less than the wall time");
return 0;

static (double Wall, double Cpu) Median(Runspace runspace, string script, string path, Options options)
{
    for (var i = 0; i < options.Warmup; i++) Invoke(runspace, script, path);
    var times = new List<double>();
    var cpu = new List<double>();
    using var self = Process.GetCurrentProcess();
    for (var i = 0; i < options.Iterations; i++)
    {
        // A collection between runs, outside the timing, so one run does not pay for the garbage of the one before.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Invoke(runspace, script, path);
        times.Add(watch.Elapsed.TotalMilliseconds);
        self.Refresh();
        cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }
    return (MedianOf(times), MedianOf(cpu));
}

static double MedianOf(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

static System.Collections.ObjectModel.Collection<PSObject> Invoke(Runspace runspace, string script, string argument)
{
    using var ps = PowerShell.Create(runspace);
    ps.AddScript(script).AddArgument(argument);
    var output = ps.Invoke();
    if (ps.HadErrors)
    {
        throw new InvalidOperationException($"'{script}' failed: {string.Join("; ", ps.Streams.Error.Select(e => e.ToString()))}");
    }
    return output;
}

static string PSVersion(Runspace runspace)
{
    using var ps = PowerShell.Create(runspace);
    return ps.AddScript("$PSVersionTable.PSVersion.ToString()").Invoke()[0].ToString();
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "build.ps1"))) return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}

internal sealed record Options(string? Module, IReadOnlyList<int> Sizes, int Iterations, int Warmup)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(null, [1000, 10000], 15, 3);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--module" => options with { Module = args[i + 1] },
                "--sizes" => options with { Sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                "--iterations" => options with { Iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
