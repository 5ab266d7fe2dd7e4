using System.ComponentModel;
using System.Globalization;
using System.Text;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Helm;

/// <summary>
/// The helm CLI, 3.x or 4.x, run as a process (no shell). One instance per run: the version is detected once and
/// each repository is added and updated once. Success is judged by helm's exit code (and, for an upgrade, the release
/// recorded as deployed); a failure carries helm's stderr.
/// Every command line is logged (secrets masked); helm's warnings go to the warning stream.
/// </summary>
public sealed class HelmClient : IHelmClient, IDisposable
{
    /// <summary>--timeout when neither the request nor the options set one.</summary>
    public const string DefaultTimeout = "5m0s";

    private const int MaxErrorLength = 4000;
    private const string RepositoryHint = "Check the repository URL and its credentials (repo_config of the component).";
    private const string ReleaseHint = "Set helm_config.debug to true to see what helm did.";
    private const string ClusterHint =
        "Check that the Kubernetes API server is reachable with the kubeconfig (helm_config.kubeconfig, else KUBECONFIG or ~/.kube/config) and its context (helm_config.context).";

    private readonly HelmClientOptions _options;
    private readonly IOperationLog _log;
    private readonly SemaphoreSlim _versionGate = new(1, 1);
    private readonly SemaphoreSlim _repositoryGate = new(1, 1);
    private readonly HashSet<(string Name, string Url)> _repositories = [];
    private readonly object _valuesGate = new();
    private DetectedVersion? _version;
    private string? _valuesDirectory;
    private int _valuesFiles;
    private bool _disposed;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Executable, kube context and config, defaults; null: helm from PATH with its own defaults.</param>
    /// <param name="log">Receives command lines and warnings; null drops them.</param>
    public HelmClient(HelmClientOptions? options = null, IOperationLog? log = null)
    {
        _options = options ?? new HelmClientOptions();
        _log = log ?? NullOperationLog.Instance;
    }

    /// <inheritdoc />
    public async Task<HelmVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        (await DetectVersionAsync(cancellationToken).ConfigureAwait(false)).Version;

    /// <inheritdoc />
    public async Task AddRepositoryAsync(HelmRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var version = await DetectVersionAsync(cancellationToken).ConfigureAwait(false);
        await _repositoryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_repositories.Contains((repository.Name, repository.Url))) return;

            var add = new HelmCommand("repo", "add").Auth(repository.Auth);
            AddDebug(add);
            add.Positional(repository.Name, repository.Url);
            var added = await RunAsync(add, cancellationToken).ConfigureAwait(false);
            if (added.ExitCode != 0)
            {
                if (!HelmOutput.IsRepositoryExists(added.StandardError)) throw Failure(add, added, RepositoryHint);
                _log.Warning($"helm repository '{repository.Name}' already exists with another URL or other credentials; keeping it as it is (helm repo remove {repository.Name} to replace it)");
            }

