using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using k8s.Models;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Kubernetes;

/// <summary>
/// The Kubernetes API through KubernetesClient, with the kubeconfig and context helm uses
/// (<c>helm_config.kubeconfig</c>, <c>helm_config.context</c>). The kubeconfig is read on the first call. 404 answers
/// become null, false or empty results; an unreachable server a <see cref="ErrorKind.ConnectionError"/>. Every
/// request is logged as one verbose line.
/// </summary>
public sealed class KubernetesApiClient : IKubernetes
{
    private const string ClusterHint =
        "Check that the Kubernetes API server is reachable with the kubeconfig (helm_config.kubeconfig, else KUBECONFIG or ~/.kube/config) and its context (helm_config.context).";

    private readonly KubernetesClientOptions _options;
    private readonly IOperationLog _log;
    private readonly object _gate = new();
    private k8s.Kubernetes? _client;
    private string? _endpoint;
    private bool _disposed;

    /// <summary>Creates a client; the kubeconfig is read on the first call.</summary>
    public KubernetesApiClient(KubernetesClientOptions? options = null, IOperationLog? log = null)
    {
        _options = options ?? new KubernetesClientOptions();
        _log = log ?? NullOperationLog.Instance;
    }

    /// <inheritdoc />
    /// <remarks>The server of the chosen context, or the kubeconfig file when it cannot be read.</remarks>
    public string Endpoint
    {
        get
        {
            try
            {
                return Client.BaseUri.ToString();
            }
            catch (KPopsException)
            {
                return _endpoint ?? KubeconfigDescription;
            }
        }
    }

    private string KubeconfigDescription => _options.Kubeconfig ?? (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable ? variable : KubernetesClientConfiguration.KubeConfigDefaultLocation);

