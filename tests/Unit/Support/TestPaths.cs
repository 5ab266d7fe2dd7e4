namespace KPops.Tests.Unit.Support;

/// <summary>Folders the tests read from.</summary>
public static class TestPaths
{
    /// <summary>Resources copied next to the test assembly.</summary>
    public static string Resources => Path.Combine(AppContext.BaseDirectory, "Resources");

    /// <summary>The repository root (the folder with the solution file).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KPops.PowerShell.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }
    }
}
