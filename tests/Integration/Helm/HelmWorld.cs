using System.Collections;
using KPops.Engine.Clients;
using KPops.Engine.Clients.Helm;
using KPops.Tests.Integration.Worlds;
using KPops.TestWorld.ChartRepo;

namespace KPops.Tests.Integration.Helm;

/// <summary>
/// The cluster of <see cref="ClusterWorld"/> plus a chart repository serving the test charts, shared by the tests of
/// one class (one helm version). helm's homes and kube cache live in the world's directory, never the user's.
/// </summary>
public sealed class HelmWorld : ClusterWorld
{
    public ChartRepositoryDouble Charts { get; private set; } = null!;

    /// <summary>HELM_CACHE_HOME, HELM_CONFIG_HOME, HELM_DATA_HOME and KUBECACHEDIR here; inherited HELM_*/KUBE* dropped.</summary>
    public IReadOnlyDictionary<string, string?> HelmEnvironment { get; private set; } = new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var packager = Path.Combine(Directory, "packager");
        Charts = await ChartRepositoryDouble.StartWithTestChartsAsync(new HelmCli(HelmCli.Locate(HelmCli.Helm4Version), packager));

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("HELM_", StringComparison.Ordinal) || name.StartsWith("KUBE", StringComparison.Ordinal)) environment[name] = null;
        }
        var homes = Path.Combine(Directory, "helm");
        environment["HELM_CACHE_HOME"] = Path.Combine(homes, "cache");
        environment["HELM_CONFIG_HOME"] = Path.Combine(homes, "config");
        environment["HELM_DATA_HOME"] = Path.Combine(homes, "data");
        environment["KUBECACHEDIR"] = Path.Combine(homes, "kube-cache");
        HelmEnvironment = environment;
        NotesChart = WriteNotesChart(Path.Combine(Directory, "charts", "kpops-notes"));
    }

    /// <summary>
    /// A local chart with a NOTES.txt, a ConfigMap and a second ConfigMap rendered only when the capabilities include
    /// <c>kpops.test/v1</c> (as <c>--api-versions</c> adds). It is marked deprecated, so helm warns about it.
    /// </summary>
    public string NotesChart { get; private set; } = "";

    private static string WriteNotesChart(string path)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(path, "templates"));
        File.WriteAllText(Path.Combine(path, "Chart.yaml"), "apiVersion: v2\nname: kpops-notes\nversion: 1.2.3\nappVersion: \"1.2.3\"\ndeprecated: true\n");
        File.WriteAllText(Path.Combine(path, "values.yaml"), "greeting: hello\n");
        File.WriteAllText(Path.Combine(path, "templates", "configmap.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-config
            data:
              greeting: {{ .Values.greeting | quote }}
            """);
        File.WriteAllText(Path.Combine(path, "templates", "gated.yaml"), """
            {{- if .Capabilities.APIVersions.Has "kpops.test/v1" }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-gated
            data:
              gated: "yes"
            {{- end }}
            """);
        File.WriteAllText(Path.Combine(path, "templates", "NOTES.txt"), "Thank you for installing {{ .Release.Name }}.\nkind: NotAManifest\n");
        return path;
    }

    public override void Reset()
    {
        base.Reset();
        Charts.Reset();
    }

    /// <summary>The repository of the test charts.</summary>
    public HelmRepository Repository(string name = "kpops-test", HelmRepoAuth? auth = null) => new(name, Charts.Endpoint, auth);

    /// <summary>Options for a helm of this version against this world's cluster (explicit kubeconfig and context).</summary>
    public HelmClientOptions Options(string version) => new()
    {
        Binary = HelmCli.Locate(version),
        Kubeconfig = Kubeconfig,
        KubeContext = Context,
        Environment = HelmEnvironment,
    };

    public override async Task DisposeAsync()
    {
        if (Charts is not null) await Charts.DisposeAsync();
        await base.DisposeAsync();
    }
}
