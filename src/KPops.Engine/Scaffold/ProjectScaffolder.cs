using System.Text;
using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Yaml;

namespace KPops.Engine.Scaffold;

/// <summary>A file the scaffold writes.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Content">Content.</param>
public sealed record ScaffoldFile(string Path, string Content);

/// <summary>
/// KPOps' <c>init</c>: config.yaml (required settings, and with <c>includeOptional</c> every other setting with its
/// default), an empty pipeline.yaml and defaults.yaml.
/// </summary>
public static class ProjectScaffolder
{
    /// <summary>The files of a new project in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<ScaffoldFile> Plan(string directory, bool includeOptional) =>
    [
        new(Path.Combine(directory, "config.yaml"), ConfigYaml(includeOptional)),
        new(Path.Combine(directory, "pipeline.yaml"),
            "# The components of the pipeline, in deployment order, for example:\n" +
            "# - type: streams-app\n#   name: my-streams-app\n#   values:\n#     image: my-registry/my-streams-app\n#     imageTag: \"1.0.0\"\n[]\n"),
        new(Path.Combine(directory, "defaults.yaml"),
            "# Defaults per component type; they apply to the type and every type built on it, for example:\n" +
            "# kubernetes-app:\n#   namespace: my-namespace\n{}\n"),
    ];

    /// <summary>Checks the target: it must not exist, or be an empty directory; existing files are never overwritten.</summary>
    public static void CheckTarget(string directory, IEnumerable<ScaffoldFile> files, bool force)
    {
        if (File.Exists(directory))
            throw new KPopsException(ErrorIds.ProjectPathIsFile, ErrorKind.InvalidArgument, $"'{directory}' is a file.", hint: "Give a directory path.");
        var existing = files.Where(f => File.Exists(f.Path)).Select(f => f.Path).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new KPopsException(ErrorIds.ProjectPathNotEmpty, ErrorKind.ResourceExists, $"'{directory}' already has {string.Join(", ", existing.Select(Path.GetFileName))}.",
                hint: "Choose an empty or new directory, or use -Force to overwrite those files.");
        }
    }

    /// <summary>The content of config.yaml.</summary>
    public static string ConfigYaml(bool includeOptional)
    {
        var builder = new StringBuilder("# Global configuration for KPOps project.\n\n# Required fields\n");
        var fields = ConfigSpecs.KpopsConfig.Fields.Where(f => f.Forbidden is null && f.Deprecated is null && f.Name != "operation_mode").ToList();
        var required = new YMap();
        foreach (var field in fields.Where(f => f.Required)) required[field.Name] = YScalar.Null();
        builder.Append(YamlWriter.Write(required));
        if (includeOptional)
        {
            var optional = new YMap();
            foreach (var field in fields.Where(f => !f.Required)) optional[field.Name] = Example(field);
            builder.Append("\n# Non-required fields\n").Append(YamlWriter.Write(optional));
        }
        return builder.ToString();
    }

    private static YNode Example(FieldSpec field)
    {
        var value = field.Default?.Invoke() ?? YScalar.Null();
        if (field.Type is ObjectType o && value is YMap map)
        {
            foreach (var inner in o.Spec.Fields.Where(f => f.Forbidden is null && f.Deprecated is null && !map.ContainsKey(f.Name)))
                map[inner.Name] = Example(inner);
        }
        return value;
    }
}
