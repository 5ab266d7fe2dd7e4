using System.Globalization;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// Namespace termination: a deleted namespace is Terminating while its content is deleted; objects held by
/// finalizers keep it so (its status says which), and once the last is gone the namespace goes too. Runs again
/// whenever anything in a terminating namespace changes.
/// </summary>
internal sealed class NamespaceController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        var isNamespace = e.Kind is { Group: "", Kind: "Namespace" };
        if (isNamespace && e.Type == "DELETED") return;
        if (!isNamespace && !e.Kind.Namespaced) return;
        var name = isNamespace ? e.Name : e.Namespace;
        var namespaces = context.Kind("v1", "Namespace");
        if (context.Cluster.TryGet(namespaces, "", name) is not { } ns || !Meta.IsDeleting(ns)) return;

        var remaining = context.Cluster.FinalizeNamespace(name);
        if (remaining.Count == 0) return;
        Status.Write(context, ns, TerminatingStatus(ns, remaining));
    }

    // The two conditions of upstream's namespace controller that say what holds the namespace.
    private JsonObject TerminatingStatus(JsonObject ns, List<(Resources.ResourceKind Kind, JsonObject Object)> remaining)
    {
        var now = context.Now();
        var previous = ns["status"];
        var resources = string.Join(", ", remaining.GroupBy(r => r.Kind.QualifiedResource).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} has {g.Count()} resource instances")));
        var finalizers = string.Join(", ", remaining.SelectMany(r => Meta.Finalizers(r.Object)).GroupBy(f => f).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} in {g.Count()} resource instances")));
        return new JsonObject
        {
            ["phase"] = "Terminating",
            ["conditions"] = new JsonArray(
                Status.Condition(previous, "NamespaceContentRemaining", "True", "SomeResourcesRemain", $"Some resources are remaining: {resources}", now),
                Status.Condition(previous, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {finalizers}", now)),
        };
    }
}
