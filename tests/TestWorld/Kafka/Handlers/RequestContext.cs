using System.Text.RegularExpressions;
using KPops.TestWorld.Common;

namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>The node this broker is: id, advertised host and port.</summary>
internal sealed record BrokerNode(int NodeId, string Host, int Port);

/// <summary>
/// What a handler needs while responding: the version, the cluster state, this node, the injected failure (if a
/// <see cref="FaultAction.Fail"/> rule hit) and a tracker of the first error code written, which becomes the
/// request record's status.
/// </summary>
internal sealed class RequestContext
{
    private readonly FaultRule? _failure;
    private readonly HashSet<string> _failedResources;

    public RequestContext(short version, KafkaClusterState state, BrokerNode node, FaultRule? failure, IReadOnlyList<string> resources)
    {
        Version = version;
        State = state;
        Node = node;
        _failure = failure;
        _failedResources = failure is null ? [] : AffectedResources(failure, resources);
    }

    public short Version { get; }

    public KafkaClusterState State { get; }

    public BrokerNode Node { get; }

    /// <summary>First non-zero error code written into the response, or 0.</summary>
    public short FirstError { get; private set; }

    /// <summary>True when a Fail rule hit this request (whatever its resources).</summary>
    public bool HasInjectedFailure => _failure is not null;

    /// <summary>The injected error for an entry of the response, or <see cref="ApiError.None"/>.</summary>
    public ApiError InjectedFor(string resource) =>
        _failure is not null && (_failedResources.Count == 0 || _failedResources.Contains(resource))
            ? new ApiError((short)_failure.Status, _failure.Message ?? $"Injected error {_failure.Status}")
            : ApiError.None;

    /// <summary>The injected error for a request-level error field, or <see cref="ApiError.None"/>.</summary>
    public ApiError InjectedForRequest() =>
        _failure is null ? ApiError.None : new ApiError((short)_failure.Status, _failure.Message ?? $"Injected error {_failure.Status}");

    /// <summary>Records an error code about to be written and returns it.</summary>
    public short Report(short code)
    {
        if (FirstError == 0 && code != 0) FirstError = code;
        return code;
    }

    /// <summary>Same as <see cref="Report(short)"/> for an <see cref="ApiError"/>.</summary>
    public short Report(ApiError error) => Report(error.Code);

    /// <summary>
    /// A rule's pattern was matched against the comma-joined resources. The entries it fails are those the pattern
    /// matches on their own; when it matches none of them alone (e.g. a pattern spanning the commas), all entries
    /// fail. An empty set means "all".
    /// </summary>
    private static HashSet<string> AffectedResources(FaultRule rule, IReadOnlyList<string> resources)
    {
        if (rule.PathPattern is null) return [];
        var matching = resources.Where(r => Regex.IsMatch(r, rule.PathPattern, RegexOptions.CultureInvariant)).ToHashSet(StringComparer.Ordinal);
        return matching;
    }
}
