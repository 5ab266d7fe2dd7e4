using System.Text;

namespace KPops.Engine.Clients.Helm;

/// <summary>
/// The arguments of one helm command, with the secrets among them remembered so that the command line can be shown
/// (in logs and errors) with <c>***</c> in their place.
/// </summary>
internal sealed class HelmCommand
{
    /// <summary>What replaces a secret in anything shown.</summary>
    public const string Mask = "***";

    private readonly List<string> _arguments = [];
    private readonly HashSet<int> _secretIndexes = [];
    private readonly List<string> _secrets = [];

    public HelmCommand(params string[] arguments) => _arguments.AddRange(arguments);

    /// <summary>The arguments as passed to helm.</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>The subcommand for messages, e.g. <c>upgrade</c> or <c>repo add</c>.</summary>
    public string Name => _arguments.Count > 1 && _arguments[0] is "repo" or "get" ? $"{_arguments[0]} {_arguments[1]}" : _arguments.FirstOrDefault() ?? "";

    /// <summary>Appends plain arguments.</summary>
    public HelmCommand Add(params string[] arguments)
    {
        _arguments.AddRange(arguments);
        return this;
    }

    /// <summary>Appends <c>name value</c> when the value is set.</summary>
    public HelmCommand Option(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _arguments.AddRange([name, value]);
        return this;
    }

    /// <summary>Appends <c>name value</c> when the value is set; the value is masked wherever the command is shown.</summary>
    public HelmCommand Secret(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        _arguments.Add(name);
        _secretIndexes.Add(_arguments.Count);
        _arguments.Add(value);
        _secrets.Add(value);
        return this;
    }

    /// <summary>Appends a flag when it is on.</summary>
    public HelmCommand Switch(string name, bool on)
    {
        if (on) _arguments.Add(name);
        return this;
    }

    /// <summary>The repository auth flags of <c>repo add</c>, <c>upgrade</c> and <c>template</c>.</summary>
    public HelmCommand Auth(HelmRepoAuth? auth)
    {
        if (auth is null) return this;
        return Option("--username", auth.Username)
            .Secret("--password", auth.Password)
            .Option("--ca-file", auth.CaFile)
            .Option("--cert-file", auth.CertFile)
            .Switch("--insecure-skip-tls-verify", auth.InsecureSkipTlsVerify);
    }

    /// <summary>The command line as shown to people: secrets (and passwords in URLs) masked, arguments quoted for a POSIX shell when needed.</summary>
    public string Display(string executable)
    {
        var text = new StringBuilder(Quote(executable));
        for (var i = 0; i < _arguments.Count; i++)
        {
            text.Append(' ').Append(_secretIndexes.Contains(i) ? Mask : MaskUrlPassword(_arguments[i], Quote(_arguments[i])));
        }
        return text.ToString();
    }

    /// <summary>Replaces every secret of this command in a text (helm's output) by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets.Concat(_arguments.Select(UrlPassword).OfType<string>()).Distinct(StringComparer.Ordinal))
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
