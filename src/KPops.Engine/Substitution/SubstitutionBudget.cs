using System.Globalization;
using KPops.Engine.Errors;

namespace KPops.Engine.Substitution;

/// <summary>
/// What substitution may produce: no string longer than <see cref="MaxLength"/> (or than it was before), and no more
/// than <see cref="MaxTotal"/> characters in all. Without it, a value such as <c>${x}${x}</c> whose variable refers to
/// itself doubles with every pass until the process runs out of memory; the pass limit alone does not bound growth.
/// One budget serves all substitution of one pipeline (the tables layered on a table share its budget).
/// </summary>
public sealed class SubstitutionBudget
{
    /// <summary>Default of <see cref="MaxLength"/>: 1 Mi characters.</summary>
    public const int DefaultMaxLength = 1024 * 1024;

    /// <summary>Default of <see cref="MaxTotal"/>: 64 Mi characters.</summary>
    public const long DefaultMaxTotal = 64L * 1024 * 1024;

    private long _used;

    /// <summary>Creates a budget.</summary>
    public SubstitutionBudget(int maxLength = DefaultMaxLength, long maxTotal = DefaultMaxTotal)
    {
        MaxLength = maxLength;
        MaxTotal = maxTotal;
    }

    /// <summary>The longest string substitution may make (a longer string may stay as long as it was).</summary>
    public int MaxLength { get; }

    /// <summary>How many characters substitution may produce in all.</summary>
    public long MaxTotal { get; }

    /// <summary>Characters produced so far.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>The longest result allowed for substituting <paramref name="original"/>.</summary>
    public int LimitFor(string original) => Math.Max(MaxLength, original.Length);

    /// <summary>Counts <paramref name="produced"/> characters, failing once the total is spent.</summary>
    public void Spend(long produced, string original, SourceLocation? location)
    {
        if (Interlocked.Add(ref _used, produced) <= MaxTotal) return;
        throw new KPopsException(ErrorIds.SubstitutionLimit, ErrorKind.InvalidData,
            $"Substitution produced more than {MaxTotal.ToString("N0", CultureInfo.InvariantCulture)} characters (at {Echo.Quote(original)}).", location,
            "Look for placeholders that repeat themselves; a pipeline that really substitutes this much can raise limits.max_substitution_work in config.yaml.");
    }

    /// <summary>The error for a substitution result longer than allowed.</summary>
    public KPopsException TooLong(string original, SourceLocation? location) =>
        new(ErrorIds.SubstitutionLimit, ErrorKind.InvalidData,
            $"Substituting {Echo.Quote(original)} makes a string longer than {LimitFor(original).ToString("N0", CultureInfo.InvariantCulture)} characters; a placeholder that refers to itself twice (${{x}}${{x}}) doubles with every pass.",
            location, "Check the variables the value uses; a value that really is this long can raise limits.max_substituted_length in config.yaml.");
}
