namespace KPops.TestWorld.Kubernetes.Resources;

/// <summary>
/// The kinds the double serves, for discovery, routing and storage. Adding a built-in kind is one line in
/// <see cref="BuiltIn"/>; kinds of a CustomResourceDefinition are registered when the CRD is created.
/// </summary>
public sealed class ResourceCatalog
{
    /// <summary>Kinds every fresh double serves.</summary>
    /// <remarks>Short names and categories are those of a real API server, so kubectl resolves the same names.</remarks>
    public static IReadOnlyList<ResourceKind> BuiltIn { get; } =
    [
        new("", "v1", "Namespace", "namespaces", Namespaced: false) { ShortNames = ["ns"] },
        new("", "v1", "Secret", "secrets", HasStatus: false),
        new("", "v1", "ConfigMap", "configmaps", HasStatus: false) { ShortNames = ["cm"] },
        new("", "v1", "Service", "services") { ShortNames = ["svc"], Categories = ["all"] },
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims") { ShortNames = ["pvc"] },
        new("", "v1", "PersistentVolume", "persistentvolumes", Namespaced: false) { ShortNames = ["pv"] },
        new("", "v1", "Pod", "pods") { ExtraSubresources = ["log"], ShortNames = ["po"], Categories = ["all"] },
        new("", "v1", "ServiceAccount", "serviceaccounts", HasStatus: false) { ShortNames = ["sa"] },
        new("", "v1", "Event", "events", HasStatus: false) { ShortNames = ["ev"] },
        new("apps", "v1", "Deployment", "deployments") { ShortNames = ["deploy"], Categories = ["all"] },
        new("apps", "v1", "StatefulSet", "statefulsets") { ShortNames = ["sts"], Categories = ["all"] },
        new("apps", "v1", "ReplicaSet", "replicasets") { ShortNames = ["rs"], Categories = ["all"] },
        new("apps", "v1", "DaemonSet", "daemonsets") { ShortNames = ["ds"], Categories = ["all"] },
        new("batch", "v1", "Job", "jobs") { Categories = ["all"] },
        new("batch", "v1", "CronJob", "cronjobs") { ShortNames = ["cj"], Categories = ["all"] },
        new("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects") { ShortNames = ["so"] },
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false)
        {
            ShortNames = ["crd", "crds"],
            Categories = ["api-extensions"],
        },
    ];

    private readonly object _gate = new();
    private readonly List<ResourceKind> _kinds = [.. BuiltIn];

    /// <summary>All kinds currently served.</summary>
    public IReadOnlyList<ResourceKind> All
    {
        get { lock (_gate) { return [.. _kinds]; } }
    }

    /// <summary>Serves another kind (replacing one with the same group, version and plural).</summary>
    public void Register(ResourceKind kind)
    {
        lock (_gate)
        {
            _kinds.RemoveAll(k => k.Group == kind.Group && k.Version == kind.Version && k.Plural == kind.Plural);
            _kinds.Add(kind);
        }
    }

    /// <summary>Stops serving every version of a group's resource (used when its CRD is deleted).</summary>
    public void Unregister(string group, string plural)
    {
        lock (_gate) { _kinds.RemoveAll(k => k.Group == group && k.Plural == plural); }
    }

    /// <summary>Forgets registered kinds; only <see cref="BuiltIn"/> stays.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _kinds.Clear();
            _kinds.AddRange(BuiltIn);
        }
    }

    /// <summary>The kind served at <c>group/version/plural</c>, or null.</summary>
    public ResourceKind? Find(string group, string version, string plural)
    {
        lock (_gate) { return _kinds.Find(k => k.Group == group && k.Version == version && k.Plural == plural); }
    }

    /// <summary>The kind with this apiVersion and kind, or null.</summary>
    public ResourceKind? FindKind(string apiVersion, string kind)
    {
        lock (_gate) { return _kinds.Find(k => k.ApiVersion == apiVersion && k.Kind == kind); }
    }

    /// <summary>The served groups (empty string = core) with their versions, in registration order.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        lock (_gate)
        {
            return _kinds.GroupBy(k => k.Group)
                .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(k => k.Version).Distinct().ToList()))
                .ToList();
        }
    }
}
