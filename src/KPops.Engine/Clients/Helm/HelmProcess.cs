using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace KPops.Engine.Clients.Helm;

/// <summary>What one helm process did.</summary>
/// <param name="ExitCode">Exit code.</param>
/// <param name="StandardOutput">Everything helm wrote to stdout.</param>
/// <param name="StandardError">Everything helm wrote to stderr.</param>
internal sealed record HelmProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the helm executable directly (no shell), reads both streams asynchronously, writes what helm is to read from
/// stdin (a password of --password-stdin, never on the command line) and closes stdin at once. Cancellation first asks helm to stop (SIGTERM on Unix, so helm records the release as
/// failed instead of leaving it pending), then kills the whole process tree.
/// </summary>
internal static class HelmProcess
{
    /// <summary>How long helm gets to stop after SIGTERM before its process tree is killed.</summary>
    internal static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>Starts helm, passes it <paramref name="standardInput"/> and waits for it.</summary>
    /// <exception cref="Win32Exception">The executable could not be started (missing, not executable).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; helm was stopped.</exception>
    public static async Task<HelmProcessResult> RunAsync(string executable, IReadOnlyList<string> arguments, string? standardInput,
        IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        try
        {
            if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // helm exited before reading its input: its exit code and stderr say why.
        }
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
        return new HelmProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && !process.HasExited && NativeMethods.Kill(process.Id, NativeMethods.SigTerm) == 0)
            {
                using var grace = new CancellationTokenSource(StopGracePeriod);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException)
                {
                    // Still running: kill it below.
                }
            }
            process.Kill(entireProcessTree: true);
            using var killed = new CancellationTokenSource(StopGracePeriod);
            await process.WaitForExitAsync(killed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException or NotSupportedException)
        {
            // Already gone, or it cannot be stopped harder than this.
        }
    }

    private static class NativeMethods
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int SysKill(int pid, int signal);

        public static int Kill(int pid, int signal)
        {
            try
            {
                return SysKill(pid, signal);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return -1;
            }
        }
    }
}
