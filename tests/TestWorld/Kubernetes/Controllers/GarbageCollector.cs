using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// Background cascading deletion: when an object goes, everything naming its uid in <c>ownerReferences</c> goes
/// too (ReplicaSets of a Deployment, pods of a Job). Foreground and Orphan deletions are handled synchronously by
/// <see cref="ClusterOperations.Delete"/>; by the time this runs there is nothing left for them.
/// </summary>
internal sealed class GarbageCollector(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Type != "DELETED") return;
        var uid = Meta.Uid(e.Parse());
        foreach (var (kind, dependent) in context.Cluster.Dependents(uid))
        {
            context.Cluster.TryDelete(kind, dependent, PropagationPolicy.Background);
        }
    }
}
