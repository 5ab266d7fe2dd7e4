namespace KPops.Engine.Errors;

/// <summary>Where in a file something was written. Lines and columns are 1-based.</summary>
/// <param name="File">Full path of the file.</param>
/// <param name="Line">Line, 1-based.</param>
/// <param name="Column">Column, 1-based.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line <= 0 ? File : $"{File}:{Line}:{Column}";

    /// <summary>A location that is not in a file (an environment variable, a parameter), shown by name only.</summary>
    public static SourceLocation Named(string description) => new(description, 0, 0);
}

/// <summary>The kind of failure, mapped to a PowerShell error category by the cmdlets.</summary>
public enum ErrorKind
{
    /// <summary>Input that does not follow the rules (syntax, types, values).</summary>
    InvalidData,

    /// <summary>A parameter or setting that cannot be used.</summary>
    InvalidArgument,

    /// <summary>Something referenced does not exist (file, component, type).</summary>
    ObjectNotFound,

    /// <summary>The operation cannot run in the current state.</summary>
    InvalidOperation,

    /// <summary>A remote service could not be reached.</summary>
    ConnectionError,

    /// <summary>A remote service refused or failed the request.</summary>
    ServiceError,

    /// <summary>Something already exists.</summary>
    ResourceExists,

    /// <summary>The operation was cancelled.</summary>
    Cancelled,
}

/// <summary>
/// Every failure the engine reports. <see cref="ErrorId"/> is stable (scripts match on it); the message says what
/// is wrong, <see cref="Location"/> where, and <see cref="Hint"/> how to fix it.
/// </summary>
public class KPopsException : Exception
{
    /// <summary>Creates an exception.</summary>
    public KPopsException(string errorId, ErrorKind kind, string message, SourceLocation? location = null, string? hint = null, Exception? inner = null)
        : base(Bounded(message, MaxMessageLength), inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Location = location;
        Hint = hint is null ? null : Bounded(hint, MaxHintLength);
    }

    /// <summary>
    /// The longest message kept. Values are cut where messages quote them (<see cref="Echo"/>); this bound is the
    /// safety net for text that was not, so no input can make an error huge.
    /// </summary>
    public const int MaxMessageLength = 4500;

    /// <summary>The longest hint kept.</summary>
    public const int MaxHintLength = 1000;

    // The start says what failed and the end often names the place, so the middle is what goes.
    private static string Bounded(string text, int max)
    {
        if (text.Length <= max) return text;
        var tail = max / 5;
        var head = max - tail - 40;
        if (char.IsHighSurrogate(text[head - 1])) head--;
        if (char.IsLowSurrogate(text[^tail])) tail--;
        return $"{text[..head]} … ({text.Length - head - tail} characters cut) … {text[^tail..]}";
    }

    /// <summary>Stable PascalCase identifier of the failure.</summary>
    public string ErrorId { get; }

    /// <summary>The kind of failure.</summary>
    public ErrorKind Kind { get; }

    /// <summary>Where the offending input was written, when it came from a file.</summary>
    public SourceLocation? Location { get; }

    /// <summary>How to fix it.</summary>
    public string? Hint { get; }

    /// <summary>
    /// What the failure is about when that is more than a place in a file: the component whose work failed. Hosts
    /// report it as the error's target (PowerShell's TargetObject).
    /// </summary>
    public object? Target { get; private set; }

    /// <summary>Names what the failure is about, unless something more specific already is; returns this exception.</summary>
    public KPopsException About(object target)
    {
        Target ??= target;
        return this;
    }

    /// <summary>The message with location and hint, as shown to users.</summary>
    public string FullMessage =>
        (Location is null ? "" : Location + ": ") + Message + (Hint is null ? "" : " " + Hint);

    /// <inheritdoc />
    public override string ToString() => FullMessage;
}

/// <summary>Several independent problems found in one input, reported together.</summary>
public sealed class KPopsAggregateException : KPopsException
{
    /// <summary>Creates an aggregate of at least one error.</summary>
    public KPopsAggregateException(IReadOnlyList<KPopsException> errors)
        : base(errors[0].ErrorId, errors[0].Kind, Summarize(errors), errors[0].Location, errors[0].Hint)
        => Errors = errors;

    /// <summary>The individual errors.</summary>
    public IReadOnlyList<KPopsException> Errors { get; }

    // The first problems with their places and a count of the rest, so hundreds of errors still make a readable
    // message (each error keeps its hint in Errors).
    private static string Summarize(IReadOnlyList<KPopsException> errors) =>
        errors.Count == 1 ? errors[0].Message
        : $"{errors.Count} problems: " + string.Join("; ", errors.Take(MaxListed).Select(e => (e.Location is null ? "" : e.Location + ": ") + e.Message))
          + (errors.Count > MaxListed ? $"; and {errors.Count - MaxListed} more" : "");

    private const int MaxListed = 3;
}
