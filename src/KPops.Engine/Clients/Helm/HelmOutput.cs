using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KPops.Engine.Clients.Helm;

/// <summary>Reads what helm prints: its version, the manifest of a dry run, the release history and list, and its errors.</summary>
internal static partial class HelmOutput
{
    /// <summary>The text helm prints (on stderr) for a release that does not exist.</summary>
    public const string ReleaseNotFound = "release: not found";

    /// <summary>Parses <c>helm version --short</c> (e.g. <c>v3.18.0+gcc58e3f</c>) into major and minor; null when it is no version.</summary>
    public static (int Major, int Minor, string Text)? ParseVersion(string output)
    {
        var match = VersionPattern().Match(output.Trim());
        if (!match.Success) return null;
        var parts = match.Groups[1].Value.Split('.');
        var major = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        var minor = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return (major, minor, output.Trim().Split('+')[0]);
    }

    /// <summary>
    /// The MANIFEST section of <c>helm upgrade --install --dry-run</c>: everything after the <c>MANIFEST:</c> line up to
    /// <c>\n\nNOTES:\n</c> (or the end); empty when helm printed no such section.
    /// </summary>
    public static string DryRunManifest(string stdout)
    {
        var text = stdout.ReplaceLineEndings("\n");
        int start;
        if (text.StartsWith("MANIFEST:\n", StringComparison.Ordinal)) start = "MANIFEST:\n".Length;
        else
        {
            var at = text.IndexOf("\nMANIFEST:\n", StringComparison.Ordinal);
            if (at < 0) return "";
            start = at + "\nMANIFEST:\n".Length;
        }
        var end = text.IndexOf("\n\nNOTES:\n", start, StringComparison.Ordinal);
        var manifest = end < 0 ? text[start..] : text[start..(end + 1)];
        return manifest.TrimEnd('\n') + "\n";
    }

    /// <summary>The latest entry of <c>helm history --max 1 --output json</c>.</summary>
    public static HelmReleaseInfo? ParseHistory(string release, string kubernetesNamespace, string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
        JsonElement? latest = null;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (latest is null || Revision(entry) > Revision(latest.Value)) latest = entry;
        }
        if (latest is not { } e) return null;
        return new HelmReleaseInfo(release, kubernetesNamespace, Revision(e), Text(e, "status") ?? "unknown", Text(e, "chart") ?? "", Text(e, "app_version") is { Length: > 0 } app ? app : null);
    }

    /// <summary>
    /// The releases of <c>helm list --output json</c> (helm 3 and 4 print the revision as a string; a number is read
    /// too). helm lists the latest revision of each release; should a name come twice, the higher revision counts.
    /// </summary>
    public static IReadOnlyList<HelmReleaseInfo> ParseList(string kubernetesNamespace, string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException($"expected a JSON array, got {document.RootElement.ValueKind}");
        var releases = new Dictionary<string, HelmReleaseInfo>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || Text(entry, "name") is not { Length: > 0 } name) continue;
            var release = new HelmReleaseInfo(name, Text(entry, "namespace") is { Length: > 0 } ns ? ns : kubernetesNamespace, Revision(entry),
                Text(entry, "status") ?? "unknown", Text(entry, "chart") ?? "", Text(entry, "app_version") is { Length: > 0 } app ? app : null);
            if (!releases.TryGetValue(name, out var seen) || seen.Revision < release.Revision) releases[name] = release;
        }
        return releases.Values.ToList();
    }

    /// <summary>True when helm refused to work on a release whose latest revision is pending (another operation, or an interrupted one).</summary>
    public static bool IsOperationInProgress(string stderr) =>
        stderr.Contains("another operation (install/upgrade/rollback) is in progress", StringComparison.Ordinal);

    /// <summary>True when helm's stderr says the release does not exist.</summary>
    public static bool IsReleaseNotFound(string stderr) => stderr.Contains(ReleaseNotFound, StringComparison.Ordinal);

    /// <summary>True when <c>helm repo add</c> refused a name that is already configured (with another URL or auth).</summary>
    public static bool IsRepositoryExists(string stderr) => RepositoryExistsPattern().IsMatch(stderr);

    /// <summary>True when helm could not reach the Kubernetes API server before it started (helm 3 "Kubernetes", helm 4 "kubernetes").</summary>
    public static bool IsClusterUnreachable(string stderr) =>
        stderr.Contains("kubernetes cluster unreachable", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when helm failed to reach a server: a chart repository, or the cluster in the middle of a command.</summary>
    public static bool IsNetworkFailure(string stderr) =>
        stderr.Contains("connection refused", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("no such host", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("i/o timeout", StringComparison.OrdinalIgnoreCase);

    /// <summary>The context named in "context "X" does not exist", or null.</summary>
    public static string? MissingContext(string stderr) => MissingContextPattern().Match(stderr) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>True for a stderr line that is a warning (helm 3 "WARNING: ...", helm 4 "level=WARN ...").</summary>
    public static bool IsWarning(string line) =>
        line.Contains("warning", StringComparison.OrdinalIgnoreCase) || line.StartsWith("level=WARN", StringComparison.Ordinal);

    private static int Revision(JsonElement entry) => !entry.TryGetProperty("revision", out var r) ? 0 : r.ValueKind switch
    {
        JsonValueKind.Number when r.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(r.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) => text,
        _ => 0,
    };

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^v(\d+(?:\.\d+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"Error: repository name \((.*)\) already exists, please specify a different name", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryExistsPattern();

    [GeneratedRegex("context \"([^\"]*)\" does not exist", RegexOptions.CultureInvariant)]
    private static partial Regex MissingContextPattern();
}
