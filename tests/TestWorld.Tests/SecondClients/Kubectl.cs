using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// Runs kubectl against a world: its kubeconfig and context, a private HOME and discovery cache (never the user's),
/// no inherited <c>KUBE*</c> variables.
/// </summary>
public sealed class Kubectl(TestWorld world, ITestOutputHelper output)
{
    // One discovery cache per test run: kubectl caches discovery for hours, and every world serves the same kinds.
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "kpops-kubectl-" + Environment.ProcessId);

    /// <summary>Runs kubectl with these arguments.</summary>
    public Task<ToolResult> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    /// <summary>Runs kubectl with <paramref name="standardInput"/> on stdin (for <c>-f -</c>).</summary>
    public Task<ToolResult> RunWithInputAsync(string? standardInput, params string[] arguments)
    {
        var executable = SecondClientTools.Kubectl ?? throw new InvalidOperationException(SecondClientTools.Missing(SecondClient.Kubectl));
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Home,
            ["KUBECONFIG"] = world.KubeconfigPath,
            ["KUBECACHEDIR"] = Path.Combine(Home, "cache"),
            ["KUBECTL_EXTERNAL_DIFF"] = null,
            ["KUBE_EDITOR"] = null,
            ["NO_COLOR"] = "1",
        };
        return ToolProcess.RunAsync(executable, ["--context", world.KubeContext, .. arguments], environment, standardInput, output);
    }
}
