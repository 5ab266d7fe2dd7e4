using System.Text.Json;
using System.Text.Json.Nodes;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;

namespace KPops.Engine.Config;

/// <summary>What to read the configuration from.</summary>
/// <param name="ConfigDirectory">Directory holding config.yaml (and config_&lt;env&gt;.yaml).</param>
/// <param name="Environment">The environment name, or null.</param>
/// <param name="DotEnvFiles">Dotenv files, later ones override earlier ones.</param>
/// <param name="EnvironmentVariables">The process environment (KPOPS_* variables override the files).</param>
public sealed record ConfigRequest(
    string ConfigDirectory,
    string? Environment,
    IReadOnlyList<string> DotEnvFiles,
    IReadOnlyDictionary<string, string> EnvironmentVariables)
{
    /// <summary>Whether a missing kafka_brokers is an error (it is, for everything but reading the project layout).</summary>
    public bool RequireKafkaBrokers { get; init; } = true;
}

/// <summary>The configuration and the variables the dotenv files define.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="DotEnvVariables">Every variable of the dotenv files (usable as ${VAR} in pipeline files).</param>
public sealed record LoadedConfig(KpopsConfig Config, IReadOnlyDictionary<string, string> DotEnvVariables)
{
    /// <summary>The secret values of the variables and the configuration (see <see cref="Security.SecretCollector"/>).</summary>
    internal Security.SecretMask Secrets { get; init; } = Security.SecretMask.None;
}

/// <summary>
/// Combines the configuration sources with KPOps' precedence, highest first: <c>KPOPS_*</c> environment variables
/// (case-insensitive, <c>__</c> between nested keys, JSON for sections) &gt; <c>config_&lt;env&gt;.yaml</c> merged
/// over <c>config.yaml</c> &gt; dotenv files (a later file wins).
/// </summary>
public static class ConfigLoader
{
    /// <summary>Prefix of configuration environment variables.</summary>
    public const string EnvPrefix = "KPOPS_";

    /// <summary>Loads the configuration.</summary>
    /// <remarks>config.yaml, config_&lt;env&gt;.yaml and the dotenv files are read with the default limits.</remarks>
    public static LoadedConfig Load(ConfigRequest request)
    {
        ValidateEnvironment(request.Environment);
        var sources = new List<string>();
        var dotenv = new Dictionary<string, string>(StringComparer.Ordinal);
        var dotenvLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var budget = new Substitution.SubstitutionBudget();
        foreach (var file in request.DotEnvFiles)
        {
            foreach (var entry in DotEnvFile.ReadEntries(file, request.EnvironmentVariables, budget))
            {
                dotenv[entry.Key] = entry.Value;
                dotenvLocations[entry.Key] = entry.Location;
            }
            sources.Add(file);
        }

        var merged = FromVariables(dotenv, "dotenv", dotenvLocations);
        foreach (var name in ConfigFileNames(request.Environment))
        {
            var path = Path.Combine(request.ConfigDirectory, name);
            if (!InputFile.Exists(path)) continue;
            var node = YamlReader.ReadFile(path);
            if (node is null) continue;
            if (node is not YMap map)
                throw new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData, $"The configuration must be a mapping, got {node.KindName}.", node.Location, "Write settings as `key: value` lines.");
            merged = DeepMerge(merged, map);
            sources.Add(path);
        }
        var fromEnvironment = FromVariables(request.EnvironmentVariables, "environment variable");
        if (fromEnvironment.Count > 0) sources.Add("KPOPS_* environment variables");
        merged = DeepMerge(merged, fromEnvironment);

