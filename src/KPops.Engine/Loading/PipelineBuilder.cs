using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model;
using KPops.Engine.Model.Specs;
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
    private readonly List<Component> _components = [];
    private readonly Dictionary<string, IReadOnlyList<Component>> _inflations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedNames = new(StringComparer.Ordinal);
    private ComponentTypeRegistry _registry = null!;
    private DefaultsSource _defaults = null!;
    private VariableTable _environment = null!;
    private VariableTable _configVariables = null!;

    public PipelineBuilder(LoadRequest request, LoadedConfig loaded, ParseCache cache, List<string> warnings)
    {
        _request = request;
        _loaded = loaded;
        _cache = cache;
        _warnings = warnings;
    }

    private KpopsConfig Config => _loaded.Config;

    public Pipeline Build(string file)
    {
        var baseDirectory = PipelineLoader.BaseDirectory(Config, _request.WorkingDirectory);
        var resolvedFile = PipelineLoader.ResolveLinks(file);
        var pipelineDirectory = Path.GetDirectoryName(resolvedFile)!;
        var relative = Path.GetRelativePath(baseDirectory, pipelineDirectory);
        if (relative == "." )
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
        _configVariables = new VariableTable(_environment);
        _configVariables.AddFlattened("config", Config.Data);
        _registry = PipelineLoader.RegistryFor(_request, baseDirectory);
        _defaults = new DefaultsSource(DefaultsSource.Discover(pipelineDirectory, baseDirectory, _request.Environment), _environment, _cache, _registry, _warnings);

        var entries = ReadList(resolvedFile, ErrorIds.PipelineNotAList);
        var overrides = ReadEnvironmentOverrides(resolvedFile);
        var errors = new List<KPopsException>();
        foreach (var entry in entries)
        {
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

        var pipeline = new Pipeline(pipelineName, resolvedFile, baseDirectory, _request.Environment, Config, _components, _registry, _environment, _defaults);
        pipeline.Graph.ThrowIfCyclic(_components);
        return pipeline;
    }

    private VariableTable BuildEnvironment(string pipelineName, string[] parts, string file)
    {
        var dotenv = new VariableTable();
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
        var type = ResolveType(map);
        var component = Enrich(type, map);
        if (overrides.TryGetValue(component.Name, out var over)) component = Override(component, over);
        if (!component.Enabled) return;

        var inflated = Inflate(component);
        foreach (var item in inflated)
        {
            Weave(item);
            Add(item);
        }
        _inflations[component.Name] = inflated;
    }

    private ComponentType ResolveType(YMap map)
    {
        if (map.Get("type") is YScalar { IsNull: false, Value: not string } odd)
        {
            throw new KPopsException(ErrorIds.UnknownComponentType, ErrorKind.InvalidData, $"`type` must be a type name, got {odd.KindName} '{odd.ToInvariantString()}'.", odd.Location,
                "Use one of: " + string.Join(", ", _registry.ConcreteTypes.Select(t => t.Name)) + ".");
        }
        if (map.Get("type") is not YScalar { Value: string typeName } typeNode)
        {
            var name = map.Get("name") is YScalar { Value: string n } ? $" '{n}'" : "";
            throw new KPopsException(ErrorIds.MissingType, ErrorKind.InvalidData, $"The component{name} has no `type`.", map.Location,
                "Add `type: <type>`, e.g. streams-app, producer-app, consumer-app, helm-app, kafka-sink-connector or kafka-source-connector.");
        }
        var type = _registry.Get(typeName, typeNode.Location);
        if (type.IsAbstract)
        {
            throw new KPopsException(ErrorIds.AbstractComponentType, ErrorKind.InvalidData,
                $"'{typeName}' is an abstract component type; it can only be used as a key in defaults files.", typeNode.Location,
                "Use a concrete type: " + string.Join(", ", _registry.ConcreteTypes.Select(t => t.Name)) + ".");
        }
        return type;
    }

    /// <summary>Defaults, substitution, validation, and from/to applied.</summary>
    private Component Enrich(ComponentType type, YMap entry)
    {
        var data = (YMap)entry.DeepClone();
        data.Remove("type");
        // Spellings are unified before merging, so `image_tag` here and `imageTag` in defaults are one field.
        SpecBinder.NormalizeAliases(data, type.Spec);
        _defaults.Apply(data, type.Lineage, type.Spec);
        return Finish(type, data, entry.Location);
    }

    private Component Finish(ComponentType type, YMap data, SourceLocation? location)
    {
        SpecBinder.FillDefaults(data, type.Spec);
        Substitute(type, data);
        var name = data.Get("name") is YScalar { Value: string n } ? n : "?";
        var context = new BindContext($"{type.Name} '{name}'", location);
        var bound = SpecBinder.BindObject(data, type.Spec, context);
        if (context.Errors.Count == 0) type.Behavior.Validate(bound, context);
        context.ThrowIfAny();
        foreach (var warning in context.Warnings) _warnings.Add(warning);
        var result = new Component(type, bound, location);
        ApplyTopics(result);
        WarnAboutImageTag(result);
        return result;
    }

    private void Substitute(ComponentType type, YMap data)
    {
        // A value may name a key that only exists once substituted (${component.values.labels.${component.type}}
        // next to a `${component.type}:` key), so the component's variables are taken again from the substituted
        // component until a pass changes nothing.
        for (var pass = 1; ; pass++)
        {
            var before = data.DeepClone();
            Substitutor.SubstituteTree(data, ComponentVariables(type, data), retypePlain: false);
            if (data.ValueEquals(before)) return;
            if (pass == MaxComponentSubstitutionPasses)
            {
                throw new KPopsException(ErrorIds.SubstitutionLoop, ErrorKind.InvalidData,
                    $"An infinite loop condition detected. Check substitution variables: the {type.Name} component keeps changing after {pass} substitution passes.",
                    data.Location, "Make sure no placeholder refers, directly or through others, to itself.");
            }
        }
    }

    /// <summary>kpops' priority: the component's own fields, the topic-name aliases, config, then the environment.</summary>
    private VariableTable ComponentVariables(ComponentType type, YMap data)
    {
        var aliases = new VariableTable(_configVariables);
        aliases.Set("output_topic_name", Config.DefaultOutputTopicName);
        aliases.Set("error_topic_name", Config.DefaultErrorTopicName);
        var component = new VariableTable(aliases);
        component.Set("component.type", type.Name);
        component.AddFlattened("component", data);
        return component;
    }

    private const int MaxComponentSubstitutionPasses = 16;

    private static void ApplyTopics(Component component)
    {
        var behavior = component.ComponentType.Behavior;
        foreach (var from in component.FromTopics) behavior.ApplyFrom(component.Data, from.Name, from.Type, from.Label);
        foreach (var to in component.Topics) behavior.ApplyTo(component.Data, to.Name, to.Type, to.Label);
    }

    /// <summary>The pipeline_&lt;env&gt;.yaml entry is merged over the enriched component, which is then built again.</summary>
    private Component Override(Component component, YMap entry)
    {
        if (entry.Get("type") is YScalar { Value: string type } typeNode && type != component.Type)
        {
            throw new KPopsException(ErrorIds.EnvironmentPipelineInvalid, ErrorKind.InvalidData,
                $"The environment entry for '{component.Name}' has type '{type}', but the component is a {component.Type}.", typeNode.Location,
                "Use the same type as in pipeline.yaml.");
        }
        var data = (YMap)entry.DeepClone();
        data.Remove("type");
        SpecBinder.NormalizeAliases(data, component.ComponentType.Spec);
        // Placeholders in the entry (a `${output_topic_name}:` topic key) must name what they name in the component,
        // so the entry is substituted with the component's variables before it is merged over the component.
        Substitutor.SubstituteTree(data, ComponentVariables(component.ComponentType, component.Data), retypePlain: false);
        DefaultsSource.MergeMissing(data, component.Data);
        return Finish(component.ComponentType, data, component.Location);
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
                YMap map => Enrich(ResolveType(map), WithLocation(map, component.Location)),
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
                if (!_inflations.TryGetValue(from.Name, out var inflation))
                {
                    if (_failedNames.Contains(from.Name)) continue;   // already reported
                    var reference = ((component.Data.Get("from") as YMap)?.Get("components") as YMap)?.KeyLocation(from.Name);
                    throw new KPopsException(ErrorIds.ComponentNotFound, ErrorKind.ObjectNotFound,
                        $"{component.Type} '{component.Name}': Component {from.Name} not found.", reference ?? component.Location,
                        "from.components names an earlier, enabled component of the same pipeline by its name (without prefix).");
                }
                var source = _components.FirstOrDefault(c => c.Name == inflation[^1].Name) ?? inflation[^1];
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

    private void Add(Component component)
    {
        var existing = _components.FirstOrDefault(c => c.Name == component.Name);
        if (existing is not null)
        {
            throw new KPopsException(ErrorIds.DuplicateComponentName, ErrorKind.InvalidData,
                $"Duplicate component name '{component.Name}' (also used at {existing.Location}).", component.Location,
                "Component names are ids: give every component of a pipeline its own name.");
        }
        _components.Add(component);
    }

    private void WarnAboutImageTag(Component component)
    {
        if (!component.ComponentType.Is("streams-bootstrap")) return;
        var tag = component.ValuesNode?.Get("imageTag") as YScalar;
        if (tag is null or { IsNull: true } || tag.Value is "latest")
            _warnings.Add($"{component.Location}: {component.Type} '{component.Name}': values.imageTag is {(tag?.Value is "latest" ? "'latest'" : "not set")}; pin an image tag for reproducible deployments.");
    }
}
