using KPops.Engine.Errors;
using KPops.Engine.Loading;

namespace KPops.Tests.Unit.Hostile;

/// <summary>Names checked against the systems that receive them: Helm, Kubernetes, Kafka Connect, file names.</summary>
internal static partial class HostileCorpus
{
    private static string Connector(string name, string prefix = "\"\"") =>
        $"- type: kafka-sink-connector\n  name: {name}\n  prefix: {prefix}\n  config:\n    connector.class: io.example.Sink\n";

    private static HostileCase Environment(string name, string environment) =>
        new(name, ErrorIds.InvalidEnvironmentName, Where.Named("-Environment"), ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Load(environment: environment);
        });

    private static IEnumerable<HostileCase> Names()
    {
        yield return Pipeline("names: a prefix that is a helm option", Loads.App("  prefix: --post-renderer=\n"), ErrorIds.InvalidReleaseName, 4);
        yield return Pipeline("names: a prefix that is a helm option with a value", Loads.App("  prefix: \"--kubeconfig=/etc/passwd \"\n"), ErrorIds.InvalidReleaseName, 4);
        yield return Pipeline("names: a prefix with capitals", Loads.App("  prefix: Prod-\n"), ErrorIds.InvalidReleaseName, 4);
        yield return HandOff("names: a prefix with an unset variable", Loads.App("  prefix: ${STAGE}-\n"), ErrorIds.UnresolvedPlaceholder, 4);
        yield return new HostileCase("names: a pipeline folder name that is no release name", ErrorIds.InvalidReleaseName, Where.At("pipelines/My Pipeline/pipeline.yaml", 1), ws =>
        {
            ws.Write("pipelines/My Pipeline/pipeline.yaml", Loads.App());
            ws.Load("pipelines/My Pipeline/pipeline.yaml");
        });
        // 60 characters are trimmed to the first 47, which end in '.' here, then '-' and a hash: '.-' is no DNS name.
        yield return Pipeline("names: a release name that trimming leaves with '.-'", Loads.App("  prefix: " + new string('a', 46) + ".bbbbbbbbbb-\n"), ErrorIds.InvalidReleaseName, 4);
        yield return Pipeline("names: a component name that is '..'", "- type: helm-app\n  name: ..\n  chart: repo/chart\n", ErrorIds.InvalidReleaseName, 1);
        yield return Pipeline("names: a component name with a final line break", "- type: helm-app\n  name: \"app\\n\"\n  chart: repo/chart\n", ErrorIds.InvalidKubernetesName, 2);
        yield return Pipeline("names: a component name that is an option", "- type: streams-app\n  name: --set=x\n", ErrorIds.InvalidKubernetesName, 2);
        yield return HandOff("names: a component name with an unset variable", "- type: helm-app\n  name: ${APP}\n  chart: repo/chart\n", ErrorIds.UnresolvedPlaceholder, 2);
        yield return Pipeline("names: a namespace that is an option", Loads.App("  namespace: -n\n"), ErrorIds.InvalidNamespace, 4);
        yield return Pipeline("names: a namespace that passes a kubeconfig", Loads.App("  namespace: --kubeconfig=/etc/passwd\n"), ErrorIds.InvalidNamespace, 4);
        yield return HandOff("names: a namespace with an unset variable", Loads.App("  namespace: ${NOT_SET}\n"), ErrorIds.UnresolvedPlaceholder, 4);
        yield return Pipeline("names: a namespace with capitals", Loads.App("  namespace: Production\n"), ErrorIds.InvalidNamespace, 4);
        yield return Pipeline("names: a namespace of 64 characters", Loads.App("  namespace: " + new string('n', 64) + "\n"), ErrorIds.InvalidNamespace, 4);
        yield return Pipeline("names: a namespace with a final line break", Loads.App("  namespace: \"ns\\n\"\n"), ErrorIds.InvalidNamespace, 4);
        yield return Pipeline("names: a namespace with a dot", Loads.App("  namespace: a.b\n"), ErrorIds.InvalidNamespace, 4);
        yield return Pipeline("names: a chart that is a helm option", "- type: helm-app\n  name: app\n  chart: --post-renderer=sh\n", ErrorIds.InvalidChartReference, 3);
        yield return Pipeline("names: a chart with a space", "- type: helm-app\n  name: app\n  chart: repo/chart --devel\n", ErrorIds.InvalidChartReference, 3);
        yield return HandOff("names: a chart with an unset variable", "- type: helm-app\n  name: app\n  chart: ${CHART}\n", ErrorIds.UnresolvedPlaceholder, 3);
        yield return Pipeline("names: a chart version that is an option", Loads.App("  version: --devel\n"), ErrorIds.InvalidChartReference, 4);
        yield return Pipeline("names: a repository name that is an option",
            Loads.App("  repo_config:\n    repository_name: --insecure-skip-tls-verify\n    url: https://charts.example.com\n"), ErrorIds.InvalidChartReference, 5);
        yield return Pipeline("names: a repository name with a slash",
            Loads.App("  repo_config:\n    repository_name: a/b\n    url: https://charts.example.com\n"), ErrorIds.InvalidChartReference, 5);
        yield return Pipeline("names: a repository URL that is an option",
            Loads.App("  repo_config:\n    repository_name: repo\n    url: --kubeconfig=/etc/passwd\n"), ErrorIds.InvalidChartReference, 6);
        yield return Pipeline("names: a streams-bootstrap repository with a control character",
            "- type: streams-app\n  name: app\n  repo_config:\n    repository_name: \"repo\\t\"\n    url: https://charts.example.com\n", ErrorIds.InvalidChartReference, 4);
        yield return Pipeline("names: a connector named '..'", Connector(".."), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector named '.'", Connector("."), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector name with a slash", Connector("a/b"), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector prefix that makes a path", Connector("x", "../"), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: an empty connector name", Connector("\"\""), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector name with a bell character", Connector("\"sink\\a\""), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector name with a final line break", Connector("\"sink\\n\""), ErrorIds.InvalidConnectorName, 2);
        yield return Pipeline("names: a connector name of 2,000 characters", Connector(new string('c', 2000)), ErrorIds.InvalidConnectorName, 2);
        yield return HandOff("names: a connector name with an unset variable", Connector("${SINK}"), ErrorIds.UnresolvedPlaceholder, 2);
        yield return Environment("names: an environment that climbs out of the folder", "x/../secrets/evil");
        yield return Environment("names: an environment that is '..'", "..");
        yield return Environment("names: an environment with a Windows separator", "dev\\..\\x");
        yield return Environment("names: an environment with a NUL character", "dev\0");
        yield return Environment("names: an environment with a line break", "dev\n");
        yield return new HostileCase("names: KPOPS_ENVIRONMENT that climbs out of the folder", ErrorIds.InvalidEnvironmentName, Where.Named("KPOPS_ENVIRONMENT"), ws =>
        {
            ws.Write(Loads.Pipeline, Loads.App());
            ws.Env["KPOPS_ENVIRONMENT"] = "../config";
            PipelineLoader.Load(ws.Request([Loads.Pipeline]).WithKpopsEnvironmentDefaults());
        });
        yield return new HostileCase("names: a custom type name of a megabyte", ErrorIds.ComponentTypeInvalid, Where.At("pipelines/kpops-components.yaml", 1), ws =>
        {
            ws.Write("pipelines/kpops-components.yaml", "- type: " + new string('t', 1 << 20) + "\n  base: helm-app\n");
            Loads.LoadApp(ws);
        });
        yield return Config("names: a Strimzi namespace that is an option", "strimzi_topic:\n  label: {strimzi.io/cluster: c}\n  namespace: -n\n", ErrorIds.ConfigInvalid, 5);
    }
}
