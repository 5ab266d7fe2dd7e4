using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Hostile;

/// <summary>
/// Runs hostile input where a missed recursion or an unbounded loop shows as a failure: on a thread with a small,
/// explicit stack (a deep recursion overflows there long before it would on a default stack), within a time bound,
/// and with the bytes the thread allocated counted.
/// </summary>
public static class Bounded
{
    /// <summary>The stack of the thread hostile input runs on: a quarter of the smallest default stack (1 MB on Windows).</summary>
    public const int StackSize = 256 * 1024;

    /// <summary>What "does not hang" means here: generous, so that a slow machine does not fail it.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(90);

    /// <summary>Runs <paramref name="action"/> on a small-stack thread; returns what it threw and how much it allocated.</summary>
    public static (Exception? Error, long AllocatedBytes) Run(Action action)
    {
        Exception? error = null;
        long allocated = 0;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, StackSize)
        { IsBackground = true, Name = "hostile input" };
        thread.Start();
        if (!thread.Join(TimeLimit)) throw new Xunit.Sdk.XunitException($"The input was not handled within {TimeLimit.TotalSeconds} seconds.");
        return (error, allocated);
    }

    /// <summary>Runs <paramref name="action"/> bounded and returns the KPops error it must fail with.</summary>
    public static KPopsException Failure(Action action, long maxAllocatedBytes = 1L << 30)
    {
        var (error, allocated) = Run(action);
        Assert.True(allocated <= maxAllocatedBytes, $"The input made the load allocate {allocated:N0} bytes (at most {maxAllocatedBytes:N0} expected).");
        if (error is null) throw new Xunit.Sdk.XunitException("Expected the input to be refused, but it was accepted.");
        if (error is not KPopsException e) throw new Xunit.Sdk.XunitException($"Expected a KPops error, got {error.GetType().FullName}: {error.Message}");
        return e;
    }
}

/// <summary>Where an error must point.</summary>
public abstract record Where
{
    /// <summary>A line of a file of the workspace.</summary>
    public static Where At(string relativePath, int line) => new InFile(relativePath, line);

    /// <summary>A file of the workspace as a whole (no line: a named pipe, a file too large).</summary>
    public static Where File(string relativePath) => new InFile(relativePath, 0);

    /// <summary>A source that is not a file (an environment variable, a parameter), named by this text.</summary>
    public static Where Named(string text) => new NamedSource(text);

    /// <summary>A line of text that is not a workspace file (helm output), named <paramref name="name"/>.</summary>
    public static Where Text(string name, int line) => new InText(name, line);

    /// <summary>No location (the problem is a path or parameter as a whole).</summary>
    public static Where Nowhere { get; } = new NoLocation();

    /// <summary>Asserts that <paramref name="location"/> is this place.</summary>
    public abstract void Check(SourceLocation? location, Workspace workspace);

    private sealed record InFile(string RelativePath, int Line) : Where
    {
        public override void Check(SourceLocation? location, Workspace workspace)
        {
            Assert.NotNull(location);
            Assert.Equal(workspace.PathOf(RelativePath), location.File);
            Assert.Equal(Line, location.Line);
        }

        public override string ToString() => Line == 0 ? RelativePath : $"{RelativePath}:{Line}";
    }

    private sealed record InText(string Name, int Line) : Where
    {
        public override void Check(SourceLocation? location, Workspace workspace)
        {
            Assert.NotNull(location);
            Assert.Equal(Name, location.File);
            Assert.Equal(Line, location.Line);
        }
    }

    private sealed record NamedSource(string Name) : Where
    {
        public override void Check(SourceLocation? location, Workspace workspace)
        {
            Assert.NotNull(location);
            Assert.Contains(Name, location.File);
            Assert.Equal(0, location.Line);
        }
    }

    private sealed record NoLocation : Where
    {
        public override void Check(SourceLocation? location, Workspace workspace) => Assert.Null(location);
    }
}
