using System.Collections.Concurrent;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>Parsed files shared by all pipelines of one load (defaults files are often shared by many pipelines).</summary>
internal sealed class ParseCache(YamlLimits? limits = null)
{
    private readonly ConcurrentDictionary<string, YNode?> _files = new(StringComparer.Ordinal);

    /// <summary>The limits every file of the load is read with.</summary>
    public YamlLimits Limits { get; } = limits ?? YamlLimits.Default;

    public YNode? Read(string path) => _files.GetOrAdd(path, p => YamlReader.ReadFile(p, Limits))?.DeepClone();
}

/// <summary>
/// The defaults files of one pipeline, highest priority first: from the pipeline's folder up to the base directory,
/// in each folder <c>defaults_&lt;env&gt;.yaml</c> before <c>defaults.yaml</c>. Files are read once and substituted
/// with the pipeline's variables.
/// </summary>
public sealed class DefaultsSource
{
    private readonly List<(string File, YMap Sections)> _files = [];

    // A section normalised for a type's spelling of its fields, once per section and spec (pipelines of many
    // components of few types would otherwise copy the same sections over and over).
    private readonly Dictionary<(YMap Section, ObjectSpec Spec), YMap> _normalized = [];

    internal DefaultsSource(IEnumerable<string> files, VariableTable environment, ParseCache cache, ComponentTypeRegistry registry, ICollection<string> warnings)
    {
        foreach (var file in files)
        {
            var node = cache.Read(file);
            if (node is null) continue;
            if (node is not YMap sections)
            {
                throw new KPopsException(ErrorIds.DefaultsNotAMapping, ErrorKind.InvalidData,
                    $"A defaults file must map component types to their defaults, got {node.KindName}.", node.Location,
                    "Write `<type>:` keys, e.g. `streams-app:` with the defaults indented below.");
            }
            Substitutor.SubstituteTree(sections, environment, retypePlain: true);
            foreach (var (type, section) in sections)
            {
                if (section is not YMap and not YScalar { IsNull: true })
                {
                    throw new KPopsException(ErrorIds.DefaultsNotAMapping, ErrorKind.InvalidData,
                        $"The defaults of {Echo.Quote(type)} must be a mapping, got {section.KindName}.", sections.KeyLocation(type) ?? section.Location);
                }
                if (!registry.TryGet(type, out _))
                {
                    var suggestion = SpecBinder.Closest(type, registry.Types.Select(t => t.Name));
                    warnings.Add($"{sections.KeyLocation(type)}: {Echo.Quote(type)} is not a component type; its defaults are not used." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
                }
            }
            _files.Add((file, sections));
        }
    }

    /// <summary>The files, highest priority first.</summary>
    public IReadOnlyList<string> Files => _files.Select(f => f.File).ToList();

    /// <summary>
    /// Fills in <paramref name="component"/> from the defaults of every type of <paramref name="lineage"/>: for each
    /// type (most specific first), the sections of all files (highest priority first), adding only what is missing —
    /// so any section of the component's own type beats any section of an ancestor type.
    /// </summary>
    /// <remarks>
    /// With <paramref name="spec"/>, each section's aliases (snake_case spellings) are renamed to the field names
    /// first, so that <c>image_tag</c> in one file and <c>imageTag</c> in another are the same key.
    /// </remarks>
    public void Apply(YMap component, IEnumerable<string> lineage, ObjectSpec? spec = null)
    {
        foreach (var type in lineage)
        {
            foreach (var (_, sections) in _files)
            {
                if (sections.Get(type) is not YMap section) continue;
                if (spec is not null) section = Normalized(section, spec);
                MergeMissing(component, section);
            }
        }
    }

    /// <summary>
    /// The sections <see cref="Apply"/> merges for <paramref name="lineage"/>, in the order it merges them, each
    /// normalised for <paramref name="spec"/>: a snapshot that is only read, for building components after loading.
    /// </summary>
    internal IReadOnlyList<YMap> SectionsFor(IEnumerable<string> lineage, ObjectSpec spec) =>
        lineage.SelectMany(type => _files.Select(f => f.Sections.Get(type)).OfType<YMap>()).Select(section => Normalized(section, spec)).ToList();

    private YMap Normalized(YMap section, ObjectSpec spec)
    {
        lock (_normalized)
        {
            if (_normalized.TryGetValue((section, spec), out var normalized)) return normalized;
            normalized = (YMap)section.DeepClone();
            SpecBinder.NormalizeAliases(normalized, spec);
            _normalized[(section, spec)] = normalized;
            return normalized;
        }
    }

    /// <summary>
    /// KPOps' update_nested_pair: adds what <paramref name="lower"/> has and <paramref name="higher"/> lacks, recursing
    /// where both hold mappings. Lists and scalars are never merged; a null in <paramref name="higher"/> counts as set.
    /// </summary>
    /// <remarks>Merges with an explicit stack of the mapping pairs still to merge.</remarks>
    public static void MergeMissing(YMap higher, YMap lower)
    {
        var pending = new Stack<(YMap Higher, YMap Lower)>();
        pending.Push((higher, lower));
        while (pending.Count > 0)
        {
            var (target, source) = pending.Pop();
            foreach (var (key, value) in source)
            {
                if (!target.TryGetValue(key, out var existing))
                {
                    target.Set(key, value.DeepClone(), source.KeyLocation(key));
                }
                else if (existing is YMap left && value is YMap right)
                {
                    pending.Push((left, right));
                }
            }
        }
    }

    /// <summary>Finds the defaults files of a pipeline file.</summary>
    public static IReadOnlyList<string> Discover(string pipelineDirectory, string baseDirectory, string? environment)
    {
        var result = new List<string>();
        var directory = new DirectoryInfo(pipelineDirectory);
        var stop = Path.TrimEndingDirectorySeparator(baseDirectory);
        while (directory is not null)
        {
            if (environment is not null)
            {
                var envFile = Path.Combine(directory.FullName, $"defaults_{environment}.yaml");
                if (File.Exists(envFile)) result.Add(envFile);
            }
            var file = Path.Combine(directory.FullName, "defaults.yaml");
            if (File.Exists(file)) result.Add(file);
            if (string.Equals(Path.TrimEndingDirectorySeparator(directory.FullName), stop, StringComparison.Ordinal)) break;
            directory = directory.Parent;
        }
        return result;
    }
}
