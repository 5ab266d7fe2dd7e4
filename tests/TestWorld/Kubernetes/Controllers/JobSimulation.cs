using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// The per-test knobs of simulated Jobs: how each one ends, how long it runs, what its pod logs say, and whether
/// finished Jobs are deleted after <c>ttlSecondsAfterFinished</c>.
/// </summary>
internal sealed class JobSimulation
{
    /// <summary>Annotation on a Job choosing its outcome (<c>Succeeded</c>, <c>Failed</c>, <c>Running</c>); wins over rules.</summary>
    public const string OutcomeAnnotation = "testworld.kpops/job-outcome";

    /// <summary>Annotation on a Job setting the text its pod logs.</summary>
    public const string LogAnnotation = "testworld.kpops/job-log";

    private static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private readonly List<(Regex Pattern, JobOutcome Outcome, string? Log)> _rules = [];
    private readonly ConcurrentDictionary<(string Namespace, string Pod), string> _podLogs = new();
    private TimeSpan _duration = DefaultDuration;
    private bool _ttlEnabled;
    private double _ttlScale = 1;

    /// <summary>Time from a Job's start to its end.</summary>
    public TimeSpan Duration
    {
        get { lock (_gate) { return _duration; } }
        set { lock (_gate) { _duration = value; } }
    }

    /// <summary>Whether finished Jobs are deleted after <c>ttlSecondsAfterFinished</c> (times <see cref="TtlScale"/>).</summary>
    public bool TtlEnabled
    {
        get { lock (_gate) { return _ttlEnabled; } }
        set { lock (_gate) { _ttlEnabled = value; } }
    }

    /// <summary>Factor applied to <c>ttlSecondsAfterFinished</c>, so tests need not wait the chart's 30 s.</summary>
    public double TtlScale
    {
        get { lock (_gate) { return _ttlScale; } }
        set { lock (_gate) { _ttlScale = value; } }
    }

    /// <summary>Jobs whose name matches <paramref name="jobNameRegex"/> end with <paramref name="outcome"/>; the latest matching rule wins.</summary>
    public void SetOutcome(string jobNameRegex, JobOutcome outcome, string? log)
    {
        lock (_gate) { _rules.Add((new Regex(jobNameRegex, RegexOptions.CultureInvariant), outcome, log)); }
    }

    /// <summary>Sets what a pod's log says.</summary>
    public void SetPodLog(string @namespace, string pod, string text) => _podLogs[(@namespace, pod)] = text;

    /// <summary>The log text set for a pod, or null.</summary>
    public string? PodLog(string @namespace, string pod) => _podLogs.TryGetValue((@namespace, pod), out var text) ? text : null;

    /// <summary>The outcome and log text for a Job: its annotations first, then the rules, else success.</summary>
    public (JobOutcome Outcome, string? Log) Decide(JsonObject job)
    {
        var annotations = Meta.Annotations(job);
        annotations.TryGetValue(LogAnnotation, out var annotatedLog);
        if (annotations.TryGetValue(OutcomeAnnotation, out var annotated) && Enum.TryParse<JobOutcome>(annotated, ignoreCase: true, out var outcome))
        {
            return (outcome, annotatedLog);
        }
        lock (_gate)
        {
            for (var i = _rules.Count - 1; i >= 0; i--)
            {
                if (_rules[i].Pattern.IsMatch(Meta.Name(job))) return (_rules[i].Outcome, annotatedLog ?? _rules[i].Log);
            }
        }
        return (JobOutcome.Succeeded, annotatedLog);
    }

    /// <summary>Back to defaults.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
            _duration = DefaultDuration;
            _ttlEnabled = false;
            _ttlScale = 1;
        }
        _podLogs.Clear();
    }
}