        // Gathered before binding, so an error about a value that does not bind (a numeric password) is masked too.
        var secrets = new Security.SecretMask(Security.SecretCollector.FromVariables(request.EnvironmentVariables, dotenv)
            .Concat(Security.SecretCollector.FromNode(merged)));
        var context = new BindContext("config", SourceLocation.Named(Path.Combine(request.ConfigDirectory, "config.yaml")));
        var bound = SpecBinder.BindObject(merged, ConfigSpecs.KpopsConfig, context);
        // A missing kafka_brokers usually means the wrong config directory; say so. Other problems (a removed
        // setting such as `brokers`, which explains the missing one) are reported with it.
        static bool MissingBrokers(KPopsException e) => e.ErrorId == ErrorIds.MissingField && e.Message.Contains("kafka_brokers", StringComparison.Ordinal);
        var errors = context.Errors.Where(e => request.RequireKafkaBrokers || !MissingBrokers(e)).Select(e => MissingBrokers(e)
            ? new KPopsException(ErrorIds.ConfigInvalid, ErrorKind.InvalidData,
                $"kafka_brokers is not set: no config.yaml in {Echo.Quote(request.ConfigDirectory, 300)} sets it and KPOPS_KAFKA_BROKERS is not set.",
                hint: "Pass -Config <directory of config.yaml>, add `kafka_brokers: <host:port,...>` to config.yaml, or set KPOPS_KAFKA_BROKERS.")
            : e).OrderBy(e => e.ErrorId == ErrorIds.ConfigInvalid ? 1 : 0).Select(secrets.Apply).ToList();
        if (errors.Count == 1) throw errors[0];
        if (errors.Count > 1) throw new KPopsAggregateException(errors);
        NormalizeUrl(bound, "schema_registry");
        NormalizeUrl(bound, "kafka_rest");
        NormalizeUrl(bound, "kafka_connect");
        return new LoadedConfig(new KpopsConfig(bound, sources), dotenv) { Secrets = secrets };
    }

    /// <summary>
    /// Fails for an environment name that cannot be part of a file name: it selects config_&lt;env&gt;.yaml,
    /// defaults_&lt;env&gt;.yaml and pipeline_&lt;env&gt;.yaml, so a separator or '..' would reach other files.
    /// </summary>
    public static void ValidateEnvironment(string? environment)
    {
        if (environment is null || NameRules.EnvironmentNameProblem(environment) is not { } problem) return;
        throw new KPopsException(ErrorIds.InvalidEnvironmentName, ErrorKind.InvalidArgument, $"The environment name {Echo.Quote(environment)} {problem}.",
            SourceLocation.Named("-Environment (or KPOPS_ENVIRONMENT)"),
            "An environment is a plain name such as dev or prod; it becomes part of file names (config_<env>.yaml).");
    }

    /// <summary>
    /// The warning for a config folder without config.yaml (a command run from another folder, a wrong -Config): the
    /// run goes on with the defaults and KPOPS_* variables, which rarely is what was meant. Null when it has one.
    /// </summary>
    public static string? MissingConfigWarning(string configDirectory) =>
        File.Exists(Path.Combine(configDirectory, "config.yaml"))
            ? null
            : $"No config.yaml in {Echo.Quote(configDirectory, 300)}: the default settings and KPOPS_* variables are used. "
              + "Pass -Config <folder of config.yaml> (or set KPOPS_CONFIG_PATH) to use a project's settings.";

    /// <summary>config.yaml, then config_&lt;env&gt;.yaml.</summary>
    public static IEnumerable<string> ConfigFileNames(string? environment) =>
        environment is null ? ["config.yaml"] : ["config.yaml", $"config_{environment}.yaml"];

    /// <summary>Merges <paramref name="higher"/> over <paramref name="lower"/>: mappings merge, anything else is replaced.</summary>
    /// <remarks>Merges with an explicit stack of the mappings still to merge.</remarks>
    public static YMap DeepMerge(YMap lower, YMap higher)
    {
        var result = (YMap)lower.DeepClone();
        var pending = new Stack<(YMap Target, YMap Source)>();
        pending.Push((result, higher));
        while (pending.Count > 0)
        {
            var (target, source) = pending.Pop();
            foreach (var (key, value) in source)
            {
                if (target.Get(key) is YMap left && value is YMap right)
                {
                    target.Set(key, left, source.KeyLocation(key));
                    pending.Push((left, right));
                }
                else target.Set(key, value.DeepClone(), source.KeyLocation(key));
            }
        }
        return result;
    }

    // pydantic's URL type appends '/' to a URL without a path; ${config.schema_registry.url} shows it.
    // (The URL was validated with the section.)
    private static void NormalizeUrl(YMap config, string section)
    {
        if (config.Get(section) is not YMap map || map.Get("url") is not YScalar { Value: string url } node) return;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && !url.EndsWith('/')) map["url"] = new YScalar(url + "/") { Location = node.Location };
    }

    private static YMap FromVariables(IReadOnlyDictionary<string, string> variables, string origin, Dictionary<string, SourceLocation>? locations = null)
    {
        var result = new YMap();
        foreach (var (name, value) in variables)
        {
            if (!name.StartsWith(EnvPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var path = name[EnvPrefix.Length..].ToLowerInvariant().Split("__");
            var field = ConfigSpecs.KpopsConfig.Field(path[0]);
            if (field is null || field.Forbidden is not null) continue;   // KPOPS_ENVIRONMENT, KPOPS_PIPELINE_PATHS, ... are not settings
            var location = locations is not null && locations.TryGetValue(name, out var written) ? written : SourceLocation.Named($"{origin} {Echo.Text(name, 200)}");
            var target = result;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (target.Get(path[i]) is not YMap next)
                {
                    next = new YMap { Location = location };
                    target[path[i]] = next;
                }
                target = next;
            }
            target.Set(path[^1], ParseValue(value, location, name), location);
        }
        return result;
    }

    private static YNode ParseValue(string value, SourceLocation location, string name)
    {
        var trimmed = value.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('[')) return new YScalar(value) { Location = location };
        try
        {
            return FromJson(JsonNode.Parse(value), location);
        }
        catch (JsonException e)
        {
            throw new KPopsException(ErrorIds.EnvironmentVariableInvalid, ErrorKind.InvalidData, $"{Echo.Text(name, 200)} holds invalid JSON: {Echo.Text(e.Message, 200)}", location,
                "Give sections as JSON, e.g. KPOPS_STRIMZI_TOPIC='{\"label\":{\"strimzi.io/cluster\":\"my-cluster\"}}'.");
        }
    }

    /// <summary>Converts JSON to a tree.</summary>
    /// <remarks>Converts with an explicit stack (a JsonNode built in code may nest deeper than the parser allows).</remarks>
    public static YNode FromJson(JsonNode? node, SourceLocation? location = null)
    {
        var root = JsonLeaf(node, location);
        var pending = new Stack<(JsonNode Source, YNode Target)>();
        if (node is JsonObject or JsonArray) pending.Push((node, root));
        while (pending.Count > 0)
        {
            var (source, target) = pending.Pop();
            if (source is JsonObject obj)
            {
                var map = (YMap)target;
                foreach (var (key, value) in obj)
                {
                    var child = JsonLeaf(value, location);
                    map.Set(key, child, location);
                    if (value is JsonObject or JsonArray) pending.Push((value, child));
                }
            }
            else
            {
                var seq = (YSeq)target;
                foreach (var value in (JsonArray)source)
                {
                    var child = JsonLeaf(value, location);
                    seq.Items.Add(child);
                    if (value is JsonObject or JsonArray) pending.Push((value!, child));
                }
            }
        }
        return root;
    }

    private static YNode JsonLeaf(JsonNode? node, SourceLocation? location)
    {
        switch (node)
        {
            case null:
                return YScalar.Null(location);
            case JsonObject:
                return new YMap { Location = location };
            case JsonArray:
                return new YSeq { Location = location };
            default:
                var element = node.GetValue<JsonElement>();
                object? scalar = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when element.TryGetInt64(out var l) => l,
                    JsonValueKind.Number => element.GetDouble(),
                    _ => null,
                };
                return new YScalar(scalar) { Location = location };
        }
    }
}
