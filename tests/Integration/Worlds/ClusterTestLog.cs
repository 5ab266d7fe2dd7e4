using System.Collections.Concurrent;
using KPops.Engine.Clients;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Worlds;

/// <summary>An operation log that keeps every line for assertions and echoes it into the test output.</summary>
public sealed class ClusterTestLog(ITestOutputHelper? output = null) : IOperationLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public IReadOnlyList<string> Verboses => Lines.Where(l => l.StartsWith("VERBOSE: ", StringComparison.Ordinal)).Select(l => l["VERBOSE: ".Length..]).ToList();

    public IReadOnlyList<string> Warnings => Lines.Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)).Select(l => l["WARNING: ".Length..]).ToList();

    public string Text => string.Join('\n', _lines);

    public void Verbose(string message) => Add("VERBOSE: " + message);

    public void Warning(string message) => Add("WARNING: " + message);

    private void Add(string line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (a late line from a background helm read).
        }
    }
}
