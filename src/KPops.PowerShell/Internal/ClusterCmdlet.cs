using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Kubernetes;
using KPops.Engine.Errors;
using KPops.Engine.Lifecycle;
using KPops.Engine.Pipelines;

namespace KPops.PowerShell.Internal;

/// <summary>
/// Component cmdlets that reach the cluster: -KubeContext and -Kubeconfig name it over helm_config, and the context is
/// checked against the kubeconfig before anything runs.
/// </summary>
public abstract class ClusterCmdlet : ComponentsCmdlet
{
    /// <summary>The Kubernetes context for helm and Kubernetes calls (over helm_config.context).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeContext { get; set; }

    /// <summary>The kubeconfig file for helm and Kubernetes calls (over helm_config.kubeconfig, KUBECONFIG).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    /// <summary>The target of the parameters.</summary>
    protected KubeTarget Target => new(Kubeconfig is null ? null : ResolvePath(Kubeconfig), KubeContext);

    /// <summary>Makes the clients of a pipeline, aimed at <see cref="Target"/>.</summary>
    protected Func<Pipeline, IOperationLog, ILifecycleClients> ClusterClients =>
        new ClientFactory(SessionTypes.SchemaProvidersFor(Runspace.DefaultRunspace).ToList()) { Target = Target }.Create;

    /// <summary>
    /// The context each pipeline reaches (null: no kubeconfig), read before any change; an unknown context stops the
    /// command. Writes the verbose line "Target: context X, namespace Y" per pipeline.
    /// </summary>
    protected IReadOnlyDictionary<Pipeline, string?> ResolveTargets()
    {
        var result = new Dictionary<Pipeline, string?>();
        var target = Target;
        foreach (var (pipeline, components) in ByPipeline())
        {
            string? context = null;
            KPopsException? failure = null;
            try
            {
                context = target.Resolve(pipeline.Config, System.Environment.GetEnvironmentVariable("KUBECONFIG"));
            }
            catch (KPopsException e)
            {
                failure = e;
            }
            if (failure is not null) ThrowEngineError(failure, KubeContext ?? pipeline.Config.KubeContext);
            result[pipeline] = context;
            WriteVerbose($"Target: {Describe(context, components.Select(c => c.Namespace))} (pipeline {pipeline.Name})");
        }
        return result;
    }

    /// <summary>"context X, namespace Y" for prompts and plans.</summary>
    protected static string Describe(string? context, IEnumerable<string?> namespaces)
    {
        var named = namespaces.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return $"context {context ?? "(none)"}, namespace {(named.Count == 0 ? "(none)" : string.Join(", ", named))}";
    }
}
