using KPops.Engine.Clients;
using KPops.Engine.Clients.Connect;
using KPops.Engine.Clients.Helm;
using KPops.Engine.Clients.Kafka;
using KPops.Engine.Clients.Kubernetes;
using KPops.Engine.Clients.SchemaRegistry;
using KPops.Engine.Pipelines;

namespace KPops.Engine.Lifecycle;

/// <summary>
/// The real clients of a pipeline's configuration: helm, Kafka's admin protocol, Schema Registry, Kafka Connect and
/// Kubernetes, each created on first use (a pipeline without connectors never talks to Connect).
/// </summary>
public sealed class ClientFactory
{
    private readonly IReadOnlyList<ISchemaProvider> _extraProviders;

    /// <summary>Creates a factory; <paramref name="schemaProviders"/> are asked before the file provider.</summary>
    public ClientFactory(IReadOnlyList<ISchemaProvider>? schemaProviders = null) => _extraProviders = schemaProviders ?? [];

    /// <summary>The kubeconfig and context helm and Kubernetes calls use, over helm_config.</summary>
    public KubeTarget Target { get; init; } = KubeTarget.FromConfig;

    /// <summary>The clients of a pipeline.</summary>
    public ILifecycleClients Create(Pipeline pipeline, IOperationLog log) => new Clients(pipeline, log, _extraProviders, Target);

    private sealed class Clients : ILifecycleClients
    {
        private readonly Lazy<HelmClient> _helm;
        private readonly Lazy<IKafkaAdmin> _kafka;
        private readonly Lazy<ISchemaRegistry?> _schemaRegistry;
        private readonly Lazy<IKafkaConnect> _connect;
        private readonly Lazy<IKubernetes> _kubernetes;
        private readonly Lazy<ISchemaProvider> _schemaProvider;

        public Clients(Pipeline pipeline, IOperationLog log, IReadOnlyList<ISchemaProvider> extraProviders, KubeTarget target)
        {
            var config = pipeline.Config;
            // helm runs in the environment the pipeline was loaded with (HELM_* homes, KUBECONFIG, ...), not only the host's.
            var helmEnvironment = pipeline.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
            _helm = new(() => new HelmClient(target.Apply(HelmClientOptions.FromConfig(config)) with { Environment = helmEnvironment }, log));
            _kafka = new(() => KafkaAdminClient.FromConfig(config, log));
            _schemaRegistry = new(() => config.SchemaRegistryEnabled ? new SchemaRegistryClient(SchemaRegistryClientOptions.FromConfig(config), log) : null);
            _connect = new(() => new KafkaConnectClient(KafkaConnectClientOptions.FromConfig(config), log));
            _kubernetes = new(() => new KubernetesApiClient(target.Apply(KubernetesClientOptions.FromConfig(config)), log));
            _schemaProvider = new(() =>
            {
                var providers = extraProviders.ToList();
                if (config.SchemasPath is { } folder) providers.Add(new FileSchemaProvider(Path.GetFullPath(folder, pipeline.WorkingDirectory)));
                return new SchemaProviderChain(providers);
            });
        }

        public IHelmClient Helm => _helm.Value;

        public IKafkaAdmin Kafka => _kafka.Value;

        public ISchemaRegistry? SchemaRegistry => _schemaRegistry.Value;

        public IKafkaConnect Connect => _connect.Value;

        public IKubernetes Kubernetes => _kubernetes.Value;

        public ISchemaProvider SchemaProvider => _schemaProvider.Value;

        public void Dispose()
        {
            if (_helm.IsValueCreated) _helm.Value.Dispose();
            if (_kafka.IsValueCreated) _kafka.Value.Dispose();
            if (_schemaRegistry.IsValueCreated) _schemaRegistry.Value?.Dispose();
            if (_connect.IsValueCreated) _connect.Value.Dispose();
            if (_kubernetes.IsValueCreated) _kubernetes.Value.Dispose();
        }
    }
}
