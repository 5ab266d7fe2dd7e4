using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Engine.Status;
using KPops.Tests.Unit.Lifecycle.Fakes;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>
/// The run's index of Helm releases: one <c>helm list</c> per namespace instead of reading each release before acting
/// on it, kept up to date by the run's own installs and uninstalls, and per-release reads when helm cannot list.
/// </summary>
public sealed class ReleaseIndexTests : LifecycleTestBase
{
    // Three releases of local charts (no repository to add): two in test-ns, one in another namespace.
    private const string ThreeApps = """
        - type: helm-app
          name: one
          chart: ./chart
        - type: helm-app
          name: two
          chart: ./chart
        - type: helm-app
          name: three
          chart: ./chart
          namespace: other-ns
        """;

    private const string Streams = """
        - type: streams-app
          name: app
          to:
            topics:
              out: {}
        - type: streams-app
          name: next
          from:
            components:
              app: {}
          to:
            topics:
              next-out: {}
        """;

    private List<string> HelmCalls(params string[] methods) =>
        World.Calls.Where(c => c.Service == Service.Helm && (methods.Length == 0 || methods.Contains(c.Method))).Select(c => c.ToString()).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deploy_of_new_releases_lists_each_namespace_once_and_reads_nothing_of_each_release(bool parallel)
    {
        var outcome = (await RunAsync(Operation.Deploy, Load(ThreeApps), parallel: parallel)).Succeeded();

        Assert.Equal(["Helm.ListReleases other-ns", "Helm.ListReleases test-ns"], HelmCalls("ListReleases").Order());
        Assert.Empty(HelmCalls("GetManifest", "GetRelease", "GetValues", "DryRun"));
        Assert.Equal(["Helm.UpgradeInstall demo-one", "Helm.UpgradeInstall demo-three", "Helm.UpgradeInstall demo-two"], HelmCalls("UpgradeInstall").Order());
        Assert.All(outcome.Results, r => Assert.Equal(StepAction.Created, r.Action));
    }

