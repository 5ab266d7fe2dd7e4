using System.Diagnostics;
using System.Globalization;

namespace KPops.TestWorld.ChartRepo;

/// <summary>The outcome of one helm process.</summary>
/// <param name="Arguments">The arguments helm ran with.</param>
/// <param name="ExitCode">Exit code.</param>
/// <param name="StandardOutput">What helm wrote to stdout.</param>
/// <param name="StandardError">What helm wrote to stderr.</param>
/// <param name="Duration">Wall-clock time of the process.</param>
public sealed record HelmResult(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>True for exit code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both streams when helm failed; returns this otherwise.</summary>
    public HelmResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"helm {string.Join(' ', Arguments)} failed with exit code {ExitCode}\n{StandardError}\n{StandardOutput}");

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"helm {string.Join(' ', Arguments)} -> {ExitCode} in {Duration.TotalSeconds:0.00}s\n{StandardError}{StandardOutput}");
}

/// <summary>
/// Runs a real helm binary in isolation: its config, cache and data homes, the kube cache and HOME all live under
/// <see cref="HomeDirectory"/>, inherited <c>HELM_*</c>/<c>KUBE*</c> variables are dropped, and the kubeconfig is
/// the one given (never <c>~/.kube/config</c>). Commands of one instance share the homes, so <c>repo add</c>
/// followed by <c>install repo/chart</c> works.
/// </summary>
public sealed class HelmCli
{
    /// <summary>The helm 3 version build.ps1 installs.</summary>
    public const string Helm3Version = "3.18.0";

    /// <summary>The helm 4 version build.ps1 installs.</summary>
    public const string Helm4Version = "4.1.4";

    /// <summary>Creates a runner.</summary>
    /// <param name="executable">Path of the helm binary (see <see cref="Locate"/>).</param>
    /// <param name="homeDirectory">Directory for helm's and kubectl's homes; created when missing.</param>
    /// <param name="kubeconfig">Kubeconfig file; null means none (a path that does not exist).</param>
    public HelmCli(string executable, string homeDirectory, string? kubeconfig = null)
    {
        Executable = executable;
        HomeDirectory = homeDirectory;
        Kubeconfig = kubeconfig;
        Directory.CreateDirectory(homeDirectory);
    }

    /// <summary>Path of the helm binary.</summary>
    public string Executable { get; }

    /// <summary>Root of the isolated homes.</summary>
    public string HomeDirectory { get; }

    /// <summary>The kubeconfig helm uses, or null.</summary>
    public string? Kubeconfig { get; }

    /// <summary>Extra environment for every run, set after the isolation (e.g. <c>HELM_DRIVER=configmap</c>).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The helm binary of a version: <c>KPOPS_HELM3</c> / <c>KPOPS_HELM4</c> when set, else
    /// <c>.tools/helm-&lt;version&gt;/helm</c> in the repository containing this assembly (found by walking up to
    /// <c>KPops.PowerShell.sln</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No binary there: run <c>build.ps1 Bootstrap</c>.</exception>
    public static string Locate(string version)
    {
        var variable = version.StartsWith("3.", StringComparison.Ordinal) ? "KPOPS_HELM3" : "KPOPS_HELM4";
        var fromEnvironment = System.Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment) ? fromEnvironment : throw new FileNotFoundException($"{variable} points to a missing file", fromEnvironment);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "KPops.PowerShell.sln"))) continue;
            var path = Path.Combine(dir.FullName, ".tools", $"helm-{version}", "helm");
            return File.Exists(path) ? path : throw new FileNotFoundException($"helm {version} is not installed; run 'dotnet pwsh -NoProfile -File build.ps1 Bootstrap'", path);
        }
        throw new FileNotFoundException($"helm {version}: {variable} is not set and no KPops.PowerShell.sln was found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs helm with these arguments and waits for it (killing it after <paramref name="timeout"/>, default 2 minutes).</summary>
    public async Task<HelmResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var args = arguments.ToList();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("HELM_", StringComparison.Ordinal) || k.StartsWith("KUBE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["HOME"] = HomeDirectory;
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(HomeDirectory, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(HomeDirectory, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(HomeDirectory, "data");
        start.Environment["KUBECACHEDIR"] = Path.Combine(HomeDirectory, "kube-cache");
        start.Environment["KUBECONFIG"] = Kubeconfig ?? Path.Combine(HomeDirectory, "no-kubeconfig");
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in Environment) start.Environment[key] = value;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new HelmResult(args, process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    /// <summary>Runs helm with these arguments.</summary>
    public Task<HelmResult> RunAsync(params string[] arguments) => RunAsync((IEnumerable<string>)arguments);
}
