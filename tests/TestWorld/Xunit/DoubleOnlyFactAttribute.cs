using Xunit;

namespace KPops.TestWorld.Xunit;

/// <summary>
/// A fact that needs the doubles (request logs, fault injection, double state): skipped — never passed without
/// asserting — when any <c>KPOPS_TEST_*</c> endpoint variable points a service at a real cluster
/// (<see cref="RealClusterSettings.AnyVariableSet"/>). The one "needs the doubles" convention of every test project;
/// such tests reach a double through the world's non-nullable accessor, never by returning early when it is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DoubleOnlyFactAttribute : FactAttribute
{
    /// <summary>The reason given for the skip.</summary>
    public const string SkipReason = "needs the test doubles; KPOPS_TEST_* point at a real cluster";

    /// <summary>Skips in real-cluster mode.</summary>
    public DoubleOnlyFactAttribute()
    {
        if (RealClusterSettings.AnyVariableSet) Skip = SkipReason;
    }
}

/// <summary>A theory that needs the doubles; skipped in real-cluster mode like <see cref="DoubleOnlyFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DoubleOnlyTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips in real-cluster mode.</summary>
    public DoubleOnlyTheoryAttribute()
    {
        if (RealClusterSettings.AnyVariableSet) Skip = DoubleOnlyFactAttribute.SkipReason;
    }
}
