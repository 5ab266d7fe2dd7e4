using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;

namespace KPops.Engine.Loading;

/// <summary>The outcome of loading one pipeline file: the pipeline, or what was wrong with it.</summary>
/// <param name="FilePath">The pipeline file.</param>
/// <param name="Pipeline">The pipeline, when it loaded.</param>
/// <param name="Error">The problem, when it did not.</param>
/// <param name="Warnings">Things worth knowing (deprecated settings, unused defaults).</param>
public sealed record PipelineLoadResult(string FilePath, Pipeline? Pipeline, KPopsException? Error, IReadOnlyList<string> Warnings);

/// <summary>Loads pipelines: finds the files, reads the configuration once, and builds each pipeline on its own.</summary>
public static class PipelineLoader
{
    /// <summary>The pipeline file name searched for in folders.</summary>
    public const string PipelineFileName = "pipeline.yaml";

    /// <summary>Loads every pipeline of the request; the configuration must be valid, each pipeline succeeds or fails on its own.</summary>
    public static IReadOnlyList<PipelineLoadResult> Load(LoadRequest request)
    {
        var files = FindPipelineFiles(request.Paths, request.WorkingDirectory);
        var loaded = LoadConfig(request);
        var cache = new ParseCache();
        var results = new List<PipelineLoadResult>();
        foreach (var file in files)
        {
            var warnings = new List<string>();
            try
            {
                var builder = new PipelineBuilder(request, loaded, cache, warnings);
                results.Add(new PipelineLoadResult(file, builder.Build(file), null, warnings));
            }
            catch (KPopsException e)
            {
                results.Add(new PipelineLoadResult(file, null, e, warnings));
            }
        }
        return results;
    }

    /// <summary>Loads one pipeline or throws its error.</summary>
    public static Pipeline LoadOne(LoadRequest request)
    {
        var result = Load(request).Single();
        return result.Pipeline ?? throw result.Error!;
    }

    /// <summary>Reads the configuration of a request.</summary>
    public static LoadedConfig LoadConfig(LoadRequest request) =>
        ConfigLoader.Load(new ConfigRequest(
            Path.GetFullPath(request.ConfigDirectory ?? ".", request.WorkingDirectory),
            request.Environment,
            request.DotEnvFiles.Select(f => Path.GetFullPath(f, request.WorkingDirectory)).ToList(),
            request.EnvironmentVariables));

    /// <summary>Files are used as given; folders are searched recursively for pipeline.yaml, in sorted order.</summary>
    public static IReadOnlyList<string> FindPipelineFiles(IEnumerable<string> paths, string workingDirectory)
    {
        var result = new List<string>();
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(given, workingDirectory);
            if (File.Exists(path))
            {
                result.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, PipelineFileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 32, MatchCasing = MatchCasing.CaseSensitive })
                    .OrderBy(f => Path.GetRelativePath(path, f).Replace('\\', '/'), StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"No {PipelineFileName} found in '{path}' or its subfolders.",
                        hint: "Give the pipeline file itself, or a folder that contains pipeline.yaml files.");
                }
                result.AddRange(found);
            }
            else
            {
                throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The pipeline path '{path}' does not exist.",
                    hint: "Check the path; relative paths are resolved against the current location.");
            }
        }
        return result;
    }

    /// <summary>Resolves the base directory of a configuration.</summary>
    public static string BaseDirectory(KpopsConfig config, string workingDirectory) =>
        Path.TrimEndingDirectorySeparator(ResolveLinks(Path.GetFullPath(config.PipelineBaseDir, workingDirectory)));

    /// <summary>Resolves symbolic links in every segment of a path (like Python's Path.resolve()).</summary>
    public static string ResolveLinks(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var segment in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) current = target.FullName;
        }
        return current;
    }

    /// <summary>The registry a load uses: the request's (or the built-in one) plus types declared in the base directory.</summary>
    internal static ComponentTypeRegistry RegistryFor(LoadRequest request, string baseDirectory)
    {
        var registry = (request.Registry ?? ComponentTypeRegistry.CreateDefault()).Clone();
        ComponentTypeFile.Register(registry, baseDirectory, request.InflateScriptLoader);
        return registry;
    }
}
