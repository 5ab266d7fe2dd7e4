using KPops.TestWorld.Kafka.Protocol;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>
/// ApiVersions v0–2: advertises every handler's range. v3+ is flexible and is answered by
/// <see cref="WriteUnsupportedVersion"/>, which makes librdkafka retry with v0.
/// </summary>
internal sealed class ApiVersionsHandler(Func<IReadOnlyList<ApiHandler>> handlers) : ApiHandler<ApiVersionsHandler.Request>
{
    internal sealed record Request;

    public override ApiKey Key => ApiKey.ApiVersions;

    public override short MinVersion => 0;

    public override short MaxVersion => 2;

    protected override Request Read(KafkaReader body, short version) => new();

    protected override IReadOnlyList<string> ResourcesOf(Request request) => [];

    protected override void Respond(Request request, RequestContext context, KafkaWriter writer)
    {
        var error = context.InjectedForRequest();
        writer.WriteInt16(context.Report(error));
        writer.WriteArray(error.IsError ? [] : handlers(), static (w, h) =>
            w.WriteInt16((short)h.Key).WriteInt16(h.MinVersion).WriteInt16(h.MaxVersion));
        if (context.Version >= 1) WriteThrottle(writer);
    }

    /// <summary>
    /// The answer to an ApiVersions request above v2, in the v0 layout a broker uses when it cannot speak the
    /// requested version: UNSUPPORTED_VERSION plus its own ApiVersions range. librdkafka reads the array count as a
    /// compact varint, finds no usable list and retries with v0.
    /// </summary>
    public void WriteUnsupportedVersion(KafkaWriter writer)
    {
        writer.WriteInt16(KafkaErrorCode.UnsupportedVersion);
        writer.WriteArray([this], static (w, h) =>
            w.WriteInt16((short)h.Key).WriteInt16(h.MinVersion).WriteInt16(h.MaxVersion));
    }
}
