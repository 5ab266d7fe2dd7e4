using System.Diagnostics;
using KPops.TestWorld.ChartRepo;

namespace KPops.TestWorld.Tests.World;

/// <summary>Child processes as a KPops run or a Pester suite would start them.</summary>
internal static class WorldProcess
{
    /// <summary>The repository root (the directory holding KPops.PowerShell.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Configuration this test assembly was built in (…/bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The host built next to this assembly (same configuration), by the project reference.</summary>
    public static string HostDll => Path.Combine(RepositoryRoot, "tests", "TestWorld.Host", "bin", Configuration, "net10.0", "KPops.TestWorld.Host.dll");

    /// <summary>
    /// Runs helm the way KPops does with <see cref="TestWorld.Environment"/>: the binary of
    /// <c>KPOPS_HELM_CONFIG__BINARY</c>, <c>--kubeconfig</c> and <c>--kube-context</c> from the settings, and the
    /// world's helm homes instead of anything inherited.
    /// </summary>
    public static async Task<HelmResult> HelmAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(environment["KPOPS_HELM_CONFIG__BINARY"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = [.. arguments, "--kubeconfig", environment["KPOPS_HELM_CONFIG__KUBECONFIG"]];
        if (environment.TryGetValue("KPOPS_HELM_CONFIG__CONTEXT", out var context)) args = [.. args, "--kube-context", context];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("HELM_", StringComparison.Ordinal) || k.StartsWith("KUBE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new HelmResult(args, process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KPops.PowerShell.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("KPops.PowerShell.sln not found above " + AppContext.BaseDirectory);
    }
}
