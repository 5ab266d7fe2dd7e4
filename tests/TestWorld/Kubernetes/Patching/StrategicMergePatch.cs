using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Patching;

/// <summary>
/// An approximation of strategic merge patch (<c>application/strategic-merge-patch+json</c>) as helm 3 sends it:
/// maps merge; lists of objects merge on a key chosen by field name (<c>name</c>, <c>containerPort</c> or
/// <c>port</c>, <c>mountPath</c>, ...); other lists are replaced. Directives honoured: <c>$patch</c>
/// (replace/delete/merge), <c>$setElementOrder/field</c>, <c>$deleteFromPrimitiveList/field</c>, <c>$retainKeys</c>.
/// The real merge keys come from Go struct tags; the table below covers the pod and workload fields charts use.
/// </summary>
internal static class StrategicMergePatch
{
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    // Lists of scalars with patchStrategy=merge: the patch's values are added, not substituted.
    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>Returns a patched copy of <paramref name="original"/>.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch) => MergeMap(original, patch) ?? new JsonObject();

    // Returns null when the patch deletes the whole map.
    private static JsonObject? MergeMap(JsonObject? original, JsonObject patch)
    {
        switch ((string?)patch["$patch"])
        {
            case "replace": return StripDirectives(patch);
            case "delete": return null;
        }

        var result = original?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$')) continue;
            switch (value)
            {
                case null:
                    result.Remove(key);
                    break;
                case JsonObject map:
                    // Both merges work on copies, so assigning keeps the key where it was.
                    var merged = MergeMap(result[key] as JsonObject, map);
                    if (merged is null) result.Remove(key);
                    else result[key] = merged;
                    break;
                case JsonArray list:
                    result[key] = MergeList(key, result[key] as JsonArray, list);
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal) && value is JsonArray removed)
            {
                DeleteValues(result, key[DeleteFromPrimitiveList.Length..], removed);
            }
            else if (key.StartsWith(SetElementOrder, StringComparison.Ordinal) && value is JsonArray order)
            {
                Reorder(result, key[SetElementOrder.Length..], order);
            }
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet(StringComparer.Ordinal);
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) result.Remove(key);
        }
        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? original, JsonArray patch)
    {
        if (patch.Any(e => e is JsonObject o && (string?)o["$patch"] == "replace"))
        {
            return new JsonArray(patch.Where(e => !(e is JsonObject o && o.ContainsKey("$patch"))).Select(Clean).ToArray());
        }
        var mergeKey = MergeKey(field, patch, original);
        if (mergeKey is null)
        {
            if (!PrimitiveMergeLists.Contains(field) || original is null) return new JsonArray(patch.Select(Clean).ToArray());
            var union = original.DeepClone().AsArray();
            foreach (var item in patch.Where(item => !union.Any(u => JsonNode.DeepEquals(u, item)))) union.Add(item?.DeepClone());
            return union;
        }

        var result = original?.DeepClone().AsArray() ?? [];
        foreach (var element in patch.OfType<JsonObject>())
        {
            var index = IndexOf(result, mergeKey, element[mergeKey]);
            if ((string?)element["$patch"] == "delete")
            {
                if (index >= 0) result.RemoveAt(index);
                continue;
            }
            var merged = MergeMap(index >= 0 ? result[index] as JsonObject : null, element);
            if (index >= 0)
            {
                result.RemoveAt(index);
                if (merged is not null) result.Insert(index, merged);
            }
            else if (merged is not null)
            {
                result.Add(merged);
            }
        }
        return result;
    }

    /// <summary>The key list items of <paramref name="field"/> merge on, or null for a list that is replaced whole.</summary>
    internal static string? MergeKey(string field, JsonArray patch, JsonArray? original)
    {
        if (MergeKeys.TryGetValue(field, out var key)) return key;
        if (field != "ports") return null;
        // Container ports merge on containerPort, Service ports on port.
        var sample = patch.OfType<JsonObject>().Concat(original?.OfType<JsonObject>() ?? []).FirstOrDefault();
        return sample?.ContainsKey("containerPort") == true ? "containerPort" : "port";
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && JsonNode.DeepEquals(item[mergeKey], value)) return i;
        }
        return -1;
    }

    private static void DeleteValues(JsonObject target, string field, JsonArray removed)
    {
        if (target[field] is not JsonArray list) return;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (removed.Any(r => JsonNode.DeepEquals(r, list[i]))) list.RemoveAt(i);
        }
    }

    // Items named in the order come first, in that order; items the patch did not mention keep their relative order after them.
    private static void Reorder(JsonObject target, string field, JsonArray order)
    {
        if (target[field] is not JsonArray list) return;
        var mergeKey = MergeKey(field, order, list);
        var items = list.Select(i => i?.DeepClone()).ToList();
        var sorted = new List<JsonNode?>();
        foreach (var wanted in order)
        {
            var match = items.FindIndex(i => mergeKey is null
                ? JsonNode.DeepEquals(i, wanted)
                : i is JsonObject o && JsonNode.DeepEquals(o[mergeKey], wanted?[mergeKey]));
            if (match < 0) continue;
            sorted.Add(items[match]);
            items.RemoveAt(match);
        }
        sorted.AddRange(items);
        target[field] = new JsonArray([.. sorted]);
    }

    private static JsonNode? Clean(JsonNode? node) => node is JsonObject obj ? StripDirectives(obj) : node?.DeepClone();

    private static JsonObject StripDirectives(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key.StartsWith('$')) continue;
            result[key] = value switch
            {
                JsonObject child => StripDirectives(child),
                JsonArray list => new JsonArray(list.Select(Clean).ToArray()),
                _ => value?.DeepClone(),
            };
        }
        return result;
    }
}
