using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KPops.TestWorld.Host;

/// <summary>The one line of JSON the host prints once the world is up (camelCase properties).</summary>
/// <param name="RealCluster">True when <c>KPOPS_TEST_*</c> selected a real cluster (no doubles run).</param>
/// <param name="HelmMajor">The helm major version <paramref name="Environment"/> is for.</param>
/// <param name="HelmPath">That helm binary.</param>
/// <param name="BootstrapServers">Kafka bootstrap servers.</param>
/// <param name="SchemaRegistryUrl">Schema Registry URL.</param>
/// <param name="ConnectUrl">Kafka Connect URL.</param>
/// <param name="KubernetesUrl">The Kubernetes double's API server URL (null for a real cluster).</param>
/// <param name="KubeconfigPath">Kubeconfig file.</param>
/// <param name="KubeContext">Kube context.</param>
/// <param name="ChartRepositoryUrl">Helm repository with the streams-bootstrap-shaped charts.</param>
/// <param name="ScratchDirectory">The world's scratch directory (removed when the host stops).</param>
/// <param name="ProcessId">The host's process id.</param>
/// <param name="Environment">What <see cref="TestWorld.Environment"/> returns for <paramref name="HelmMajor"/>.</param>
internal sealed record HostDescription(
    bool RealCluster,
    int HelmMajor,
    string HelmPath,
    string BootstrapServers,
    string SchemaRegistryUrl,
    string ConnectUrl,
    string? KubernetesUrl,
    string KubeconfigPath,
    string KubeContext,
    string ChartRepositoryUrl,
    string ScratchDirectory,
    int ProcessId,
    IReadOnlyDictionary<string, string> Environment)
{
    public static HostDescription Of(TestWorld world, int helmMajor) => new(
        world.IsRealCluster, helmMajor, world.HelmPath(helmMajor), world.BootstrapServers, world.SchemaRegistryUrl, world.ConnectUrl,
        world.Kubernetes?.Endpoint, world.KubeconfigPath, world.KubeContext, world.ChartRepositoryUrl, world.ScratchDirectory,
        System.Environment.ProcessId, world.Environment(helmMajor));
}

/// <summary>What the <c>state</c> command answers: the doubles' state in brief (empty lists for a real cluster).</summary>
/// <param name="Topics">Topics with partition count.</param>
/// <param name="Groups">Consumer groups with committed offsets.</param>
/// <param name="Subjects">Schema Registry subjects (not soft-deleted).</param>
/// <param name="Connectors">Connector names with their state.</param>
/// <param name="Effects">What cleanup jobs did, as text.</param>
internal sealed record HostState(
    IReadOnlyList<HostTopic> Topics,
    IReadOnlyList<HostGroup> Groups,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<HostConnector> Connectors,
    IReadOnlyList<string> Effects)
{
    public static HostState Of(TestWorld world)
    {
        if (world.IsRealCluster) return new HostState([], [], [], [], []);
        var d = world.RequireDoubles();
        return new HostState(
            d.Kafka.State.Topics.Select(t => new HostTopic(t.Name, t.PartitionCount)).ToList(),
            d.Kafka.State.Groups.Select(g => new HostGroup(g.GroupId, g.State.ToString(),
                g.Offsets.Select(o => new HostOffset(o.Topic, o.Partition, o.Offset)).ToList())).ToList(),
            d.SchemaRegistry.Subjects,
            d.Connect.Connectors.Select(n => new HostConnector(n, d.Connect.GetConnector(n)?.State.ToString() ?? "Deleted")).ToList(),
            d.CleanupEffects.EffectsLog.Select(e => e.ToString()).ToList());
    }
}

/// <summary>A topic in <see cref="HostState"/>.</summary>
internal sealed record HostTopic(string Name, int Partitions);

/// <summary>A consumer group in <see cref="HostState"/>.</summary>
internal sealed record HostGroup(string GroupId, string State, IReadOnlyList<HostOffset> Offsets);

/// <summary>A committed offset in <see cref="HostState"/>.</summary>
internal sealed record HostOffset(string Topic, int Partition, long Offset);

/// <summary>A connector in <see cref="HostState"/>.</summary>
internal sealed record HostConnector(string Name, string State);

/// <summary>One compact line, camelCase, paths and URLs unescaped.</summary>
internal static class HostJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
