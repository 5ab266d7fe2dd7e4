using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Helm;
using KPops.Engine.Clients.Kubernetes;
using KPops.Engine.Errors;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Kubernetes;
using KPops.TestWorld.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace KPops.Tests.Integration.Helm;

/// <summary>
/// <see cref="HelmClient"/> with a real helm of one version against the world's cluster and chart repository. Every
/// test has its own namespace; the double and the repository are reset before each test.
/// </summary>
public abstract class HelmClientTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    protected HelmClientTests(HelmWorld world, string version, ITestOutputHelper output)
    {
        World = world;
        Version = version;
        _output = output;
        world.Reset();
        // helm 3 polls every 2 s: Jobs that are done by its first poll keep the tests quick.
        if (world.Kube is not null && !IsHelm4) world.Kube.JobDuration = TimeSpan.Zero;
        Namespace = ClusterWorld.NewNamespace();
        Log = new ClusterTestLog(output);
        Helm = NewClient();
    }

    protected HelmWorld World { get; }

    protected string Version { get; }

    protected bool IsHelm4 => Version.StartsWith('4');

    protected string Namespace { get; }

    protected ClusterTestLog Log { get; }

    protected HelmClient Helm { get; }

    protected KubernetesDouble? Kube => World.Kube;

    protected KubernetesDouble RequireDouble() => World.RequireDouble();

    public async Task InitializeAsync()
    {
        if (Kube is null) await World.CreateNamespaceAsync(Namespace);
    }

    public async Task DisposeAsync()
    {
        Helm.Dispose();
        await World.DeleteNamespaceAsync(Namespace);
    }

    [Fact]
    public async Task The_version_is_detected_once()
    {
        var first = await Helm.GetVersionAsync(default);
        var second = await Helm.GetVersionAsync(default);

        Assert.Equal(IsHelm4 ? 4 : 3, first.Major);
        Assert.Equal("v" + Version, first.Text);
        Assert.Same(first, second);
        Assert.Single(HelmLines(), l => l.EndsWith(" version --short", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_protected_repository_is_added_and_updated_once_with_its_password_masked()
    {
        World.Charts.RequiredCredentials = ("kpops", "s3cr3t-pw");
        var repository = World.Repository("protected", new HelmRepoAuth("kpops", "s3cr3t-pw", null, null, false));

        await Helm.AddRepositoryAsync(repository, default);
        var linesAfterFirst = Log.Lines.Count;
        await Helm.AddRepositoryAsync(repository, default);

        var helm = HelmLines();
        Assert.Contains(helm, l => l.EndsWith($" repo add --username kpops --password-stdin -- protected {World.Charts.Endpoint}", StringComparison.Ordinal));
        Assert.Contains(helm, l => l.EndsWith(" repo update -- protected", StringComparison.Ordinal));
        Assert.Equal(linesAfterFirst, Log.Lines.Count);
        Assert.DoesNotContain("s3cr3t-pw", Log.Text, StringComparison.Ordinal);

        // The chart comes from the protected repository too, with the credentials repo add recorded (none on the
        // command line). helm 4 may take it from its content cache, which another test filled: then nothing is fetched.
        await Helm.UpgradeInstallAsync(Request("app", "protected/generic-app") with { Version = "3.6.1", Auth = repository.Auth }, default);
        if (!IsHelm4) Assert.Contains(World.Charts.Log.Records, r => r.Path == "/generic-app/generic-app-3.6.1.tgz" && r.Status == 200);
        Assert.DoesNotContain(World.Charts.Log.Records, r => r.Status == 401);
        Assert.Equal("generic-app-3.6.1", (await Helm.GetReleaseAsync("app", Namespace, default))!.Chart);
    }

    [Fact]
    public async Task A_wrong_password_fails_without_showing_it()
    {
        World.Charts.RequiredCredentials = ("kpops", "right-pw");

        var error = await Assert.ThrowsAsync<ServiceException>(() =>
            Helm.AddRepositoryAsync(World.Repository("protected", new HelmRepoAuth("kpops", "wrong-pw", null, null, false)), default));

        Assert.Equal(Service.Helm, error.Service);
        Assert.Contains("--password-stdin -- protected ", error.Endpoint, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", error.FullMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repository_name_taken_by_another_url_gives_a_warning()
    {
        await Helm.AddRepositoryAsync(World.Repository("taken"), default);
        using var other = NewClient();

        await other.AddRepositoryAsync(new HelmRepository("taken", World.Charts.Endpoint + "other/", null), default);

        Assert.Contains(Log.Warnings, w => w.Contains("'taken' already exists", StringComparison.Ordinal));
        Assert.Contains(HelmLines(), l => l.EndsWith(" repo update -- taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upgrade_install_creates_then_upgrades_a_release_and_deletes_the_values_file()
    {
        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 2\nconfig:\n  greeting: hello\n"), default);

        Assert.Equal(2, (await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("app-generic-app", Namespace)).Spec.Replicas);
        Assert.Equal("hello", (await World.Raw.CoreV1.ReadNamespacedConfigMapAsync("app-generic-app", Namespace)).Data["greeting"]);

        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 3\n"), default);

        Assert.Equal(3, (await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("app-generic-app", Namespace)).Spec.Replicas);
        var release = await Helm.GetReleaseAsync("app", Namespace, default);
        Assert.Equal(new HelmReleaseInfo("app", Namespace, 2, "deployed", "generic-app-3.6.1", "3.6.1"), release);

        var upgrades = HelmLines().Where(l => l.EndsWith(" -- app " + Path.Combine(ChartPackager.SourceDirectory, GenericApp), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, upgrades.Count);
        Assert.All(upgrades, l => Assert.Matches($" upgrade --install --namespace {Namespace} --values \\S+ --timeout 5m0s --kubeconfig \\S+ --kube-context {World.Context} -- app ", l));
        Assert.All(ValuesFiles(), file => Assert.False(File.Exists(file), file + " was left behind"));
    }

    [Fact]
    public async Task Wait_returns_once_the_deployment_is_ready()
    {
        await Helm.UpgradeInstallAsync(Request("web", GenericApp) with { Wait = true, Timeout = "60s" }, default);

        var deployment = await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("web-generic-app", Namespace);
        Assert.Equal(1, deployment.Status.ReadyReplicas);
        Assert.Contains(HelmLines(), l => l.Contains(" --timeout 60s --wait ", StringComparison.Ordinal));
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task A_cleanup_job_with_wait_for_jobs_succeeds()
    {
        var kube = RequireDouble(); // the chart's image exists in the double only

        await Helm.UpgradeInstallAsync(Request("clean", "producer-app-cleanup-job") with { Wait = true, WaitForJobs = true, Timeout = "30s" }, default);

        var job = kube.Get("batch/v1", "Job", Namespace, "clean-producer-app-cleanup-job")!;
        Assert.Equal(1, job["status"]!["succeeded"]!.GetValue<long>());
        Assert.Contains(HelmLines(), l => l.Contains(" --wait --wait-for-jobs ", StringComparison.Ordinal));
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task A_failing_cleanup_job_fails_with_helms_message_and_its_log_can_be_read()
    {
        // The Job's outcome is chosen by the double.
        RequireDouble().SetJobOutcome($"^{Namespace}-clean$", JobOutcome.Failed, "cleaning output topics\nerror: topic deletion failed\n");
        // helm 4 gives up as soon as the Job failed; helm 3 keeps polling until --timeout.
        var request = Request("clean", "producer-app-cleanup-job", $"fullnameOverride: {Namespace}-clean\n") with { Wait = true, WaitForJobs = true, Timeout = IsHelm4 ? "60s" : "3s" };
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ServiceException>(() => Helm.UpgradeInstallAsync(request, default));
        _output.WriteLine(error.FullMessage);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"helm took {watch.Elapsed}");
        Assert.Equal(ErrorKind.ServiceError, error.Kind);
        Assert.Equal("HelmRequestFailed", error.ErrorId);
        Assert.StartsWith("[Helm] helm upgrade failed with exit code 1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(IsHelm4 ? "status: Failed, message: Job Failed" : "context deadline exceeded", error.Message, StringComparison.Ordinal);
        Assert.Contains(" upgrade --install ", error.Endpoint, StringComparison.Ordinal);
        Assert.Contains(" -- clean ", error.Endpoint, StringComparison.Ordinal);
        Assert.All(ValuesFiles(), file => Assert.False(File.Exists(file)));

        using var kube = new KubernetesApiClient(new KubernetesClientOptions { Kubeconfig = World.Kubeconfig, Context = World.Context });
        var logs = await kube.GetJobLogsAsync(Namespace, $"job-name={Namespace}-clean", default);
        Assert.Contains("error: topic deletion failed", logs, StringComparison.Ordinal);
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task A_dry_run_only_reads_the_live_release_from_the_cluster()
    {
        var kube = RequireDouble(); // the request log is the double's
        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 1\n"), default);
        var mark = LastRequest();

        await Helm.DryRunAsync(Request("app", GenericApp, "replicaCount: 3\n"), default);

        var requests = kube.Log.Records.Where(r => r.Sequence > mark).ToList();
        Assert.DoesNotContain(requests, r => r.IsMutating);
        // The upgrade was rendered against the live release: helm read its release records.
        Assert.Contains(requests, r => r.Method == "GET" && r.Path == $"/api/v1/namespaces/{Namespace}/secrets" && r.Query!.Contains("name%3Dapp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_renders_the_upgrade_against_the_live_release_and_writes_nothing()
    {
        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 1\n"), default);

        var manifest = await Helm.DryRunAsync(Request("app", GenericApp, "replicaCount: 3\n"), default);
        var otherNamespace = ClusterWorld.NewNamespace();
        var fresh = await Helm.DryRunAsync(Request("fresh", GenericApp) with { Namespace = otherNamespace, CreateNamespace = true }, default);

        Assert.StartsWith("---\n# Source: generic-app/templates/", manifest, StringComparison.Ordinal);
        Assert.Contains("kind: Deployment", manifest, StringComparison.Ordinal);
        Assert.Contains("  replicas: 3\n", manifest, StringComparison.Ordinal);
        Assert.Contains("name: fresh-generic-app", fresh, StringComparison.Ordinal);
        Assert.Equal(2, HelmLines().Count(l => l.Contains(IsHelm4 ? " --timeout 5m0s --dry-run=server --kubeconfig " : " --timeout 5m0s --dry-run --kubeconfig ", StringComparison.Ordinal)));
        Assert.Equal(1, (await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("app-generic-app", Namespace)).Spec.Replicas);
        Assert.Equal(1, (await Helm.GetReleaseAsync("app", Namespace, default))!.Revision);
        Assert.Null(await Helm.GetReleaseAsync("fresh", otherNamespace, default));
        Assert.Empty((await World.Raw.CoreV1.ListNamespaceAsync(fieldSelector: "metadata.name=" + otherNamespace)).Items);
        Assert.All(ValuesFiles(), file => Assert.False(File.Exists(file)));
    }

    [Fact]
    public async Task A_dry_run_returns_the_manifest_without_notes_also_with_debug()
    {
        using var debug = NewClient(o => o with { Debug = true });

        var manifest = await Helm.DryRunAsync(Request("notes", World.NotesChart), default);
        var withDebug = await debug.DryRunAsync(Request("notes", World.NotesChart), default);

        foreach (var text in new[] { manifest, withDebug })
        {
            Assert.StartsWith("---\n# Source: kpops-notes/templates/configmap.yaml\n", text, StringComparison.Ordinal);
            Assert.Contains("greeting: \"hello\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("NOTES", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Thank you", text, StringComparison.Ordinal);
            Assert.DoesNotContain("NotAManifest", text, StringComparison.Ordinal);
        }
        Assert.Contains(HelmLines(), l => l.Contains(" --debug -- notes ", StringComparison.Ordinal));
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task Template_sends_no_request_to_the_cluster()
    {
        var kube = RequireDouble(); // the request log is the double's
        var mark = LastRequest();
        using var configured = NewClient(o => o with { ApiVersions = "kpops.test/v1" });

        await Helm.TemplateAsync(Request("tpl", World.NotesChart), default);
        await Helm.TemplateAsync(Request("tpl", World.NotesChart) with { ApiVersions = "kpops.test/v1" }, default);
        await configured.TemplateAsync(Request("tpl", World.NotesChart), default);

        Assert.DoesNotContain(kube.Log.Records, r => r.Sequence > mark);
    }

    [Fact]
    public async Task Template_renders_offline_with_the_api_versions()
    {
        using var configured = NewClient(o => o with { ApiVersions = "kpops.test/v1" });

        var plain = await Helm.TemplateAsync(Request("tpl", World.NotesChart), default);
        var gated = await Helm.TemplateAsync(Request("tpl", World.NotesChart) with { ApiVersions = "kpops.test/v1" }, default);
        var fromOptions = await configured.TemplateAsync(Request("tpl", World.NotesChart), default);

        Assert.Contains("name: tpl-config", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("tpl-gated", plain, StringComparison.Ordinal);
        Assert.Contains("name: tpl-gated", gated, StringComparison.Ordinal);
        Assert.Contains("name: tpl-gated", fromOptions, StringComparison.Ordinal);
        Assert.Contains(HelmLines(), l => l.Contains($" template --namespace {Namespace} --values ", StringComparison.Ordinal) && l.EndsWith($" --api-versions kpops.test/v1 -- tpl {World.NotesChart}", StringComparison.Ordinal));
        Assert.All(ValuesFiles(), file => Assert.False(File.Exists(file)));
        // helm's own warnings (here: the chart is deprecated) reach the warning stream.
        Assert.Contains(IsHelm4 ? "helm: level=WARN msg=\"this chart is deprecated\"" : "helm: WARNING: This chart is deprecated", Log.Warnings);
    }

    [Fact]
    public async Task Uninstall_removes_a_release_and_reports_a_missing_one()
    {
        await Helm.UpgradeInstallAsync(Request("gone", GenericApp), default);

        Assert.True(await Helm.UninstallAsync("gone", Namespace, default));
        Assert.False(await Helm.UninstallAsync("gone", Namespace, default));
        Assert.False(await Helm.UninstallAsync("never", Namespace, default));

        Assert.Empty((await World.Raw.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items);
        Assert.Null(await Helm.GetReleaseAsync("gone", Namespace, default));
    }

    [Fact]
    public async Task Only_a_release_that_stays_installed_is_read_back_after_its_upgrade()
    {
        await Helm.UpgradeInstallAsync(Request("stays", GenericApp), default);
        await Helm.UpgradeInstallAsync(Request("passing", GenericApp) with { Transient = true }, default);

        var readBack = HelmLines().Where(l => l.Contains(" history ", StringComparison.Ordinal)).ToList();
        Assert.Single(readBack, l => l.EndsWith(" -- stays", StringComparison.Ordinal));
        Assert.DoesNotContain(readBack, l => l.EndsWith(" -- passing", StringComparison.Ordinal));
        Assert.Equal("deployed", (await Helm.GetReleaseAsync("passing", Namespace, default))!.Status);
    }

    [Fact]
    public async Task List_names_the_latest_revision_of_every_release_of_the_namespace_whatever_its_status()
    {
        await Helm.UpgradeInstallAsync(Request("app", GenericApp), default);
        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 2\n"), default);
        await Helm.UpgradeInstallAsync(Request("stuck", GenericApp), default);
        // What a helm killed in the middle of an install leaves behind; helm 3 lists it only with --all.
        await SetRecordedStatusAsync("stuck", 1, "pending-install");

        var releases = await Helm.ListReleasesAsync(Namespace, default);

        Assert.Equal([
            new HelmReleaseInfo("app", Namespace, 2, "deployed", "generic-app-3.6.1", "3.6.1"),
            new HelmReleaseInfo("stuck", Namespace, 1, "pending-install", "generic-app-3.6.1", "3.6.1"),
        ], releases.OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Empty(await Helm.ListReleasesAsync(Namespace + "-empty", default));
        // helm 4 has no --all: it lists every status by default. --max 0: no limit (helm's default is 256).
        Assert.Contains(HelmLines(), l => l.Contains($" list {(IsHelm4 ? "" : "--all ")}--namespace {Namespace} --output json --max 0 --kubeconfig ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Values_manifest_and_status_of_a_release_and_nulls_for_a_missing_one()
    {
        await Helm.UpgradeInstallAsync(Request("app", GenericApp, "replicaCount: 2\n"), default);

        Assert.Equal("replicaCount: 2\n", await Helm.GetValuesAsync("app", Namespace, default));
        var manifest = await Helm.GetManifestAsync("app", Namespace, default);
        Assert.Contains("# Source: generic-app/templates/deployment.yaml", manifest, StringComparison.Ordinal);
        Assert.Contains("replicas: 2", manifest, StringComparison.Ordinal);
        Assert.Equal(new HelmReleaseInfo("app", Namespace, 1, "deployed", "generic-app-3.6.1", "3.6.1"), await Helm.GetReleaseAsync("app", Namespace, default));

        Assert.Null(await Helm.GetValuesAsync("missing", Namespace, default));
        Assert.Null(await Helm.GetManifestAsync("missing", Namespace, default));
        Assert.Null(await Helm.GetReleaseAsync("missing", Namespace, default));
        Assert.Contains(HelmLines(), l => l.Contains($" get values --namespace {Namespace} --output yaml ", StringComparison.Ordinal) && l.EndsWith(" -- app", StringComparison.Ordinal));
        Assert.Contains(HelmLines(), l => l.Contains($" history --namespace {Namespace} --max 1 --output json ", StringComparison.Ordinal) && l.EndsWith(" -- app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Force_replace_uses_the_flags_of_the_helm_version()
    {
        await Helm.UpgradeInstallAsync(Request("forced", GenericApp), default);
        using var forcing = NewClient(o => o with { ForceReplace = true });

        await forcing.UpgradeInstallAsync(Request("forced", GenericApp, "replicaCount: 2\n"), default);
        await Helm.UpgradeInstallAsync(Request("forced", GenericApp, "replicaCount: 3\n") with { ForceReplace = true }, default);

        var flags = IsHelm4 ? " --force-replace --server-side=false " : " --force ";
        Assert.Equal(2, HelmLines().Count(l => l.Contains(flags, StringComparison.Ordinal)));
        Assert.Equal(3, (await Helm.GetReleaseAsync("forced", Namespace, default))!.Revision);
        Assert.Equal(3, (await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("forced-generic-app", Namespace)).Spec.Replicas);
    }

    [DoubleOnlyFact]
    [Trait("World", "DoubleOnly")]
    public async Task Cancellation_stops_helm_quickly_and_the_release_is_marked_failed()
    {
        var kube = RequireDouble(); // a Job that never ends is the double's
        kube.SetJobOutcome($"^{Namespace}-forever$", JobOutcome.Running);
        using var cancel = new CancellationTokenSource();
        var request = Request("forever", "producer-app-cleanup-job", $"fullnameOverride: {Namespace}-forever\n") with { Wait = true, WaitForJobs = true, Timeout = "2m" };

        var install = Helm.UpgradeInstallAsync(request, cancel.Token);
        await kube.WaitForAsync("batch/v1", "Job", Namespace, $"{Namespace}-forever", _ => true, TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => install);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopping helm took {watch.Elapsed}");
        Assert.All(ValuesFiles(), file => Assert.False(File.Exists(file)));
        if (OperatingSystem.IsLinux()) Assert.Empty(HelmProcessesOf($"{Namespace}"));
        // helm was asked to stop (SIGTERM), so it recorded the release as failed instead of leaving it pending.
        Assert.Equal("failed", (await Helm.GetReleaseAsync("forever", Namespace, default))!.Status);
    }

    [Fact]
    public async Task A_missing_binary_names_helm_config_binary()
    {
        using var missing = NewClient(o => o with { Binary = Path.Combine(World.Directory, "no-such-helm") });

        var error = await Assert.ThrowsAsync<ServiceException>(() => missing.GetVersionAsync(default));

        Assert.Equal(ErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("no-such-helm", error.Message, StringComparison.Ordinal);
        Assert.Contains("helm_config.binary", error.FullMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kube_context_chooses_the_cluster()
    {
        var (kubeconfig, closed) = World.WriteKubeconfigWithClosedContext("kpops-good");
        using var good = NewClient(o => o with { Kubeconfig = kubeconfig, KubeContext = "kpops-good" });
        using var current = NewClient(o => o with { Kubeconfig = kubeconfig, KubeContext = null });
        using var unknown = NewClient(o => o with { Kubeconfig = kubeconfig, KubeContext = "kpops-nope" });

        await good.UpgradeInstallAsync(Request("ctx", GenericApp), default);
        var unreachable = await Assert.ThrowsAsync<ServiceException>(() => current.GetReleaseAsync("ctx", Namespace, default));
        var missing = await Assert.ThrowsAsync<ServiceException>(() => unknown.GetReleaseAsync("ctx", Namespace, default));
        _output.WriteLine(unreachable.FullMessage);
        _output.WriteLine(missing.FullMessage);

        Assert.NotNull(await World.Raw.AppsV1.ReadNamespacedDeploymentAsync("ctx-generic-app", Namespace));
        Assert.Contains(HelmLines(), l => l.Contains(" upgrade --install ", StringComparison.Ordinal) && l.Contains($" --kubeconfig {kubeconfig} --kube-context kpops-good -- ctx ", StringComparison.Ordinal));
        Assert.Equal(ErrorKind.ConnectionError, unreachable.Kind);
        Assert.Equal("HelmConnectionFailed", unreachable.ErrorId);
        Assert.Contains(closed.Replace("http://", "", StringComparison.Ordinal), unreachable.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidArgument, missing.Kind);
        Assert.Contains("helm_config.context", missing.FullMessage, StringComparison.Ordinal);
    }

    [PosixOnlyFact] // a shell script records helm's arguments, then runs the real helm
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Names_that_look_like_flags_stay_arguments_and_the_repository_password_never_reaches_the_command_line()
    {
        const string Password = "s3cr3t-argv-pw";
        World.Charts.RequiredCredentials = ("kpops", Password);
        var directory = Directory.CreateTempSubdirectory("kpops-it-argv-").FullName;
        try
        {
            var arguments = Path.Combine(directory, "arguments.log");
            var wrapper = Path.Combine(directory, "helm");
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{arguments}'\nexec '{World.Options(Version).Binary}' \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var helm = NewClient(o => o with { Binary = wrapper });
            // Valid names that hold what would be flags if helm read them as such.
            var repository = World.Repository("x--post-renderer", new HelmRepoAuth("kpops", Password, null, null, false));

            await helm.AddRepositoryAsync(repository, default);
            await helm.UpgradeInstallAsync(Request("app--set", "x--post-renderer/generic-app") with { Version = "3.6.1", Auth = repository.Auth }, default);
            var manifest = await helm.TemplateAsync(Request("tpl--debug", "x--post-renderer/generic-app") with { Version = "3.6.1", Auth = repository.Auth }, default);

            Assert.Equal("deployed", (await helm.GetReleaseAsync("app--set", Namespace, default))!.Status);
            Assert.Contains("name: tpl--debug-generic-app", manifest, StringComparison.Ordinal);
            var lines = await File.ReadAllLinesAsync(arguments);
            Assert.Contains(lines, l => l.StartsWith("repo add --username kpops --password-stdin ", StringComparison.Ordinal) && l.EndsWith(" -- x--post-renderer " + World.Charts.Endpoint, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("upgrade --install ", StringComparison.Ordinal) && l.EndsWith(" -- app--set x--post-renderer/generic-app", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("template ", StringComparison.Ordinal) && l.EndsWith(" -- tpl--debug x--post-renderer/generic-app", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Password, StringComparison.Ordinal));
            Assert.DoesNotContain(Password, Log.Text, StringComparison.Ordinal);
            // The values files lived in a private directory of this client, gone with it.
            var values = Assert.IsType<string>(helm.ValuesDirectoryPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(values));
            Assert.Empty(Directory.EnumerateFileSystemEntries(values));
            helm.Dispose();
            Assert.False(Directory.Exists(values));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const string GenericApp = "generic-app";

    private HelmClient NewClient(Func<HelmClientOptions, HelmClientOptions>? change = null)
    {
        var options = World.Options(Version);
        return new HelmClient(change is null ? options : change(options), Log);
    }

    /// <summary>A request for a test chart (by name: the local chart directory) or a chart reference, into the test's namespace.</summary>
    private HelmReleaseRequest Request(string release, string chart, string values = "{}\n") => new()
    {
        Release = release,
        Chart = ChartPackager.Charts.Contains(chart) ? Path.Combine(ChartPackager.SourceDirectory, chart) : chart,
        Namespace = Namespace,
        ValuesYaml = values,
    };

    /// <summary>The helm command lines logged so far.</summary>
    private List<string> HelmLines() => Log.Verboses.Where(l => l.StartsWith(World.Options(Version).Binary + " ", StringComparison.Ordinal)).ToList();

    /// <summary>The values files named in the logged command lines.</summary>
    private List<string> ValuesFiles()
    {
        var files = HelmLines().Select(l => Regex.Match(l, @" --values (\S+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(files);
        return files;
    }

    /// <summary>Rewrites the status of a stored release revision (the secret's JSON, gzipped and base64-encoded by helm, and its label).</summary>
    private async Task SetRecordedStatusAsync(string release, int revision, string status)
    {
        var name = $"sh.helm.release.v1.{release}.v{revision}";
        var secret = await World.Raw.CoreV1.ReadNamespacedSecretAsync(name, Namespace);
        using var gzipped = new MemoryStream(Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(secret.Data["release"])));
        using var reader = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionMode.Decompress);
        var record = System.Text.Json.Nodes.JsonNode.Parse(reader)!;
        record["info"]!["status"] = status;
        using var output = new MemoryStream();
        using (var writer = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
            writer.Write(System.Text.Encoding.UTF8.GetBytes(record.ToJsonString()));
        secret.Data["release"] = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(output.ToArray()));
        secret.Metadata.Labels["status"] = status;
        await World.Raw.CoreV1.ReplaceNamespacedSecretAsync(secret, name, Namespace);
    }

    private long LastRequest() => Kube?.Log.Records is { Count: > 0 } records ? records[^1].Sequence : 0;

    private static List<string> HelmProcessesOf(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && commandLine.Contains("helm", StringComparison.Ordinal)) found.Add(commandLine);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}

public sealed class Helm3ClientTests(HelmWorld world, ITestOutputHelper output)
    : HelmClientTests(world, HelmCli.Helm3Version, output), IClassFixture<HelmWorld>;

public sealed class Helm4ClientTests(HelmWorld world, ITestOutputHelper output)
    : HelmClientTests(world, HelmCli.Helm4Version, output), IClassFixture<HelmWorld>;
