using System.Text.RegularExpressions;
using KPops.Engine.Errors;
using KPops.Engine.Model.Specs;
using KPops.Engine.Naming;
using KPops.Engine.Substitution;
using KPops.Engine.Yaml;

namespace KPops.Engine.Model.Types;

/// <summary>
/// The rules of the systems that receive names, checked at load: Helm release names and Kubernetes namespaces
/// (DNS-1123), chart references and repository names (helm arguments: no leading '-', no whitespace or control
/// characters), connector names (a path segment of the Connect REST API), environment names (part of file names).
/// A name that still holds a placeholder after substitution names the variable that is not set. Patterns are
/// anchored with <c>\z</c>: <c>$</c> also matches before a final line break, so <c>"app\n"</c> would pass.
/// </summary>
internal static partial class NameRules
{
    /// <summary>Helm's release name rule (a DNS-1123 subdomain of at most 53 characters).</summary>
    [GeneratedRegex(@"\A[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    /// <summary>A DNS-1123 label: what Kubernetes namespaces must be.</summary>
    [GeneratedRegex(@"\A[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    /// <summary>The longest namespace (a DNS-1123 label).</summary>
    public const int MaxNamespaceLength = 63;

    /// <summary>The longest connector name (far beyond any real one; it is part of every Connect URL of the connector).</summary>
    public const int MaxConnectorNameLength = 1024;

    /// <summary>The first placeholder a substituted value still holds (its variable is not set), or null.</summary>
    public static string? Placeholder(string value) =>
        value.Contains('$', StringComparison.Ordinal) ? Template.Placeholders(value).FirstOrDefault() : null;

    /// <summary>True when the text holds a control character (a NUL or a line break, for instance).</summary>
    public static bool HasControl(string value) => value.Any(char.IsControl);

    /// <summary>Why a Helm release name is invalid, or null.</summary>
    public static string? ReleaseNameProblem(string release)
    {
        if (release.Length > ResourceNames.ReleaseNameMaxLength) return $"is longer than {ResourceNames.ReleaseNameMaxLength} characters";
        return Subdomain().IsMatch(release) ? null
            : "is not a valid release name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
    }

    /// <summary>Why a namespace is invalid, or null.</summary>
    public static string? NamespaceProblem(string name)
    {
        if (name.Length > MaxNamespaceLength) return $"is longer than {MaxNamespaceLength} characters";
        return Label().IsMatch(name) ? null
            : "is not a valid Kubernetes namespace: use lower-case letters, digits and '-', starting and ending with a letter or digit";
    }

    /// <summary>Why a value handed to helm as an argument (chart, repository, version, context) is unsafe, or null.</summary>
    public static string? HelmArgumentProblem(string value)
    {
        if (value.Length == 0) return "is empty";
        if (value[0] == '-') return "starts with '-', which helm would take for an option";
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return "holds whitespace or control characters";
        return null;
    }

    /// <summary>Why a connector name cannot be used (it is a path segment of the Connect REST API), or null.</summary>
    public static string? ConnectorNameProblem(string name)
    {
        if (name.Length == 0) return "is empty";
        if (name.Length > MaxConnectorNameLength) return $"is longer than {MaxConnectorNameLength} characters";
        if (name is "." or "..") return $"is '{name}', which addresses another resource of the Connect REST API";
        if (name.Contains('/', StringComparison.Ordinal)) return "holds '/', which Kafka Connect does not accept in connector names";
        if (HasControl(name)) return "holds control characters";
        return null;
    }

    /// <summary>Why an environment name cannot be used (it becomes part of file names), or null.</summary>
    public static string? EnvironmentNameProblem(string name)
    {
        if (name.Length == 0) return "is empty";
        if (name.Contains("..", StringComparison.Ordinal)) return "holds '..'";
        if (name.IndexOfAny(['/', '\\', ':']) >= 0) return "holds a path separator";
        if (HasControl(name)) return "holds control characters";
        if (name != name.Trim()) return "starts or ends with whitespace";
        return null;
    }

    /// <summary>
    /// Reports a name that still holds a placeholder (a problem only where the name is handed to a service, see
    /// <see cref="BindContext.HandOffProblems"/>), else <paramref name="problem"/> of it, at the node's location;
    /// true when something was reported.
    /// </summary>
    public static bool Check(BindContext context, YScalar node, string value, string what, string errorId, string? problem, string hint, string? path)
    {
        if (Placeholder(value) is { } placeholder)
        {
            context.ReportHandOff(ErrorIds.UnresolvedPlaceholder, $"{what} {Echo.Quote(value)} still holds ${{{Echo.Text(placeholder, 60)}}}: no variable of that name is set.",
                node.Location, $"Set the variable (in the environment or a dotenv file), or write the {what} without a placeholder.", path);
            return true;
        }
        if (problem is null) return false;
        context.Report(errorId, $"{what} {Echo.Quote(value)} {problem}.", node.Location, hint, path);
        return true;
    }
}
