namespace KPops.Tests.Integration.Support;

/// <summary>The helm commands in an operation log (the clients log every command line as a verbose line).</summary>
public static class HelmCommandLines
{
    /// <summary>The arguments of every helm command line of <paramref name="executables"/> in the verbose lines, in order.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> verboseLines, params string[] executables) =>
        verboseLines
            .Select(line => executables.Where(e => line.StartsWith(e + " ", StringComparison.Ordinal)).Select(e => line[(e.Length + 1)..]).FirstOrDefault())
            .OfType<string>()
            .ToList();

    /// <summary>The helm subcommand of a command line's arguments: <c>template</c>, <c>repo add</c>, <c>get values</c>, …</summary>
    public static string Subcommand(string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && words[0] is "repo" or "get" ? words[0] + " " + words[1] : words.FirstOrDefault() ?? "";
    }
}
