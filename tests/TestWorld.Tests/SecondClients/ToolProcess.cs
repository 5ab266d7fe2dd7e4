using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>The outcome of one command-line tool run.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">Exit code.</param>
/// <param name="StandardOutput">What the tool wrote to stdout.</param>
/// <param name="StandardError">What the tool wrote to stderr.</param>
public sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Stdout, asserting the tool succeeded (the message carries both streams).</summary>
    public string Output => ExitCode == 0
        ? StandardOutput
        : throw new global::Xunit.Sdk.XunitException($"{Command} failed with exit code {ExitCode}\n{StandardError}\n{StandardOutput}");

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"$ {Command} -> {ExitCode}\n{StandardError}{StandardOutput}");
}

/// <summary>Runs a tool as a child process with a chosen environment, optional stdin and a timeout.</summary>
public static class ToolProcess
{
    /// <summary>Runs <paramref name="executable"/> and echoes the result into <paramref name="output"/>.</summary>
    /// <param name="executable">The program.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="environment">Variables set for the child; a null value removes an inherited one.</param>
    /// <param name="standardInput">Text written to stdin (then closed), or null for an empty stdin.</param>
    /// <param name="output">Test output for diagnostics, or null.</param>
    /// <param name="timeout">Killed after this long (default 60 s).</param>
    public static async Task<ToolResult> RunAsync(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string? standardInput = null, ITestOutputHelper? output = null, TimeSpan? timeout = null)
    {
        var args = arguments.ToList();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var command = $"{Path.GetFileName(executable)} {string.Join(' ', args.Select(Quote))}";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {limit}");
        }
        var result = new ToolResult(command, process.ExitCode, await stdout, await stderr);
        output?.WriteLine(result.ToString());
        return result;
    }

    /// <summary>The first of <paramref name="names"/> found on PATH, or null.</summary>
    public static string? FindOnPath(params string[] names)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,@%+".Contains(c)) ? arg : $"'{arg}'";
}
