using KPops.Engine.Clients;
using KPops.Engine.Lifecycle;
using KPops.Engine.Model.Types;
using KPops.Engine.Naming;
using KPops.Tests.Unit.Lifecycle.Fakes;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Lifecycle;

/// <summary>Real runs of app releases: the helm request (spec §6.1), repositories, uninstall.</summary>
public sealed class ReleaseStepTests : LifecycleTestBase
{
    private const string App = """
        - type: streams-app
          name: app
          values:
            replicaCount: 2
          to:
            topics:
              out: {}
        """;

    private async Task<HelmReleaseRequest> InstallOf(string pipelineYaml, string release)
    {
        (await RunAsync(Operation.Deploy, Load(pipelineYaml))).Succeeded();
        return Assert.Single(World.Helm.Installs, i => i.Release == release);
    }

    [Fact]
    public async Task A_streams_app_is_installed_with_its_chart_version_namespace_default_timeout_and_wait()
    {
        var request = await InstallOf(App, "demo-app");

        Assert.Equal(ComponentSpecs.StreamsBootstrapRepositoryName + "/streams-app", request.Chart);
        Assert.Equal(ComponentSpecs.StreamsBootstrapVersion, request.Version);
        Assert.Equal("test-ns", request.Namespace);
        Assert.Equal("5m0s", request.Timeout);
        Assert.True(request.Wait);
        Assert.False(request.WaitForJobs);
        Assert.False(request.CreateNamespace);
        Assert.False(request.ForceReplace);
        Assert.Null(request.Auth);
    }

    [Fact]
    public async Task The_streams_bootstrap_repository_is_added_before_the_install()
    {
        await InstallOf(App, "demo-app");

        var calls = World.CallLines(Service.Helm);
        Assert.True(calls.IndexOf("Helm.AddRepository " + ComponentSpecs.StreamsBootstrapRepositoryName) < calls.IndexOf("Helm.UpgradeInstall demo-app"));
        Assert.Equal(ComponentSpecs.StreamsBootstrapRepositoryUrl, Assert.Single(World.Helm.Repositories).Url);
    }

    [Fact]
    public async Task A_local_chart_needs_no_repository()
    {
        var request = await InstallOf("- type: helm-app\n  name: redis\n  chart: ./charts/redis\n  version: 1.2.3\n", "demo-redis");

        Assert.Equal("./charts/redis", request.Chart);
        Assert.Equal("1.2.3", request.Version);
        Assert.DoesNotContain(World.Calls, c => c.Method == "AddRepository");
    }

    [Fact]
    public async Task A_helm_app_without_a_chart_fails_with_a_hint_before_calling_helm()
    {
        var outcome = await RunAsync(Operation.Deploy, Load("- type: helm-app\n  name: redis\n"));

        Assert.Equal("ChartMissing", outcome.Failure!.Error.ErrorId);
        Assert.Contains("chart:", outcome.Failure.Error.Hint);
        Assert.Empty(World.Calls);
    }

    [Fact]
    public async Task The_auth_flags_of_repo_config_go_to_repo_add_and_to_the_install()
    {
        var request = await InstallOf("""
            - type: helm-app
              name: redis
              chart: private/redis
              repo_config:
                repository_name: private
                url: https://charts.example.com
                repo_auth_flags:
                  username: user
                  password: secret
                  ca_file: ca.pem
                  cert_file: cert.pem
                  insecure_skip_tls_verify: true
            """, "demo-redis");

        var expected = new HelmRepoAuth("user", "secret", "ca.pem", "cert.pem", true);
        Assert.Equal(expected, request.Auth);
        Assert.Equal(new HelmRepository("private", "https://charts.example.com", expected), Assert.Single(World.Helm.Repositories));
    }

    [Fact]
    public async Task The_component_timeout_wins_over_helm_config_timeout()
    {
        UseConfig("helm_config:\n  timeout: 7m0s\n");
        Assert.Equal("10m", (await InstallOf(App + "\n  timeout: 10m\n", "demo-app")).Timeout);
    }

    [Fact]
    public async Task Helm_config_timeout_applies_when_the_component_has_none()
    {
        UseConfig("helm_config:\n  timeout: 7m0s\n");
        Assert.Equal("7m0s", (await InstallOf(App, "demo-app")).Timeout);
    }

    [Fact]
    public async Task Create_namespace_and_force_replace_come_from_the_config()
    {
        UseConfig("create_namespace: true\nhelm_config:\n  force_replace: true\n");

        var request = await InstallOf(App, "demo-app");

        Assert.True(request.CreateNamespace);
        Assert.True(request.ForceReplace);
    }

    [Fact]
    public async Task The_values_file_has_the_name_overrides_and_leaves_defaults_out()
    {
        var request = await InstallOf(App, "demo-app");

        YamlAssert.Equivalent("""
            image: registry/app
            imageTag: 1.0.0
            replicaCount: 2
            kafka:
              bootstrapServers: broker:9092
              outputTopic: out
            nameOverride: demo-app
            fullnameOverride: demo-app
            """, request.ValuesYaml);
    }

