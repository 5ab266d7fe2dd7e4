using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>
/// Builds one pipeline, component by component in file order: defaults along the type hierarchy, substitution to a
/// fixed point, validation, from/to applied to values, the environment override, <c>enabled</c>, inflation, weaving
/// and name uniqueness; then the whole pipeline must be a DAG. Problems of independent components are collected so
/// that one run reports all of them.
/// </summary>
internal sealed class PipelineBuilder
{
    private readonly LoadRequest _request;
    private readonly LoadedConfig _loaded;
    private readonly ParseCache _cache;
    private readonly List<string> _warnings;
    private readonly ISet<string> _deprecationsWarned;
    private readonly List<Component> _components = [];
    // Names are unique among _components (Add rejects a duplicate), so lookups by name need not scan the list.
    private readonly Dictionary<string, Component> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Component>> _inflations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedNames = new(StringComparer.Ordinal);
    private ComponentTypeRegistry _registry = null!;
    private VariableTable _environment = null!;
    private ComponentEnricher _enricher = null!;

    /// <param name="request">What to load.</param>
    /// <param name="loaded">The configuration.</param>
    /// <param name="cache">Parsed files of the load.</param>
    /// <param name="warnings">Where the pipeline's warnings go.</param>
    /// <param name="deprecationsWarned">The deprecated types already warned about in this load (each is named once per load).</param>
    public PipelineBuilder(LoadRequest request, LoadedConfig loaded, ParseCache cache, List<string> warnings, ISet<string> deprecationsWarned)
    {
        _request = request;
        _loaded = loaded;
        _cache = cache;
        _warnings = warnings;
        _deprecationsWarned = deprecationsWarned;
    }

    private KpopsConfig Config => _loaded.Config;

    public Pipeline Build(string file)
    {
        var baseDirectory = PipelineLoader.BaseDirectory(Config, _request.WorkingDirectory);
        var resolvedFile = PipelineLoader.ResolveLinks(file);
        var pipelineDirectory = Path.GetDirectoryName(resolvedFile)!;
        var relative = Path.GetRelativePath(baseDirectory, pipelineDirectory);
        if (relative == ".")
        {
            throw new KPopsException(ErrorIds.PipelineInBaseDir, ErrorKind.InvalidArgument,
                $"The pipeline-base-dir should not equal the pipeline-path: '{resolvedFile}' lies directly in '{baseDirectory}'.",
                hint: "Move the pipeline into a subfolder (its name becomes ${pipeline.name}), or set pipeline_base_dir to a parent folder.");
        }
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new KPopsException(ErrorIds.PipelineOutsideBaseDir, ErrorKind.InvalidArgument,
                $"The pipeline '{resolvedFile}' is not below the pipeline base directory '{baseDirectory}'.",
                hint: "Set pipeline_base_dir in config.yaml (relative to the current location) to a folder that contains the pipeline, or pass -Config with the right config.yaml.");
        }
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var pipelineName = string.Join("-", parts);

        _environment = BuildEnvironment(pipelineName, parts, resolvedFile);
        _registry = PipelineLoader.RegistryFor(_request, baseDirectory, _cache.Limits);
        var defaults = new DefaultsSource(DefaultsSource.Discover(pipelineDirectory, baseDirectory, _request.Environment), _environment, _cache, _registry, _warnings);
        var identity = new PipelineIdentity(pipelineName, resolvedFile);
        _enricher = new ComponentEnricher(Config, _environment, defaults, _registry, identity);

        var entries = ReadList(resolvedFile, ErrorIds.PipelineNotAList);
        var overrides = ReadEnvironmentOverrides(resolvedFile);
        var errors = new List<KPopsException>();
        foreach (var entry in entries)
        {
            PipelineLoader.ThrowIfCancelled(_request.CancellationToken);
            try
            {
                AddEntry(entry, overrides);
            }
            catch (KPopsException e)
            {
                errors.AddRange(e is KPopsAggregateException a ? a.Errors : [e]);
                if (entry is YMap { } map && map.Get("name") is YScalar { Value: string failed }) _failedNames.Add(failed);
            }
        }
        if (errors.Count > 0) throw errors.Count == 1 ? errors[0] : new KPopsAggregateException(errors);

