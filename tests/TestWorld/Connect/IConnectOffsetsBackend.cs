namespace KPops.TestWorld.Connect;

/// <summary>
/// Where a sink connector's offsets live. In a real cluster that is the committed offsets of consumer group
/// <c>connect-&lt;connector&gt;</c> in Kafka, so a test world can plug in an implementation backed by its Kafka
/// double; without one the Connect double keeps them itself.
/// </summary>
public interface IConnectOffsetsBackend
{
    /// <summary>The group's committed offsets as sink offsets (<see cref="ConnectOffset.Sink"/> shape).</summary>
    IReadOnlyList<ConnectOffset> GetSinkOffsets(string groupId);

    /// <summary>Sets committed offsets; an entry with a null offset removes that partition's offset.</summary>
    void AlterSinkOffsets(string groupId, IReadOnlyList<ConnectOffset> offsets);

    /// <summary>Resets the group's offsets (Connect deletes the consumer group).</summary>
    void ResetSinkOffsets(string groupId);
}

/// <summary>The default backend: sink offsets kept in memory per group id.</summary>
internal sealed class InMemorySinkOffsets : IConnectOffsetsBackend
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ConnectOffset>> _groups = new(StringComparer.Ordinal);

    public IReadOnlyList<ConnectOffset> GetSinkOffsets(string groupId)
    {
        lock (_gate) { return _groups.TryGetValue(groupId, out var offsets) ? offsets.Select(o => o.DeepCopy()).ToList() : []; }
    }

    public void AlterSinkOffsets(string groupId, IReadOnlyList<ConnectOffset> offsets)
    {
        lock (_gate) { OffsetList.Apply(_groups, groupId, offsets); }
    }

    public void ResetSinkOffsets(string groupId)
    {
        lock (_gate) { _groups.Remove(groupId); }
    }

    public void Clear()
    {
        lock (_gate) { _groups.Clear(); }
    }
}

/// <summary>Alter semantics shared by sink and source offsets: upsert by partition, null offset removes.</summary>
internal static class OffsetList
{
    public static void Apply(Dictionary<string, List<ConnectOffset>> store, string key, IEnumerable<ConnectOffset> changes)
    {
        var list = store.GetValueOrDefault(key) ?? [];
        foreach (var change in changes)
        {
            list.RemoveAll(o => System.Text.Json.Nodes.JsonNode.DeepEquals(o.Partition, change.Partition));
            if (change.Offset is not null) list.Add(change.DeepCopy());
        }
        if (list.Count == 0) store.Remove(key);
        else store[key] = list;
    }
}
