using KPops.Engine.Clients;
using KPops.Engine.Clients.Helm;
using KPops.Engine.Errors;
using KPops.TestWorld.Xunit;
using Xunit;

namespace KPops.Tests.Integration.Helm;

/// <summary>How the helm client reads helm's output and shows its command lines; no cluster needed.</summary>
public sealed class HelmOutputTests
{
    [Theory]
    [InlineData("v3.18.0+gcc58e3f\n", 3, 18, "v3.18.0")]
    [InlineData("v4.1.4+g05fa379", 4, 1, "v4.1.4")]
    [InlineData("v3.6", 3, 6, "v3.6")]
    [InlineData("v4", 4, 0, "v4")]
    [InlineData("v2.17.0", 2, 17, "v2.17.0")]
    public void Versions_are_read_like_kpops(string output, int major, int minor, string text) =>
        Assert.Equal((major, minor, text), HelmOutput.ParseVersion(output));

    [Theory]
    [InlineData("3.18.0")]
    [InlineData("Client: &version.Version{SemVer:\"v2.17.0\"}")]
    [InlineData("")]
    public void Anything_else_is_no_version(string output) => Assert.Null(HelmOutput.ParseVersion(output));

    [Fact]
    public void The_manifest_of_a_dry_run_is_the_section_between_manifest_and_notes()
    {
        const string stdout = "Release \"r\" has been upgraded. Happy Helming!\nNAME: r\nHOOKS:\n---\n# Source: c/templates/hook.yaml\nkind: Job\nMANIFEST:\n---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n\n---\n# Source: c/templates/b.yaml\nkind: Secret\n\nNOTES:\nkind: NotAManifest\n";

        Assert.Equal("---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n\n---\n# Source: c/templates/b.yaml\nkind: Secret\n", HelmOutput.DryRunManifest(stdout));
        Assert.Equal("---\nkind: A\n", HelmOutput.DryRunManifest("MANIFEST:\n---\nkind: A\n"));
        Assert.Equal("---\nkind: A\n", HelmOutput.DryRunManifest("NAME: r\r\nMANIFEST:\r\n---\r\nkind: A\r\n"));
        Assert.Equal("", HelmOutput.DryRunManifest("NAME: r\n"));
    }

    [Fact]
    public void The_latest_history_entry_describes_the_release()
    {
        const string json = """[{"revision":2,"status":"failed","chart":"streams-app-3.6.1","app_version":"3.6.1"},{"revision":3,"status":"deployed","chart":"streams-app-3.7.0","app_version":""}]""";

        Assert.Equal(new HelmReleaseInfo("r", "ns", 3, "deployed", "streams-app-3.7.0", null), HelmOutput.ParseHistory("r", "ns", json));
        Assert.Null(HelmOutput.ParseHistory("r", "ns", "[]"));
    }

    [Fact]
    public void The_list_of_releases_is_read_with_revisions_as_helm_prints_them()
    {
        // helm 3 and 4 print the revision as a string; a number is read too, and of a name listed twice the higher revision counts.
        const string json = """
            [{"name":"a","namespace":"ns","revision":"3","updated":"2025-01-01 00:00:00 +0000 UTC","status":"pending-upgrade","chart":"streams-app-3.6.1","app_version":"3.6.1"},
             {"name":"b","namespace":"","revision":1,"status":"uninstalling","chart":"x-1.0.0","app_version":""},
             {"name":"b","namespace":"ns","revision":"4","status":"failed","chart":"x-1.0.1"},
             {"namespace":"ns","revision":"1","status":"deployed"}]
            """;

        Assert.Equal([
            new HelmReleaseInfo("a", "ns", 3, "pending-upgrade", "streams-app-3.6.1", "3.6.1"),
            new HelmReleaseInfo("b", "ns", 4, "failed", "x-1.0.1", null),
        ], HelmOutput.ParseList("ns", json).OrderBy(r => r.Name));
        Assert.Empty(HelmOutput.ParseList("ns", "[]"));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => HelmOutput.ParseList("ns", "{}"));
    }

    [Fact]
    public void Command_lines_mask_secrets_and_quote_what_a_shell_would_split()
    {
        var command = new HelmCommand("repo", "add")
            .Auth(new HelmRepoAuth("me", "pa ss'word", "/etc/ca files/ca.pem", null, true))
            .Option("--set", "a=b c")
            .Positional("private", "https://user:url-secret@charts.example.com/");

        Assert.Equal(
            "helm repo add --username me --password-stdin --ca-file '/etc/ca files/ca.pem' --insecure-skip-tls-verify --set 'a=b c' -- private https://user:***@charts.example.com/",
            command.Display("helm"));
        Assert.Equal("error: *** and *** leaked", command.Redact("error: pa ss'word and url-secret leaked"));
        Assert.Equal("repo add", command.Name);
    }

    [Fact]
    public void Helm_warnings_are_recognised_in_both_formats()
    {
        Assert.True(HelmOutput.IsWarning("WARNING: This chart is deprecated"));
        Assert.True(HelmOutput.IsWarning("level=WARN msg=\"this chart is deprecated\""));
        Assert.False(HelmOutput.IsWarning("Error: release: not found"));
    }

    [PosixOnlyFact] // a shell script stands in for helm
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Helm_2_is_refused()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kpops-it-helm2-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var fake = Path.Combine(directory, "helm");
            await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'v2.17.0+ga690bad'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var helm = new HelmClient(new HelmClientOptions { Binary = fake });

            var error = await Assert.ThrowsAsync<ServiceException>(() => helm.GetVersionAsync(default));

            Assert.Equal(ErrorKind.InvalidOperation, error.Kind);
            Assert.Contains("helm v2.17.0 is not supported", error.Message, StringComparison.Ordinal);
            Assert.Contains("helm_config.binary", error.FullMessage, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
