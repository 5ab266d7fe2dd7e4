namespace KPops.Engine.Model;

/// <summary>
/// Which loaded pipeline a component belongs to. One identity is made per pipeline load, before its components,
/// which hold it from their construction on; the loaded <see cref="Pipelines.Pipeline"/> has the same one. Identities
/// compare by reference: loading the same file twice gives two pipelines, and their components stay apart.
/// </summary>
public sealed class PipelineIdentity
{
    internal PipelineIdentity(string name, string filePath)
    {
        Name = name;
        FilePath = filePath;
    }

    /// <summary>The pipeline name (<c>${pipeline.name}</c>).</summary>
    public string Name { get; }

    /// <summary>Full path of the pipeline file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The secrets of the load, set once the pipeline is built: what a component shows of its values and config is
    /// masked with them. Null while the pipeline loads, so an inflate script works with the real values.
    /// Internal: it holds the secrets.
    /// </summary>
    internal Security.SecretMask? Secrets { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({FilePath})";
}
