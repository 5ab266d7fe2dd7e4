using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KPops.TestWorld.Kubernetes.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) with ownership approximated per field manager: the
/// configuration is merged into the live object (maps by key, lists of objects by their merge key, other lists
/// replaced), and what the same manager applied last time but left out now is removed. Fields other writers set
/// (a label added by <c>kubectl label</c>, the last-applied annotation of a client-side apply, a scale) therefore
/// survive, as on a real server. Not modelled: managedFields, conflicts between managers (an apply always wins,
/// as with <c>--force-conflicts</c>), and removal of a field two appliers share when one of them drops it.
/// </summary>
internal static class ServerSideApply
{
    /// <summary>The object after a manager's <paramref name="configuration"/> is applied to <paramref name="live"/>.</summary>
    /// <param name="live">The stored object (a private copy; it is changed).</param>
    /// <param name="configuration">The applied configuration.</param>
    /// <param name="previous">The configuration the same manager applied before, or null.</param>
    public static JsonObject Apply(JsonObject live, JsonObject configuration, JsonObject? previous)
    {
        if (previous is not null) RemoveDropped(live, previous, configuration);
        Merge(live, configuration);
        return live;
    }

    private static void RemoveDropped(JsonObject target, JsonObject previous, JsonObject next)
    {
        foreach (var (key, before) in previous)
        {
            var now = next[key];
            if (!next.ContainsKey(key))
            {
                target.Remove(key);
            }
            else if (before is JsonObject beforeMap && now is JsonObject nowMap && target[key] is JsonObject targetMap)
            {
                RemoveDropped(targetMap, beforeMap, nowMap);
            }
            else if (before is JsonArray beforeList && now is JsonArray nowList && target[key] is JsonArray targetList
                && StrategicMergePatch.MergeKey(key, nowList, beforeList) is { } mergeKey)
            {
                foreach (var item in beforeList.OfType<JsonObject>())
                {
                    var index = IndexOf(targetList, mergeKey, item[mergeKey]);
                    if (index < 0) continue;
                    var still = nowList.OfType<JsonObject>().FirstOrDefault(n => JsonNode.DeepEquals(n[mergeKey], item[mergeKey]));
                    if (still is null) targetList.RemoveAt(index);
                    else if (targetList[index] is JsonObject targetItem) RemoveDropped(targetItem, item, still);
                }
            }
        }
    }

    private static void Merge(JsonObject target, JsonObject configuration)
    {
        foreach (var (key, value) in configuration)
        {
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject map when target[key] is JsonObject existing:
                    Merge(existing, map);
                    break;
                case JsonArray list when target[key] is JsonArray existing && StrategicMergePatch.MergeKey(key, list, existing) is { } mergeKey:
                    target[key] = MergeList(existing, list, mergeKey);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }

    // Applied items in the applied order, each merged into its live counterpart; live items the configuration does
    // not name (another writer's) follow.
    private static JsonArray MergeList(JsonArray live, JsonArray applied, string mergeKey)
    {
        var rest = live.Select(i => i?.DeepClone()).ToList();
        var result = new JsonArray();
        foreach (var item in applied)
        {
            if (item is not JsonObject appliedItem)
            {
                result.Add(item?.DeepClone());
                continue;
            }
            var index = rest.FindIndex(r => r is JsonObject o && JsonNode.DeepEquals(o[mergeKey], appliedItem[mergeKey]));
            if (index < 0)
            {
                result.Add(appliedItem.DeepClone());
                continue;
            }
            var merged = (JsonObject)rest[index]!;
            rest.RemoveAt(index);
            Merge(merged, appliedItem);
            result.Add(merged);
        }
        foreach (var item in rest) result.Add(item);
        return result;
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && JsonNode.DeepEquals(item[mergeKey], value)) return i;
        }
        return -1;
    }
}

/// <summary>
/// The configuration each field manager last applied to each object (by uid): what <see cref="ServerSideApply"/>
/// needs to tell a field the manager dropped from one another writer set.
/// </summary>
internal sealed class AppliedConfigurations
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _byUid = new(StringComparer.Ordinal);

    /// <summary>A copy of what <paramref name="manager"/> last applied to the object, or null.</summary>
    public JsonObject? Previous(string uid, string manager) =>
        _byUid.TryGetValue(uid, out var managers) && managers.TryGetValue(manager, out var configuration)
            ? configuration.DeepClone().AsObject()
            : null;

    /// <summary>Records an apply.</summary>
    public void Remember(string uid, string manager, JsonObject configuration)
    {
        if (string.IsNullOrEmpty(uid)) return;
        _byUid.GetOrAdd(uid, _ => new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal))[manager] = configuration.DeepClone().AsObject();
    }

    /// <summary>Forgets a deleted object.</summary>
    public void Forget(string uid) => _byUid.TryRemove(uid, out _);

    /// <summary>Forgets everything.</summary>
    public void Clear() => _byUid.Clear();
}
