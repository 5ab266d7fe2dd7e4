namespace KPops.TestWorld.Common;

/// <summary>A running test double with its controls.</summary>
public interface IDouble : IAsyncDisposable
{
    /// <summary>Service name used in request records (Kafka, SchemaRegistry, Connect, Kubernetes, ChartRepo).</summary>
    string Name { get; }

    /// <summary>The endpoint clients use: <c>127.0.0.1:port</c> for Kafka, an <c>http://127.0.0.1:port/</c> URL otherwise.</summary>
    string Endpoint { get; }

    /// <summary>Every request received, in order.</summary>
    RequestLog Log { get; }

    /// <summary>Fault injection.</summary>
    FaultInjector Faults { get; }

    /// <summary>Forgets all state, log entries and faults, as if freshly started (the port stays).</summary>
    void Reset();
}
