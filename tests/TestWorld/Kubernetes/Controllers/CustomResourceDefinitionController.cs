using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;

namespace KPops.TestWorld.Kubernetes.Controllers;

/// <summary>
/// CustomResourceDefinitions: their served versions become discoverable kinds and the CRD reports
/// NamesAccepted and Established; deleting the CRD removes the kind and its objects.
/// </summary>
internal sealed class CustomResourceDefinitionController(ControllerContext context) : IController
{
    public void Handle(StoreEvent e)
    {
        if (e.Kind is not { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" }) return;
        var crd = e.Parse();
        var group = Json.String(crd, "spec", "group") ?? "";
        var names = Json.At(crd, "spec", "names");
        var plural = Json.String(names, "plural") ?? "";
        var kindName = Json.String(names, "kind") ?? "";
        var namespaced = Json.String(crd, "spec", "scope") != "Cluster";
        var versions = (Json.At(crd, "spec", "versions") as JsonArray ?? []).OfType<JsonObject>().ToList();

        if (e.Type == "DELETED")
        {
            foreach (var version in versions)
            {
                var kind = context.Cluster.Catalog.Find(group, Json.String(version, "name") ?? "", plural);
                if (kind is null) continue;
                foreach (var obj in context.Cluster.List(kind, null, LabelSelector.Everything, FieldSelector.Everything).Items)
                {
                    context.Cluster.TryDelete(kind, obj, PropagationPolicy.Background);
                }
            }
            context.Cluster.Catalog.Unregister(group, plural);
            return;
        }

        foreach (var version in versions.Where(v => Json.Bool(v, "served") != false))
        {
            var hasStatus = Json.At(version, "subresources", "status") is not null;
            context.Cluster.Catalog.Register(new ResourceKind(group, Json.String(version, "name") ?? "", kindName, plural, namespaced, hasStatus)
            {
                ShortNames = Strings(Json.At(names, "shortNames")),
                Categories = Strings(Json.At(names, "categories")),
            });
        }
        var now = context.Now();
        var previous = crd["status"];
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Status.Condition(previous, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now),
                Status.Condition(previous, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = names?.DeepClone(),
            ["storedVersions"] = new JsonArray(versions.Where(v => Json.Bool(v, "storage") == true).Select(v => (JsonNode?)Json.String(v, "name")).ToArray()),
        };
        Status.Write(context, crd, status);
    }

    private static List<string> Strings(JsonNode? list) =>
        (list as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();
}
