namespace KPops.TestWorld.Kafka.State;

/// <summary>A consumer group member (added by tests; the double does not run the join protocol).</summary>
internal sealed record MemberModel(string MemberId, string ClientId, string ClientHost, IReadOnlyList<string> Topics);

/// <summary>A committed offset with its metadata string.</summary>
internal sealed record OffsetModel(long Offset, string? Metadata);

/// <summary>A consumer group as the classic group coordinator keeps it.</summary>
internal sealed class GroupModel(string groupId, string protocolType)
{
    /// <summary>The assignor reported as the protocol of a Stable group.</summary>
    public const string AssignorName = "range";

    public string GroupId { get; } = groupId;

    /// <summary><c>consumer</c> once consumers joined; empty for a group only ever used by admin commits.</summary>
    public string ProtocolType { get; set; } = protocolType;

    public int GenerationId { get; private set; }

    public List<MemberModel> Members { get; } = [];

    public SortedDictionary<(string Topic, int Partition), OffsetModel> Offsets { get; } = new(TopicPartitionComparer.Instance);

    public GroupState State => Members.Count > 0 ? GroupState.Stable : GroupState.Empty;

    public void AddMember(MemberModel member)
    {
        Members.RemoveAll(m => m.MemberId == member.MemberId);
        Members.Add(member);
        ProtocolType = "consumer";
        GenerationId++;
    }

    public bool RemoveMember(string memberId)
    {
        var removed = Members.RemoveAll(m => m.MemberId == memberId) > 0;
        if (removed) GenerationId++;
        return removed;
    }

    public bool IsSubscribedTo(string topic) => Members.Any(m => m.Topics.Contains(topic, StringComparer.Ordinal));

    /// <summary>
    /// What each member is assigned, computed with the range assignor over the subscribed topics, so DescribeGroups
    /// can return a well-formed consumer-protocol assignment.
    /// </summary>
    public Dictionary<string, List<(string Topic, List<int> Partitions)>> RangeAssignment(Func<string, int> partitionCount)
    {
        var result = Members.ToDictionary(m => m.MemberId, _ => new List<(string, List<int>)>(), StringComparer.Ordinal);
        var topics = Members.SelectMany(m => m.Topics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var subscribers = Members.Where(m => m.Topics.Contains(topic, StringComparer.Ordinal))
                .Select(m => m.MemberId).Order(StringComparer.Ordinal).ToList();
            var count = partitionCount(topic);
            var perMember = count / subscribers.Count;
            var extra = count % subscribers.Count;
            var next = 0;
            for (var i = 0; i < subscribers.Count; i++)
            {
                var take = perMember + (i < extra ? 1 : 0);
                if (take > 0) result[subscribers[i]].Add((topic, Enumerable.Range(next, take).ToList()));
                next += take;
            }
        }
        return result;
    }

    public GroupInfo Snapshot() => new(
        GroupId,
        State,
        ProtocolType,
        GenerationId,
        Members.Select(m => new GroupMemberInfo(m.MemberId, m.ClientId, m.ClientHost, m.Topics.ToArray())).ToList(),
        Offsets.Select(o => new CommittedOffsetInfo(o.Key.Topic, o.Key.Partition, o.Value.Offset, o.Value.Metadata)).ToList());
}

/// <summary>Orders topic-partitions by topic name (ordinal), then partition.</summary>
internal sealed class TopicPartitionComparer : IComparer<(string Topic, int Partition)>
{
    public static readonly TopicPartitionComparer Instance = new();

    public int Compare((string Topic, int Partition) x, (string Topic, int Partition) y)
    {
        var byTopic = string.CompareOrdinal(x.Topic, y.Topic);
        return byTopic != 0 ? byTopic : x.Partition.CompareTo(y.Partition);
    }
}
