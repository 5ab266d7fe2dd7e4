namespace KPops.Engine.Clients;

/// <summary>A workload's readiness as the Kubernetes API reports it.</summary>
/// <param name="Kind">Deployment, StatefulSet, Job, CronJob.</param>
/// <param name="Name">Object name.</param>
/// <param name="Desired">Desired replicas (or completions).</param>
/// <param name="Ready">Ready replicas (or succeeded pods).</param>
/// <param name="State">Ready, Progressing, Complete, Failed, Running, Suspended, Scheduled.</param>
/// <param name="Message">Condition message, when not ready.</param>
public sealed record WorkloadStatus(string Kind, string Name, int Desired, int Ready, string State, string? Message);

/// <summary>The Kubernetes API, reached with the same kubeconfig and context as helm.</summary>
public interface IKubernetes : IDisposable
{
    /// <summary>The API server URL, for messages.</summary>
    string Endpoint { get; }

    /// <summary>Names of the persistent volume claims matching a label selector.</summary>
    Task<IReadOnlyList<string>> ListPersistentVolumeClaimsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken);

    /// <summary>Deletes a persistent volume claim; false when it did not exist.</summary>
    Task<bool> DeletePersistentVolumeClaimAsync(string kubernetesNamespace, string name, CancellationToken cancellationToken);

    /// <summary>The logs of the pods of the Jobs matching a label selector (the latest pod of each), or empty text.</summary>
    Task<string> GetJobLogsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken);

    /// <summary>One workload (Deployment, StatefulSet, Job or CronJob) by kind and name, or null when it does not exist.</summary>
    Task<WorkloadStatus?> GetWorkloadAsync(string kubernetesNamespace, string kind, string name, CancellationToken cancellationToken);

    /// <summary>The workloads (Deployments, StatefulSets, Jobs, CronJobs) matching a label selector.</summary>
    Task<IReadOnlyList<WorkloadStatus>> GetWorkloadsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken);
}
