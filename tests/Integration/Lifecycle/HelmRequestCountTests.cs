using KPops.Engine.Lifecycle;
using KPops.Tests.Integration.Support;
using KPops.TestWorld.Common;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Lifecycle;

/// <summary>
/// The helm processes and Kubernetes requests of a deploy and a clean of three apps (producer, streams, consumer) with
/// the real helm against the Kubernetes double. One <c>helm list</c> of the namespace tells whether each release exists
/// and how its last revision ended: a new release is installed without reading anything of it first, and a clean
/// uninstalls no cleanup release that is not there. The Kubernetes request counts are pinned with what they are made
/// of; a change in them is a change in the round trips of every release.
/// </summary>
[Collection(TestWorldFixture.CollectionName)]
public sealed class HelmRequestCountTests(TestWorldFixture fixture, ITestOutputHelper output) : LifecycleTest(fixture, output)
{
    private static readonly string[] Apps = ["producer", "streams", "consumer"];

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_deploy_of_new_releases_lists_the_namespace_once_and_reads_nothing_of_a_release_before_installing_it(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);

        var deploy = (await RunAsync(Operation.Deploy, Pick(pipeline, Apps))).EnsureSuccess();

        // Once per run: the version, the repository and the listing of the namespace. Per release: the install and
        // helm history, the check that helm recorded the release as deployed (it exits 0 even when it could not).
        Assert.Equal(["version", "repo add", "repo update", "list", .. Apps.SelectMany(a => new[] { "upgrade " + Full(a), "history " + Full(a) })],
            Commands(deploy, helm));
        Assert.Equal(Deployed(Apps), Releases());
        // Kubernetes requests: helm list 2 (GET /version, GET of the namespace's release Secrets), once. Per release:
        // the install (the release's lookups, discovery, OpenAPI, the objects, the wait and the release record) — helm 3:
        // 22 for the producer's Job, 24 for a Deployment; helm 4: 26 and 29 — and helm history 2 (GET /version, GET of
        // the release's Secrets). Before the index, each release also cost helm get manifest (2 requests) first.
        Assert.Equal(helm == 3 ? 2 + (22 + 2) + 2 * (24 + 2) : 2 + (26 + 2) + 2 * (29 + 2), KubernetesRequests(deploy));
    }

    [DoubleOnlyTheory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_clean_lists_the_namespace_once_and_uninstalls_no_cleanup_release_that_is_not_there(int helm)
    {
        var pipeline = Load(helm);
        Kafka.CreateTopic(ExternalTopic, 2);
        var apps = Pick(pipeline, Apps);
        (await RunAsync(Operation.Deploy, apps)).EnsureSuccess();

        var clean = (await RunAsync(Operation.Clean, apps)).EnsureSuccess();

        // While helm waits for a cleanup Job, KPops reads the release's manifest every 2 s to see whether the Job
        // failed: how often depends on how long the Job takes, so those reads are counted apart.
        var commands = Commands(clean, helm);
        var watches = commands.Count(c => c.StartsWith("get manifest ", StringComparison.Ordinal));
        // Once per run: the version, the listing, the repository. Per app, last first: its values (for the cleanup
        // job), its uninstall, the cleanup job's install and uninstall; neither an uninstall of a cleanup release
        // before the install (none is left over) nor a helm history after it (the release is uninstalled next).
        string[] PerApp(string app) => ["get values " + Full(app), "uninstall " + Full(app), "upgrade " + Full(app) + "-clean", "uninstall " + Full(app) + "-clean"];
        Assert.Equal(["version", "list", .. PerApp("consumer")[..2], "repo add", "repo update", .. PerApp("consumer")[2..], .. PerApp("streams"), .. PerApp("producer")],
            commands.Where(c => !c.StartsWith("get manifest ", StringComparison.Ordinal)));
        Assert.Empty(Releases());
        // Kubernetes requests: helm list 2, once. Per app: helm get values 2 (GET /version, the release's Secrets),
        // helm uninstall 6 (/version, the release's Secrets, the record marked uninstalling, the workload deleted, the
        // record read and deleted) twice — the app's and the cleanup job's — and the cleanup job's install with
        // --wait-for-jobs (helm 3: 23, helm 4: 26). Each watch of a Job: helm get manifest 2 and KPops' GET of the Job.
        // Before the index, each app also cost an uninstall of the absent cleanup release (2) and helm history (2).
        Assert.Equal(2 + (3 * (2 + 6 + (helm == 3 ? 23 : 26) + 6)) + (3 * watches), KubernetesRequests(clean));
    }

    [DoubleOnlyFact]
    public async Task A_cleanup_release_left_over_is_uninstalled_before_the_cleanup_job_is_installed_again()
    {
        var pipeline = Load(4, variables: new Dictionary<string, string> { ["KPOPS_RETAIN_CLEAN_JOBS"] = "true" });
        Kafka.CreateTopic(ExternalTopic, 2);
        var apps = Pick(pipeline, "producer", "streams");
        (await RunAsync(Operation.Deploy, apps)).EnsureSuccess();
        (await RunAsync(Operation.Clean, apps)).EnsureSuccess();
        Assert.Equal(new Dictionary<string, string> { [Full("producer") + "-clean"] = "deployed", [Full("streams") + "-clean"] = "deployed" }, Releases());

        var again = (await RunAsync(Operation.Clean, apps)).EnsureSuccess();

        // The listing shows the kept cleanup releases: each is uninstalled, then installed and (retained) checked.
        var commands = Commands(again, 4).Where(c => !c.StartsWith("get manifest ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["version", "list",
            "repo add", "repo update", "uninstall " + Full("streams") + "-clean", "upgrade " + Full("streams") + "-clean", "history " + Full("streams") + "-clean",
            "uninstall " + Full("producer") + "-clean", "upgrade " + Full("producer") + "-clean", "history " + Full("producer") + "-clean"], commands);
        Assert.Equal(["HelmRelease NotFound", "CleanupJob Ran"], again.Actions("streams"));
    }

    [DoubleOnlyFact]
    public async Task When_helm_cannot_list_the_namespace_each_release_is_read_by_itself()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 2);
        // The first read of the namespace's release Secrets is helm list's: forbidden, as for a user who may not list them.
        D.Kubernetes!.Faults.Add(new FaultRule { Method = "GET", PathPattern = $"^/api/v1/namespaces/{Namespace}/secrets$", Status = 403, Message = "secrets is forbidden" });
        var apps = new[] { "producer", "streams" };

        var deploy = (await RunAsync(Operation.Deploy, Pick(pipeline, apps))).EnsureSuccess();

        // As without the index: helm get manifest says whether each release exists (and helm history, had it existed).
        Assert.Equal(["version", "repo add", "repo update", "list", .. apps.SelectMany(a => new[] { "get manifest " + Full(a), "upgrade " + Full(a), "history " + Full(a) })],
            Commands(deploy, 4));
        Assert.Contains(deploy.Verbose, v => v.Contains($"The Helm releases of namespace {Namespace} could not be listed", StringComparison.Ordinal));
        Assert.Equal(Deployed(apps), Releases());
    }

    [DoubleOnlyFact]
    public async Task A_WhatIf_deploy_lists_the_namespace_once_and_renders_each_release()
    {
        var pipeline = Load(4);
        Kafka.CreateTopic(ExternalTopic, 2);

        var plan = (await RunAsync(Operation.Deploy, Pick(pipeline, Apps), dryRun: true)).EnsureSuccess();

        Assert.Equal(["version", "repo add", "repo update", "list", .. Apps.Select(a => "upgrade " + Full(a))], Commands(plan, 4));
        Assert.All(Apps, a => Assert.Equal(StepAction.WouldCreate, plan.Result(a, ResourceKind.HelmRelease).Action));
        AssertNothingChanged(plan);
    }

    /// <summary>The helm commands of a run, in order, as "subcommand" or, for a command on one release, "subcommand release".</summary>
    private List<string> Commands(RunOutcome run, int helm)
    {
        var commands = HelmCommandLines.Of(run.Verbose, World.HelmPath(helm)).Select(arguments =>
        {
            var subcommand = HelmCommandLines.Subcommand(arguments);
            var positionals = arguments.IndexOf(" -- ", StringComparison.Ordinal);
            return subcommand is "upgrade" or "history" or "uninstall" or "get values" or "get manifest" && positionals >= 0
                ? subcommand + " " + arguments[(positionals + 4)..].Split(' ')[0]
                : subcommand;
        }).ToList();
        Output.WriteLine("helm: " + string.Join(" | ", commands));
        return commands;
    }

    private int KubernetesRequests(RunOutcome run)
    {
        var requests = run.Requests.Where(r => r.Service == "Kubernetes").ToList();
        Output.WriteLine($"Kubernetes requests: {requests.Count}");
        return requests.Count;
    }
}
