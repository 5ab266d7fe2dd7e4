namespace KPops.Tests.Unit.Lifecycle;

/// <summary>Pipelines several lifecycle test classes run.</summary>
internal static class TestPipelines
{
    /// <summary>source → left, right → join: left and right form one level, join comes after both.</summary>
    public const string Diamond = """
        - type: producer-app
          name: source
          to:
            topics:
              a: {}
        - type: streams-app
          name: left
          from:
            topics:
              a: {}
          to:
            topics:
              b: {}
        - type: streams-app
          name: right
          from:
            topics:
              a: {}
          to:
            topics:
              c: {}
        - type: streams-app
          name: join
          from:
            topics:
              b: {}
              c: {}
        """;
}
