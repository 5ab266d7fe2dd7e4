using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KPops.Engine.Naming;

/// <summary>
/// Every name KPops derives for a resource: Kubernetes/Helm name limits and KPOps' trimming, bit for bit, so that
/// releases deployed by KPOps are found again; subjects and the consumer groups of sink connectors.
/// </summary>
public static class ResourceNames
{
    /// <summary>Maximum length of a Helm release name.</summary>
    public const int ReleaseNameMaxLength = 53;

    /// <summary>Maximum length of a Kubernetes label value (nameOverride, fullnameOverride).</summary>
    public const int LabelMaxLength = 63;

    /// <summary>Maximum length of a CronJob name (its Jobs get an 11-character suffix).</summary>
    public const int CronJobNameMaxLength = 52;

    /// <summary>Suffix of cleanup-job releases.</summary>
    public const string CleanSuffix = "-clean";

    /// <summary>
    /// Names longer than <paramref name="maxLength"/> are cut and get a hash: the first
    /// <c>maxLength - len(suffix) - 6</c> characters, '-', the first 5 hex digits of the SHA-1 of the whole name, and
    /// the suffix — exactly <paramref name="maxLength"/> characters. Shorter names stay as they are.
    /// </summary>
    public static string Trim(int maxLength, string name, string suffix = "")
    {
        if (name.Length <= maxLength) return name;
        var head = name[..Math.Min(name.Length, maxLength - suffix.Length)];
        head = head.Length > 6 ? head[..^6] : "";
        return head + "-" + Sha1Hex(name)[..5] + suffix;
    }

    /// <summary>The Helm release name of a component.</summary>
    public static string HelmReleaseName(string fullName) => Trim(ReleaseNameMaxLength, fullName);

    /// <summary>nameOverride/fullnameOverride of a component; 52 characters for cron-job producers.</summary>
    public static string HelmNameOverride(string fullName, bool isCronJob) => Trim(isCronJob ? CronJobNameMaxLength : LabelMaxLength, fullName);

    /// <summary>The release name of a component's cleanup job.</summary>
    public static string CleanupReleaseName(string fullName) => Trim(ReleaseNameMaxLength, fullName + CleanSuffix, CleanSuffix);

    /// <summary>nameOverride/fullnameOverride of a component's cleanup job: like its release name, the suffix is kept.</summary>
    public static string CleanupNameOverride(string fullName) => Trim(LabelMaxLength, fullName + CleanSuffix, CleanSuffix);

    /// <summary>The Schema Registry subject of a topic's key schema (the TopicNameStrategy).</summary>
    public static string KeySubject(string topic) => topic + "-key";

    /// <summary>The Schema Registry subject of a topic's value schema (the TopicNameStrategy).</summary>
    public static string ValueSubject(string topic) => topic + "-value";

    /// <summary>The consumer group Kafka Connect gives a sink connector: <c>connect-&lt;connector name&gt;</c>.</summary>
    public static string SinkConnectorGroup(string connectorName) => "connect-" + connectorName;

    private static string Sha1Hex(string text)
    {
#pragma warning disable CA5350 // SHA-1 is not used for security: it must match the names KPOps already created
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        var builder = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