    [Fact]
    public async Task A_release_whose_last_revision_failed_takes_its_status_from_the_listing_and_is_deployed_again()
    {
        var pipeline = Load(ThreeApps);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Helm.Release("demo-one")!.Status = "failed";
        World.ClearCalls();

        var outcome = (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        var one = outcome.Result(ResourceKind.HelmRelease, "demo-one");
        Assert.Equal(StepAction.Updated, one.Action);
        Assert.Contains("failed", one.Message, StringComparison.Ordinal);
        Assert.Equal(StepAction.Unchanged, outcome.Result(ResourceKind.HelmRelease, "demo-two").Action);
        Assert.Empty(HelmCalls("GetRelease"));
        Assert.Equal(2, HelmCalls("ListReleases").Count);
        Assert.Equal("deployed", World.Helm.Release("demo-one")!.Status);
    }

    [Fact]
    public async Task When_helm_cannot_list_each_release_is_read_by_itself_and_the_listing_is_not_tried_again()
    {
        World.Helm.AddRelease("demo-two", "./chart", "{}");
        World.Fail("Helm.ListReleases", new ServiceException(Service.Helm, "helm list", "Error: list: failed to list: secrets is forbidden"), target: "test-ns");

        var outcome = (await RunAsync(Operation.Deploy, Load(ThreeApps))).Succeeded();

        Assert.Equal(["Helm.ListReleases test-ns", "Helm.ListReleases other-ns"], HelmCalls("ListReleases"));
        // As before the index: a manifest read per release of test-ns, the status of the existing one.
        Assert.Equal(["Helm.GetManifest demo-one", "Helm.GetManifest demo-two"], HelmCalls("GetManifest"));
        Assert.Equal(["Helm.GetRelease demo-two"], HelmCalls("GetRelease"));
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.HelmRelease, "demo-one").Action);
        Assert.Equal(StepAction.Created, outcome.Result(ResourceKind.HelmRelease, "demo-three").Action);
        Assert.Contains(outcome.Events.OfType<VerboseMessage>(),
            v => v.Message.Contains("namespace test-ns could not be listed", StringComparison.Ordinal) && v.Message.Contains("forbidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clean_lists_the_namespace_once_and_uninstalls_no_cleanup_release_that_is_not_there()
    {
        var pipeline = Load(Streams);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.ClearCalls();

        (await RunAsync(Operation.Clean, pipeline)).Succeeded();

        Assert.Equal(["Helm.ListReleases test-ns"], HelmCalls("ListReleases"));
        // Per app: its values, its uninstall, the cleanup job's install and its uninstall; nothing else.
        Assert.Equal([
            "Helm.GetValues demo-next", "Helm.Uninstall demo-next", "Helm.UpgradeInstall demo-next-clean", "Helm.Uninstall demo-next-clean",
            "Helm.GetValues demo-app", "Helm.Uninstall demo-app", "Helm.UpgradeInstall demo-app-clean", "Helm.Uninstall demo-app-clean",
        ], HelmCalls("GetValues", "Uninstall", "UpgradeInstall", "GetManifest", "GetRelease"));
        Assert.All(World.Helm.Installs.Where(i => i.Release.EndsWith("-clean", StringComparison.Ordinal)), i => Assert.True(i.Transient));
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task When_helm_cannot_list_a_leftover_cleanup_release_is_still_uninstalled_first()
    {
        World.Helm.AddRelease("demo-app", "bakdata-streams-bootstrap/streams-app", "image: registry/app\n");
        World.Helm.AddRelease("demo-app-clean", "bakdata-streams-bootstrap/streams-app-cleanup-job", "leftover: true");
        World.Fail("Helm.ListReleases");

        var outcome = (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        var calls = HelmCalls("Uninstall", "UpgradeInstall", "GetValues");
        Assert.Equal([
            "Helm.GetValues demo-next", "Helm.Uninstall demo-next", "Helm.Uninstall demo-next-clean", "Helm.UpgradeInstall demo-next-clean", "Helm.Uninstall demo-next-clean",
            "Helm.GetValues demo-app", "Helm.Uninstall demo-app", "Helm.Uninstall demo-app-clean", "Helm.UpgradeInstall demo-app-clean", "Helm.Uninstall demo-app-clean",
        ], calls);
        Assert.Equal("next HelmRelease demo-next NotFound", outcome.Lines[0]);
        Assert.Single(HelmCalls("ListReleases"));
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task A_leftover_cleanup_release_in_the_listing_is_uninstalled_first_and_an_absent_app_is_not_read()
    {
        World.Helm.AddRelease("demo-app-clean", "bakdata-streams-bootstrap/streams-app-cleanup-job", "leftover: true");

        var outcome = (await RunAsync(Operation.Reset, Load(Streams))).Succeeded();

        Assert.Equal([
            "Helm.UpgradeInstall demo-next-clean", "Helm.Uninstall demo-next-clean",
            "Helm.Uninstall demo-app-clean", "Helm.UpgradeInstall demo-app-clean", "Helm.Uninstall demo-app-clean",
        ], HelmCalls("Uninstall", "UpgradeInstall", "GetValues"));
        Assert.Equal(["next HelmRelease demo-next NotFound", "next CleanupJob demo-next-clean Ran", "app HelmRelease demo-app NotFound", "app CleanupJob demo-app-clean Ran"],
            outcome.Lines);
        Assert.Empty(World.Helm.Releases);
    }

    [Fact]
    public async Task A_dry_run_destroy_reads_the_listing_instead_of_each_release()
    {
        World.Helm.AddRelease("demo-one", "./chart", "{}");

        var outcome = (await RunAsync(Operation.Destroy, Load(ThreeApps), dryRun: true)).Succeeded();

        Assert.Equal(["three HelmRelease demo-three NotFound", "two HelmRelease demo-two NotFound", "one HelmRelease demo-one WouldDelete"], outcome.Lines);
        Assert.Equal(["Helm.ListReleases other-ns", "Helm.ListReleases test-ns"], HelmCalls());
    }

    [Fact]
    public async Task The_status_of_releases_comes_from_one_listing_per_namespace()
    {
        var pipeline = Load(ThreeApps);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.Helm.Release("demo-two")!.Status = "pending-upgrade";
        World.ClearCalls();

        var results = new List<StatusResult>();
        await foreach (var e in StatusReporter.Start([(pipeline, pipeline.Components)], new StatusOptions(), World.Factory, default).ReadAllAsync())
        {
            Assert.IsNotType<RunFailed>(e);
            if (e is ComponentCompleted completed) results.AddRange(completed.Objects.Cast<StatusResult>());
        }

        Assert.Equal(["Helm.ListReleases test-ns", "Helm.ListReleases other-ns"], HelmCalls("ListReleases", "GetRelease"));
        var releases = results.Where(r => r.Kind == StatusKind.HelmRelease).ToDictionary(r => r.Resource, r => r.Status);
        Assert.Equal(ResourceStatus.InSync, releases["demo-one"]);
        Assert.Equal(ResourceStatus.Degraded, releases["demo-two"]);
        Assert.Equal(ResourceStatus.InSync, releases["demo-three"]);
    }

    [Fact]
    public async Task The_index_follows_the_runs_own_installs_and_uninstalls()
    {
        World.Helm.AddRelease("kept", "./chart", "{}");
        var index = new HelmReleaseIndex();
        var log = NullOperationLog.Instance;
        var request = new HelmReleaseRequest { Release = "new", Chart = "./chart", Namespace = "test-ns", ValuesYaml = "{}" };

        Assert.True((await index.FindAsync(World.Helm, "new", "test-ns", log, default)).Absent);
        Assert.Equal(1, (await index.FindAsync(World.Helm, "kept", "test-ns", log, default)).Release!.Revision);
        await index.UpgradeInstallAsync(World.Helm, request, default);
        await index.UpgradeInstallAsync(World.Helm, request with { Release = "kept" }, default);
        await index.UninstallAsync(World.Helm, "gone", "test-ns", default);

        Assert.Equal(("deployed", 1), Known(await index.FindAsync(World.Helm, "new", "test-ns", log, default)));
        Assert.Equal(("deployed", 2), Known(await index.FindAsync(World.Helm, "kept", "test-ns", log, default)));
        Assert.True((await index.FindAsync(World.Helm, "gone", "test-ns", log, default)).Absent);
        await index.UninstallAsync(World.Helm, "new", "test-ns", default);
        Assert.True(index.Peek("new", "test-ns").Absent);
        Assert.Single(HelmCalls("ListReleases"));

        static (string, int) Known(ReleaseLookup lookup) => (lookup.Release!.Status, lookup.Release.Revision);
    }

    [Fact]
    public async Task After_a_failed_install_the_index_does_not_know_the_release_and_helm_is_asked()
    {
        var index = new HelmReleaseIndex();
        var log = NullOperationLog.Instance;
        World.Helm.FailingJobs.Add("job");
        var request = new HelmReleaseRequest { Release = "job", Chart = "./chart-cleanup-job", Namespace = "test-ns", ValuesYaml = "{}" };
        Assert.True((await index.FindAsync(World.Helm, "job", "test-ns", log, default)).Absent);

        await Assert.ThrowsAsync<ServiceException>(() => index.UpgradeInstallAsync(World.Helm, request, default));

        Assert.False((await index.FindAsync(World.Helm, "job", "test-ns", log, default)).Known);
        Assert.Equal("failed", (await index.GetReleaseAsync(World.Helm, "job", "test-ns", log, default))!.Status);
        Assert.Equal(["Helm.GetRelease job"], HelmCalls("GetRelease"));
    }

    [Fact]
    public async Task Releases_asked_about_at_once_share_one_listing()
    {
        var index = new HelmReleaseIndex();
        var listing = new TaskCompletionSource();
        World.Hold("Helm.ListReleases", (_, ct) => listing.Task.WaitAsync(ct));

        var lookups = Enumerable.Range(1, 5).Select(i => index.FindAsync(World.Helm, $"r{i}", "test-ns", NullOperationLog.Instance, default)).ToList();
        listing.SetResult();
        var found = await Task.WhenAll(lookups);

        Assert.All(found, f => Assert.True(f.Absent));
        Assert.Single(HelmCalls("ListReleases"));
    }

    [Fact]
    public async Task A_plain_destroy_asks_nothing_before_the_uninstall()
    {
        World.Helm.AddRelease("demo-one", "./chart", "{}");

        (await RunAsync(Operation.Destroy, Load(ThreeApps))).Succeeded();

        Assert.Equal(["Helm.Uninstall demo-three", "Helm.Uninstall demo-two", "Helm.Uninstall demo-one"], HelmCalls());
    }
}
