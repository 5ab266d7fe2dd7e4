using k8s;
using KPops.TestWorld.Kubernetes;
using Xunit;

namespace KPops.TestWorld.Tests.Kubernetes;

/// <summary>One Kubernetes double per test class and a KubernetesClient built from the kubeconfig it writes.</summary>
public sealed class KubernetesFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kpops-kube-tests-" + Guid.NewGuid().ToString("N"));

    public KubernetesDouble Kube { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public string Kubeconfig => Path.Combine(_directory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Kube = await KubernetesDouble.StartAsync();
        Kube.WriteKubeconfig(Kubeconfig);
        Client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Kube.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
