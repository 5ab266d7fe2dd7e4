namespace KPops.TestWorld.SchemaRegistry;

/// <summary>
/// The answer the double gives to a compatibility question for a subject. The double does not implement Avro,
/// JSON Schema or Protobuf compatibility rules; tests decide the verdict (default: compatible).
/// </summary>
/// <param name="IsCompatible">The verdict.</param>
/// <param name="Messages">Reasons, returned with <c>?verbose=true</c> and in the 40901 error of a rejected registration.</param>
public sealed record CompatibilityVerdict(bool IsCompatible, IReadOnlyList<string> Messages)
{
    /// <summary>The default verdict.</summary>
    public static CompatibilityVerdict Compatible { get; } = new(true, []);
}
