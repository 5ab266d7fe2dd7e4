using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;
using KPops.TestWorld.Kubernetes;
using Xunit;

namespace KPops.Tests.Integration.Worlds;

/// <summary>
/// The cluster the helm and Kubernetes client tests run against: a <see cref="KubernetesDouble"/>, or the cluster of
/// the kubeconfig in <c>KPOPS_TEST_KUBECONFIG</c> (its current context, or <c>KPOPS_TEST_KUBE_CONTEXT</c>). Tests
/// set up and check state through <see cref="Raw"/> so they run against both; what needs the double's request log,
/// state API or faults is guarded by <see cref="Kube"/> (and the test marked <c>[Trait("World", "DoubleOnly")]</c>).
/// </summary>
public class ClusterWorld : IAsyncLifetime
{
    /// <summary>Points the tests at a real cluster.</summary>
    public const string KubeconfigVariable = "KPOPS_TEST_KUBECONFIG";

    /// <summary>The context of that kubeconfig to use; its current context when unset.</summary>
    public const string ContextVariable = "KPOPS_TEST_KUBE_CONTEXT";

    /// <summary>The context name of the kubeconfig written for the double.</summary>
    public const string DoubleContext = "kpops-test";

    /// <summary>Scratch directory of this world (kubeconfigs, helm homes).</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kpops-it-cluster-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The double, or null against a real cluster.</summary>
    public KubernetesDouble? Kube { get; private set; }

    /// <summary>The double, for tests marked <c>[DoubleOnlyFact]</c> (which are skipped against a real cluster).</summary>
    public KubernetesDouble RequireDouble() => Kube ?? throw new InvalidOperationException("This test needs the Kubernetes double; mark it [DoubleOnlyFact].");

    /// <summary>The kubeconfig file.</summary>
    public string Kubeconfig { get; private set; } = "";

    /// <summary>The context the tests pass explicitly (as helm_config.context).</summary>
    public string Context { get; private set; } = "";

    /// <summary>A KubernetesClient of its own for setting up and checking state.</summary>
    public k8s.Kubernetes Raw { get; private set; } = null!;

    /// <summary>The API server URL of <see cref="Context"/>.</summary>
    public string Server { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var real = Environment.GetEnvironmentVariable(KubeconfigVariable);
        if (string.IsNullOrEmpty(real))
        {
            Kube = await KubernetesDouble.StartAsync();
            Kubeconfig = Path.Combine(Directory, "kubeconfig");
            Kube.WriteKubeconfig(Kubeconfig, DoubleContext);
            Context = DoubleContext;
        }
        else
        {
            Kubeconfig = real;
            var context = Environment.GetEnvironmentVariable(ContextVariable);
            Context = string.IsNullOrEmpty(context) ? KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(real)).CurrentContext : context;
        }
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig, Context);
        Server = configuration.Host;
        Raw = new k8s.Kubernetes(configuration);
    }

    /// <summary>Forgets what earlier tests did (double only: state, job outcomes, faults, log).</summary>
    public virtual void Reset() => Kube?.Reset();

    /// <summary>A fresh namespace name (created on first write on the double; <see cref="CreateNamespaceAsync"/> for real clusters).</summary>
    public static string NewNamespace() => "kp-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Creates a namespace (needed on a real cluster).</summary>
    public async Task CreateNamespaceAsync(string name) =>
        await Raw.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    /// <summary>Deletes a namespace on a real cluster (the double is reset anyway).</summary>
    public async Task DeleteNamespaceAsync(string name)
    {
        if (Kube is not null) return;
        try
        {
            await Raw.CoreV1.DeleteNamespaceAsync(name);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Writes a kubeconfig with this world's context (named <paramref name="goodContext"/>) and a context
    /// <c>kpops-closed</c> whose server is a closed loopback port; <c>kpops-closed</c> is the current context.
    /// </summary>
    /// <returns>The path and the closed server's URL.</returns>
    public (string Path, string ClosedServer) WriteKubeconfigWithClosedContext(string goodContext)
    {
        var source = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(Kubeconfig));
        var context = source.Contexts.Single(c => c.Name == Context);
        var cluster = source.Clusters.Single(c => c.Name == context.ContextDetails.Cluster);
        var user = source.Users.Single(u => u.Name == context.ContextDetails.User);
        var closed = $"http://127.0.0.1:{ClosedPort()}";
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = "kpops-closed",
            Clusters =
            [
                new Cluster { Name = "kpops-closed", ClusterEndpoint = new ClusterEndpoint { Server = closed } },
                new Cluster { Name = "kpops-good", ClusterEndpoint = cluster.ClusterEndpoint },
            ],
            Users =
            [
                new User { Name = "kpops-closed", UserCredentials = new UserCredentials { Token = "closed" } },
                new User { Name = "kpops-good", UserCredentials = user.UserCredentials },
            ],
            Contexts =
            [
                new Context { Name = "kpops-closed", ContextDetails = new ContextDetails { Cluster = "kpops-closed", User = "kpops-closed", Namespace = "default" } },
                new Context { Name = goodContext, ContextDetails = new ContextDetails { Cluster = "kpops-good", User = "kpops-good", Namespace = "default" } },
            ],
        };
        var path = System.IO.Path.Combine(Directory, "two-contexts-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, KubernetesYaml.Serialize(config));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (path, closed);
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public virtual async Task DisposeAsync()
    {
        Raw?.Dispose();
        if (Kube is not null) await Kube.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A helm process killed by a test may still hold a file for a moment.
        }
    }
}
