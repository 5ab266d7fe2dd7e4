using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>
/// One node process running <c>kafkajs-admin.js</c> for the tests of a class (node's start-up is most of a call's
/// cost); each <see cref="RunAsync"/> is one admin session against the given brokers.
/// </summary>
public sealed class KafkajsDriver : IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "SecondClients", "kafkajs-admin.js");
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;

    /// <summary>Runs the calls in one admin session; one answer object (<c>call</c> and <c>result</c> or <c>error</c>) per call.</summary>
    public async Task<List<JsonObject>> RunAsync(string brokers, JsonArray calls)
    {
        await _gate.WaitAsync();
        try
        {
            var process = _process ??= Start();
            var request = new JsonObject { ["brokers"] = brokers, ["calls"] = calls.DeepClone() };
            await process.StandardInput.WriteLineAsync(request.ToJsonString());
            await process.StandardInput.FlushAsync();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(CallTimeout)
                ?? throw new InvalidOperationException($"kafkajs-admin.js ended: {await process.StandardError.ReadToEndAsync()}");
            return JsonNode.Parse(line)!.AsArray().Select(a => a!.AsObject()).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_process is { } process)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
        _gate.Dispose();
    }

    private static Process Start()
    {
        var start = new ProcessStartInfo(SecondClientTools.Node ?? throw new InvalidOperationException(SecondClientTools.Missing(SecondClient.Kafkajs)))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        start.Environment["NODE_PATH"] = SecondClientTools.KafkajsModules;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start node");
    }
}
