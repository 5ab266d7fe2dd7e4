using Xunit;

namespace KPops.TestWorld.Xunit;

/// <summary>A fact that needs Linux or macOS (shell scripts, POSIX file descriptors): skipped elsewhere, never passed without asserting.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PosixOnlyFactAttribute : FactAttribute
{
    /// <summary>Skips on other systems.</summary>
    public PosixOnlyFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Skip = "needs Linux or macOS";
    }
}
