using KPops.Engine.Config;

namespace KPops.Engine.Clients.Kubernetes;

/// <summary>How <see cref="KubernetesApiClient"/> reaches the API server: the kubeconfig and context helm uses too.</summary>
public sealed record KubernetesClientOptions
{
    /// <summary>
    /// The kubeconfig file (helm_config.kubeconfig). Null: the files in KUBECONFIG (merged, the first occurrence of a
    /// name wins), else ~/.kube/config.
    /// </summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The context (helm_config.context); the kubeconfig's current context when null.</summary>
    public string? Context { get; init; }

    /// <summary>Timeout of each request. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The lines of a pod's log <see cref="KubernetesApiClient.GetJobLogsAsync"/> returns at most (the last ones). Default 200.</summary>
    public int LogTailLines { get; init; } = 200;

    /// <summary>The kubeconfig and context of the <c>helm_config</c> section of the configuration.</summary>
    public static KubernetesClientOptions FromConfig(KpopsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KubernetesClientOptions { Kubeconfig = config.Kubeconfig, Context = config.KubeContext };
    }
}
