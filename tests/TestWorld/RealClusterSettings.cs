using YamlDotNet.RepresentationModel;

namespace KPops.TestWorld;

/// <summary>
/// Endpoints of a real cluster to run the tests against instead of the doubles, from the <c>KPOPS_TEST_*</c>
/// environment variables: <see cref="KubeconfigVariable"/>, <see cref="BootstrapVariable"/>,
/// <see cref="SchemaRegistryVariable"/> and <see cref="ConnectVariable"/> must all be set (optionally
/// <see cref="KubeContextVariable"/> and <see cref="ChartRepositoryVariable"/>).
/// </summary>
/// <param name="Kubeconfig">Kubeconfig file for helm and KubernetesClient.</param>
/// <param name="BootstrapServers">Kafka bootstrap servers reachable from the test machine.</param>
/// <param name="SchemaRegistryUrl">Schema Registry URL.</param>
/// <param name="ConnectUrl">Kafka Connect REST URL.</param>
/// <param name="KubeContext">Context to use; null for the kubeconfig's current context.</param>
/// <param name="ChartRepositoryUrl">Helm repository with the streams-bootstrap charts; null for the public one.</param>
public sealed record RealClusterSettings(
    string Kubeconfig,
    string BootstrapServers,
    string SchemaRegistryUrl,
    string ConnectUrl,
    string? KubeContext = null,
    string? ChartRepositoryUrl = null)
{
    /// <summary>Kubeconfig of the real cluster.</summary>
    public const string KubeconfigVariable = "KPOPS_TEST_KUBECONFIG";

    /// <summary>Kafka bootstrap servers.</summary>
    public const string BootstrapVariable = "KPOPS_TEST_BOOTSTRAP";

    /// <summary>Schema Registry URL.</summary>
    public const string SchemaRegistryVariable = "KPOPS_TEST_SR_URL";

    /// <summary>Kafka Connect URL.</summary>
    public const string ConnectVariable = "KPOPS_TEST_CONNECT_URL";

    /// <summary>Optional: the kube context (default: the kubeconfig's current context).</summary>
    public const string KubeContextVariable = "KPOPS_TEST_KUBE_CONTEXT";

    /// <summary>Optional: the chart repository (default: <see cref="PublicChartRepository"/>).</summary>
    public const string ChartRepositoryVariable = "KPOPS_TEST_CHART_REPO";

    /// <summary>The public streams-bootstrap chart repository.</summary>
    public const string PublicChartRepository = "https://bakdata.github.io/streams-bootstrap/";

    private static readonly string[] RequiredVariables = [KubeconfigVariable, BootstrapVariable, SchemaRegistryVariable, ConnectVariable];

    /// <summary>True when all four required variables are set in this process.</summary>
    public static bool IsSelected => RequiredVariables.All(v => !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(v)));

    /// <summary>
    /// True when any of the four is set: some service is then a real one (test projects that choose per service use
    /// the doubles only for the others), which is what <see cref="Xunit.DoubleOnlyFactAttribute"/> skips on.
    /// </summary>
    public static bool AnyVariableSet => RequiredVariables.Any(v => !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(v)));

    /// <summary>
    /// The settings from the variables, or null when none of the four required ones is set.
    /// </summary>
    /// <param name="lookup">Reads a variable; the process environment by default.</param>
    /// <exception cref="InvalidOperationException">Some but not all of the required variables are set.</exception>
    public static RealClusterSettings? FromEnvironment(Func<string, string?>? lookup = null)
    {
        lookup ??= System.Environment.GetEnvironmentVariable;
        string? Get(string name) => lookup(name) is { Length: > 0 } value ? value : null;
        var missing = RequiredVariables.Where(v => Get(v) is null).ToList();
        if (missing.Count == RequiredVariables.Length) return null;
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Real-cluster mode needs {string.Join(", ", RequiredVariables)}; {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. "
                + "Set all of them to test against a real cluster, or none to use the doubles.");
        }
        return new RealClusterSettings(Get(KubeconfigVariable)!, Get(BootstrapVariable)!, Get(SchemaRegistryVariable)!, Get(ConnectVariable)!,
            Get(KubeContextVariable), Get(ChartRepositoryVariable));
    }

    /// <summary>The context to use: <see cref="KubeContext"/>, else the kubeconfig's <c>current-context</c>, else empty.</summary>
    public string ResolveKubeContext()
    {
        if (KubeContext is not null) return KubeContext;
        try
        {
            using var reader = new StreamReader(Kubeconfig);
            var yaml = new YamlStream();
            yaml.Load(reader);
            return yaml.Documents.Count > 0
                && yaml.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("current-context"), out var current)
                && current is YamlScalarNode { Value: { } name }
                ? name
                : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            return "";
        }
    }
}
