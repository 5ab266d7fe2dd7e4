using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// One Kafka API: the versions it implements (exactly the ones advertised in ApiVersions) and how to read a
/// request body into something that names its resources and can write the response.
/// </summary>
internal abstract class ApiHandler
{
    public abstract ApiKey Key { get; }

    public abstract short MinVersion { get; }

    public abstract short MaxVersion { get; }

    public bool Supports(short version) => version >= MinVersion && version <= MaxVersion;

    /// <summary>Reads the request body (after the request header).</summary>
    public abstract ParsedRequest Parse(KafkaReader body, short version);
}

/// <summary>A decoded request: its main resources (for the log and fault matching) and its response writer.</summary>
internal sealed record ParsedRequest(IReadOnlyList<string> Resources, Action<RequestContext, KafkaWriter> Respond);

/// <summary>
/// Base for handlers with a typed request: reading, naming resources and responding are separate steps because
/// fault rules must be matched on the resources before the request is applied.
/// </summary>
internal abstract class ApiHandler<TRequest> : ApiHandler
{
    public sealed override ParsedRequest Parse(KafkaReader body, short version)
    {
        var request = Read(body, version);
        return new ParsedRequest(ResourcesOf(request), (context, writer) => Respond(request, context, writer));
    }

    protected abstract TRequest Read(KafkaReader body, short version);

    protected abstract IReadOnlyList<string> ResourcesOf(TRequest request);

    /// <summary>Applies the request to the state and writes the response body.</summary>
    protected abstract void Respond(TRequest request, RequestContext context, KafkaWriter writer);

    /// <summary>throttle_time_ms: the double never throttles.</summary>
    protected static void WriteThrottle(KafkaWriter writer) => writer.WriteInt32(0);
}