    private k8s.Kubernetes Client
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _client ??= Create();
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListPersistentVolumeClaimsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken)
    {
        var list = await CallAsync($"listing the persistent volume claims in {kubernetesNamespace}",
            (client, ct) => client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return list?.Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal).ToList() ?? [];
    }

    /// <inheritdoc />
    public async Task<bool> DeletePersistentVolumeClaimAsync(string kubernetesNamespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await CallAsync($"deleting the persistent volume claim {kubernetesNamespace}/{name}",
                (client, ct) => client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, kubernetesNamespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return deleted is not null;
        }
        catch (JsonException)
        {
            // A 2xx answer whose body is a Status (immediate deletion) rather than the claim: deleted all the same.
            return true;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Lists the pods matching the selector (a Job's pods carry <c>job-name=&lt;job&gt;</c>), groups them by their Job and
    /// returns the last <see cref="KubernetesClientOptions.LogTailLines"/> lines of the newest pod of each, under a
    /// <c>==&gt; pod … &lt;==</c> header.
    /// </remarks>
    public async Task<string> GetJobLogsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken)
    {
        var pods = await CallAsync($"listing the pods of {labelSelector} in {kubernetesNamespace}",
            (client, ct) => client.CoreV1.ListNamespacedPodAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        if (pods is null || pods.Items.Count == 0) return "";

        var text = new StringBuilder();
        var newest = pods.Items
            .GroupBy(JobOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenByDescending(p => p.Metadata.Name, StringComparer.Ordinal).First());
        foreach (var pod in newest)
        {
            var name = pod.Metadata.Name;
            text.Append(CultureInfo.InvariantCulture, $"==> pod {name} (job {JobOf(pod)}, {pod.Status?.Phase ?? "Unknown"}) <==\n");
            var log = await ReadLogAsync(kubernetesNamespace, pod, cancellationToken).ConfigureAwait(false);
            text.Append(log);
            if (log.Length > 0 && !log.EndsWith('\n')) text.Append('\n');
        }
        return text.ToString();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkloadStatus>> GetWorkloadsAsync(string kubernetesNamespace, string labelSelector, CancellationToken cancellationToken)
    {
        var deployments = await CallAsync($"listing the Deployments in {kubernetesNamespace}",
            (client, ct) => client.AppsV1.ListNamespacedDeploymentAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var statefulSets = await CallAsync($"listing the StatefulSets in {kubernetesNamespace}",
            (client, ct) => client.AppsV1.ListNamespacedStatefulSetAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var jobs = await CallAsync($"listing the Jobs in {kubernetesNamespace}",
            (client, ct) => client.BatchV1.ListNamespacedJobAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var cronJobs = await CallAsync($"listing the CronJobs in {kubernetesNamespace}",
            (client, ct) => client.BatchV1.ListNamespacedCronJobAsync(kubernetesNamespace, labelSelector: labelSelector, cancellationToken: ct), cancellationToken).ConfigureAwait(false);

        return
        [
            .. (deployments?.Items ?? []).Select(WorkloadStatuses.Of).OrderBy(s => s.Name, StringComparer.Ordinal),
            .. (statefulSets?.Items ?? []).Select(WorkloadStatuses.Of).OrderBy(s => s.Name, StringComparer.Ordinal),
            .. (jobs?.Items ?? []).Select(WorkloadStatuses.Of).OrderBy(s => s.Name, StringComparer.Ordinal),
            .. (cronJobs?.Items ?? []).Select(WorkloadStatuses.Of).OrderBy(s => s.Name, StringComparer.Ordinal),
        ];
    }

    /// <inheritdoc />
    public async Task<WorkloadStatus?> GetWorkloadAsync(string kubernetesNamespace, string kind, string name, CancellationToken cancellationToken)
    {
        var what = $"reading {kind} {kubernetesNamespace}/{name}";
        return kind switch
        {
            "Deployment" => await CallAsync(what, async (client, ct) => WorkloadStatuses.Of(await client.AppsV1.ReadNamespacedDeploymentAsync(name, kubernetesNamespace, cancellationToken: ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false),
            "StatefulSet" => await CallAsync(what, async (client, ct) => WorkloadStatuses.Of(await client.AppsV1.ReadNamespacedStatefulSetAsync(name, kubernetesNamespace, cancellationToken: ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false),
            "Job" => await CallAsync(what, async (client, ct) => WorkloadStatuses.Of(await client.BatchV1.ReadNamespacedJobAsync(name, kubernetesNamespace, cancellationToken: ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false),
            "CronJob" => await CallAsync(what, async (client, ct) => WorkloadStatuses.Of(await client.BatchV1.ReadNamespacedCronJobAsync(name, kubernetesNamespace, cancellationToken: ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"{kind} is not a workload kind.", nameof(kind)),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _client?.Dispose();
            _client = null;
        }
    }

    private static string JobOf(V1Pod pod)
    {
        var labels = pod.Metadata.Labels;
        if (labels is not null && (labels.TryGetValue("batch.kubernetes.io/job-name", out var job) || labels.TryGetValue("job-name", out job))) return job;
        return pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == "Job")?.Name ?? pod.Metadata.Name;
    }

    private async Task<string> ReadLogAsync(string kubernetesNamespace, V1Pod pod, CancellationToken cancellationToken)
    {
        var container = pod.Spec?.Containers?.Count > 1 ? pod.Spec.Containers[0].Name : null;
        try
        {
            var stream = await CallAsync($"reading the log of pod {kubernetesNamespace}/{pod.Metadata.Name}",
                (client, ct) => client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, kubernetesNamespace, container: container, tailLines: _options.LogTailLines, cancellationToken: ct),
                cancellationToken).ConfigureAwait(false);
            if (stream is null) return "(the pod is gone)\n";
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ServiceException e) when (e.StatusCode == 400)
        {
            // E.g. the container is still being created: say so instead of failing the whole report.
            return $"(no log: {e.Message})\n";
        }
    }

    // Runs one API call; 404 gives null, other HTTP errors a ServiceError with the status, transport failures a ConnectionError.
    private async Task<T?> CallAsync<T>(string what, Func<k8s.Kubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        var client = Client;
        var endpoint = client.BaseUri.ToString();
        try
        {
            return await call(client, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            var status = (int)e.Response.StatusCode;
            var message = string.Create(CultureInfo.InvariantCulture, $"{what} failed: {status} {e.Response.ReasonPhrase}: {StatusMessage(e.Response.Content) ?? e.Message}");
            var hint = e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? "Check the credentials of the kubeconfig context (helm_config.context) and their permissions in the namespace."
                : null;
            throw new ServiceException(Service.Kubernetes, endpoint, message, ErrorKind.ServiceError, hint, e, status);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceException(Service.Kubernetes, endpoint, $"{what} failed: the API server cannot be reached: {e.Message}", ErrorKind.ConnectionError, ClusterHint, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceException(Service.Kubernetes, endpoint,
                string.Create(CultureInfo.InvariantCulture, $"{what} failed: no answer within {_options.Timeout.TotalSeconds:0.#} s"), ErrorKind.ConnectionError, ClusterHint, e);
        }
    }

    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return content.Length > 500 ? content[..500] : content;
        }
    }

    private k8s.Kubernetes Create()
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = LoadConfiguration();
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or YamlDotNet.Core.YamlException)
        {
            _endpoint = KubeconfigDescription;
            var missing = e is FileNotFoundException || (e is KubeConfigException && !File.Exists(_endpoint));
            var message = missing ? $"the kubeconfig {_endpoint} does not exist" : $"the kubeconfig {_endpoint} cannot be used: {e.Message}";
            var hint = _options.Context is null
                ? "Set helm_config.kubeconfig (or KUBECONFIG) to a kubeconfig file that has a current context."
                : $"Set helm_config.kubeconfig (or KUBECONFIG) to a kubeconfig file with the context '{_options.Context}' (helm_config.context).";
            throw new ServiceException(Service.Kubernetes, _endpoint, message, ErrorKind.InvalidArgument, hint, e);
        }
        configuration.HttpClientTimeout = _options.Timeout;
        return new k8s.Kubernetes(configuration, new OperationLogHandler(_log));
    }

    private KubernetesClientConfiguration LoadConfiguration()
    {
        if (_options.Kubeconfig is not null) return KubernetesClientConfiguration.BuildConfigFromConfigFile(_options.Kubeconfig, _options.Context);

        // Like kubectl and helm: every file of KUBECONFIG, merged.
        var files = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(File.Exists)
            .Select(f => new FileInfo(f))
            .ToArray();
        if (files.Length == 0) return KubernetesClientConfiguration.BuildConfigFromConfigFile((string?)null, _options.Context);
        if (files.Length == 1) return KubernetesClientConfiguration.BuildConfigFromConfigFile(files[0], _options.Context);
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(f, useRelativePaths: true))), _options.Context);
    }

    // The first occurrence of a cluster, context or user name wins, and the first current-context set.
    private static K8SConfiguration Merge(IEnumerable<K8SConfiguration> configurations)
    {
        var merged = new K8SConfiguration { Clusters = [], Contexts = [], Users = [] };
        foreach (var configuration in configurations)
        {
            merged.CurrentContext ??= string.IsNullOrEmpty(configuration.CurrentContext) ? null : configuration.CurrentContext;
            merged.Clusters = merged.Clusters.Concat((configuration.Clusters ?? []).Where(c => merged.Clusters.All(m => m.Name != c.Name))).ToList();
            merged.Contexts = merged.Contexts.Concat((configuration.Contexts ?? []).Where(c => merged.Contexts.All(m => m.Name != c.Name))).ToList();
            merged.Users = merged.Users.Concat((configuration.Users ?? []).Where(u => merged.Users.All(m => m.Name != u.Name))).ToList();
        }
        return merged;
    }

    /// <summary>Writes one verbose line per request: method, URL and status (or the failure).</summary>
    private sealed class OperationLogHandler(IOperationLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                log.Verbose(string.Create(CultureInfo.InvariantCulture, $"Kubernetes {request.Method} {request.RequestUri} -> {(int)response.StatusCode}"));
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                log.Verbose($"Kubernetes {request.Method} {request.RequestUri} -> {e.GetType().Name}: {e.Message}");
                throw;
            }
        }
    }
}
