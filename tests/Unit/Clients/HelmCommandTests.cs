using KPops.Engine.Clients;
using KPops.Engine.Clients.Helm;

namespace KPops.Tests.Unit.Clients;

/// <summary>
/// The argument vectors handed to helm: flags first, then <c>--</c>, then the positional arguments, so that no name
/// from a pipeline can become a flag; the repository password only on stdin.
/// </summary>
public class HelmCommandTests
{
    public static TheoryData<string> FlagLikeValues => new()
    {
        "--post-renderer=sh",
        "--kubeconfig=/etc/passwd",
        "-n",
        "--",
        "-",
        "--set=a=b",
        "--debug",
    };

    [Theory]
    [MemberData(nameof(FlagLikeValues))]
    public void A_positional_argument_that_looks_like_a_flag_comes_after_the_end_of_flags(string value)
    {
        var command = new HelmCommand("upgrade").Add("--install").Option("--namespace", "ns").Positional(value, value);

        Assert.Equal(["upgrade", "--install", "--namespace", "ns", "--", value, value], command.Arguments);
        AssertPositionalsAfterEnd(command, 2);
    }

    [Theory]
    [MemberData(nameof(FlagLikeValues))]
    public void A_flag_value_that_looks_like_a_flag_directly_follows_its_flag(string value)
    {
        var command = new HelmCommand("template").Option("--namespace", value).Option("--version", value).Positional("app", "repo/chart");

        var arguments = command.Arguments;
        Assert.Equal(["template", "--namespace", value, "--version", value, "--", "app", "repo/chart"], arguments);
    }

    [Fact]
    public void A_command_without_positionals_has_no_end_of_flags()
    {
        Assert.Equal(["version", "--short"], new HelmCommand("version").Add("--short").Arguments);
    }

    [Fact]
    public void Flags_added_after_the_positionals_still_come_before_the_end_of_flags()
    {
        var command = new HelmCommand("history").Positional("-release").Option("--namespace", "ns").Switch("--debug", true);

        Assert.Equal(["history", "--namespace", "ns", "--debug", "--", "-release"], command.Arguments);
    }

    [Fact]
    public void The_repository_password_goes_to_stdin_and_never_into_the_arguments()
    {
        var command = new HelmCommand("repo", "add")
            .Auth(new HelmRepoAuth("me", "-pa ss'word", "/etc/ca files/ca.pem", null, true))
            .Positional("--private", "https://user:url-secret@charts.example.com/");

        Assert.Equal(
            ["repo", "add", "--username", "me", "--password-stdin", "--ca-file", "/etc/ca files/ca.pem", "--insecure-skip-tls-verify",
                "--", "--private", "https://user:url-secret@charts.example.com/"],
            command.Arguments);
        Assert.Equal("-pa ss'word", command.StandardInput);
        Assert.DoesNotContain(command.Arguments, a => a.Contains("pa ss'word", StringComparison.Ordinal));
        Assert.Equal(
            "helm repo add --username me --password-stdin --ca-file '/etc/ca files/ca.pem' --insecure-skip-tls-verify -- --private https://user:***@charts.example.com/",
            command.Display("helm"));
        Assert.Equal("error: *** and *** leaked", command.Redact("error: -pa ss'word and url-secret leaked"));
        Assert.Equal("repo add", command.Name);
    }

    [Fact]
    public void Upgrade_and_template_get_the_repository_TLS_flags_but_neither_user_nor_password()
    {
        var command = new HelmCommand("upgrade").Tls(new HelmRepoAuth("me", "secret", "/ca.pem", "/cert.pem", true)).Positional("app", "repo/chart");

        Assert.Equal(["upgrade", "--ca-file", "/ca.pem", "--cert-file", "/cert.pem", "--insecure-skip-tls-verify", "--", "app", "repo/chart"], command.Arguments);
        Assert.Null(command.StandardInput);
    }

    [Fact]
    public void Without_a_password_nothing_is_read_from_stdin()
    {
        var command = new HelmCommand("repo", "add").Auth(new HelmRepoAuth("me", null, null, null, false)).Positional("repo", "https://charts.example.com");

        Assert.Null(command.StandardInput);
        Assert.DoesNotContain("--password-stdin", command.Arguments);
    }

    private static void AssertPositionalsAfterEnd(HelmCommand command, int positionals)
    {
        var arguments = command.Arguments;
        var end = arguments.ToList().IndexOf(HelmCommand.EndOfFlags);
        Assert.Equal(arguments.Count - positionals - 1, end);
    }
}
