using System.Text;
using KPops.Engine.Security;

namespace KPops.Engine.Diff;

/// <summary>A line-per-key diff of two flat settings maps (topic configs, connector configs).</summary>
public static class ConfigDiff
{
    /// <summary>
    /// Describes the change from <paramref name="current"/> to <paramref name="desired"/>: <c>+ key: value</c> for new
    /// keys, <c>- key: value</c> for removed ones, <c>~ key: old → new</c> for changes. <paramref name="defaults"/>
    /// adds "(was default X)" / "(falls back to default X)" as KPOps does for topic configs. Empty when equal.
    /// Values of secret keys (<see cref="SecretMask.IsSecretKey"/> or <paramref name="secretKeys"/>) show as
    /// <c>***</c>, and URL and JAAS passwords inside other values are masked.
    /// </summary>
    public static string Describe(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> desired,
        IReadOnlyDictionary<string, string?>? defaults = null, ISet<string>? secretKeys = null)
    {
        var builder = new StringBuilder();
        foreach (var key in current.Keys.Union(desired.Keys).Order(StringComparer.Ordinal))
        {
            var has = current.TryGetValue(key, out var before);
            var wants = desired.TryGetValue(key, out var after);
            var fallback = defaults is not null && defaults.TryGetValue(key, out var d) ? d : null;
            var secret = secretKeys?.Contains(key) == true || SecretMask.IsSecretKey(key);
            string Show(string? value) => secret ? SecretMask.Mask : SecretMask.MaskPatterns(value ?? "");
            if (has && wants && before != after) builder.Append(CultureInvariant($"~ {key}: {Show(before)} → {Show(after)}\n"));
            else if (!has && wants) builder.Append(CultureInvariant($"+ {key}: {Show(after)}{(fallback is null ? "" : $" (was default {fallback})")}\n"));
            else if (has && !wants) builder.Append(CultureInvariant($"- {key}: {Show(before)}{(fallback is null ? "" : $" (falls back to default {fallback})")}\n"));
        }
        return builder.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