        foreach (var (name, entry) in overrides)
        {
            if (!_byName.ContainsKey(name) && !_failedNames.Contains(name))
                _warnings.Add($"{entry.Location}: pipeline_{_request.Environment}.yaml has an entry {Echo.Quote(name)} that matches no component of {Path.GetFileName(resolvedFile)}; it is not used.");
        }
        // Deferred, the jobs are built once, by whichever needs them first, without the load's cancellation (the command
        // that loaded may be over by then).
        Func<IReadOnlyDictionary<Component, CleanupJobs>> cleanupJobs;
        if (_request.DeferCleanupJobs) cleanupJobs = () => BuildCleanupJobs(CancellationToken.None);
        else
        {
            var built = BuildCleanupJobs(_request.CancellationToken);
            cleanupJobs = () => built;
        }
        var pipeline = new Pipeline(identity, baseDirectory, _request.Environment, Config, _components, _registry, defaults.Files, cleanupJobs)
        {
            WorkingDirectory = _request.WorkingDirectory,
            EnvironmentVariables = _request.EnvironmentVariables,
            Secrets = _loaded.Secrets.With(_components.SelectMany(c => Security.SecretCollector.FromNode(c.Data))),
        };
        identity.Secrets = pipeline.Secrets;
        pipeline.Graph.ThrowIfCyclic(_components);
        return pipeline;
    }

    /// <summary>
    /// The cleanup jobs of the streams-bootstrap apps, built from the woven components, so that loading ends before
    /// any operation starts: a job that does not build is a load error of its app.
    /// </summary>
    /// <remarks>
    /// Building a job runs the whole finishing of a component again (substitution, binding, validation), nearly half
    /// the work of a load, so the jobs are built side by side: a recipe is a snapshot and the finisher and the
    /// built-in cleaner types are safe to share (see <see cref="ComponentFinisher"/>). The recipes are taken in order
    /// first, and problems are reported in pipeline order, so the result does not depend on the scheduling.
    /// </remarks>
    private Dictionary<Component, CleanupJobs> BuildCleanupJobs(CancellationToken cancellationToken)
    {
        var recipes = new List<(Component Component, CleanerRecipe Recipe)>();
        var errors = new List<KPopsException>();
        foreach (var component in _components)
        {
            try
            {
                if (_enricher.CleanerRecipeOf(component) is { } recipe) recipes.Add((component, recipe));
            }
            catch (KPopsException e)
            {
                errors.AddRange(e is KPopsAggregateException a ? a.Errors : [e]);
            }
        }
        var built = new CleanupJobs?[recipes.Count];
        var failures = new KPopsException?[recipes.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, recipes.Count, options, i =>
        {
            try
            {
                built[i] = new CleanupJobs(recipes[i].Recipe);
            }
            catch (KPopsException e)
            {
                failures[i] = e;
            }
        });
        var jobs = new Dictionary<Component, CleanupJobs>();
        for (var i = 0; i < recipes.Count; i++)
        {
            if (failures[i] is { } e) errors.AddRange(e is KPopsAggregateException a ? a.Errors : [e]);
            else jobs[recipes[i].Component] = built[i]!;
        }
        if (errors.Count > 0) throw errors.Count == 1 ? errors[0] : new KPopsAggregateException(errors);
        return jobs;
    }

    private VariableTable BuildEnvironment(string pipelineName, string[] parts, string file)
    {
        var dotenv = new VariableTable(budget: Config.NewSubstitutionBudget());
        foreach (var (key, value) in _loaded.DotEnvVariables) dotenv.Set(key, value);
        var process = new VariableTable(dotenv);
        foreach (var (key, value) in _request.EnvironmentVariables) process.Set(key, value);
        var pipeline = new VariableTable(process);
        pipeline.Set("pipeline.name", pipelineName);
        pipeline.Set("pipeline.parent.name", string.Join("-", parts[..^1]));
        for (var i = 0; i < parts.Length; i++) pipeline.Set($"pipeline.name_{i}", parts[i]);
        pipeline.Set("pipeline.path", file);
        if (_request.Environment is not null) pipeline.Set("environment", _request.Environment);
        return pipeline;
    }

    private List<YNode> ReadList(string file, string errorId)
    {
        var node = _cache.Read(file);
        if (node is YSeq seq)
        {
            Substitutor.SubstituteTree(seq, _environment, retypePlain: true);
            return seq.Items;
        }
        throw new KPopsException(errorId, ErrorKind.InvalidData,
            $"Pipeline definition {file} should be a list{(node is null ? ", but the file is empty" : $", got {node.KindName}")}.",
            node?.Location ?? new SourceLocation(file, 1, 1), "Write each component as a list item starting with `- type: <type>`.");
    }

    private Dictionary<string, YMap> ReadEnvironmentOverrides(string file)
    {
        var result = new Dictionary<string, YMap>(StringComparer.Ordinal);
        if (_request.Environment is null) return result;
        var path = Path.Combine(Path.GetDirectoryName(file)!, $"pipeline_{_request.Environment}.yaml");
        if (!File.Exists(path)) return result;
        foreach (var item in ReadList(path, ErrorIds.EnvironmentPipelineInvalid))
        {
            if (item is not YMap map || map.Get("name") is not YScalar { Value: string name } || map.Get("type") is not YScalar { Value: string })
            {
                throw new KPopsException(ErrorIds.EnvironmentPipelineInvalid, ErrorKind.InvalidData,
                    "Every entry of an environment pipeline file needs `type` and `name`.", item.Location,
                    "Entries are matched by name to the components of pipeline.yaml; add both keys.");
            }
            result[name] = map;
        }
        return result;
    }

    private void AddEntry(YNode entry, Dictionary<string, YMap> overrides)
    {
        if (entry is not YMap map)
        {
            throw new KPopsException(ErrorIds.ComponentNotAMapping, ErrorKind.InvalidData, $"A component must be a mapping, got {entry.KindName}.", entry.Location,
                "Write `- type: <type>` followed by `name: <name>` and its fields.");
        }
        var component = _enricher.Enrich(map, _warnings);
        if (overrides.TryGetValue(component.Name, out var over)) component = _enricher.Override(component, over, _warnings);
        if (!component.Enabled) return;

        var inflated = Inflate(component);
        foreach (var item in inflated)
        {
            Weave(item);
            Add(item);
        }
        _inflations[component.Name] = inflated;
    }

    private List<Component> Inflate(Component component)
    {
        if (component.ComponentType.Inflate is not { } inflate) return [component];
        IReadOnlyList<object> items;
        try
        {
            items = inflate(component);
        }
        catch (Exception e) when (e is not KPopsException)
        {
            throw new KPopsException(ErrorIds.InflateFailed, ErrorKind.InvalidOperation,
                $"The inflate hook of type '{component.Type}' failed for '{component.Name}': {e.Message}", component.Location, inner: e);
        }
        if (items.Count == 0)
        {
            throw new KPopsException(ErrorIds.InflateFailed, ErrorKind.InvalidData,
                $"The inflate hook of type '{component.Type}' returned nothing for '{component.Name}'.", component.Location,
                "Return the component itself first, then any new components.");
        }
        var result = new List<Component>();
        foreach (var item in items)
        {
            result.Add(item switch
            {
                Component c => c,
                YMap map => _enricher.Enrich(WithLocation(map, component.Location), _warnings),
                _ => throw new KPopsException(ErrorIds.InflateFailed, ErrorKind.InvalidData,
                    $"The inflate hook of type '{component.Type}' returned a {item.GetType().FullName} ('{item}'); expected component objects or hashtables shaped like pipeline.yaml entries.", component.Location),
            });
        }
        return result;
    }

    private static YMap WithLocation(YMap map, SourceLocation? location)
    {
        map.Location ??= location;
        return map;
    }

    /// <summary>from.components, or else the previous component's outputs, become inputs.</summary>
    private void Weave(Component component)
    {
        var behavior = component.ComponentType.Behavior;
        if (component.HasFromSection)
        {
            foreach (var from in component.FromComponents)
            {
                var source = ReadSource(from.Name);
                if (source is null)
                {
                    if (_failedNames.Contains(from.Name)) continue;   // already reported
                    var reference = ((component.Data.Get("from") as YMap)?.Get("components") as YMap)?.KeyLocation(from.Name);
                    throw new KPopsException(ErrorIds.ComponentNotFound, ErrorKind.ObjectNotFound,
                        $"{component.Type} {Echo.Quote(component.Name)}: Component {Echo.Text(from.Name)} not found.", reference ?? component.Location,
                        "from.components names an earlier, enabled component of the same pipeline by its name (without prefix).");
                }
                foreach (var topic in source.Topics.Where(t => !t.IsError && t.Label is null))
                    behavior.ApplyFrom(component.Data, topic.Name, from.Type, from.Label);
            }
        }
        else if (_components.Count > 0 && behavior.TakesWovenInputs)
        {
            foreach (var topic in _components[^1].Topics.Where(t => !t.IsError && t.Label is null))
                behavior.ApplyFrom(component.Data, topic.Name, "input", null);
        }
    }

    /// <summary>
    /// The component whose outputs a <c>from.components</c> entry reads, as KPOps resolves it: a pipeline entry stands
    /// for the last component it inflated into; a component created by inflation is found by its own name, like
    /// every component already added to the pipeline.
    /// </summary>
    private Component? ReadSource(string name)
    {
        if (_inflations.TryGetValue(name, out var inflation))
            return _byName.GetValueOrDefault(inflation[^1].Name) ?? inflation[^1];
        return _byName.GetValueOrDefault(name);
    }

    private void Add(Component component)
    {
        var name = component.Name;
        if (_byName.TryGetValue(name, out var existing))
        {
            throw new KPopsException(ErrorIds.DuplicateComponentName, ErrorKind.InvalidData,
                $"Duplicate component name {Echo.Quote(component.Name)} (also used at {existing.Location}).", component.Location,
                "Component names are ids: give every component of a pipeline its own name.");
        }
        _components.Add(component);
        _byName.Add(name, component);
        var type = component.ComponentType;
        if (type.Deprecation is { } deprecation && _deprecationsWarned.Add(type.Name))
            _warnings.Add($"{component.Location}: " + (type.IsBuiltIn ? deprecation : $"Component type '{type.Name}' builds on a deprecated type: {deprecation}"));
    }

}
