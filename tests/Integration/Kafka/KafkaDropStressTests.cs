using System.Diagnostics;
using KPops.TestWorld.Common;
using KPops.TestWorld.Kafka;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Kafka;

/// <summary>
/// librdkafka must never abort the process (librdkafka issue 4605: an assertion in its request code kills the host
/// when a connection fails under a group coordinator request). Hundreds of admin requests run against a broker double
/// that drops every third group and offset request mid-request; they run in a child pwsh with the built module
/// (Invoke-KafkaDropStress.ps1), so an abort fails this test instead of ending the test host.
/// </summary>
public sealed class KafkaDropStressTests(ITestOutputHelper output)
{
    private const int Rounds = 200;

    // The requests of DescribeGroup, ListGroupOffsets, DeleteGroup and ListEndOffsets, and the coordinator lookup before them.
    private static readonly string[] DroppedApis = ["FindCoordinator", "DescribeGroups", "ConsumerGroupDescribe", "OffsetFetch", "DeleteGroups", "ListOffsets"];

    [DoubleOnlyFact, Trait("World", "DoubleOnly")]
    public async Task Dropping_connections_during_admin_requests_hundreds_of_times_never_aborts_the_process()
    {
        await using var broker = await KafkaBrokerDouble.StartAsync();
        // Every third of these requests is dropped: the others get answers, so the rounds get as far as every kind of request.
        foreach (var api in DroppedApis) broker.Faults.Add(new FaultRule { Method = api, Nth = 2, Every = 3, Times = int.MaxValue, Action = FaultAction.Drop });
        var root = RepositoryRoot();
        var module = Path.Combine(root, "out", "KPops", "KPops.psd1");
        Assert.True(File.Exists(module), $"the module is not built: {module} (build.ps1 Build)");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "tests", "Integration", "Kafka", "Invoke-KafkaDropStress.ps1"),
                     "-ModulePath", module, "-Broker", broker.Endpoint, "-Rounds", Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }
        var text = await stdout + await stderr;
        output.WriteLine(text);
        var records = broker.Log.Records;
        var dropped = records.Count(r => r.Status == -1 /* dropped (RequestDispatcher.DroppedStatus) */);
        output.WriteLine($"exit code {child.ExitCode}, {dropped} requests dropped");
        foreach (var api in records.GroupBy(r => r.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{api.Key}: {api.Count()} requests, {api.Count(r => r.Status == -1)} dropped");
        }

        // An abort is SIGABRT: exit code 134 from the runtime, and no summary line.
        Assert.Equal(0, child.ExitCode);
        Assert.Contains($"STRESS DONE rounds={Rounds} ", text, StringComparison.Ordinal);
        Assert.True(dropped >= 200, $"only {dropped} requests were dropped");
        Assert.Contains(" ok=", text, StringComparison.Ordinal);   // requests got through too: the drops hit them mid-run
        Assert.Empty(broker.InternalErrors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KPops.PowerShell.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no KPops.PowerShell.sln above {AppContext.BaseDirectory}");
    }
}
