using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KPops.Engine.Clients.Http;
using Polly;
using Polly.Retry;

namespace KPops.Engine.Clients.Connect;

/// <summary>
/// Kafka Connect's REST API over HttpClient. A 409 that is not "already exists" means the cluster is rebalancing
/// or its config is stale; such requests are retried with exponential, jittered backoff up to
/// <see cref="HttpServiceOptions.MaxAttempts"/> times (KPOps retries forever). Other errors are not retried.
/// Every request is one verbose line in the operation log; errors are <see cref="ServiceException"/>s naming the URL.
/// </summary>
public sealed class KafkaConnectClient : IKafkaConnect
{
    private const string Json = "application/json";

    private static readonly TransportHints Hints = new(
        "Check kafka_connect.url and that Kafka Connect is running and reachable from here.",
        "Raise kafka_connect.timeout, or check the Connect workers' health.");

    private readonly RestTransport _transport;
    private readonly ResiliencePipeline<RestResponse> _retry;
    private readonly KafkaConnectClientOptions _options;
    private readonly IOperationLog _log;

    /// <summary>Creates a client.</summary>
    /// <param name="options">URL, timeout, credentials and retry settings.</param>
    /// <param name="log">Receives one verbose line per request; none when null.</param>
    public KafkaConnectClient(KafkaConnectClientOptions options, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "MaxAttempts must be at least 1.");
        _options = options;
        _log = log ?? NullOperationLog.Instance;
        _transport = new RestTransport(Service.KafkaConnect, options.Url, options.Timeout, options.Username, options.Password, Json, _log, Hints);
        _retry = BuildRetry(options, _log);
    }

    /// <inheritdoc />
    public string Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public async Task<ConnectorInfo?> GetConnectorAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, ConnectorPath(name), null, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404) return null;
        EnsureSuccess(response, $"Reading connector '{name}'");
        return ParseConnectorInfo(response);
    }

    /// <inheritdoc />
    public async Task<ConnectorStatus?> GetStatusAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, ConnectorPath(name, "status"), null, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404) return null;
        EnsureSuccess(response, $"Reading the status of connector '{name}'");
        return ParseStatus(response);
    }

    /// <inheritdoc />
    public async Task CreateAsync(string name, IReadOnlyDictionary<string, string> config, string? initialState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var body = new JsonObject { ["name"] = name, ["config"] = ConfigObject(config) };
        if (initialState is not null) body["initial_state"] = initialState.ToUpperInvariant();
        var response = await SendAsync(HttpMethod.Post, "connectors", body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        if (IsAlreadyExists(response))
            throw Failure(response, $"Creating connector '{name}'", $"The connector exists already: update it with PUT /connectors/{name}/config, or delete it first.");
        EnsureSuccess(response, $"Creating connector '{name}'");
    }

    /// <inheritdoc />
    public async Task<bool> PutConfigAsync(string name, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var response = await SendAsync(HttpMethod.Put, ConnectorPath(name, "config"), ConfigObject(config).ToJsonString(), cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, $"Writing the config of connector '{name}'");
        return response.Status == 201;
    }

    /// <inheritdoc />
    public Task PauseAsync(string name, CancellationToken cancellationToken) =>
        ChangeStateAsync(name, "pause", "Pausing", cancellationToken);

    /// <inheritdoc />
    public Task ResumeAsync(string name, CancellationToken cancellationToken) =>
        ChangeStateAsync(name, "resume", "Resuming", cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(string name, CancellationToken cancellationToken) =>
        ChangeStateAsync(name, "stop", "Stopping", cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Delete, ConnectorPath(name), null, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404) return false;
        EnsureSuccess(response, $"Deleting connector '{name}'");
        return true;
    }

    /// <inheritdoc />
    public async Task DeleteOffsetsAsync(string name, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Delete, ConnectorPath(name, "offsets"), null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess) return;
        var what = $"Resetting the offsets of connector '{name}'";
        throw response.Status switch
        {
            400 when response.ErrorMessage.Contains("STOPPED", StringComparison.OrdinalIgnoreCase) =>
                Failure(response, what, $"Stop the connector first (PUT /connectors/{name}/stop): Kafka Connect only resets the offsets of a STOPPED connector."),
            404 when MentionsConnector(response, name) => Failure(response, what, $"Connector '{name}' does not exist."),
            404 or 405 => Failure(response, what, "Resetting connector offsets needs Kafka Connect 3.6 or later (KIP-875)."),
            _ => Failure(response, what, HintFor(response)),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConnectorValidationError>> ValidateAsync(string connectorClass, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectorClass);
        ArgumentNullException.ThrowIfNull(config);
        var body = ConfigObject(config);
        // The worker refuses a config without connector.class ("contains no connector type").
        body["connector.class"] ??= connectorClass;
        var simpleName = connectorClass[(connectorClass.LastIndexOf('.') + 1)..];
        var path = $"connector-plugins/{Uri.EscapeDataString(simpleName)}/config/validate";
        var response = await SendAsync(HttpMethod.Put, path, body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, $"Validating the config of {connectorClass}");
        return ParseValidation(response);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private async Task ChangeStateAsync(string name, string action, string verb, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Put, ConnectorPath(name, action), null, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, $"{verb} connector '{name}'");
    }

    /// <summary>Sends a request, retrying while the cluster answers 409 for a rebalance; gives up after the last attempt.</summary>
    private async Task<RestResponse> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var response = await _retry.ExecuteAsync(
            async token => await _transport.SendAsync(method, path, body, Json, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (IsRebalance(response))
        {
            throw new ServiceException(Service.KafkaConnect, response.Url,
                string.Create(CultureInfo.InvariantCulture,
                    $"{method} {response.Url} failed: the cluster kept rebalancing; {response.StatusText} on all {_options.MaxAttempts} attempts within {watch.Elapsed.TotalSeconds:0.0} s: {response.ErrorMessage}"),
                hint: "Kafka Connect answers 409 while its workers rebalance or its config topic is behind. Check that the workers are healthy and stable (GET /connectors, their logs), then try again.",
                statusCode: response.Status);
        }
        return response;
    }

    private static ResiliencePipeline<RestResponse> BuildRetry(KafkaConnectClientOptions options, IOperationLog log)
    {
        var builder = new ResiliencePipelineBuilder<RestResponse>();
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<RestResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && IsRebalance(r)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    log.Verbose(string.Create(CultureInfo.InvariantCulture,
                        $"Kafka Connect is rebalancing (409 Conflict); retrying in {args.RetryDelay.TotalMilliseconds:0} ms (attempt {args.AttemptNumber + 2} of {options.MaxAttempts})"));
                    return default;
                },
            });
        }
        return builder.Build();
    }

    /// <summary>409 other than "already exists": a rebalance in progress or a stale config, worth another try.</summary>
    private static bool IsRebalance(RestResponse response) => response.Status == 409 && !IsAlreadyExists(response);

    private static bool IsAlreadyExists(RestResponse response) =>
        response.Status == 409 && response.ErrorMessage.Contains("already exists", StringComparison.OrdinalIgnoreCase);

    private static bool MentionsConnector(RestResponse response, string name) =>
        response.ErrorMessage.Contains($"Connector {name} not found", StringComparison.Ordinal);

    private static string ConnectorPath(string name, string? sub = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = "connectors/" + Uri.EscapeDataString(name);
        return sub is null ? path : path + "/" + sub;
    }

    private static JsonObject ConfigObject(IReadOnlyDictionary<string, string> config)
    {
        var o = new JsonObject();
        foreach (var (key, value) in config) o[key] = value;
        return o;
    }

    private static void EnsureSuccess(RestResponse response, string what)
    {
        if (!response.IsSuccess) throw Failure(response, what, HintFor(response));
    }

    private static ServiceException Failure(RestResponse response, string what, string? hint) =>
        new(Service.KafkaConnect, response.Url, $"{what} failed: {response.Method} {response.Url} -> {response.StatusText}: {response.ErrorMessage}",
            hint: hint, statusCode: response.Status);

    private static string? HintFor(RestResponse response) => response.Status switch
    {
        401 or 403 => "Check kafka_connect.username and kafka_connect.password.",
        404 => "The connector (or endpoint) does not exist on this Connect cluster.",
        400 when response.ErrorMessage.Contains("configuration is invalid", StringComparison.OrdinalIgnoreCase) =>
            "Fix the connector config; the validate endpoint (PUT /connector-plugins/{class}/config/validate) lists the problems per key.",
        400 or 422 => "Kafka Connect rejected the request; see its message.",
        >= 500 => "Kafka Connect failed internally; see the worker logs.",
        _ => null,
    };

    private static JsonObject ParseObject(RestResponse response) =>
        response.Json() as JsonObject
        ?? throw new ServiceException(Service.KafkaConnect, response.Url,
            $"{response.Method} {response.Url} answered {response.StatusText} with a body that is not a JSON object: {response.ErrorMessage}",
            hint: "Check that kafka_connect.url points at the Kafka Connect REST API.", statusCode: response.Status);

    private static ConnectorInfo ParseConnectorInfo(RestResponse response)
    {
        var o = ParseObject(response);
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o["config"] is JsonObject c)
            foreach (var (key, value) in c)
                if (value is not null) config[key] = TextOf(value);
        return new ConnectorInfo(Text(o["name"]) ?? "", config, Text(o["type"]));
    }

    private static ConnectorStatus ParseStatus(RestResponse response)
    {
        var o = ParseObject(response);
        var connector = o["connector"] as JsonObject;
        var tasks = (o["tasks"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(t => new ConnectorTaskStatus(
                t["id"] is JsonValue id && id.TryGetValue<int>(out var n) ? n : 0,
                Text(t["state"]) ?? "",
                Text(t["worker_id"]),
                Text(t["trace"])))
            .ToList();
        return new ConnectorStatus(Text(o["name"]) ?? "", Text(connector?["state"]) ?? "", Text(connector?["trace"]), tasks);
    }

    private static List<ConnectorValidationError> ParseValidation(RestResponse response)
    {
        var o = ParseObject(response);
        if (o["error_count"] is not JsonValue count || !count.TryGetValue<int>(out var errors) || errors == 0) return [];
        var result = new List<ConnectorValidationError>();
        foreach (var config in (o["configs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (config["value"] is not JsonObject value) continue;
            var key = Text(value["name"]) ?? Text((config["definition"] as JsonObject)?["name"]) ?? "";
            foreach (var error in (value["errors"] as JsonArray ?? []).OfType<JsonValue>())
                result.Add(new ConnectorValidationError(key, TextOf(error)));
        }
        return result;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string TextOf(JsonNode node) => Text(node) ?? node.ToJsonString();
}
