using KPops.Engine.Config;
using KPops.Engine.Yaml;

namespace KPops.Engine.Security;

/// <summary>
/// Gathers the secret values of a load for <see cref="SecretMask"/>: the values of secret variables (environment and
/// dotenv), the configuration's values under secret keys (schema_registry.password, kafka_connect.password,
/// kafka_admin.config's sasl.password, …), the components' values under secret keys (connector configs, helm values,
/// repo_auth_flags.password), and, in any value, the password of a URL's user info and JAAS <c>password="…"</c> parts.
/// </summary>
public static class SecretCollector
{
    /// <summary>The secret values of environment and dotenv variables (see <see cref="SecretMask.IsSecretVariable"/>).</summary>
    public static IEnumerable<string> FromVariables(IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string>? dotenv = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var marked = SecretMask.MarkedVariables(string.Join(',', new[] { environment, dotenv }
            .Where(v => v is not null)
            .SelectMany(v => v!.Where(p => string.Equals(p.Key, SecretMask.SecretVariablesName, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value))));
        foreach (var variables in new[] { environment, dotenv })
        {
            if (variables is null) continue;
            foreach (var (name, value) in variables)
            {
                if (SecretMask.IsSecretVariable(name, marked)) yield return value;
                else if (name.StartsWith(ConfigLoader.EnvPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    // KPOPS_SCHEMA_REGISTRY='{"password": …}' and KPOPS_KAFKA_CONNECT__URL=http://u:p@host
                    foreach (var inner in SecretMask.SecretsIn(value)) yield return inner;
                    foreach (var inner in FromJson(value)) yield return inner;
                }
            }
        }
    }

    /// <summary>The secret values of a tree: every scalar under a secret key, and the secrets inside every text.</summary>
    public static IEnumerable<string> FromNode(YNode? root)
    {
        if (root is null) yield break;
        // Iterative: the shape of the input decides the depth, and a deep tree must not take the stack with it.
        var pending = new Stack<(YNode Node, bool Secret)>();
        pending.Push((root, false));
        while (pending.Count > 0)
        {
            var (node, secret) = pending.Pop();
            switch (node)
            {
                case YMap map:
                    foreach (var (key, value) in map) pending.Push((value, secret || SecretMask.IsSecretKey(key)));
                    break;
                case YSeq seq:
                    foreach (var item in seq.Items) pending.Push((item, secret));
                    break;
                case YScalar { IsNull: false } scalar:
                    var text = scalar.ToInvariantString();
                    if (secret) yield return text;
                    foreach (var inner in SecretMask.SecretsIn(text)) yield return inner;
                    break;
            }
        }
    }

    private static List<string> FromJson(string value)
    {
        var trimmed = value.TrimStart();
        if (!trimmed.StartsWith('{')) return [];
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(value, new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
            var found = new List<string>();
            var pending = new Stack<(System.Text.Json.JsonElement Element, bool Secret)>();
            pending.Push((document.RootElement, false));
            while (pending.Count > 0)
            {
                var (element, secret) = pending.Pop();
                switch (element.ValueKind)
                {
                    case System.Text.Json.JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject()) pending.Push((property.Value, secret || SecretMask.IsSecretKey(property.Name)));
                        break;
                    case System.Text.Json.JsonValueKind.Array:
                        foreach (var item in element.EnumerateArray()) pending.Push((item, secret));
                        break;
                    default:
                        var text = element.ValueKind == System.Text.Json.JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
                        if (secret) found.Add(text);
                        found.AddRange(SecretMask.SecretsIn(text));
                        break;
                }
            }
            return found;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the configuration reports it; the text itself was searched for URL and JAAS passwords.
            return [];
        }
    }
}