    [Fact]
    public async Task Long_names_are_trimmed_for_the_release_and_the_name_overrides()
    {
        var name = new string('x', 70);
        var full = "demo-" + name;

        var request = await InstallOf($"- type: helm-app\n  name: {name}\n  chart: ./chart\n", ResourceNames.HelmReleaseName(full));

        Assert.Equal(53, request.Release.Length);
        var overrides = (KPops.Engine.Yaml.YMap)KPops.Engine.Yaml.YamlReader.Read(request.ValuesYaml, "values.yaml")!;
        Assert.Equal(ResourceNames.HelmNameOverride(full, isCronJob: false), ((KPops.Engine.Yaml.YScalar)overrides["nameOverride"]).Value);
        Assert.Equal(63, ((KPops.Engine.Yaml.YScalar)overrides["fullnameOverride"]).AsString!.Length);
    }

    [Fact]
    public async Task A_second_deploy_of_an_unchanged_release_does_not_upgrade_it()
    {
        var pipeline = Load(App);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        World.ClearCalls();

        var release = (await RunAsync(Operation.Deploy, pipeline)).Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Unchanged, release.Action);
        Assert.Equal(1, World.Helm.Release("demo-app")!.Revision);
        Assert.Empty(World.MutationLines());
        Assert.Equal(["Helm.ListReleases test-ns", "Helm.GetManifest demo-app", "Helm.DryRun demo-app", "Helm.GetValues demo-app"],
            World.CallLines(Service.Helm).Where(c => !c.StartsWith("Helm.AddRepository", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ForceUpgrade_upgrades_an_unchanged_release_and_reports_it_unchanged()
    {
        var pipeline = Load(App);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        ForceUpgrade = true;

        var release = (await RunAsync(Operation.Deploy, pipeline)).Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Unchanged, release.Action);
        Assert.Equal(2, World.Helm.Release("demo-app")!.Revision);
    }

    [Fact]
    public async Task A_changed_release_is_upgraded_with_the_diff_of_its_dry_run_and_no_manifest_read_after()
    {
        (await RunAsync(Operation.Deploy, Load(App))).Succeeded();
        World.ClearCalls();

        var release = (await RunAsync(Operation.Deploy, Load(App.Replace("replicaCount: 2", "replicaCount: 3", StringComparison.Ordinal))))
            .Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Updated, release.Action);
        Assert.Contains("replicaCount: 3", release.Diff);
        Assert.Equal(2, World.Helm.Release("demo-app")!.Revision);
        Assert.Equal(["Helm.ListReleases test-ns", "Helm.GetManifest demo-app", "Helm.DryRun demo-app", "Helm.UpgradeInstall demo-app"],
            World.CallLines(Service.Helm).Where(c => !c.StartsWith("Helm.AddRepository", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_release_whose_values_differ_but_not_its_manifest_is_upgraded()
    {
        var pipeline = Load(App);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();
        var live = World.Helm.Release("demo-app")!;
        live.ValuesYaml += "extra: 1\n";

        var release = (await RunAsync(Operation.Deploy, pipeline)).Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Updated, release.Action);
        Assert.Equal(2, World.Helm.Release("demo-app")!.Revision);
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: x\n", "b:\n  c: x\na: 1\n", true)]
    [InlineData("a: 1\n", "a: 2\n", false)]
    [InlineData("null\n", "{}", true)]
    [InlineData(null, "{}", true)]
    [InlineData("a: 1\n", "{}", false)]
    public void Values_are_compared_as_data_key_order_aside(string? live, string desired, bool same) =>
        Assert.Equal(same, KPops.Engine.Lifecycle.Steps.InstallReleaseStep.SameValues(live, desired));

    [Fact]
    public async Task Destroy_uninstalls_the_release()
    {
        var pipeline = Load(App);
        (await RunAsync(Operation.Deploy, pipeline)).Succeeded();

        var release = (await RunAsync(Operation.Destroy, pipeline)).Succeeded().Result(ResourceKind.HelmRelease, "demo-app");

        Assert.Equal(StepAction.Deleted, release.Action);
        Assert.Null(World.Helm.Release("demo-app"));
    }

    [Fact]
    public async Task Uninstalling_a_release_that_does_not_exist_is_not_an_error()
    {
        var outcome = (await RunAsync(Operation.Destroy, Load(App + "\n- type: helm-app\n  name: redis\n  chart: ./redis\n"))).Succeeded();

        Assert.Equal(["redis HelmRelease demo-redis NotFound", "app HelmRelease demo-app NotFound"], outcome.Lines);
    }

    [Fact]
    public async Task Destroy_of_a_helm_app_does_not_read_its_values()
    {
        World.Helm.AddRelease("demo-redis", "./redis", "{}");

        (await RunAsync(Operation.Destroy, Load("- type: helm-app\n  name: redis\n  chart: ./redis\n"))).Succeeded();

        Assert.Equal(["Helm.Uninstall demo-redis"], World.CallLines(Service.Helm));
    }
}
