using System.Collections.Concurrent;
using KPops.Engine.Clients;

namespace KPops.PowerShell.Internal;

/// <summary>
/// Collects log lines from client threads; the cmdlet writes them on the pipeline thread
/// (<see cref="KPopsCmdlet.Await{T}"/> flushes while it waits).
/// </summary>
internal sealed class QueuedLog : IOperationLog
{
    private readonly ConcurrentQueue<(bool Warning, string Message)> _lines = new();

    public void Verbose(string message) => _lines.Enqueue((false, message));

    public void Warning(string message) => _lines.Enqueue((true, message));

    public void Flush(KPopsCmdlet cmdlet)
    {
        while (_lines.TryDequeue(out var line))
        {
            if (line.Warning) cmdlet.WriteWarning(line.Message);
            else cmdlet.WriteVerbose(line.Message);
        }
    }
}
