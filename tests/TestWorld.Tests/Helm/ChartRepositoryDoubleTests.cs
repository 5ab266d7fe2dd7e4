using System.Net;
using System.Net.Http.Headers;
using KPops.TestWorld.ChartRepo;
using KPops.TestWorld.Common;
using Xunit;

namespace KPops.TestWorld.Tests.Helm;

/// <summary>The chart repository double on the wire: index, archives, auth and the shared controls.</summary>
public sealed class ChartRepositoryDoubleTests : IClassFixture<HelmWorldFixture>, IDisposable
{
    private readonly ChartRepositoryDouble _repository;
    private readonly HttpClient _http;

    public ChartRepositoryDoubleTests(HelmWorldFixture world)
    {
        _repository = world.Charts;
        _repository.Reset();
        _http = new HttpClient { BaseAddress = new Uri(_repository.Endpoint) };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_index_lists_every_chart_in_every_version_with_relative_urls()
    {
        var index = await _http.GetStringAsync("index.yaml");

        foreach (var chart in ChartPackager.Charts)
        {
            foreach (var version in HelmWorldFixture.ChartVersions)
            {
                Assert.Contains($"- {chart}/{chart}-{version}.tgz", index);
            }
        }
    }

    [Fact]
    public async Task A_repository_can_package_the_test_charts_itself()
    {
        var home = Path.Combine(Path.GetTempPath(), "kpops-repo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var repository = await ChartRepositoryDouble.StartWithTestChartsAsync(new HelmCli(HelmCli.Locate(HelmCli.Helm3Version), home));
            using var http = new HttpClient { BaseAddress = new Uri(repository.Endpoint) };

            var index = await http.GetStringAsync("index.yaml");

            Assert.Contains("- generic-app/generic-app-3.6.1.tgz", index);
            Assert.DoesNotContain("3.7.0", index);
            // The streams-bootstrap 2.x-shaped charts come as 2.9.0, and only those.
            foreach (var chart in ChartPackager.V2Charts) Assert.Contains($"- {chart}/{chart}-{ChartPackager.V2Version}.tgz", index);
            Assert.DoesNotContain("generic-app-2.9.0", index);
            Assert.DoesNotContain("consumer-app-2.9.0", index);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task A_chart_archive_is_served_as_gzip()
    {
        using var response = await _http.GetAsync("streams-app/streams-app-3.6.1.tgz");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x1f, 0x8b], bytes[..2]);
    }

    [Theory]
    [InlineData("streams-app/streams-app-9.9.9.tgz")]
    [InlineData("streams-app/Chart.yaml")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    public async Task Anything_else_is_not_found(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Required_credentials_are_checked_with_basic_auth()
    {
        _repository.RequiredCredentials = ("user", "pw");

        using var anonymous = await _http.GetAsync("index.yaml");
        using var request = new HttpRequestMessage(HttpMethod.Get, "index.yaml");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("user:pw"u8));
        using var authorized = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task Requests_are_logged_and_faults_injected()
    {
        _repository.Faults.Add(new FaultRule { PathPattern = @"\.tgz$", Status = 503 });

        using var failed = await _http.GetAsync("generic-app/generic-app-3.6.1.tgz");
        using var index = await _http.GetAsync("index.yaml");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(["GET /generic-app/generic-app-3.6.1.tgz 503", "GET /index.yaml 200"],
            _repository.Log.Records.Select(r => $"{r.Method} {r.Path} {r.Status}"));
        Assert.All(_repository.Log.Records, r => Assert.Equal("ChartRepo", r.Service));
    }
}
