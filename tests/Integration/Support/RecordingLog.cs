using System.Collections.Concurrent;
using KPops.Engine.Clients;

namespace KPops.Tests.Integration.Support;

/// <summary>An operation log that keeps every line, for assertions.</summary>
public sealed class RecordingLog : IOperationLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public string Text => string.Join('\n', _lines);

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

    public void Warning(string message) => _lines.Enqueue("WARNING: " + message);
}
