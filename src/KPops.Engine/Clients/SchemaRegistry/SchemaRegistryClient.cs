using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.SchemaRegistry;
using KPops.Engine.Clients.Http;
using KPops.Engine.Errors;
using ConfluentReference = Confluent.SchemaRegistry.SchemaReference;
using ConfluentSchema = Confluent.SchemaRegistry.Schema;
using ConfluentSchemaType = Confluent.SchemaRegistry.SchemaType;

namespace KPops.Engine.Clients.SchemaRegistry;

/// <summary>
/// Schema Registry through Confluent's <c>CachedSchemaRegistryClient</c> (versions, lookups, compatibility,
/// registration, latest version) plus plain HTTP for what that client lacks: deleting subjects and the reasons of an
/// incompatible verdict (<c>?verbose=true</c>).
/// </summary>
/// <remarks>
/// The Confluent client caches registrations per (subject, schema) and the latest version per subject for its whole
/// life, which turns stale as soon as a subject is deleted (by this client, another process or a cleanup Job). So
/// every operation uses a fresh Confluent client and never answers from a cache. Each operation writes one verbose
/// line "METHOD url -&gt; status (ms)"; the Confluent client's own retries of 408/429/5xx are inside that one line.
/// </remarks>
public sealed class SchemaRegistryClient : ISchemaRegistry
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";
    private const string Accept = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";

    private const int SubjectNotFound = 40401;
    private const int SchemaNotFound = 40403;
    private const int SubjectSoftDeleted = 40404;

    private static readonly TransportHints Hints = new(
        "Check schema_registry.url and that Schema Registry is running and reachable from here.",
        "Raise schema_registry.timeout, or check the registry's health.");

    private readonly SchemaRegistryClientOptions _options;
    private readonly RestTransport _transport;
    private readonly string? _username;
    private readonly string? _password;

    /// <summary>Creates a client.</summary>
    /// <param name="options">URL, timeout, credentials and retry settings.</param>
    /// <param name="log">Receives one verbose line per remote call; none when null.</param>
    public SchemaRegistryClient(SchemaRegistryClientOptions options, IOperationLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "MaxAttempts must be at least 1.");
        _options = options;
        (_username, _password) = RestTransport.Credentials(options.Url, options.Username, options.Password);
        _transport = new RestTransport(Service.SchemaRegistry, options.Url, options.Timeout, _username, _password, Accept, log ?? NullOperationLog.Instance, Hints);
    }

    /// <inheritdoc />
    public string Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public Task<IReadOnlyList<int>?> GetVersionsAsync(string subject, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<int>?>("GET", $"{SubjectPath(subject)}/versions",
            async client => await client.GetSubjectVersionsAsync(subject).ConfigureAwait(false),
            e => e.ErrorCode == SubjectNotFound ? Handled<IReadOnlyList<int>?>(null) : default, $"Reading the versions of subject '{subject}'", cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsRegisteredAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        var converted = ToConfluent(schema);
        return CallAsync("POST", $"{SubjectPath(subject)}?normalize=False&deleted=False",
            async client =>
            {
                await client.LookupSchemaAsync(subject, converted, ignoreDeletedSchemas: true, normalize: false).ConfigureAwait(false);
                return true;
            },
            e => e.ErrorCode is SubjectNotFound or SchemaNotFound ? Handled(false) : default,
            $"Looking up the schema under subject '{subject}'", cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>?> ListSubjectsAsync(CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<string>?>("GET", "subjects",
            async client => await client.GetAllSubjectsAsync().ConfigureAwait(false),
            _ => default, "Listing the subjects", cancellationToken);

    /// <inheritdoc />
    /// <remarks>One lookup: the registry answers 40401 for a missing subject and 40403 for a schema not under it.</remarks>
    public Task<SchemaLookup> LookupAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        var converted = ToConfluent(schema);
        return CallAsync("POST", $"{SubjectPath(subject)}?normalize=False&deleted=False",
            async client =>
            {
                await client.LookupSchemaAsync(subject, converted, ignoreDeletedSchemas: true, normalize: false).ConfigureAwait(false);
                return SchemaLookup.Registered;
            },
            e => e.ErrorCode switch
            {
                SubjectNotFound => Handled(SchemaLookup.SubjectNotFound),
                SchemaNotFound => Handled(SchemaLookup.NotUnderSubject),
                _ => default,
            },
            $"Looking up the schema under subject '{subject}'", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CompatibilityResult> CheckCompatibilityAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        var converted = ToConfluent(schema);
        var compatible = await CallAsync("POST", $"compatibility/{SubjectPath(subject)}/versions/latest",
            async client => await client.IsCompatibleAsync(subject, converted).ConfigureAwait(false),
            // Older registries answer 40401 for a subject without versions; anything is compatible with nothing.
            e => e.ErrorCode == SubjectNotFound ? Handled(true) : default,
            $"Checking the compatibility of the schema with subject '{subject}'", cancellationToken).ConfigureAwait(false);
        if (compatible) return new CompatibilityResult(true, []);
        return new CompatibilityResult(false, await ReasonsAsync(subject, schema, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<int> RegisterAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        var converted = ToConfluent(schema);
        return CallAsync("POST", $"{SubjectPath(subject)}/versions?normalize=False",
            async client => await client.RegisterSchemaAsync(subject, converted, normalize: false).ConfigureAwait(false),
            _ => default, $"Registering the schema under subject '{subject}'", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A permanent delete of a subject that still has live versions first soft-deletes it (the registry only
    /// hard-deletes soft-deleted versions); the result is then the versions the hard delete removed.
    /// </remarks>
    public async Task<IReadOnlyList<int>?> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken)
    {
        var soft = await SendDeleteAsync(subject, permanent: false, cancellationToken).ConfigureAwait(false);
        if (soft.IsSuccess && !permanent) return ParseVersions(soft);
        if (!soft.IsSuccess)
        {
            var code = ErrorCodeOf(soft);
            if (code == SubjectNotFound) return null;
            // Already soft-deleted: gone as far as readers can tell; a permanent delete goes on to the hard delete.
            if (code == SubjectSoftDeleted && !permanent) return null;
            if (code != SubjectSoftDeleted) throw Failure(soft, $"Deleting subject '{subject}'");
        }

        var hard = await SendDeleteAsync(subject, permanent: true, cancellationToken).ConfigureAwait(false);
        if (hard.IsSuccess) return ParseVersions(hard);
        if (ErrorCodeOf(hard) == SubjectNotFound) return null;
        throw Failure(hard, $"Permanently deleting subject '{subject}'");
    }

    /// <inheritdoc />
    public Task<int?> GetLatestVersionAsync(string subject, CancellationToken cancellationToken) =>
        CallAsync<int?>("GET", $"{SubjectPath(subject)}/versions/latest",
            async client => (await client.GetLatestSchemaAsync(subject).ConfigureAwait(false)).Version,
            e => e.ErrorCode == SubjectNotFound ? Handled<int?>(null) : default, $"Reading the latest version of subject '{subject}'", cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private static (bool Handled, T Value) Handled<T>(T value) => (true, value);

    /// <summary>
    /// Runs one operation on a fresh Confluent client and logs it as one call. <paramref name="onError"/> turns an
    /// expected registry error (e.g. 40401) into a result; other errors become <see cref="ServiceException"/>s.
    /// </summary>
    private async Task<T> CallAsync<T>(string method, string path, Func<CachedSchemaRegistryClient, Task<T>> call,
        Func<SchemaRegistryException, (bool Handled, T Value)> onError, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var url = _transport.UrlOf(path);
        var watch = Stopwatch.StartNew();
        // Disposing the client aborts its request when the caller cancels (the Confluent API takes no token).
        using var client = NewClient();
        try
        {
            var result = await call(client).WaitAsync(cancellationToken).ConfigureAwait(false);
            _transport.LogCall(method, url, "200", watch.Elapsed);
            return result;
        }
        catch (SchemaRegistryException e)
        {
            _transport.LogCall(method, url, ((int)e.Status).ToString(CultureInfo.InvariantCulture), watch.Elapsed);
            var (handled, value) = onError(e);
            if (handled) return value;
            throw Failure(method, url, (int)e.Status, e.ErrorCode, MessageOf(e), what, e);
        }
        catch (HttpRequestException e) when (e.Message == "Unauthorized")
        {
            // The Confluent client reports a 401 without a JSON body this way.
            _transport.LogCall(method, url, "401", watch.Elapsed);
            throw Failure(method, url, 401, null, "Unauthorized", what, e);
        }
        catch (HttpRequestException e) when (IsTimeout(e) && !cancellationToken.IsCancellationRequested)
        {
            // The Confluent client wraps its HttpClient's timeout into an HttpRequestException.
            _transport.LogCall(method, url, "timed out", watch.Elapsed);
            throw _transport.TimedOut(method, url, e);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            // A connection reset right after it was accepted can come as a bare SocketException (see RestTransport).
            _transport.LogCall(method, url, "failed", watch.Elapsed);
            throw _transport.Unreachable(method, url, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            _transport.LogCall(method, url, "timed out", watch.Elapsed);
            throw _transport.TimedOut(method, url, e);
        }
        catch (OperationCanceledException)
        {
            _transport.LogCall(method, url, "cancelled", watch.Elapsed);
            throw;
        }
        catch (Exception e) when (e is not ServiceException and not OutOfMemoryException)
        {
            // e.g. a body that is not the registry's JSON: the URL points at something else.
            _transport.LogCall(method, url, "invalid answer", watch.Elapsed);
            throw new ServiceException(Service.SchemaRegistry, url, $"{what} failed: {method} {url} gave an answer the client cannot read: {e.Message}",
                hint: "Check that schema_registry.url points at Schema Registry.", inner: e);
        }
    }

    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is TimeoutException or OperationCanceledException) return true;
        return false;
    }

    private CachedSchemaRegistryClient NewClient()
    {
        var config = new SchemaRegistryConfig
        {
            Url = RestTransport.WithoutCredentials(_options.Url),
            RequestTimeoutMs = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds),
            MaxRetries = _options.MaxAttempts,
            RetriesWaitMs = (int)_options.RetryDelay.TotalMilliseconds,
            RetriesMaxWaitMs = (int)_options.MaxRetryDelay.TotalMilliseconds,
        };
        if (_username is not null)
        {
            // The client splits user info at the first ':' only, so a password may contain colons.
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = $"{_username}:{_password}";
        }
        return new CachedSchemaRegistryClient(config);
    }

    /// <summary>The registry's reasons for an incompatible verdict; best effort (the verdict stands without them).</summary>
    private async Task<IReadOnlyList<string>> ReasonsAsync(string subject, SchemaDefinition schema, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _transport.SendAsync(HttpMethod.Post, $"compatibility/{SubjectPath(subject)}/versions/latest?verbose=true",
                RequestBody(schema), MediaType, cancellationToken).ConfigureAwait(false);
            return response.IsSuccess && response.Json() is JsonObject o && o["messages"] is JsonArray messages
                ? messages.Select(m => m is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : m?.ToJsonString() ?? "").ToList()
                : [];
        }
        catch (ServiceException)
        {
            return [];
        }
    }

    private Task<RestResponse> SendDeleteAsync(string subject, bool permanent, CancellationToken cancellationToken) =>
        _transport.SendAsync(HttpMethod.Delete, SubjectPath(subject) + (permanent ? "?permanent=true" : ""), null, MediaType, cancellationToken);

    private static string SubjectPath(string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return "subjects/" + Uri.EscapeDataString(subject);
    }

    private static ConfluentSchema ToConfluent(SchemaDefinition schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var references = schema.References.Select(r => new ConfluentReference(r.Name, r.Subject, r.Version)).ToList();
        return new ConfluentSchema(schema.Text, references, schema.Type switch
        {
            SchemaType.Json => ConfluentSchemaType.Json,
            SchemaType.Protobuf => ConfluentSchemaType.Protobuf,
            _ => ConfluentSchemaType.Avro,
        });
    }

    private static string RequestBody(SchemaDefinition schema)
    {
        var body = new JsonObject { ["schema"] = schema.Text };
        if (schema.Type != SchemaType.Avro) body["schemaType"] = schema.Type == SchemaType.Json ? "JSON" : "PROTOBUF";
        if (schema.References.Count > 0)
        {
            body["references"] = new JsonArray(schema.References
                .Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["subject"] = r.Subject, ["version"] = r.Version })
                .ToArray());
        }
        return body.ToJsonString();
    }

    private static List<int> ParseVersions(RestResponse response) =>
        response.Json() is JsonArray versions
            ? versions.OfType<JsonValue>().Select(v => v.TryGetValue<int>(out var n) ? n : 0).ToList()
            : [];

    /// <summary>The registry's error code; a 404 without one (a proxy, an old server) counts as "not found".</summary>
    private static int? ErrorCodeOf(RestResponse response) =>
        response.ErrorCode ?? (response.Status == 404 ? SubjectNotFound : null);

    /// <summary>The Confluent client's message without the "; error code: n" it appends.</summary>
    private static string MessageOf(SchemaRegistryException e)
    {
        var message = e.Message;
        var suffix = message.IndexOf("; error code:", StringComparison.Ordinal);
        return suffix >= 0 ? message[..suffix] : message;
    }

    private static ServiceException Failure(RestResponse response, string what) =>
        Failure(response.Method, response.Url, response.Status, response.ErrorCode, response.ErrorMessage, what, null);

    private static ServiceException Failure(string method, string url, int status, int? errorCode, string message, string what, Exception? inner)
    {
        var statusText = Enum.IsDefined(typeof(HttpStatusCode), status) ? $"{status} {(HttpStatusCode)status}" : status.ToString(CultureInfo.InvariantCulture);
        var code = errorCode is > 0 ? string.Create(CultureInfo.InvariantCulture, $" (error {errorCode})") : "";
        return new ServiceException(Service.SchemaRegistry, url, $"{what} failed: {method} {url} -> {statusText}{code}: {message}",
            ErrorKind.ServiceError, HintFor(status, errorCode), inner, status);
    }

    private static string? HintFor(int status, int? errorCode) => (status, errorCode) switch
    {
        (_, 40901) or (409, _) =>
            "The schema is incompatible with the subject's latest version under its compatibility level: evolve it compatibly, or change the subject's compatibility (PUT /config/{subject}).",
        (_, 42201) or (422, _) => "Fix the schema text (and its references): the registry cannot parse it.",
        (_, 42206) => "Other schemas still reference this subject; delete those first.",
        (401 or 403, _) => "Check schema_registry.username and schema_registry.password.",
        (404, _) => "The subject (or endpoint) does not exist in this registry.",
        ( >= 500, _) => "Schema Registry failed internally; see its log.",
        _ => null,
    };
}
