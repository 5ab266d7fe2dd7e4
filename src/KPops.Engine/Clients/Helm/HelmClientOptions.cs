using KPops.Engine.Config;

namespace KPops.Engine.Clients.Helm;

/// <summary>How <see cref="HelmClient"/> runs helm: the <c>helm_config</c> section plus the process environment.</summary>
public sealed record HelmClientOptions
{
    /// <summary>The helm executable (helm_config.binary); <c>helm</c> from PATH when null.</summary>
    public string? Binary { get; init; }

    /// <summary>--kube-context on every command that talks to the cluster (helm_config.context).</summary>
    public string? KubeContext { get; init; }

    /// <summary>--kubeconfig on every command that talks to the cluster (helm_config.kubeconfig); helm reads KUBECONFIG or ~/.kube/config when null.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>--debug on every command (helm_config.debug).</summary>
    public bool Debug { get; init; }

    /// <summary>--api-versions of <c>helm template</c> when the request sets none (helm_config.api_version).</summary>
    public string? ApiVersions { get; init; }

    /// <summary>--timeout when the request sets none (helm_config.timeout); 5m0s when null.</summary>
    public string? Timeout { get; init; }

    /// <summary>Replace resources on every upgrade (helm_config.force_replace), in addition to a request's own flag.</summary>
    public bool ForceReplace { get; init; }

    /// <summary>
    /// Variables set for the helm process on top of the inherited environment; a null value removes the variable.
    /// Tests use it for HELM_CACHE_HOME, HELM_CONFIG_HOME, HELM_DATA_HOME and KUBECACHEDIR. Null: inherit unchanged.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The executable that is started.</summary>
    internal string Executable => string.IsNullOrWhiteSpace(Binary) ? "helm" : Binary;

    /// <summary>The options of the <c>helm_config</c> section of the configuration.</summary>
    public static HelmClientOptions FromConfig(KpopsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HelmClientOptions
        {
            Binary = config.HelmBinary,
            KubeContext = config.KubeContext,
            Kubeconfig = config.Kubeconfig,
            Debug = config.HelmDebug,
            ApiVersions = config.HelmApiVersion,
            Timeout = config.HelmTimeout,
            ForceReplace = config.HelmForceReplace,
        };
    }
}
