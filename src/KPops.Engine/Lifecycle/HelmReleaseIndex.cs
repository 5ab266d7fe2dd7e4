using KPops.Engine.Clients;
using KPops.Engine.Errors;

namespace KPops.Engine.Lifecycle;

/// <summary>What a <see cref="HelmReleaseIndex"/> says of a release.</summary>
/// <param name="Known">False: the index cannot tell; ask helm about the release itself.</param>
/// <param name="Release">The release's latest revision when <paramref name="Known"/>; null: it does not exist.</param>
internal readonly record struct ReleaseLookup(bool Known, HelmReleaseInfo? Release)
{
    /// <summary>The index cannot tell.</summary>
    public static ReleaseLookup Unknown => default;

    /// <summary>Known not to exist.</summary>
    public bool Absent => Known && Release is null;
}

/// <summary>
/// The Helm releases of the namespaces one run works in. The first question about a namespace lists it with one
/// <c>helm list</c> (every status: pending, failed and uninstalling releases too), which answers for all of its
/// releases for the rest of the run; the run's own installs and uninstalls through this index keep it up to date (an
/// install leaves the release deployed with the next revision, an uninstall removes it). Thread safe: the steps of a
/// run ask and change it in parallel.
/// </summary>
/// <remarks>
/// A release that someone else installs or removes after the listing is not seen: the same race as reading a release
/// and then acting on it, only the read is earlier. When helm cannot list a namespace (no permission to list its
/// release records, say) the index knows nothing of it and the callers ask helm per release as before, which a verbose
/// line says once per namespace. After an install or uninstall of this run that failed, the release is not known
/// either: what helm left behind is asked of helm.
/// </remarks>
internal sealed class HelmReleaseIndex
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Task<IReadOnlyDictionary<string, HelmReleaseInfo>?>> _listings = new(StringComparer.Ordinal);
    // What this run did to releases since their namespace was listed; it wins over the listing.
    private readonly Dictionary<(string Namespace, string Release), ReleaseLookup> _changes = [];

    /// <summary>The release as the listing of its namespace and this run's changes say (the namespace listed on first use).</summary>
    public async Task<ReleaseLookup> FindAsync(IHelmClient helm, string release, string kubernetesNamespace, IOperationLog log, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<string, HelmReleaseInfo>?> listing;
        lock (_gate)
        {
            if (_changes.TryGetValue((kubernetesNamespace, release), out var changed)) return changed;
            // A cancelled listing is tried again by the next question; one that helm refused stays refused for the run.
            if (!_listings.TryGetValue(kubernetesNamespace, out var known) || known.IsCanceled || known.IsFaulted)
                _listings[kubernetesNamespace] = known = ListAsync(helm, kubernetesNamespace, log, cancellationToken);
            listing = known;
        }
        var releases = await listing.ConfigureAwait(false);
        lock (_gate)
        {
            // A change of this run that ended while the namespace was being listed.
            if (_changes.TryGetValue((kubernetesNamespace, release), out var changed)) return changed;
        }
        return releases is null ? ReleaseLookup.Unknown : new ReleaseLookup(true, releases.GetValueOrDefault(release));
    }

    /// <summary>The release as far as the index knows it without asking helm (its namespace listed already).</summary>
    public ReleaseLookup Peek(string release, string kubernetesNamespace)
    {
        lock (_gate) return Peek((kubernetesNamespace, release));
    }

    /// <summary>The release's latest revision from the index, else (the index cannot tell) from <c>helm history</c>; null: it does not exist.</summary>
    public async Task<HelmReleaseInfo?> GetReleaseAsync(IHelmClient helm, string release, string kubernetesNamespace, IOperationLog log, CancellationToken cancellationToken)
    {
        var lookup = await FindAsync(helm, release, kubernetesNamespace, log, cancellationToken).ConfigureAwait(false);
        return lookup.Known ? lookup.Release : await helm.GetReleaseAsync(release, kubernetesNamespace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>helm upgrade --install</c>, recorded: the release is deployed with the next revision (its chart is not
    /// known: empty). After a failure, or when the previous revision was not known, the release is not known.
    /// </summary>
    public async Task<string> UpgradeInstallAsync(IHelmClient helm, HelmReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = (request.Namespace, request.Release);
        string output;
        try
        {
            output = await helm.UpgradeInstallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate) Forget(key);
            throw;
        }
        lock (_gate)
        {
            // Without the previous revision the next one is not known either.
            var before = Peek(key);
            if (before.Known)
                _changes[key] = new ReleaseLookup(true, new HelmReleaseInfo(request.Release, request.Namespace, (before.Release?.Revision ?? 0) + 1, "deployed", "", null));
            else Forget(key);
        }
        return output;
    }

    /// <summary><c>helm uninstall</c>, recorded: the release no longer exists. After a failure the release is not known.</summary>
    public async Task<bool> UninstallAsync(IHelmClient helm, string release, string kubernetesNamespace, CancellationToken cancellationToken)
    {
        var key = (kubernetesNamespace, release);
        bool existed;
        try
        {
            existed = await helm.UninstallAsync(release, kubernetesNamespace, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate) Forget(key);
            throw;
        }
        Record(key, new ReleaseLookup(true, null));
        return existed;
    }

    private void Record((string Namespace, string Release) key, ReleaseLookup state)
    {
        lock (_gate) _changes[key] = state;
    }

    // The release's state is not known: helm is asked about it. A namespace not listed yet needs no note, its listing
    // will show the release as it is then. Call under the lock.
    private void Forget((string Namespace, string Release) key)
    {
        if (_listings.ContainsKey(key.Namespace)) _changes[key] = ReleaseLookup.Unknown;
        else _changes.Remove(key);
    }

    // What is known without asking helm; call under the lock.
    private ReleaseLookup Peek((string Namespace, string Release) key)
    {
        if (_changes.TryGetValue(key, out var changed)) return changed;
        return _listings.TryGetValue(key.Namespace, out var listing) && listing.IsCompletedSuccessfully && listing.Result is { } releases
            ? new ReleaseLookup(true, releases.GetValueOrDefault(key.Release))
            : ReleaseLookup.Unknown;
    }

    private static async Task<IReadOnlyDictionary<string, HelmReleaseInfo>?> ListAsync(IHelmClient helm, string kubernetesNamespace, IOperationLog log, CancellationToken cancellationToken)
    {
        try
        {
            var releases = await helm.ListReleasesAsync(kubernetesNamespace, cancellationToken).ConfigureAwait(false);
            var byName = new Dictionary<string, HelmReleaseInfo>(StringComparer.Ordinal);
            foreach (var release in releases) byName[release.Name] = release;
            return byName;
        }
        catch (KPopsException e) when (e.Kind != ErrorKind.Cancelled)
        {
            log.Verbose($"The Helm releases of namespace {kubernetesNamespace} could not be listed ({e.Message}); each release is looked up by itself.");
            return null;
        }
    }
}
