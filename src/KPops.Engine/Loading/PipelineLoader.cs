using KPops.Engine.Config;
using KPops.Engine.Errors;
using KPops.Engine.Model.Types;
using KPops.Engine.Pipelines;
using KPops.Engine.Yaml;

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

    /// <summary>
    /// How many folders a search may look at. Links are not followed, so only a bind mount can make a loop; this
    /// ends that (and a search started at the root of a disk) with an error.
    /// </summary>
    public const int MaxSearchedFolders = 100_000;

    /// <summary>How deep below a given folder the search looks.</summary>
    public const int MaxSearchDepth = 32;

    /// <summary>Loads every pipeline of the request; the configuration must be valid, each pipeline succeeds or fails on its own.</summary>
    /// <remarks>A cancelled request fails with <see cref="ErrorIds.LoadCancelled"/> (ErrorKind.Cancelled) at the next folder, file or component.</remarks>
    public static IReadOnlyList<PipelineLoadResult> Load(LoadRequest request)
    {
        var token = request.CancellationToken;
        ThrowIfCancelled(token);
        var files = FindPipelineFiles(request.Paths, request.WorkingDirectory, token);
        var loaded = LoadConfig(request);
        var cache = new ParseCache(loaded.Config.ReadLimits);
        var results = new List<PipelineLoadResult>();
        var deprecationsWarned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ThrowIfCancelled(token);
            var warnings = new List<string>();
            try
            {
                var builder = new PipelineBuilder(request, loaded, cache, warnings, deprecationsWarned);
                var pipeline = builder.Build(file);
                results.Add(new PipelineLoadResult(file, pipeline, null, warnings.Select(pipeline.Secrets.Apply).ToList()));
            }
            catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
            {
                results.Add(new PipelineLoadResult(file, null, loaded.Secrets.Apply(e), warnings.Select(loaded.Secrets.Apply).ToList()));
            }
            catch (Exception e) when (InputFile.IsIoFailure(e))
            {
                results.Add(new PipelineLoadResult(file, null, loaded.Secrets.Apply(InputFile.Failure(e, file)), warnings.Select(loaded.Secrets.Apply).ToList()));
            }
        }
        return results;
    }

    /// <summary>Fails with <see cref="ErrorIds.LoadCancelled"/> once <paramref name="token"/> is cancelled.</summary>
    public static void ThrowIfCancelled(CancellationToken token)
    {
        if (token.IsCancellationRequested)
            throw new KPopsException(ErrorIds.LoadCancelled, ErrorKind.Cancelled, "Loading the pipelines was stopped.");
    }

    /// <summary>Loads one pipeline or throws its error.</summary>
    public static Pipeline LoadOne(LoadRequest request)
    {
        var result = Load(request).Single();
        return result.Pipeline ?? throw result.Error!;
    }

    /// <summary>Reads the configuration of a request.</summary>
    /// <param name="request">The load request.</param>
    /// <param name="requireKafkaBrokers">False where only the project layout is needed (listing its component types):
    /// a project may leave kafka_brokers to KPOPS_KAFKA_BROKERS at deploy time.</param>
    public static LoadedConfig LoadConfig(LoadRequest request, bool requireKafkaBrokers = true)
    {
        try
        {
            return ConfigLoader.Load(new ConfigRequest(
                InputFile.FullPath(request.ConfigDirectory ?? ".", request.WorkingDirectory),
                request.Environment,
                request.DotEnvFiles.Select(f => InputFile.FullPath(f, request.WorkingDirectory)).ToList(),
                request.EnvironmentVariables)
            { RequireKafkaBrokers = requireKafkaBrokers });
        }
        catch (KPopsException e)
        {
            // Errors before the configuration's own secrets are known (dotenv files, KPOPS_* variables) are masked
            // with the secret variables of the environment at least.
            throw new Security.SecretMask(Security.SecretCollector.FromVariables(request.EnvironmentVariables)).Apply(e);
        }
    }

    /// <summary>
    /// Files are used as given; folders are searched recursively for pipeline.yaml, in sorted order. Links to folders
    /// are not followed (as in KPOps), so a link to '.' cannot make the search go round; a pipeline found twice (a
    /// path given twice, or a link to a file found elsewhere) is listed once.
    /// </summary>
    public static IReadOnlyList<string> FindPipelineFiles(IEnumerable<string> paths, string workingDirectory, CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddOnce(string file)
        {
            if (seen.Add(ResolveLinks(file))) result.Add(file);
        }
        foreach (var given in paths)
        {
            ThrowIfCancelled(cancellationToken);
            var path = InputFile.FullPath(given, workingDirectory);
            if (File.Exists(path))
            {
                AddOnce(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Search(path, cancellationToken);
                if (found.Count == 0)
                {
                    throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"No {PipelineFileName} found in {Echo.Quote(path, 300)} or its subfolders.",
                        hint: "Give the pipeline file itself, or a folder that contains pipeline.yaml files.");
                }
                foreach (var file in found) AddOnce(file);
            }
            else
            {
                if (IsLink(new FileInfo(path))) ResolveLinks(path);   // a link loop is reported as one
                throw new KPopsException(ErrorIds.FileNotFound, ErrorKind.ObjectNotFound, $"The pipeline path {Echo.Quote(path, 300)} does not exist.",
                    hint: "Check the path; relative paths are resolved against the current location.");
            }
        }
        return result;
    }

    // Walks with an explicit stack; a folder that cannot be listed below the given one is passed by, as KPOps' glob does.
    private static List<string> Search(string root, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var pending = new Stack<(string Folder, int Depth)>();
        pending.Push((root, 0));
        var searched = 0;
        while (pending.Count > 0)
        {
            ThrowIfCancelled(cancellationToken);
            var (folder, depth) = pending.Pop();
            if (++searched > MaxSearchedFolders)
            {
                throw new KPopsException(ErrorIds.PipelineSearchLimit, ErrorKind.InvalidArgument,
                    $"The search for {PipelineFileName} below {Echo.Quote(root, 300)} went through more than {MaxSearchedFolders:N0} folders.",
                    hint: "Give a narrower folder or the pipeline files themselves; a bind mount that contains itself makes an endless tree.");
            }
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (InputFile.IsIoFailure(e) && depth > 0)
            {
                continue;
            }
            catch (Exception e) when (InputFile.IsIoFailure(e))
            {
                throw InputFile.Failure(e, folder);
            }
            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo directory)
                {
                    if (IsLink(directory) || depth + 1 > MaxSearchDepth) continue;
                    pending.Push((directory.FullName, depth + 1));
                }
                else if (string.Equals(entry.Name, PipelineFileName, StringComparison.Ordinal))
                {
                    found.Add(entry.FullName);
                }
            }
        }
        return found.OrderBy(f => Path.GetRelativePath(root, f).Replace('\\', '/'), StringComparer.Ordinal).ToList();
    }

    private static bool IsLink(FileSystemInfo entry)
    {
        try
        {
            return (entry.Attributes & FileAttributes.ReparsePoint) != 0 || entry.LinkTarget is not null;
        }
        catch (Exception e) when (InputFile.IsIoFailure(e))
        {
            return true;   // what cannot be inspected is not entered
        }
    }

    /// <summary>Resolves the base directory of a configuration.</summary>
    public static string BaseDirectory(KpopsConfig config, string workingDirectory) =>
        Path.TrimEndingDirectorySeparator(ResolveLinks(InputFile.FullPath(config.PipelineBaseDir, workingDirectory)));

    /// <summary>Resolves symbolic links in every segment of a path (like Python's Path.resolve()); a link loop is an error naming the path.</summary>
    public static string ResolveLinks(string path)
    {
        var full = InputFile.FullPath(path, Directory.GetCurrentDirectory());
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        try
        {
            foreach (var segment in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                current = Path.Combine(current, segment);
                FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) current = target.FullName;
            }
        }
        catch (Exception e) when (InputFile.IsIoFailure(e))
        {
            throw InputFile.Failure(e, current);
        }
        return current;
    }

    /// <summary>The registry a load uses: the request's (or the built-in one) plus types declared in the base directory.</summary>
    internal static ComponentTypeRegistry RegistryFor(LoadRequest request, string baseDirectory, YamlLimits? limits = null)
    {
        var registry = (request.Registry ?? ComponentTypeRegistry.CreateDefault()).Clone();
        ComponentTypeFile.Register(registry, baseDirectory, request.InflateScriptLoader, limits);
        return registry;
    }
}
