using System.Text;
using KPops.Engine.Errors;
using KPops.Tests.Unit.Support;

namespace KPops.Tests.Unit.Hostile;

/// <summary>
/// Values: configuration checked at load, topic settings, encodings and characters YAML refuses, tags on
/// collections, precise places, and values too large to repeat in a message.
/// </summary>
internal static partial class HostileCorpus
{
    private static string Topic(string settings) => "- type: streams-app\n  name: app\n  to:\n    topics:\n      out:\n" + settings;

    private static IEnumerable<HostileCase> Values()
    {
        // configuration
        yield return Config("config: a negative kafka_connect.timeout", "kafka_connect:\n  timeout: -1\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a zero schema_registry.timeout", "schema_registry:\n  timeout: 0\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: an infinite kafka_admin.timeout", "kafka_admin:\n  timeout: .inf\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a kafka_rest.timeout that is not a number", "kafka_rest:\n  timeout: .nan\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a timeout of a year", "kafka_connect:\n  timeout: 31536000\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: an ftp schema_registry.url", "schema_registry:\n  url: ftp://registry:8081\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a kafka_connect.url that is no URL", "kafka_connect:\n  url: not a url\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a kafka_connect.url without a host", "kafka_connect:\n  url: \"http://\"\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a helm context that is an option", "helm_config:\n  context: --kubeconfig=/etc/passwd\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a helm api_version that is an option", "helm_config:\n  api_version: -x\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a helm timeout that is no duration", "helm_config:\n  timeout: forever\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: a kubeconfig path with a NUL character", "helm_config:\n  kubeconfig: \"/tmp/k\\0\"\n", ErrorIds.ConfigInvalid, 4);
        yield return Config("config: limits.max_depth of 0", "limits:\n  max_depth: 0\n", ErrorIds.InvalidFieldValue, 4);
        yield return Config("config: limits.max_substituted_length too small", "limits:\n  max_substituted_length: 10\n", ErrorIds.InvalidFieldValue, 4);
        yield return Config("config: limits.max_file_size beyond its maximum", "limits:\n  max_file_size: 99999999999999\n", ErrorIds.InvalidFieldValue, 4);
        yield return Config("config: an unknown limit", "limits:\n  max_everything: 1\n", ErrorIds.UnknownField, 4);
        yield return new HostileCase("config: an empty kafka_brokers", ErrorIds.ConfigInvalid, Where.At(Loads.ConfigFile, 2), ws =>
        {
            ws.Write(Loads.ConfigFile, "pipeline_base_dir: pipelines\nkafka_brokers: \" \"\n");
            Loads.LoadApp(ws);
        });
        yield return new HostileCase("config: a negative timeout from a KPOPS_ variable", ErrorIds.ConfigInvalid, Where.Named("KPOPS_KAFKA_CONNECT__TIMEOUT"), ws =>
        {
            ws.Env["KPOPS_KAFKA_CONNECT__TIMEOUT"] = "-5";
            Loads.LoadApp(ws);
        });
        yield return DotEnv("config: a negative timeout from a dotenv file", "# settings\nKPOPS_KAFKA_CONNECT__TIMEOUT=-5\n", ErrorIds.ConfigInvalid, 2);
        yield return DotEnv("config: bad JSON in a KPOPS_ variable of a dotenv file", "A=1\n\nKPOPS_STRIMZI_TOPIC={\"label\": {\n", ErrorIds.EnvironmentVariableInvalid, 3);
        yield return DotEnv("config: an unclosed quote reported where it opens", "A=1\nB=\"open\nC=2\nD=3\n", ErrorIds.DotEnvInvalid, 2);
        yield return DotEnv("config: an unclosed single quote over a long file", "A='open\n" + string.Concat(Enumerable.Repeat("B=2\n", 50_000)), ErrorIds.DotEnvInvalid, 1);
        yield return DotEnv("config: a dotenv line without '='", "A=1\nthis-is-no-setting\n", ErrorIds.DotEnvInvalid, 2);

        // topics
        yield return Pipeline("topics: a null topic config", Topic("        configs:\n          retention.ms: ~\n"), ErrorIds.InvalidFieldType, 7);
        yield return Pipeline("topics: an empty topic config", Topic("        configs:\n          cleanup.policy:\n          retention.ms: 1\n"), ErrorIds.InvalidFieldType, 7);
        yield return Pipeline("topics: zero partitions", Topic("        partitions_count: 0\n"), ErrorIds.InvalidFieldValue, 6);
        yield return Pipeline("topics: zero replicas", Topic("        replication_factor: 0\n"), ErrorIds.InvalidFieldValue, 6);
        yield return Pipeline("topics: negative partitions", Topic("        partitions_count: -3\n"), ErrorIds.InvalidFieldValue, 6);
        yield return Pipeline("topics: more replicas than a short holds", Topic("        replication_factor: 40000\n"), ErrorIds.InvalidFieldValue, 6);
        yield return Pipeline("topics: more partitions than an int holds", Topic("        partitions_count: 4294967297\n"), ErrorIds.InvalidFieldValue, 6);

        // encodings and characters
        yield return Bytes("encoding: an invalid UTF-8 byte in a pipeline", Loads.Pipeline, Concat(Utf8("- type: helm-app\n  name: app\n  chart: "), [0xFF], Utf8("x\n")), ErrorIds.InvalidEncoding, 3);
        yield return Bytes("encoding: Latin-1 text in defaults.yaml", Loads.Defaults, Concat(Utf8(Workspace.StandardDefaults + "\nhelm-app:\n  values:\n    city: M"), [0xFC], Utf8("nchen\n")), ErrorIds.InvalidEncoding, 9);
        yield return Bytes("encoding: an invalid UTF-8 byte in config.yaml", Loads.ConfigFile, Concat(Utf8(Workspace.StandardConfig + "\nhelm_config:\n  context: "), [0xC3, 0x28], Utf8("\n")), ErrorIds.InvalidEncoding, 4);
        yield return Bytes("encoding: an invalid UTF-8 byte in a dotenv file", Loads.DotEnv, Concat(Utf8("A=1\nB=2\nC="), [0xE2, 0x82], Utf8("\n")), ErrorIds.InvalidEncoding, 3, withDotEnv: true);
        yield return Bytes("encoding: a UTF-8 sequence cut off at the end", Loads.Pipeline, Concat(Utf8("- type: helm-app\n  name: app\n  chart: x"), [0xF0, 0x9F]), ErrorIds.InvalidEncoding, 3);
        yield return Bytes("encoding: an overlong UTF-8 encoding of '/'", Loads.Pipeline, Concat(Utf8("- type: helm-app\n  name: app\n  chart: a"), [0xC0, 0xAF], Utf8("b\n")), ErrorIds.InvalidEncoding, 3);
        yield return Bytes("encoding: a surrogate encoded in UTF-8", Loads.Pipeline, Concat(Utf8("- type: helm-app\n  name: app\n  chart: a"), [0xED, 0xA0, 0x80], Utf8("\n")), ErrorIds.InvalidEncoding, 3);
        yield return Bytes("encoding: UTF-16 with a lone surrogate", Loads.Pipeline, Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes("- type: helm-app\n  name: app\n  chart: "), [0x00, 0xD8], Encoding.Unicode.GetBytes("x\n")), ErrorIds.InvalidEncoding, 3);
        yield return Bytes("characters: a NUL byte in a pipeline", Loads.Pipeline, Utf8("- type: helm-app\n  name: app\0\n  chart: repo/chart\n"), ErrorIds.InvalidCharacter, 2);
        yield return Bytes("characters: a terminal escape sequence in a value", Loads.Pipeline, Utf8("- type: helm-app\n  name: app\n  chart: repo/chart\n  values:\n    x: \u001b[2J\n"), ErrorIds.InvalidCharacter, 5);
        yield return Bytes("characters: a DEL character", Loads.Pipeline, Utf8("- type: helm-app\n  name: app\u007f\n"), ErrorIds.InvalidCharacter, 2);
        yield return Bytes("characters: U+FFFE", Loads.Pipeline, Utf8("- type: helm-app\n  name: app\n  chart: \uFFFE\n"), ErrorIds.InvalidCharacter, 3);
        yield return Bytes("characters: a C1 control character in defaults.yaml", Loads.Defaults, Utf8(Workspace.StandardDefaults + "\nhelm-app:\n  values:\n    x: \u009b31m\n"), ErrorIds.InvalidCharacter, 9);

