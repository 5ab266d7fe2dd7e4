namespace KPops.TestWorld.Kafka.Handlers;

/// <summary>The APIs the double implements; their version ranges are exactly what ApiVersions advertises.</summary>
internal static class HandlerRegistry
{
    public static IReadOnlyList<ApiHandler> Create()
    {
        var handlers = new List<ApiHandler>();
        handlers.AddRange(
        [
            new ApiVersionsHandler(() => handlers),
            new MetadataHandler(),
            new CreateTopicsHandler(),
            new DeleteTopicsHandler(),
            new CreatePartitionsHandler(),
            new DescribeConfigsHandler(),
            new AlterConfigsHandler(),
            new IncrementalAlterConfigsHandler(),
            new FindCoordinatorHandler(),
            new ListGroupsHandler(),
            new DescribeGroupsHandler(),
            new DeleteGroupsHandler(),
            new OffsetFetchHandler(),
            new OffsetCommitHandler(),
            new OffsetDeleteHandler(),
            new ListOffsetsHandler(),
            new DeleteRecordsHandler(),
        ]);
        return handlers.OrderBy(h => h.Key).ToList();
    }
}