            // helm 3.7 and later update one repository by name; older versions only all of them.
            var update = new HelmCommand("repo", "update");
            AddDebug(update);
            if (version.Major > 3 || version.Minor >= 7) update.Positional(repository.Name);
            await RunCheckedAsync(update, RepositoryHint, cancellationToken).ConfigureAwait(false);
            _repositories.Add((repository.Name, repository.Url));
        }
        finally
        {
            _repositoryGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<string> UpgradeInstallAsync(HelmReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await DetectVersionAsync(cancellationToken).ConfigureAwait(false);
        HelmCommand? upgrade = null;
        var result = await RunWithValuesAsync(request, values => upgrade = UpgradeCommand(request, values, version.Major, dryRun: false), ReleaseHint, cancellationToken).ConfigureAwait(false);
        // helm exits with 0 even when it could not write the release's final record to the cluster (it says so only
        // with --debug): the release then stays pending and blocks every later helm command on it. Success is the
        // release recorded as deployed. A transient release is uninstalled next, pending or not: nothing to read back.
        if (request.Transient) return result.StandardOutput;
        var recorded = await GetReleaseAsync(request.Release, request.Namespace, cancellationToken).ConfigureAwait(false);
        if (recorded is not { Status: "deployed" })
        {
            throw new ServiceException(Service.Helm, upgrade!.Display(_options.Executable),
                $"helm upgrade exited successfully, but release {request.Release} is {(recorded is null ? "not recorded" : $"{recorded.Status} (revision {recorded.Revision.ToString(CultureInfo.InvariantCulture)})")}: helm could not record the outcome in the cluster",
                hint: PendingReleaseHint(request.Release, request.Namespace));
        }
        return result.StandardOutput;
    }

    /// <inheritdoc />
    public async Task<string> DryRunAsync(HelmReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await DetectVersionAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunWithValuesAsync(request, values => UpgradeCommand(request, values, version.Major, dryRun: true), ReleaseHint, cancellationToken).ConfigureAwait(false);
        return HelmOutput.DryRunManifest(result.StandardOutput);
    }

    /// <inheritdoc />
    public async Task<string> TemplateAsync(HelmReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await DetectVersionAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunWithValuesAsync(request, values =>
        {
            var command = new HelmCommand("template").Option("--namespace", request.Namespace).Option("--values", values)
                .Tls(request.Auth)
                .Option("--version", request.Version)
                .Option("--api-versions", request.ApiVersions ?? _options.ApiVersions);
            AddDebug(command);
            return command.Positional(request.Release, request.Chart);
        }, "Check the chart reference, its version and the values.", cancellationToken).ConfigureAwait(false);
        return result.StandardOutput;
    }

    /// <inheritdoc />
    public async Task<bool> UninstallAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken)
    {
        var command = ClusterCommand(["uninstall"], ["--namespace", kubernetesNamespace], release);
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0) return true;
        if (HelmOutput.IsReleaseNotFound(result.StandardError)) return false;
        throw Failure(command, result, ReleaseHint);
    }

    /// <inheritdoc />
    public Task<string?> GetValuesAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        RunUnlessNotFoundAsync(ClusterCommand(["get", "values"], ["--namespace", kubernetesNamespace, "--output", "yaml"], release), cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetManifestAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken) =>
        RunUnlessNotFoundAsync(ClusterCommand(["get", "manifest"], ["--namespace", kubernetesNamespace], release), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Runs <c>helm history --max 1 --output json</c>: it names the latest revision with its status, chart and app
    /// version (the JSON of <c>helm status</c> leaves the chart out) and reads only the release records.
    /// </remarks>
    public async Task<HelmReleaseInfo?> GetReleaseAsync(string release, string kubernetesNamespace, CancellationToken cancellationToken)
    {
        var command = ClusterCommand(["history"], ["--namespace", kubernetesNamespace, "--max", "1", "--output", "json"], release);
        var output = await RunUnlessNotFoundAsync(command, cancellationToken).ConfigureAwait(false);
        if (output is null) return null;
        try
        {
            return HelmOutput.ParseHistory(release, kubernetesNamespace, output);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ServiceException(Service.Helm, command.Display(_options.Executable), $"helm history printed no JSON: {e.Message}", inner: e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs <c>helm list --namespace ns --output json --max 0</c> (0: no limit), with <c>--all</c> for helm 3, which
    /// lists only deployed and failed releases without it; helm 4 has no <c>--all</c> and lists every status by default.
    /// helm 3's <c>--all</c> leaves out the status unknown, which helm itself never records.
    /// </remarks>
    public async Task<IReadOnlyList<HelmReleaseInfo>> ListReleasesAsync(string kubernetesNamespace, CancellationToken cancellationToken)
    {
        var version = await DetectVersionAsync(cancellationToken).ConfigureAwait(false);
        var command = new HelmCommand("list").Switch("--all", version.Major < 4).Option("--namespace", kubernetesNamespace).Add("--output", "json", "--max", "0");
        AddCluster(command);
        var result = await RunCheckedAsync(command, ReleaseHint, cancellationToken).ConfigureAwait(false);
        try
        {
            return HelmOutput.ParseList(kubernetesNamespace, result.StandardOutput);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ServiceException(Service.Helm, command.Display(_options.Executable), $"helm list printed no JSON: {e.Message}", inner: e);
        }
    }

    /// <summary>The private directory of this run's values files, or null before the first one.</summary>
    internal string? ValuesDirectoryPath => _valuesDirectory;

    /// <summary>Deletes this run's directory of values files and releases the locks of the version and repository caches.</summary>
    public void Dispose()
    {
        lock (_valuesGate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_valuesDirectory is not null)
            {
                try
                {
                    Directory.Delete(_valuesDirectory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _log.Warning($"could not delete the temporary directory {_valuesDirectory}: {e.Message}");
                }
            }
        }
        _versionGate.Dispose();
        _repositoryGate.Dispose();
    }

    private HelmCommand UpgradeCommand(HelmReleaseRequest request, string valuesFile, int major, bool dryRun)
    {
        var command = new HelmCommand("upgrade").Add("--install").Option("--namespace", request.Namespace).Option("--values", valuesFile)
            .Tls(request.Auth)
            .Switch("--create-namespace", request.CreateNamespace)
            .Option("--version", request.Version);
        if (request.ForceReplace || _options.ForceReplace)
        {
            // helm 4 refuses to replace resources with server-side apply, its default for releases it installed.
            command.Add(major >= 4 ? ["--force-replace", "--server-side=false"] : ["--force"]);
        }
        command.Option("--timeout", request.Timeout ?? _options.Timeout ?? DefaultTimeout)
            .Switch("--wait", request.Wait)
            .Switch("--wait-for-jobs", request.WaitForJobs);
        if (dryRun)
        {
            // helm 3's --dry-run and helm 4's --dry-run=server both read the live release (an upgrade renders as an
            // upgrade) and look up the objects, and neither writes anything. helm 4's bare --dry-run is deprecated,
            // and its =client skips the cluster for new releases.
            command.Add(major >= 4 ? "--dry-run=server" : "--dry-run");
        }
        AddCluster(command);
        return command.Positional(request.Release, request.Chart);
    }

    private HelmCommand ClusterCommand(string[] subcommand, string[] flags, string release)
    {
        var command = new HelmCommand(subcommand).Add(flags);
        AddCluster(command);
        return command.Positional(release);
    }

    private void AddCluster(HelmCommand command)
    {
        command.Option("--kubeconfig", _options.Kubeconfig).Option("--kube-context", _options.KubeContext);
        AddDebug(command);
    }

    private void AddDebug(HelmCommand command) => command.Switch("--debug", _options.Debug);

    private async Task<DetectedVersion> DetectVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known) return known;
        await _versionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_version is { } raced) return raced;
            var command = new HelmCommand("version", "--short");
            var result = await RunCheckedAsync(command, "Install helm 3 or 4, or set helm_config.binary to one.", cancellationToken).ConfigureAwait(false);
            var display = command.Display(_options.Executable);
            var parsed = HelmOutput.ParseVersion(result.StandardOutput)
                ?? throw new ServiceException(Service.Helm, display, $"could not read the helm version from '{result.StandardOutput.Trim()}'", ErrorKind.InvalidOperation,
                    "Set helm_config.binary to a helm 3 or 4 executable.");
            if (parsed.Major is not (3 or 4))
            {
                throw new ServiceException(Service.Helm, display, $"helm {parsed.Text} is not supported; KPops works with helm 3 and helm 4", ErrorKind.InvalidOperation,
                    "Install helm 3 or 4, or set helm_config.binary to one.");
            }
            _version = new DetectedVersion(new HelmVersion(parsed.Major, parsed.Text), parsed.Minor);
            return _version;
        }
        finally
        {
            _versionGate.Release();
        }
    }

    private async Task<HelmProcessResult> RunWithValuesAsync(HelmReleaseRequest request, Func<string, HelmCommand> build, string hint, CancellationToken cancellationToken)
    {
        var valuesFile = await WriteValuesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunCheckedAsync(build(valuesFile), hint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                File.Delete(valuesFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Warning($"could not delete the temporary values file {valuesFile}: {e.Message}");
            }
        }
    }

    // The values may hold secrets: a fresh file only the user can read (on Unix), deleted by the caller, in a directory
    // only the user can enter. Its name is a counter, never input (a release name could hold '/' or '..').
    private async Task<string> WriteValuesAsync(HelmReleaseRequest request, CancellationToken cancellationToken)
    {
        var directory = ValuesDirectory();
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"values-{Interlocked.Increment(ref _valuesFiles)}.yaml"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            var stream = new FileStream(path, options);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                await using (writer.ConfigureAwait(false))
                {
                    await writer.WriteAsync(request.ValuesYaml.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    // Directory.CreateTempSubdirectory creates the directory with mkdtemp on Unix: a fresh name, mode 0700.
    private string ValuesDirectory()
    {
        lock (_valuesGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _valuesDirectory ??= Directory.CreateTempSubdirectory("kpops-").FullName;
        }
    }

    private async Task<string?> RunUnlessNotFoundAsync(HelmCommand command, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0) return result.StandardOutput;
        if (HelmOutput.IsReleaseNotFound(result.StandardError)) return null;
        throw Failure(command, result, ReleaseHint);
    }

    private async Task<HelmProcessResult> RunCheckedAsync(HelmCommand command, string hint, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(command, result, hint);
    }

    private async Task<HelmProcessResult> RunAsync(HelmCommand command, CancellationToken cancellationToken)
    {
        var display = command.Display(_options.Executable);
        _log.Verbose(display);
        HelmProcessResult result;
        try
        {
            result = await HelmProcess.RunAsync(_options.Executable, command.Arguments, command.StandardInput, _options.Environment, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new ServiceException(Service.Helm, display, $"the helm executable '{_options.Executable}' could not be started: {e.Message}", ErrorKind.ObjectNotFound,
                "Install helm 3 or 4 and put it on PATH, or set helm_config.binary to the path of the helm executable.", e);
        }
        foreach (var line in command.Redact(result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (HelmOutput.IsWarning(line)) _log.Warning("helm: " + line);
            else if (result.ExitCode == 0) _log.Verbose("helm: " + line);
        }
        return result;
    }

    private ServiceException Failure(HelmCommand command, HelmProcessResult result, string hint)
    {
        var display = command.Display(_options.Executable);
        var stderr = command.Redact(result.StandardError);
        var detail = string.Join('\n', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !HelmOutput.IsWarning(l)));
        if (detail.Length == 0) detail = command.Redact(result.StandardOutput).Trim();
        if (detail.Length > MaxErrorLength) detail = "…" + detail[^MaxErrorLength..];
        var message = string.Create(CultureInfo.InvariantCulture, $"helm {command.Name} failed with exit code {result.ExitCode}: {detail}");

        if (HelmOutput.MissingContext(stderr) is { } context)
        {
            return new ServiceException(Service.Helm, display, message, ErrorKind.InvalidArgument,
                $"The kubeconfig has no context '{context}': set helm_config.context to one of its contexts, or leave it unset to use the current one.");
        }
        if (HelmOutput.IsClusterUnreachable(stderr)) return new ServiceException(Service.Helm, display, message, ErrorKind.ConnectionError, ClusterHint);
        if (HelmOutput.IsOperationInProgress(stderr)) return new ServiceException(Service.Helm, display, message, ErrorKind.InvalidOperation, PendingReleaseHint("<release>", "<namespace>"));
        // A chart repository (or, mid-command, the cluster) that does not answer.
        var kind = HelmOutput.IsNetworkFailure(stderr) ? ErrorKind.ConnectionError : ErrorKind.ServiceError;
        return new ServiceException(Service.Helm, display, message, kind, hint);
    }

    // A pending release blocks helm until someone resolves it; only a person can tell that no other helm run is at work.
    private static string PendingReleaseHint(string release, string kubernetesNamespace) =>
        "The release is stuck in a pending state (helm was interrupted, or could not write to the cluster). If no other helm command is working on it, " +
        $"uninstall it when it was never deployed (pending-install: helm uninstall {release} --namespace {kubernetesNamespace}) or roll it back " +
        $"(pending-upgrade: helm rollback {release} --namespace {kubernetesNamespace}), then run again.";

    private sealed record DetectedVersion(HelmVersion Version, int Minor)
    {
        public int Major => Version.Major;
    }
}
