namespace KPops.Engine.Clients;

/// <summary>
/// Receives what the engine does (helm command lines, remote calls) for -Verbose. Implementations must be thread
/// safe: calls arrive from client threads; PowerShell writes them later on the pipeline thread. Secrets are masked
/// before they get here.
/// </summary>
public interface IOperationLog
{
    /// <summary>A line for the verbose stream.</summary>
    void Verbose(string message);

    /// <summary>A line for the warning stream.</summary>
    void Warning(string message);
}

/// <summary>A log that drops everything.</summary>
public sealed class NullOperationLog : IOperationLog
{
    /// <summary>The instance.</summary>
    public static readonly NullOperationLog Instance = new();

    /// <inheritdoc />
    public void Verbose(string message) { }

    /// <inheritdoc />
    public void Warning(string message) { }
}
