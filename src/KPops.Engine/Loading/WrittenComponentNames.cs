using KPops.Engine.Yaml;

namespace KPops.Engine.Loading;

/// <summary>The component names a pipeline file holds as written, read without loading it (completion of a project that does not load).</summary>
public static class WrittenComponentNames
{
    /// <summary>The <c>name</c> of every entry of a pipeline file; throws <see cref="Errors.KPopsException"/> for a file that cannot be read.</summary>
    public static IReadOnlyList<string> Of(string pipelineFile) =>
        YamlReader.ReadFile(pipelineFile) is YSeq entries
            ? entries.OfType<YMap>().Select(e => e.Get("name")).OfType<YScalar>().Select(s => s.ToInvariantString()).ToList()
            : [];
}
