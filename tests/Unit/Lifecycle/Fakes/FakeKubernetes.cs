using KPops.Engine.Clients;

namespace KPops.Tests.Unit.Lifecycle.Fakes;

/// <summary>Persistent volume claims with labels, and the logs of Job pods by label selector.</summary>
public sealed class FakeKubernetes(FakeWorld world) : IKubernetes
{
    public const string Url = "https://kube:6443";

    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, string>> _claims = [];
    private readonly Dictionary<(string Namespace, string Selector), string> _jobLogs = [];

    public string Endpoint => Url;

    /// <summary>The claims that exist, as namespace/name.</summary>
    public IReadOnlyList<string> Claims => _claims.Keys.Select(k => $"{k.Namespace}/{k.Name}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds a claim.</summary>
    public void AddClaim(string name, IReadOnlyDictionary<string, string> labels, string ns = "test-ns") =>
        _claims[(ns, name)] = new Dictionary<string, string>(labels, StringComparer.Ordinal);

    /// <summary>Sets the log of the pod of a Job (found with the label job-name=&lt;job&gt;, as Kubernetes labels Job pods).</summary>
    public void SetJobLog(string job, string log, string ns = "test-ns") => _jobLogs[(ns, "job-name=" + job)] = log;

    public Task<IReadOnlyList<string>> ListPersistentVolumeClaimsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kubernetes, "ListPersistentVolumeClaims", labelSelector, false, () =>
        {
            var wanted = labelSelector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
            return (IReadOnlyList<string>)_claims
                .Where(c => c.Key.Namespace == kubernetesNamespace && wanted.All(w => c.Value.GetValueOrDefault(w[0]) == w[1]))
                .Select(c => c.Key.Name).Order(StringComparer.Ordinal).ToList();
        }, cancellationToken);

    public Task<bool> DeletePersistentVolumeClaimAsync(string kubernetesNamespace, string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kubernetes, "DeletePersistentVolumeClaim", name, true, () => _claims.Remove((kubernetesNamespace, name)), cancellationToken);

    public Task<string> GetJobLogsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kubernetes, "GetJobLogs", labelSelector, false, () => _jobLogs.GetValueOrDefault((kubernetesNamespace, labelSelector)) ?? "", cancellationToken);

    public Task<IReadOnlyList<WorkloadStatus>> GetWorkloadsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kubernetes, "GetWorkloads", labelSelector, false, () => (IReadOnlyList<WorkloadStatus>)[], cancellationToken);

    public Task<WorkloadStatus?> GetWorkloadAsync(string kubernetesNamespace, string kind, string name, CancellationToken cancellationToken) =>
        world.Invoke(Service.Kubernetes, "GetWorkload", $"{kind}/{name}", false, () => (WorkloadStatus?)null, cancellationToken);

    public void Dispose()
    {
    }
}
