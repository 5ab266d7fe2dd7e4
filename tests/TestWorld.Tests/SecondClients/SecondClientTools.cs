using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>A client the doubles are checked with besides the ones KPops uses.</summary>
public enum SecondClient
{
    /// <summary>kubectl, extracted by <c>build.ps1 Bootstrap</c> next to helm 4.</summary>
    Kubectl,

    /// <summary>kcat (Debian package <c>kafkacat</c>), installed by <c>build.ps1 Bootstrap</c> where apt is allowed.</summary>
    Kcat,

    /// <summary>The kafkajs admin client (pure JavaScript, no librdkafka) on node, installed by <c>build.ps1 Bootstrap</c>.</summary>
    Kafkajs,

    /// <summary>curl.</summary>
    Curl,
}

/// <summary>Where the second clients are, and why one is missing.</summary>
public static class SecondClientTools
{
    /// <summary>The kafkajs version <c>build.ps1 Bootstrap</c> installs into <c>.tools/kafkajs-&lt;version&gt;</c>.</summary>
    public const string KafkajsVersion = "2.2.4";

    /// <summary>kubectl next to the helm 4 binary, or null.</summary>
    public static string? Kubectl { get; } = FindKubectl();

    /// <summary>kcat or kafkacat on PATH, or null.</summary>
    public static string? Kcat { get; } = ToolProcess.FindOnPath("kcat", "kafkacat");

    /// <summary>curl on PATH, or null.</summary>
    public static string? Curl { get; } = ToolProcess.FindOnPath("curl");

    /// <summary>node on PATH, or null.</summary>
    public static string? Node { get; } = ToolProcess.FindOnPath("node");

    /// <summary>
    /// The <c>node_modules</c> directory holding kafkajs: <c>KPOPS_KAFKAJS</c> when set, else
    /// <c>.tools/kafkajs-&lt;version&gt;/node_modules</c> of this repository; null when kafkajs is not there.
    /// </summary>
    public static string? KafkajsModules { get; } = FindKafkajs();

    /// <summary>Why <paramref name="client"/> cannot run here, or null when it can.</summary>
    public static string? Missing(SecondClient client) => client switch
    {
        SecondClient.Kubectl when Kubectl is null =>
            "kubectl is not installed: 'build.ps1 Bootstrap' extracts it next to helm 4 (.tools/helm-4.1.4/kubectl)",
        SecondClient.Kcat when Kcat is null =>
            "kcat is not installed: 'build.ps1 Bootstrap' installs it (apt-get install kafkacat) only when run as root with apt-get; install kcat or kafkacat to run these tests",
        SecondClient.Kafkajs when Node is null => "node is not on PATH; the kafkajs admin tests need node and npm",
        SecondClient.Kafkajs when KafkajsModules is null =>
            $"kafkajs is not installed: 'build.ps1 Bootstrap' installs kafkajs {KafkajsVersion} into .tools/kafkajs-{KafkajsVersion} with npm",
        SecondClient.Curl when Curl is null => "curl is not on PATH",
        _ => null,
    };

    private static string? FindKubectl()
    {
        try
        {
            var kubectl = Path.Combine(Path.GetDirectoryName(HelmCli.Locate(HelmCli.Helm4Version))!, "kubectl");
            return File.Exists(kubectl) ? kubectl : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string? FindKafkajs()
    {
        var configured = Environment.GetEnvironmentVariable("KPOPS_KAFKAJS");
        if (!string.IsNullOrEmpty(configured)) return HasKafkajs(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "KPops.PowerShell.sln"))) continue;
            var modules = Path.Combine(dir.FullName, ".tools", $"kafkajs-{KafkajsVersion}", "node_modules");
            return HasKafkajs(modules) ? modules : null;
        }
        return null;
    }

    private static bool HasKafkajs(string modules) => File.Exists(Path.Combine(modules, "kafkajs", "package.json"));
}

/// <summary>
/// A fact that needs one of the <see cref="SecondClient"/>s: skipped, with the reason and how to install it, when
/// the client is missing; with <c>DoublesOnly</c> also skipped in real-cluster mode (the test seeds or reads double
/// state).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ClientFactAttribute : FactAttribute
{
    /// <summary>Skips when <paramref name="client"/> is missing.</summary>
    public ClientFactAttribute(SecondClient client)
    {
        Client = client;
        Skip = SecondClientTools.Missing(client);
    }

    /// <summary>The client the test runs.</summary>
    public SecondClient Client { get; }

    /// <summary>Also skip in real-cluster mode.</summary>
    public bool DoublesOnly
    {
        get => _doublesOnly;
        init
        {
            _doublesOnly = value;
            if (value && Skip is null && RealClusterSettings.IsSelected) Skip = DoubleOnlyFactAttribute.SkipReason;
        }
    }

    private readonly bool _doublesOnly;
}

/// <summary>A theory that needs one of the <see cref="SecondClient"/>s; skipped like <see cref="ClientFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ClientTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips when <paramref name="client"/> is missing.</summary>
    public ClientTheoryAttribute(SecondClient client)
    {
        Client = client;
        Skip = SecondClientTools.Missing(client);
    }

    /// <summary>The client the test runs.</summary>
    public SecondClient Client { get; }
}
