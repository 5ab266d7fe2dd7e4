using KPops.Engine.Errors;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Specs;

/// <summary>What to do with keys that are not fields.</summary>
public enum ExtraKeys
{
    /// <summary>Kept and passed on (Helm values, component top level).</summary>
    Allow,

    /// <summary>An error (from/to sections, topic configs).</summary>
    Forbid,

    /// <summary>Dropped silently.</summary>
    Ignore,
}

/// <summary>A validation rule over a whole bound object; it reports problems through the context.</summary>
/// <param name="map">The bound object.</param>
/// <param name="context">Where to report.</param>
public delegate void ObjectRule(YMap map, BindContext context);

/// <summary>An object type: ordered fields, an extra-keys policy and rules that span fields.</summary>
public sealed record ObjectSpec
{
    /// <summary>Creates a spec.</summary>
    public ObjectSpec(string name, string description, IEnumerable<FieldSpec> fields)
    {
        Name = name;
        Description = description;
        Fields = fields.ToList();
    }

    /// <summary>Name used for schema definitions.</summary>
    public string Name { get; init; }

    /// <summary>Documentation.</summary>
    public string Description { get; init; }

    private readonly IReadOnlyList<FieldSpec> _fields = [];
    private readonly Dictionary<string, FieldSpec> _byName = new(StringComparer.Ordinal);

    /// <summary>Fields in output order.</summary>
    public IReadOnlyList<FieldSpec> Fields
    {
        get => _fields;
        init
        {
            _fields = value;
            // Looked up for every key of every bound object: an index, built once per spec.
            _byName = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
            foreach (var spec in value)
            {
                foreach (var name in spec.AllNames) _byName.TryAdd(name, spec);
            }
        }
    }

    /// <summary>The extra-keys policy.</summary>
    public ExtraKeys Extra { get; init; } = ExtraKeys.Allow;

    /// <summary>Type of extra values, when constrained (connector config values are strings).</summary>
    public TypeSpec? ExtraType { get; init; }

    /// <summary>Rules over the whole object, run after its fields were bound.</summary>
    public IReadOnlyList<ObjectRule> Rules { get; init; } = [];

    /// <summary>Output leaves out every field equal to its default (KPOps' KafkaConfig serializer does this).</summary>
    public bool OmitDefaults { get; init; }

    /// <summary>A field by output name or alias.</summary>
    public FieldSpec? Field(string key) => _byName.GetValueOrDefault(key);

    /// <summary>Whether <paramref name="key"/> is the name or an alias of a field.</summary>
    public bool IsFieldName(string key) => _byName.ContainsKey(key);

    /// <summary>A copy with fields replaced (same position) or appended, like a subclass redefining fields.</summary>
    public ObjectSpec Extend(string name, string description, params FieldSpec[] fields)
    {
        var list = Fields.ToList();
        foreach (var field in fields)
        {
            var index = list.FindIndex(f => f.Name == field.Name);
            if (index >= 0) list[index] = field;
            else list.Add(field);
        }
        return this with { Name = name, Description = description, Fields = list };
    }

    /// <summary>A copy with extra rules.</summary>
    public ObjectSpec WithRules(params ObjectRule[] rules) => this with { Rules = Rules.Concat(rules).ToList() };
}

/// <summary>Collects problems found while binding, with the path of the value inside its component.</summary>
public sealed class BindContext
{
    private readonly List<KPopsException> _errors = [];

    /// <summary>Creates a context; <paramref name="subject"/> prefixes messages (e.g. "streams-app 'app'").</summary>
    public BindContext(string subject, SourceLocation? fallbackLocation = null)
    {
        Subject = subject;
        FallbackLocation = fallbackLocation;
    }

    /// <summary>What is being bound, for messages.</summary>
    public string Subject { get; }

    /// <summary>Location used when a value has none (built-in defaults).</summary>
    public SourceLocation? FallbackLocation { get; }

    private readonly List<(string? Key, int Index)> _segments = [];
    private string? _path = "";

    /// <summary>Path of the value being bound (dotted; list items as <c>[i]</c>).</summary>
    public string Path
    {
        get
        {
            if (_path is not null) return _path;
            var path = "";
            foreach (var (key, index) in _segments) path = key is null ? path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" : Join(path, key);
            return _path = path;
        }
        internal set
        {
            _segments.Clear();
            if (value.Length > 0) _segments.Add((value, 0));
            _path = value;
        }
    }

    /// <summary>Enters the value under <paramref name="key"/>; <see cref="Leave"/> returns.</summary>
    internal void EnterKey(string key)
    {
        _segments.Add((key, 0));
        _path = null;
    }

    /// <summary>Enters the list item at <paramref name="index"/>; <see cref="Leave"/> returns.</summary>
    internal void EnterIndex(int index)
    {
        _segments.Add((null, index));
        _path = null;
    }

    /// <summary>Returns from the last <see cref="EnterKey"/> or <see cref="EnterIndex"/>.</summary>
    internal void Leave()
    {
        _segments.RemoveAt(_segments.Count - 1);
        _path = null;
    }

    /// <summary>A dotted path one key deeper.</summary>
    internal static string Join(string path, string segment) => path.Length == 0 ? segment : path + "." + segment;

    /// <summary>Problems so far.</summary>
    public IReadOnlyList<KPopsException> Errors => _errors;

    /// <summary>Things worth knowing that are not errors (deprecated settings, ignored keys).</summary>
    public IList<string> Warnings { get; } = new List<string>();

    /// <summary>
    /// How many problems are kept: enough to fix a file in one go, few enough that a mapping of a million bad keys
    /// does not make a million errors.
    /// </summary>
    public const int MaxErrors = 50;

    /// <summary>Reports a problem.</summary>
    public void Report(string errorId, string message, SourceLocation? location, string? hint = null, string? path = null)
    {
        if (_errors.Count >= MaxErrors) return;
        var at = path ?? Path;
        _errors.Add(new KPopsException(errorId, ErrorKind.InvalidData,
            $"{Subject}: {(at.Length == 0 ? "" : Echo.Text(at, 200) + ": ")}{message}", location ?? FallbackLocation, hint));
    }

    /// <summary>
    /// Problems that only matter once a value is handed to another system: a name that still holds a placeholder
    /// whose variable is not set. KPOps' generate prints such a name as written, so loading and generating go on;
    /// every command that reaches a service refuses the component (<see cref="Model.Component.HandOffProblems"/>).
    /// </summary>
    public IReadOnlyList<KPopsException> HandOffProblems => _handOff;

    private readonly List<KPopsException> _handOff = [];

    /// <summary>Reports a problem that stops the component only where it is handed to a service.</summary>
    public void ReportHandOff(string errorId, string message, SourceLocation? location, string? hint = null, string? path = null)
    {
        if (_handOff.Count >= MaxErrors) return;
        var at = path ?? Path;
        _handOff.Add(new KPopsException(errorId, ErrorKind.InvalidData,
            $"{Subject}: {(at.Length == 0 ? "" : Echo.Text(at, 200) + ": ")}{message}", location ?? FallbackLocation, hint));
    }

    /// <summary>Throws all reported problems at once, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 1) throw _errors[0];
        if (_errors.Count > 1) throw new KPopsAggregateException(_errors.ToList());
    }
}
