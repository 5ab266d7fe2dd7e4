using System.Management.Automation;
using KPops.Engine.Errors;

namespace KPops.PowerShell.Internal;

/// <summary>Turns engine exceptions into ErrorRecords: stable ErrorId, a real category, the location in the message and the fix as recommended action.</summary>
internal static class ErrorRecords
{
    public static List<ErrorRecord> From(KPopsException exception, object? target)
    {
        var errors = exception is KPopsAggregateException aggregate ? aggregate.Errors : [exception];
        return errors.Select(e => Create(e, target)).ToList();
    }

    public static ErrorRecord Create(KPopsException exception, object? target)
    {
        var record = new ErrorRecord(new KPopsErrorException(exception), exception.ErrorId, Category(exception.Kind), target ?? exception.Location?.File)
        {
            ErrorDetails = new ErrorDetails(exception.Location is null ? exception.Message : $"{exception.Location}: {exception.Message}"),
        };
        if (exception.Hint is not null) record.ErrorDetails.RecommendedAction = exception.Hint;
        return record;
    }

    private static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        ErrorKind.ServiceError => ErrorCategory.InvalidResult,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };
}

/// <summary>
/// The exception inside KPops ErrorRecords. It carries the engine's details as plain properties
/// (<see cref="ErrorId"/>, <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/>, <see cref="Hint"/>) for scripts.
/// </summary>
public sealed class KPopsErrorException : Exception
{
    internal KPopsErrorException(KPopsException inner)
        : base(inner.FullMessage, inner)
    {
        ErrorId = inner.ErrorId;
        File = inner.Location?.File;
        Line = inner.Location?.Line;
        Column = inner.Location?.Column;
        Hint = inner.Hint;
    }

    /// <summary>The stable error id.</summary>
    public string ErrorId { get; }

    /// <summary>The file the problem is in, if any.</summary>
    public string? File { get; }

    /// <summary>The line, if any.</summary>
    public int? Line { get; }

    /// <summary>The column, if any.</summary>
    public int? Column { get; }

    /// <summary>How to fix it.</summary>
    public string? Hint { get; }
}
