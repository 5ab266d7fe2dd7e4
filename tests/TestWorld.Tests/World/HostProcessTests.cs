using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.World;

/// <summary>KPops.TestWorld.Host as a child process, directly and through TestWorldHost.psm1.</summary>
public sealed class HostProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_host_prints_one_json_line_answers_commands_and_exits_when_stdin_closes()
    {
        using var host = Start("--helm", "3", "--doubles");
        var stderr = host.StandardError.ReadToEndAsync();

        var line = await host.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        output.WriteLine(line);
        var info = JsonNode.Parse(line!)!.AsObject();

        Assert.False(info["realCluster"]!.GetValue<bool>());
        Assert.Equal(3, info["helmMajor"]!.GetValue<int>());
        Assert.Equal(host.Id, info["processId"]!.GetValue<int>());
        Assert.Equal("testworld", info["kubeContext"]!.GetValue<string>());
        Assert.Contains("helm-3.", info["helmPath"]!.GetValue<string>());
        var environment = info["environment"]!.AsObject();
        Assert.Equal(info["bootstrapServers"]!.GetValue<string>(), environment["KPOPS_KAFKA_BROKERS"]!.GetValue<string>());
        Assert.Equal(info["helmPath"]!.GetValue<string>(), environment["KPOPS_HELM_CONFIG__BINARY"]!.GetValue<string>());
        Assert.Equal(info["chartRepositoryUrl"]!.GetValue<string>(), environment["KPOPS_DEMO_CHART_REPO"]!.GetValue<string>());
        Assert.True(File.Exists(info["kubeconfigPath"]!.GetValue<string>()));

        // The services are up.
        var bootstrap = info["bootstrapServers"]!.GetValue<string>().Split(':');
        using (var tcp = new TcpClient()) await tcp.ConnectAsync(bootstrap[0], int.Parse(bootstrap[1], System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient();
        Assert.Equal("[]", await http.GetStringAsync(info["schemaRegistryUrl"]!.GetValue<string>() + "subjects"));
        Assert.Contains("streams-app", await http.GetStringAsync(info["chartRepositoryUrl"]!.GetValue<string>() + "index.yaml"));
        Assert.Contains("\"kind\":\"NamespaceList\"", await http.GetStringAsync(info["kubernetesUrl"]!.GetValue<string>() + "api/v1/namespaces"));

        // Commands, one JSON line each.
        await host.StandardInput.WriteLineAsync("state");
        var state = JsonNode.Parse((await host.StandardOutput.ReadLineAsync().WaitAsync(StopTimeout))!)!.AsObject();
        Assert.Equal(["topics", "groups", "subjects", "connectors", "effects"], state.Select(p => p.Key));
        await host.StandardInput.WriteLineAsync("reset");
        Assert.Equal("""{"ok":true}""", await host.StandardOutput.ReadLineAsync().WaitAsync(StopTimeout));

        host.StandardInput.Close();
        await host.WaitForExitAsync().WaitAsync(StopTimeout);

        output.WriteLine(await stderr);
        Assert.Equal(0, host.ExitCode);
        Assert.Null(await host.StandardOutput.ReadLineAsync());
        Assert.False(Directory.Exists(info["scratchDirectory"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_host_refuses_unknown_arguments()
    {
        using var host = Start("--helm", "5");

        var stderr = await host.StandardError.ReadToEndAsync().WaitAsync(StopTimeout);
        await host.WaitForExitAsync().WaitAsync(StopTimeout);

        Assert.Equal(2, host.ExitCode);
        Assert.Contains("--helm takes 3 or 4", stderr);
        Assert.Equal("", await host.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task The_powershell_helper_starts_and_stops_the_built_host()
    {
        var script = """
            $ErrorActionPreference = 'Stop'
            Import-Module ./tests/TestWorld.Host/TestWorldHost.psm1
            $world = Start-TestWorld -Helm 4 -Doubles -Configuration CONFIGURATION
            "kafka=$($world.BootstrapServers)"
            "binary=$($world.Environment['KPOPS_HELM_CONFIG__BINARY'])"
            "topics=$($world.GetState().topics.Count)"
            $world.Reset()
            $world.Stop()
            "exit=$($world.Process.ExitCode) scratch=$(Test-Path $world.ScratchDirectory)"
            $world.Stop()
            """.Replace("CONFIGURATION", WorldProcess.Configuration, StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorldProcess.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";

        using var pwsh = Process.Start(start)!;
        var stdout = pwsh.StandardOutput.ReadToEndAsync();
        var stderr = pwsh.StandardError.ReadToEndAsync();
        await pwsh.WaitForExitAsync().WaitAsync(StartTimeout);

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.Equal(0, pwsh.ExitCode);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^kafka=127\.0\.0\.1:\d+$", lines[0]);
        Assert.Matches(@"^binary=.*helm-4\.[\d.]+[/\\]helm$", lines[1]);
        Assert.Equal(["topics=0", "exit=0 scratch=False"], lines[2..]);
    }

    private static Process Start(params string[] arguments)
    {
        Assert.True(File.Exists(WorldProcess.HostDll), $"the host is not built at {WorldProcess.HostDll}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorldProcess.HostDll);
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
