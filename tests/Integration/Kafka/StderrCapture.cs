using System.Runtime.InteropServices;

namespace KPops.Tests.Integration.Kafka;

/// <summary>
/// Captures what native code writes to file descriptor 2 (librdkafka prints with fprintf, past Console.Error) by
/// pointing the descriptor at a temporary file for the duration of an action. POSIX only.
/// </summary>
internal static class StderrCapture
{
    private const int StandardError = 2;

    public static async Task<string> RunAsync(Func<Task> action)
    {
        var path = Path.GetTempFileName();
        try
        {
            bool restored;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                await Console.Error.FlushAsync();
                var saved = Dup(StandardError);
                if (saved < 0) throw new InvalidOperationException($"dup failed: {Marshal.GetLastPInvokeError()}");
                if (Dup2((int)file.SafeFileHandle.DangerousGetHandle(), StandardError) < 0)
                    throw new InvalidOperationException($"dup2 failed: {Marshal.GetLastPInvokeError()}");
                try
                {
                    await action();
                }
                finally
                {
                    restored = Dup2(saved, StandardError) >= 0;
                    _ = Close(saved);
                }
            }
            // Not thrown from the finally block, which would hide a failure of the action.
            if (!restored) throw new InvalidOperationException("stderr could not be restored.");
            return await File.ReadAllTextAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup2(int oldFd, int newFd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
