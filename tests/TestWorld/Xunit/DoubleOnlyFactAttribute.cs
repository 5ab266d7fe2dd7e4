using Xunit;

namespace KPops.TestWorld.Xunit;

/// <summary>
/// A fact that needs the doubles (request logs, fault injection, double state): skipped when the
/// <c>KPOPS_TEST_*</c> variables select a real cluster (<see cref="RealClusterSettings.IsSelected"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DoubleOnlyFactAttribute : FactAttribute
{
    /// <summary>The reason given for the skip.</summary>
    public const string SkipReason = "needs the test doubles; KPOPS_TEST_* select a real cluster";

    /// <summary>Skips in real-cluster mode.</summary>
    public DoubleOnlyFactAttribute()
    {
        if (RealClusterSettings.IsSelected) Skip = SkipReason;
    }
}

/// <summary>A theory that needs the doubles; skipped in real-cluster mode like <see cref="DoubleOnlyFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DoubleOnlyTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips in real-cluster mode.</summary>
    public DoubleOnlyTheoryAttribute()
    {
        if (RealClusterSettings.IsSelected) Skip = DoubleOnlyFactAttribute.SkipReason;
    }
}