        // tags, types and places
        yield return Pipeline("tags: a custom tag on a mapping", Loads.App("  values: !custom {a: 1}\n"), ErrorIds.YamlSyntax, 4);
        yield return Pipeline("tags: a Python object tag on a mapping", Loads.App("  values: !!python/object:os.system {a: 1}\n"), ErrorIds.YamlSyntax, 4);
        yield return Pipeline("tags: a custom tag on a list", Loads.App("  values:\n    l: !custom [1, 2]\n"), ErrorIds.YamlSyntax, 5);
        yield return Pipeline("tags: a string tag on a mapping", Loads.App("  values: !!str {a: 1}\n"), ErrorIds.YamlSyntax, 4);
        yield return Pipeline("tags: a set tag on a block mapping", Loads.App("  values: !!set\n    a: null\n"), ErrorIds.YamlSyntax, 4);
        yield return Pipeline("tags: a custom tag on a scalar", Loads.App("  values:\n    a: !custom x\n"), ErrorIds.YamlSyntax, 5);
        yield return Pipeline("places: a tab in the indentation of the third line", "- type: helm-app\n  name: app\n\tchart: repo/chart\n", ErrorIds.YamlSyntax, 3);
        yield return Pipeline("places: a tab in the indentation after a mapping key", "- type: helm-app\n  values:\n\t  a: 1\n", ErrorIds.YamlSyntax, 3);
        yield return Pipeline("places: a list as a mapping key", Loads.App("  values:\n    ? [a, b]\n    : 1\n"), ErrorIds.YamlSyntax, 5);
        yield return Pipeline("types: a component type that is a list", "- type: [streams-app]\n  name: app\n", ErrorIds.UnknownComponentType, 1);
        yield return Pipeline("types: a component type that is a mapping", "- type: {name: streams-app}\n  name: app\n", ErrorIds.UnknownComponentType, 1);

