using System.Text.Json.Nodes;
using KPops.TestWorld.ChartRepo;
using Xunit;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>Real helm against the chart repository double, as against the public streams-bootstrap repository.</summary>
public abstract class HelmRepositoryTests : HelmTestBase
{
    protected HelmRepositoryTests(HelmWorldFixture world, string version, ITestOutputHelper output) : base(world, version, output)
    {
        world.Charts.Reset();
    }

    [Fact]
    public async Task Repo_add_and_update_fetch_the_index()
    {
        (await RunAsync("repo", "add", "testworld", World.Charts.Endpoint)).EnsureSuccess();
        (await RunAsync("repo", "update", "testworld")).EnsureSuccess();

        var search = JsonNode.Parse((await RunAsync("search", "repo", "testworld/streams-app", "--versions", "-o", "json")).EnsureSuccess().StandardOutput)!.AsArray();

        Assert.Equal(["3.7.0", "3.6.1"], search.Where(c => c!["name"]!.GetValue<string>() == "testworld/streams-app").Select(c => c!["version"]!.GetValue<string>()));
        Assert.Equal(2, World.Charts.Log.Records.Count(r => r is { Method: "GET", Path: "/index.yaml", Status: 200 }));
    }

    [Fact]
    public async Task Install_and_upgrade_from_the_repository_with_a_version()
    {
        (await RunAsync("repo", "add", "testworld", World.Charts.Endpoint)).EnsureSuccess();

        (await RunAsync("upgrade", "--install", "rel", "testworld/streams-app", "--version", "3.6.1", "-n", Namespace)).EnsureSuccess();
        var installed = await ChartAsync();
        (await RunAsync("upgrade", "--install", "rel", "testworld/streams-app", "--version", "3.7.0", "-n", Namespace)).EnsureSuccess();

        Assert.Equal("streams-app-3.6.1", installed);
        Assert.Equal("streams-app-3.7.0", await ChartAsync());
        Assert.Equal("streams-app-3.7.0", Get("apps/v1", "Deployment", "rel-streams-app")!["metadata"]!["labels"]!["helm.sh/chart"]!.GetValue<string>());
        Assert.Contains(World.Charts.Log.Records, r => r is { Path: "/streams-app/streams-app-3.6.1.tgz", Status: 200 });
        Assert.Contains(World.Charts.Log.Records, r => r is { Path: "/streams-app/streams-app-3.7.0.tgz", Status: 200 });
    }

    [Fact]
    public async Task A_protected_repository_needs_its_credentials()
    {
        World.Charts.RequiredCredentials = ("kpops", "s3cret");

        var refused = await RunAsync("repo", "add", "testworld", World.Charts.Endpoint);
        (await RunAsync("repo", "add", "testworld", World.Charts.Endpoint, "--username", "kpops", "--password", "s3cret")).EnsureSuccess();
        (await RunAsync("upgrade", "--install", "rel", "testworld/producer-app", "--version", "3.6.1", "-n", Namespace)).EnsureSuccess();

        Assert.False(refused.Succeeded);
        Assert.Contains("401", refused.StandardError);
        Assert.NotNull(Get("batch/v1", "Job", "rel-producer-app"));
    }

    [Fact]
    public async Task A_missing_chart_version_is_an_error()
    {
        (await RunAsync("repo", "add", "testworld", World.Charts.Endpoint)).EnsureSuccess();

        var result = await RunAsync("upgrade", "--install", "rel", "testworld/streams-app", "--version", "9.9.9", "-n", Namespace);

        Assert.False(result.Succeeded);
        Assert.Contains("9.9.9", result.StandardError);
    }

    private async Task<string> ChartAsync()
    {
        var output = (await RunAsync("list", "-n", Namespace, "-o", "json")).EnsureSuccess().StandardOutput;
        return JsonNode.Parse(output)!.AsArray().Single()!["chart"]!.GetValue<string>();
    }
}

public sealed class Helm3RepositoryTests(HelmWorldFixture world, ITestOutputHelper output)
    : HelmRepositoryTests(world, HelmCli.Helm3Version, output), IClassFixture<HelmWorldFixture>;

public sealed class Helm4RepositoryTests(HelmWorldFixture world, ITestOutputHelper output)
    : HelmRepositoryTests(world, HelmCli.Helm4Version, output), IClassFixture<HelmWorldFixture>;
