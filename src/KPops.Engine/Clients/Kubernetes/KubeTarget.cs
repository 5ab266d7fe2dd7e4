using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using KPops.Engine.Config;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Kubernetes;

/// <summary>
/// The cluster a command changes: the kubeconfig and context given on the command line (<c>-Kubeconfig</c>,
/// <c>-KubeContext</c>) over <c>helm_config.kubeconfig</c> and <c>helm_config.context</c>; helm and the Kubernetes
/// client are both given the result, so they cannot disagree.
/// </summary>
/// <param name="Kubeconfig">The kubeconfig file given on the command line, or null.</param>
/// <param name="Context">The context given on the command line, or null.</param>
public sealed record KubeTarget(string? Kubeconfig, string? Context)
{
    /// <summary>No override: helm_config decides.</summary>
    public static readonly KubeTarget FromConfig = new(null, null);

    /// <summary>The kubeconfig file used with a configuration (null: KUBECONFIG or ~/.kube/config).</summary>
    public string? KubeconfigFor(KpopsConfig config) => Kubeconfig ?? config?.Kubeconfig;

    /// <summary>The context named with a configuration (null: the kubeconfig's current context).</summary>
    public string? ContextFor(KpopsConfig config) => Context ?? config?.KubeContext;

    /// <summary>helm's options with this target.</summary>
    public Helm.HelmClientOptions Apply(Helm.HelmClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Kubeconfig = Kubeconfig ?? options.Kubeconfig, KubeContext = Context ?? options.KubeContext };
    }

    /// <summary>The Kubernetes client's options with this target.</summary>
    public KubernetesClientOptions Apply(KubernetesClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Kubeconfig = Kubeconfig ?? options.Kubeconfig, Context = Context ?? options.Context };
    }

    /// <summary>
    /// The context a configuration's commands reach, read from the kubeconfig before anything is changed: the named
    /// context (which must be in the kubeconfig), else the kubeconfig's current context; null when there is no
    /// kubeconfig and no context is named.
    /// </summary>
    /// <param name="config">The pipeline's configuration.</param>
    /// <param name="kubeconfigVariable">The KUBECONFIG variable (files separated by the path separator), or null.</param>
    /// <exception cref="KPopsException">KubeContextNotFound: the named context is not in the kubeconfig, or the kubeconfig cannot be read.</exception>
    public string? Resolve(KpopsConfig config, string? kubeconfigVariable)
    {
        var file = KubeconfigFor(config);
        var context = ContextFor(config);
        string[] files = file is not null
            ? [file]
            : (kubeconfigVariable is { Length: > 0 } variable
                ? variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [KubernetesClientConfiguration.KubeConfigDefaultLocation]).Where(File.Exists).ToArray();
        var where = files.Length == 0 ? "no kubeconfig (KUBECONFIG is empty and ~/.kube/config does not exist)" : string.Join(", ", files);
        var contexts = new List<string>();
        string? current = null;
        foreach (var path in files)
        {
            K8SConfiguration loaded;
            try
            {
                loaded = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: true);
            }
            catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or FormatException
                or YamlDotNet.Core.YamlException)
            {
                if (context is null) return null;
                throw NotFound(context, File.Exists(path) ? $"the kubeconfig {path} cannot be read ({e.Message})" : $"the kubeconfig {path} does not exist");
            }
            current ??= string.IsNullOrEmpty(loaded.CurrentContext) ? null : loaded.CurrentContext;
            contexts.AddRange((loaded.Contexts ?? []).Select(c => c.Name));
        }
        if (context is null) return current;
        if (!contexts.Contains(context, StringComparer.Ordinal))
        {
            var known = contexts.Count == 0 ? "it has no contexts" : "it has " + string.Join(", ", contexts.Distinct(StringComparer.Ordinal).Take(10));
            throw NotFound(context, files.Length == 0 ? where : $"{where} does not define it ({known})");
        }
        return context;
    }

    private KPopsException NotFound(string context, string why) => new(ErrorIds.KubeContextNotFound, ErrorKind.ObjectNotFound,
        $"The Kubernetes context '{context}' cannot be used: {why}. Nothing was changed.",
        hint: Context is not null
            ? "Pass a context of the kubeconfig to -KubeContext (kubectl config get-contexts lists them), or the kubeconfig that has it to -Kubeconfig."
            : "Set helm_config.context to a context of the kubeconfig, or pass -KubeContext and -Kubeconfig.");
}
