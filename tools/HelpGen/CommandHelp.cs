namespace KPops.HelpGen;

/// <summary>Everything one cmdlet page says, as MAML needs it.</summary>
internal sealed record CommandHelp(
    string Name,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxItem> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links)
{
    /// <summary>The parameter documented under <paramref name="name"/> (case-insensitive, as PowerShell binds).</summary>
    public ParameterHelp? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One parameter set's line of the SYNTAX section, in the order the line names the parameters.</summary>
internal sealed record SyntaxItem(string ParameterSetName, bool IsDefault, IReadOnlyList<SyntaxParameter> Parameters, bool CommonParameters, int Line)
{
    /// <summary>The set name PowerShell uses when a cmdlet declares no parameter sets.</summary>
    public const string AllParameterSets = "__AllParameterSets";
}

/// <summary>A parameter as a syntax line shows it: <c>[-Name] &lt;T&gt;</c>, <c>[-Name &lt;T&gt;]</c>, <c>[-Switch]</c>, ...</summary>
internal sealed record SyntaxParameter(string Name, bool Required, bool Positional, bool IsSwitch);

/// <summary>A parameter: its prose and one metadata block per group of parameter sets that share the same metadata.</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterMetadata> Metadata, int Line)
{
    /// <summary>The metadata that applies in <paramref name="parameterSet"/>, or null when the parameter is not in it.</summary>
    public ParameterMetadata? For(string parameterSet) =>
        Metadata.FirstOrDefault(m => m.AllSets || m.ParameterSets.Contains(parameterSet, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The yaml block under a parameter (PlatyPS v1 keys).</summary>
internal sealed record ParameterMetadata(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing,
    int Line)
{
    /// <summary>"Parameter Sets: (All)".</summary>
    public bool AllSets => ParameterSets.Count == 0;

    /// <summary>True for switch parameters (no value in the syntax).</summary>
    public bool IsSwitch => Type is "SwitchParameter" or "Switch";

    /// <summary>True for array types.</summary>
    public bool IsArray => Type.EndsWith("[]", StringComparison.Ordinal);

    /// <summary>True when the parameter can be given by position.</summary>
    public bool IsPositional => !string.Equals(Position, "Named", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An INPUTS or OUTPUTS entry: a type name and what it means.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

/// <summary>An example: its title, the code to run, and the text (and any output) after it.</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A related link; <see cref="Uri"/> is empty for links to other cmdlet pages (Get-Help shows the name).</summary>
internal sealed record LinkHelp(string Text, string Uri);
