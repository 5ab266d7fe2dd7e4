using System.Text.RegularExpressions;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model;
using KPops.Engine.Status;
using KPops.Engine.Yaml;

namespace KPops.Engine.Security;

/// <summary>
/// The one redaction policy: the secret values of a load (<c>SecretCollector</c>) and the patterns that hide a
/// secret without knowing it (the password of a URL's user info, the <c>password="…"</c> of a JAAS line). Every
/// message, verbose line, warning, error, diff and plan goes through <see cref="Apply(string?)"/> before it is shown.
/// </summary>
/// <remarks>
/// Values shorter than <see cref="MinLength"/> characters are not replaced wherever they occur (a password "ab" would
/// cut every word holding "ab"); they stay hidden where their key says what they are (diffs, component properties)
/// and by the patterns. Boolean words are never treated as secret values for the same reason.
/// </remarks>
public sealed partial class SecretMask
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The shortest value that is replaced wherever it occurs.</summary>
    public const int MinLength = 4;

    /// <summary>A mask with no known values (the patterns still apply).</summary>
    public static readonly SecretMask None = new([]);

    private static readonly HashSet<string> PlainWords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "none", "yes", "no", "on", "off" };

    // Longest first, so a secret that contains another one is masked as a whole.
    private readonly string[] _values;

    /// <summary>A mask of these secret values (and the secrets inside them: URL passwords, JAAS passwords).</summary>
    public SecretMask(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is null) continue;
            AddValue(set, value);
            foreach (var inner in SecretsIn(value)) AddValue(set, inner);
        }
        _values = [.. set.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal)];
    }

    /// <summary>How many values are masked wherever they occur.</summary>
    public int Count => _values.Length;

    /// <summary>A mask of this one's values and <paramref name="values"/>.</summary>
    public SecretMask With(IEnumerable<string?> values) => new(_values.Concat(values));

    /// <summary>One mask of the values of several.</summary>
    public static SecretMask Union(IEnumerable<SecretMask?> masks) =>
        new(masks.Where(m => m is not null).SelectMany(m => m!._values));

    /// <summary>The text with every known secret and every URL or JAAS password replaced by <see cref="Mask"/>.</summary>
    public string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, Mask, StringComparison.Ordinal);
        }
        return MaskPatterns(text);
    }

    /// <summary>Null stays null; other text is masked.</summary>
    public string? ApplyOrNull(string? text) => text is null ? null : Apply(text);

    /// <summary>The result with its diff and message masked.</summary>
    public StepResult Apply(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var diff = ApplyOrNull(result.Diff);
        var message = ApplyOrNull(result.Message);
        return diff == result.Diff && message == result.Message ? result : result with { Diff = diff, Message = message };
    }

    /// <summary>
    /// A copy of a tree for showing: every scalar under a secret key (<see cref="IsSecretKey"/>) becomes
    /// <see cref="Mask"/>, every other text is masked like a message.
    /// </summary>
    public YNode Apply(YNode tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var copy = tree.DeepClone();
        var pending = new Stack<(YNode Node, bool Secret)>();
        pending.Push((copy, false));
        while (pending.Count > 0)
        {
            var (node, secret) = pending.Pop();
            switch (node)
            {
                case YMap map:
                    foreach (var (key, value) in map.ToList())
                    {
                        var hidden = secret || IsSecretKey(key);
                        if (value is YScalar scalar) map[key] = Shown(scalar, hidden);
                        else pending.Push((value, hidden));
                    }
                    break;
                case YSeq seq:
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (seq.Items[i] is YScalar scalar) seq.Items[i] = Shown(scalar, secret);
                        else pending.Push((seq.Items[i], secret));
                    }
                    break;
            }
        }
        return copy;
    }

    private YScalar Shown(YScalar scalar, bool secret)
    {
        if (scalar.IsNull) return scalar;
        if (secret) return new YScalar(Mask) { Location = scalar.Location };
        if (scalar.Value is not string text) return scalar;
        var masked = Apply(text);
        return ReferenceEquals(masked, text) || masked == text ? scalar : new YScalar(masked) { Location = scalar.Location };
    }

    /// <summary>The status with its reason, diff and text details masked.</summary>
    public StatusResult Apply(StatusResult status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var details = status.Details.ToDictionary(p => p.Key, p => p.Value switch
        {
            string text => Apply(text),
            TextList<string> texts => texts.Select(Apply).ToTextList(),
            string[] texts => texts.Select(Apply).ToArray(),
            var other => other,
        }, StringComparer.Ordinal);
        var masked = status with { Reason = ApplyOrNull(status.Reason), Diff = ApplyOrNull(status.Diff), Details = details.ToTextMap() };
        // The copy is what the user gets, so it must still lead back to its component (a redeploy of what drifted).
        return StatusSources.Of(status) is { } source ? StatusSources.Remember(masked, source) : masked;
    }

    /// <summary>
    /// The error with its message and hint masked (each error of an aggregate too); an inner exception that shows a
    /// secret is left out, since hosts print inner messages too.
    /// </summary>
    public KPopsException Apply(KPopsException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is KPopsAggregateException aggregate)
        {
            var errors = aggregate.Errors.Select(Apply).ToList();
            return errors.Zip(aggregate.Errors).All(p => ReferenceEquals(p.First, p.Second)) ? error : new KPopsAggregateException(errors);
        }
        var message = Apply(error.Message);
        var hint = ApplyOrNull(error.Hint);
        var innerLeaks = false;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (Apply(inner.Message) != inner.Message) innerLeaks = true;
        }
        if (message == error.Message && hint == error.Hint && !innerLeaks) return error;
        var masked = new KPopsException(error.ErrorId, error.Kind, message, error.Location, hint, innerLeaks ? null : error.InnerException);
        return error.Target is { } target ? masked.About(target) : masked;
    }

    /// <summary>The passwords of URL user info and JAAS <c>password="…"</c> parts replaced by <see cref="Mask"/>.</summary>
    public static string MaskPatterns(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('@', StringComparison.Ordinal)) text = UrlPassword().Replace(text, m => m.Groups["pre"].Value + Mask + "@");
        if (MayHoldJaasPassword(text)) text = JaasPassword().Replace(text, m => m.Groups["pre"].Value + Quoted(m, Mask));
        return text;
    }

    /// <summary>The secrets inside a value: the password of a URL's user info and the JAAS <c>password="…"</c> values.</summary>
    public static IEnumerable<string> SecretsIn(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Asked of every string of a load: most hold neither pattern's marker, and those get no enumerator.
        return value.Contains('@', StringComparison.Ordinal) || MayHoldJaasPassword(value) ? Matches(value) : [];
    }

    private static bool MayHoldJaasPassword(string value) =>
        value.Contains("assword", StringComparison.OrdinalIgnoreCase) || value.Contains("secret", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Matches(string value)
    {
        if (value.Contains('@', StringComparison.Ordinal))
        {
            foreach (Match m in UrlPassword().Matches(value)) yield return m.Groups["secret"].Value;
        }
        if (MayHoldJaasPassword(value))
        {
            foreach (Match m in JaasPassword().Matches(value)) yield return m.Groups["secret"].Value;
        }
    }

    /// <summary>
    /// True for a setting whose value is a secret. Kafka and Kafka Connect hide settings of type PASSWORD
    /// (<c>ssl.key.password</c>, <c>sasl.jaas.config</c>, <c>ssl.keystore.key</c>, <c>basic.auth.user.info</c>, …);
    /// without the connector's schema at hand, the name decides: it holds password, passwd, secret, token, credential,
    /// jaas.config, user.info, api.key, private.key, access.key, or certificate(s) of a key or trust store, or ends in
    /// <c>.key</c> or <c>_key</c>. A bare <c>key</c> is not secret (tolerations and labels use it), nor is
    /// <c>key.converter</c>; names that end in ref, refs, name,
    /// file, path, location, enabled, type, url or id are not secret (they point at one). Dots, underscores, dashes
    /// and camel case all separate parts.
    /// </summary>
    public static bool IsSecretKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return false;
        // Asked for every key of every component: the same few hundred names, so the answers are kept (up to a bound,
        // and only for short names, so hostile input cannot grow the memory).
        if (SecretKeyAnswers.TryGetValue(key, out var known)) return known;
        var secret = Decide(key);
        if (key.Length <= 256 && SecretKeyAnswers.Count < 4096) SecretKeyAnswers.TryAdd(key, secret);
        return secret;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> SecretKeyAnswers = new(StringComparer.Ordinal);

    private static bool Decide(string key)
    {
        var parts = NameParts(key);
        if (parts.Count == 0) return false;
        if (NotSecretEndings.Contains(parts[^1])) return false;
        var joined = "." + string.Join('.', parts) + ".";
        if (parts[^1] is "apikey" or "secretkey" or "privatekey" or "accesskey") return true;
        // ssl.key, aws.access.key, ENCRYPTION_KEY; not a bare key (tolerations) or app-key (a label).
        if (key.EndsWith(".key", StringComparison.OrdinalIgnoreCase) || key.EndsWith("_key", StringComparison.OrdinalIgnoreCase)) return true;
        return SecretWords.Any(w => joined.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// True for an environment or dotenv variable whose value is secret: the name follows <see cref="IsSecretKey"/>
    /// (KAFKA_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, KPOPS_SCHEMA_REGISTRY__PASSWORD), or it is one of the
    /// names listed in <paramref name="marked"/> (<c>KPOPS_SECRET_VARS</c>).
    /// </summary>
    public static bool IsSecretVariable(string name, ISet<string> marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        if (string.Equals(name, SecretVariablesName, StringComparison.OrdinalIgnoreCase)) return false;   // a list of names
        return marked.Contains(name) || IsSecretKey(name);
    }

    /// <summary>The names a <c>KPOPS_SECRET_VARS</c> value lists: separated by commas, semicolons or white space, case-insensitive.</summary>
    public static ISet<string> MarkedVariables(string? list) =>
        (list ?? "").Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The environment variable that lists further variables whose values are secret.</summary>
    public const string SecretVariablesName = "KPOPS_SECRET_VARS";

    private static readonly string[] SecretWords =
    [
        "password", "passwd", "secret", "token", "credential", ".jaas.config.", ".user.info.", ".userinfo.", ".api.key.", ".private.key.", ".privatekey.",
        ".access.key.", ".certificate.chain.", ".truststore.certificates.", ".keystore.key.", ".passphrase.", ".pwd.",
    ];

    private static readonly HashSet<string> NotSecretEndings = new(StringComparer.Ordinal)
    {
        "ref", "refs", "name", "names", "file", "files", "path", "location", "enabled", "type", "mechanism", "class", "provider", "url", "uri",
        "endpoint", "id", "length", "ms", "seconds", "algorithm",
    };

    private static List<string> NameParts(string key)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        void Flush()
        {
            if (current.Length > 0) parts.Add(current.ToString().ToLowerInvariant());
            current.Clear();
        }
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }
            // camelCase: a capital after a small letter starts a part (secretRefs → secret, refs).
            if (char.IsUpper(c) && i > 0 && char.IsLower(key[i - 1])) Flush();
            current.Append(c);
        }
        Flush();
        return parts;
    }

    private static void AddValue(HashSet<string> set, string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length < MinLength || PlainWords.Contains(trimmed) || trimmed == Mask) return;
        set.Add(value);
        if (trimmed != value) set.Add(trimmed);
        // Messages quote values through Echo, which escapes line breaks and control characters.
        var echoed = Echo.Text(value, int.MaxValue);
        if (echoed != value) set.Add(echoed);
        if (value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
            set.Add(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
    }

    // scheme://user:password@host — the user stays, the password goes.
    [GeneratedRegex(@"(?<pre>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'""]*:)(?<secret>[^\s@/'""]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    private static string Quoted(Match match, string value)
    {
        var quote = match.Value[match.Groups["pre"].Length..] is { Length: > 0 } rest && rest[0] is '"' or '\'' ? rest[0].ToString() : "";
        return quote + value + quote;
    }

    // password="…" / password='…' / password=… in JAAS lines and similar key=value text.
    [GeneratedRegex(@"(?<pre>\b[A-Za-z_.\-]*(?:password|passwd|secret)\s*=\s*)(?:""(?<secret>[^""\r\n]*)""|'(?<secret>[^'\r\n]*)'|(?<secret>[^\s;,""']+))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex JaasPassword();
}
