using KPops.Engine.Manifests;
using KPops.Engine.Security;
using KPops.Engine.Yaml;

namespace KPops.Engine.Diff;

/// <summary>
/// Hides secret values in the two sides of a resource diff, as helm-diff does for Secrets: each secret value becomes
/// a word that says only whether it changes — <c>(unchanged)</c> on both sides, <c>(changed)</c> on the new side and
/// <c>(old value)</c> on the old one, <c>(set)</c> or <c>(removed)</c> when only one side has it. Secret values are the
/// entries of a Secret's <c>data</c> and <c>stringData</c>, every value under a secret key
/// (<see cref="SecretMask.IsSecretKey"/>), and the <c>value</c> of an environment entry whose <c>name</c> is secret.
/// </summary>
internal static class SecretRedaction
{
    public const string Unchanged = "(unchanged)";
    public const string Changed = "(changed)";
    public const string OldValue = "(old value)";
    public const string Set = "(set)";
    public const string Removed = "(removed)";

    /// <summary>Redacts both sides (either may be null) in place.</summary>
    public static void Apply(string kind, YMap? before, YMap? after)
    {
        var pending = new Stack<(YNode? Before, YNode? After, bool Secret)>();
        var isSecretKind = string.Equals(kind, "Secret", StringComparison.Ordinal);
        pending.Push((before, after, false));
        while (pending.Count > 0)
        {
            var (old, current, secret) = pending.Pop();
            if (old is YMap || current is YMap)
            {
                var a = old as YMap;
                var b = current as YMap;
                if (secret && (a is null || b is null) && (a ?? b) is { } only)
                {
                    // A secret map only on one side (a new Secret): each of its entries is set or removed.
                    foreach (var key in only.Keys().ToList()) Replace(only, key, a is null ? Set : Removed);
                    continue;
                }
                var secretEntry = IsSecretEnvEntry(a) || IsSecretEnvEntry(b);
                foreach (var key in Keys(a, b))
                {
                    var root = ReferenceEquals(a, before) && ReferenceEquals(b, after);
                    var childSecret = secret || SecretMask.IsSecretKey(key) || (secretEntry && key == "value")
                        || (root && isSecretKind && key is "data" or "stringData");
                    var (x, y) = (a?.Get(key), b?.Get(key));
                    if (childSecret && x is not YMap and not YSeq && y is not YMap and not YSeq)
                    {
                        var same = x is YScalar sx && y is YScalar sy && Equals(sx.Value, sy.Value);
                        if (a is not null && x is not null) Replace(a, key, y is null ? Removed : same ? Unchanged : OldValue);
                        if (b is not null && y is not null) Replace(b, key, x is null ? Set : same ? Unchanged : Changed);
                    }
                    else pending.Push((x, y, childSecret));
                }
            }
            else if (old is YSeq || current is YSeq)
            {
                var a = (old as YSeq)?.Items ?? [];
                var b = (current as YSeq)?.Items ?? [];
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var x = i < a.Count ? a[i] : null;
                    var y = i < b.Count ? b[i] : null;
                    if (secret && x is YScalar or null && y is YScalar or null)
                    {
                        var same = x is YScalar sx && y is YScalar sy && Equals(sx.Value, sy.Value);
                        if (x is not null) a[i] = new YScalar(y is null ? Removed : same ? Unchanged : OldValue);
                        if (y is not null) b[i] = new YScalar(x is null ? Set : same ? Unchanged : Changed);
                    }
                    else pending.Push((x, y, secret));
                }
            }
        }
    }

    private static bool IsSecretEnvEntry(YMap? map) => KubernetesObject.EnvEntryName(map) is { } name && SecretMask.IsSecretKey(name);

    private static void Replace(YMap map, string key, string word) => map[key] = new YScalar(word);

    private static IEnumerable<string> Keys(this YMap map) => map.Select(p => p.Key);

    private static List<string> Keys(YMap? a, YMap? b) =>
        (a?.Keys() ?? []).Concat(b?.Keys() ?? []).Distinct(StringComparer.Ordinal).ToList();
}