        // values too large to repeat
        yield return Pipeline("echo: a component name of 20 MB", () => "- type: helm-app\n  name: " + new string('a', 20 << 20) + "\n  chart: repo/chart\n", ErrorIds.InvalidKubernetesName, 2);
        yield return Pipeline("echo: a component name of 20 MB of digits", () => "- type: helm-app\n  name: " + new string('1', 20 << 20) + "\n  chart: repo/chart\n", ErrorIds.InvalidKubernetesName, 2);
        yield return Pipeline("echo: a connector name of 20 MB", () => Connector(new string('c', 20 << 20)), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("echo: an enum value of 20 MB", () => "- type: streams-app\n  name: app\n  values:\n    imagePullPolicy: " + new string('p', 20 << 20) + "\n", ErrorIds.InvalidFieldValue, 4);
        yield return Pipeline("echo: a type name of 20 MB", () => "- type: " + new string('t', 20 << 20) + "\n  name: app\n", ErrorIds.UnknownComponentType, 1);
        // Keys over 1,024 characters must be explicit ('? key' then ': value') in YAML.
        yield return Pipeline("echo: an unknown field named by a 1 MB key", () => Topic("        ? " + new string('k', 1 << 20) + "\n        : 1\n"), ErrorIds.UnknownField, 6);
        yield return Pipeline("echo: a duplicate 1 MB key",
            () => Loads.App("  values:\n    ? " + new string('d', 1 << 20) + "\n    : 1\n    ? " + new string('d', 1 << 20) + "\n    : 2\n"), ErrorIds.YamlDuplicateKey, 7);
        yield return Pipeline("echo: a 1 MB key in from.components that names nothing",
            () => "- type: streams-app\n  name: app\n  from:\n    components:\n      ? " + new string('x', 1 << 20) + "\n      : {}\n", ErrorIds.ComponentNotFound, 5);
        yield return Pipeline("echo: 100,000 unknown fields", () => Topic(string.Concat(Enumerable.Range(0, 100_000).Select(i => $"        unknown{i}: {i}\n"))), ErrorIds.UnknownField, 6);
        yield return new HostileCase("echo: a substitution loop in a 1 MB value", ErrorIds.SubstitutionLoop, Where.At(Loads.Pipeline, 5), ws =>
        {
            ws.Env["A"] = "${B}";
            ws.Env["B"] = "${A}";
            ws.LoadPipeline(Loads.App("  values:\n    v: " + new string('v', 1 << 20) + "${A}\n"));
        });
        yield return new HostileCase("echo: a malformed dotenv line holding a secret", ErrorIds.DotEnvInvalid, Where.At(Loads.DotEnv, 1), ws =>
        {
            ws.Write(Loads.DotEnv, "hunter2-very-secret-password\n");
            ws.Write(Loads.Pipeline, Loads.App());
            try
            {
                Loads.LoadWithDotEnv(ws);
            }
            catch (KPopsException e) when (e.FullMessage.Contains("hunter2", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The error repeats the line.");
            }
        });
    }
}
