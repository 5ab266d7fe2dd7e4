namespace KPops.TestWorld.Kafka.State;

/// <summary>
/// A partition's log as far as admin APIs see it: start and end offsets, plus the timestamps of simulated record
/// batches so ListOffsets can answer timestamp lookups.
/// </summary>
internal sealed class PartitionModel(int index, int[] replicas)
{
    private readonly List<(long Start, long TimestampMs)> _batches = [];

    public int Index { get; } = index;

    public int[] Replicas { get; } = replicas;

    public long LogStartOffset { get; set; }

    public long EndOffset { get; private set; }

    /// <summary>Moves the end offset; growth is recorded as one batch stamped with <paramref name="timestampMs"/>.</summary>
    public void SetEndOffset(long offset, long timestampMs)
    {
        if (offset > EndOffset) _batches.Add((EndOffset, timestampMs));
        else _batches.RemoveAll(b => b.Start >= offset);
        EndOffset = offset;
        LogStartOffset = Math.Min(LogStartOffset, offset);
    }

    /// <summary>
    /// The earliest offset whose timestamp is at or after <paramref name="timestampMs"/> (ListOffsets by time),
    /// or null when there is none; a real broker then answers offset -1, timestamp -1.
    /// </summary>
    public (long Offset, long TimestampMs)? FindByTimestamp(long timestampMs)
    {
        for (var i = 0; i < _batches.Count; i++)
        {
            var (start, batchTimestamp) = _batches[i];
            var end = i + 1 < _batches.Count ? _batches[i + 1].Start : EndOffset;
            if (batchTimestamp >= timestampMs && end > LogStartOffset && end > start)
                return (Math.Max(start, LogStartOffset), batchTimestamp);
        }
        return null;
    }

    public PartitionInfo Snapshot() => new(Index, LogStartOffset, EndOffset, Replicas.ToArray());
}

/// <summary>A topic: partitions, replication factor and its topic-level config overrides.</summary>
internal sealed class TopicModel(string name, short replicationFactor, IEnumerable<int[]> replicaAssignment, Dictionary<string, string> configs)
{
    public string Name { get; } = name;

    public short ReplicationFactor { get; } = replicationFactor;

    public List<PartitionModel> Partitions { get; } = replicaAssignment.Select((r, i) => new PartitionModel(i, r)).ToList();

    /// <summary>Topic-level overrides (DYNAMIC_TOPIC_CONFIG).</summary>
    public Dictionary<string, string> Configs { get; set; } = configs;

    public PartitionModel? Partition(int index) => index >= 0 && index < Partitions.Count ? Partitions[index] : null;

    public void AddPartitions(IEnumerable<int[]> replicas)
    {
        foreach (var r in replicas) Partitions.Add(new PartitionModel(Partitions.Count, r));
    }

    public TopicInfo Snapshot() => new(
        Name,
        ReplicationFactor,
        Partitions.Select(p => p.Snapshot()).ToList(),
        new Dictionary<string, string>(Configs, StringComparer.Ordinal));
}
