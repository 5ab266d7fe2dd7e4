namespace KPops.HelpGen;

/// <summary>A problem in a markdown page, reported as <c>file:line: message</c>.</summary>
internal sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string message)
        : base(message)
    {
        File = file;
        Line = line;
    }

    public HelpFormatException()
    {
        File = "";
    }

    public HelpFormatException(string message)
        : base(message)
    {
        File = "";
    }

    public HelpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
    }

    /// <summary>The markdown file.</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>file:line, as compilers print it, so editors and CI logs link to the line.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : File;

    /// <inheritdoc />
    public override string ToString() => $"{Location}: error: {Message}";
}
