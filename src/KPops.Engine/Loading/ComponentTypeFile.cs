using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Model.Types;
using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>
/// Custom component types declared without code in <c>kpops-components.yaml</c> in the pipeline base directory:
/// <code>
/// - type: filter              # the new type name
///   base: streams-app         # any concrete type, built-in or custom (declared earlier in the file)
///   description: Drops records that fail validation.
///   inflate: ./filter.ps1     # optional: a PowerShell script that receives the component (param($Component))
/// </code>
/// </summary>
public static class ComponentTypeFile
{
    /// <summary>The file name looked for in the pipeline base directory.</summary>
    public const string FileName = "kpops-components.yaml";

    private static readonly ObjectSpec Entry = new("ComponentTypeDeclaration", "A custom component type.", [
        new FieldSpec("type", TypeSpec.Text, "Name of the new type.") { Required = true, Nullable = false },
        new FieldSpec("base", TypeSpec.Text, "The type it builds on.") { Required = true, Nullable = false },
        new FieldSpec("description", TypeSpec.Text, "What the type is for."),
        new FieldSpec("inflate", TypeSpec.Text, "Path of a PowerShell script (relative to this file) returning the components that replace one of this type."),
    ])
    { Extra = ExtraKeys.Forbid };

    /// <summary>
    /// The component types a project sees: those of the request (or the built-in ones) plus the types declared in
    /// <c>kpops-components.yaml</c> of its pipeline base directory, which comes from the configuration as a load
    /// reads it (KPOps' default, the working directory, without any config file).
    /// </summary>
    public static ComponentTypeRegistry ForProject(LoadRequest request)
    {
        // Only pipeline_base_dir matters here: a project that leaves kafka_brokers to KPOPS_KAFKA_BROKERS at deploy
        // time still lists its types.
        var config = PipelineLoader.LoadConfig(request, requireKafkaBrokers: false).Config;
        return PipelineLoader.RegistryFor(request, PipelineLoader.BaseDirectory(config, request.WorkingDirectory));
    }

    /// <summary>Adds the types declared in <paramref name="baseDirectory"/>, if the file exists.</summary>
    public static void Register(ComponentTypeRegistry registry, string baseDirectory, Func<string, InflateHandler>? inflateScriptLoader, YamlLimits? limits = null)
    {
        var path = Path.Combine(baseDirectory, FileName);
        if (!File.Exists(path)) return;
        var root = YamlReader.ReadFile(path, limits);
        if (root is null) return;
        if (root is not YSeq entries)
        {
            throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidData, $"{FileName} must be a list of type declarations, got {root.KindName}.", root.Location,
                "Write `- type: <name>` entries with `base: <type>`.");
        }
        foreach (var item in entries)
        {
            if (item is not YMap map)
                throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidData, "A type declaration must be a mapping.", item.Location);
            var context = new BindContext("component type declaration", item.Location);
            var bound = SpecBinder.BindObject(map, Entry, context);
            context.ThrowIfAny();
            string Field(string key) => ((YScalar)bound[key]).ToInvariantString();
            var name = Field("type");
            InflateHandler? inflate = null;
            if (bound.Get("inflate") is YScalar { Value: string script } scriptNode)
            {
                var scriptPath = InputFile.FullPath(script, baseDirectory);
                if (!File.Exists(scriptPath))
                    throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The inflate script {Echo.Quote(scriptPath, 300)} of type {Echo.Quote(name)} does not exist.", scriptNode.Location);
                InputFile.RequireRegularFile(scriptPath);   // the PowerShell host reads it; a named pipe would block
                if (inflateScriptLoader is null)
                    throw new KPopsException(ErrorIds.ComponentTypeInvalid, ErrorKind.InvalidOperation, $"Type {Echo.Quote(name)} has an inflate script, which needs the PowerShell module to run.", scriptNode.Location);
                inflate = inflateScriptLoader(scriptPath);
            }
            try
            {
                registry.Register(name, Field("base"), bound.Get("description") is YScalar { Value: string d } ? d : null, inflate, path, replace: true);
            }
            catch (KPopsException e)
            {
                throw new KPopsException(e.ErrorId, e.Kind, e.Message, map.Location, e.Hint, e);
            }
        }
    }
}
