using System.Text.RegularExpressions;

namespace KPops.TestWorld.Common;

/// <summary>What to do to a request that matches a <see cref="FaultRule"/>.</summary>
public enum FaultAction
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> (HTTP status or Kafka error code) instead of handling it.</summary>
    Fail,

    /// <summary>Close the connection without answering.</summary>
    Drop,

    /// <summary>Handle it normally after <see cref="FaultRule.Delay"/>.</summary>
    Delay,
}

/// <summary>
/// A fault to inject: the <see cref="Nth"/> request (1-based, counted among matching requests) whose method matches
/// <see cref="Method"/> and whose path matches <see cref="PathPattern"/> gets <see cref="Action"/>; with
/// <see cref="Times"/> more than 1 the following matches get it too (int.MaxValue = forever).
/// </summary>
public sealed record FaultRule
{
    /// <summary>HTTP method or Kafka API name; null matches any.</summary>
    public string? Method { get; init; }

    /// <summary>Regular expression over the path (HTTP) or the main resource (Kafka); null matches any.</summary>
    public string? PathPattern { get; init; }

    /// <summary>Which matching request is hit first (1-based).</summary>
    public int Nth { get; init; } = 1;

    /// <summary>How many consecutive matching requests are hit, starting at <see cref="Nth"/>.</summary>
    public int Times { get; init; } = 1;

    /// <summary>Within the window of <see cref="Nth"/> and <see cref="Times"/>, only every Every-th matching request is hit (1: each).</summary>
    public int Every { get; init; } = 1;

    /// <summary>The action.</summary>
    public FaultAction Action { get; init; } = FaultAction.Fail;

    /// <summary>HTTP status or Kafka error code for <see cref="FaultAction.Fail"/>.</summary>
    public int Status { get; init; } = 500;

    /// <summary>Optional error message used in the failure body.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Optional application error code for the HTTP failure body (for example Schema Registry's 40901);
    /// null means the HTTP status itself, which is what Kafka Connect and Schema Registry send for generic errors.
    /// </summary>
    public int? ErrorCode { get; init; }

    /// <summary>Latency added for <see cref="FaultAction.Delay"/>.</summary>
    public TimeSpan Delay { get; init; }

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && (PathPattern is null || Regex.IsMatch(path, PathPattern, RegexOptions.CultureInvariant));
}

/// <summary>Per-double fault table. Rules are checked in the order they were added; the first hit wins.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Seen)> _rules = [];
    private volatile bool _refuseConnections;
    private TimeSpan _latency;

    /// <summary>Adds a rule.</summary>
    public void Add(FaultRule rule)
    {
        lock (_gate) { _rules.Add((rule, 0)); }
    }

    /// <summary>When true, new connections are closed immediately (and open keep-alive connections are dropped).</summary>
    public bool RefuseConnections
    {
        get => _refuseConnections;
        set => _refuseConnections = value;
    }

    /// <summary>Latency added to every request.</summary>
    public TimeSpan Latency
    {
        get { lock (_gate) { return _latency; } }
        set { lock (_gate) { _latency = value; } }
    }

    /// <summary>Finds the rule that applies to this request, if any, and counts the request against every matching rule.</summary>
    public FaultRule? Match(string method, string path)
    {
        lock (_gate)
        {
            FaultRule? hit = null;
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, seen) = _rules[i];
                if (!rule.Matches(method, path)) continue;
                seen++;
                _rules[i] = (rule, seen);
                var lastHit = rule.Times == int.MaxValue ? int.MaxValue : rule.Nth + rule.Times - 1;
                if (hit is null && seen >= rule.Nth && seen <= lastHit && (seen - rule.Nth) % Math.Max(1, rule.Every) == 0) hit = rule;
            }
            return hit;
        }
    }

    /// <summary>Removes every rule, the latency and the connection refusal.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
            _latency = TimeSpan.Zero;
            _refuseConnections = false;
        }
    }
}
