using System.Text;

namespace KPops.Engine.Clients.Helm;

/// <summary>
/// The arguments of one helm command: the subcommand, then the flags, then <c>--</c> and the positional arguments.
/// helm 3 and 4 parse flags with pflag, which stops at <c>--</c>: a release name, chart reference or repository name
/// that starts with <c>-</c> stays an argument and can never become a flag (such as <c>--post-renderer</c>). A flag's
/// value follows its flag, and pflag takes the next argument as the value whatever it starts with.
/// Secrets never go on the command line: the one helm reads from stdin (<c>--password-stdin</c>) is remembered so that
/// helm's output can be shown with <c>***</c> in its place.
/// </summary>
internal sealed class HelmCommand
{
    /// <summary>What replaces a secret in anything shown.</summary>
    public const string Mask = "***";

    /// <summary>Ends helm's flags: everything after it is a positional argument.</summary>
    public const string EndOfFlags = "--";

    private readonly string[] _subcommand;
    private readonly List<string> _flags = [];
    private readonly List<string> _positionals = [];
    private readonly List<string> _secrets = [];

    /// <summary>Starts a command with its subcommand words (<c>upgrade</c>, <c>repo add</c>, …), never input.</summary>
    public HelmCommand(params string[] subcommand) => _subcommand = subcommand;

    /// <summary>The arguments as passed to helm.</summary>
    public IReadOnlyList<string> Arguments =>
        [.. _subcommand, .. _flags, .. _positionals.Count > 0 ? (IEnumerable<string>)[EndOfFlags, .. _positionals] : []];

    /// <summary>What helm reads from stdin (the repository password of <c>--password-stdin</c>), or null.</summary>
    public string? StandardInput { get; private set; }

    /// <summary>The subcommand for messages, e.g. <c>upgrade</c> or <c>repo add</c>.</summary>
    public string Name => string.Join(' ', _subcommand);

    /// <summary>Appends positional arguments (names, chart references, URLs): they go after <see cref="EndOfFlags"/>.</summary>
    public HelmCommand Positional(params string[] arguments)
    {
        _positionals.AddRange(arguments);
        return this;
    }

    /// <summary>Appends fixed flags (never input).</summary>
    public HelmCommand Add(params string[] flags)
    {
        _flags.AddRange(flags);
        return this;
    }

    /// <summary>Appends <c>name value</c> when the value is set.</summary>
    public HelmCommand Option(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _flags.AddRange([name, value]);
        return this;
    }

    /// <summary>Appends a flag when it is on.</summary>
    public HelmCommand Switch(string name, bool on)
    {
        if (on) _flags.Add(name);
        return this;
    }

    /// <summary>
    /// The repository auth flags of <c>repo add</c>: the password goes to helm's stdin (<c>--password-stdin</c>), where
    /// other users of the machine cannot read it as they can read a process's command line.
    /// </summary>
    public HelmCommand Auth(HelmRepoAuth? auth)
    {
        if (auth is null) return this;
        Option("--username", auth.Username);
        if (!string.IsNullOrEmpty(auth.Password))
        {
            _flags.Add("--password-stdin");
            StandardInput = auth.Password;
            _secrets.Add(auth.Password);
        }
        return Tls(auth);
    }

    /// <summary>
    /// The TLS flags of a repository for <c>upgrade</c> and <c>template</c>. Their credentials come from the repository
    /// that <c>repo add</c> recorded (helm has no <c>--password-stdin</c> for them, and a password on their command line
    /// would be visible to every local user).
    /// </summary>
    public HelmCommand Tls(HelmRepoAuth? auth)
    {
        if (auth is null) return this;
        return Option("--ca-file", auth.CaFile)
            .Option("--cert-file", auth.CertFile)
            .Switch("--insecure-skip-tls-verify", auth.InsecureSkipTlsVerify);
    }

    /// <summary>The command line as shown to people: passwords in URLs masked, arguments quoted for a POSIX shell when needed.</summary>
    public string Display(string executable)
    {
        var text = new StringBuilder(Quote(executable));
        foreach (var argument in Arguments) text.Append(' ').Append(MaskUrlPassword(argument, Quote(argument)));
        return text.ToString();
    }

    /// <summary>Replaces every secret of this command in a text (helm's output) by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets.Concat(Arguments.Select(UrlPassword).OfType<string>()).Distinct(StringComparer.Ordinal))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    private static string? UrlPassword(string argument)
    {
        if (!argument.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(argument, UriKind.Absolute, out var uri)) return null;
        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == uri.UserInfo.Length - 1 ? null : uri.UserInfo[(colon + 1)..];
    }

    private static string MaskUrlPassword(string argument, string shown) =>
        UrlPassword(argument) is { } password ? shown.Replace(":" + password + "@", ":" + Mask + "@", StringComparison.Ordinal) : shown;

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+^~".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
