using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using KPops.Engine.Errors;

namespace KPops.Engine.Clients.Http;

/// <summary>What a transport tells users when the service cannot be reached.</summary>
/// <param name="Unreachable">Hint for connection failures.</param>
/// <param name="TimedOut">Hint for timeouts.</param>
internal sealed record TransportHints(string Unreachable, string TimedOut);

/// <summary>
/// JSON over HTTP for one service: a base URL, basic auth, a timeout per request, one verbose line per call
/// ("METHOD url -&gt; status (ms)") and transport failures turned into <see cref="ServiceException"/>s of kind
/// <see cref="ErrorKind.ConnectionError"/>. HTTP error statuses are returned, not thrown: the callers know what
/// each status means for their endpoint. Credentials never reach the log or a message: the Authorization header is
/// not logged and user info in the URL is moved into the header.
/// </summary>
internal sealed class RestTransport : IDisposable
{
    private readonly Service _service;
    private readonly Uri _baseUri;
    private readonly TimeSpan _timeout;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string _accept;
    private readonly IOperationLog _log;
    private readonly TransportHints _hints;
    private readonly HttpClient _http;

    public RestTransport(Service service, string url, TimeSpan timeout, string? username, string? password, string accept,
        IOperationLog log, TransportHints hints)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
        _service = service;
        _timeout = timeout;
        _accept = accept;
        _log = log;
        _hints = hints;

        var parsed = ParseBaseUrl(url);
        var (userFromUrl, passwordFromUrl) = SplitUserInfo(parsed.UserInfo);
        _baseUri = new UriBuilder(parsed) { UserName = "", Password = "" }.Uri;
        Endpoint = _baseUri.ToString();
        _authorization = BasicAuth(username ?? userFromUrl, password ?? passwordFromUrl);

        // The per-request timeout is ours (so that a timeout can be told apart from the caller's cancellation).
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The base URL without credentials, with a trailing slash.</summary>
    public string Endpoint { get; }

    /// <summary>The absolute URL of a path relative to the base URL (e.g. <c>connectors/x</c>), as shown in messages.</summary>
    public string UrlOf(string relativePath) => new Uri(_baseUri, relativePath).ToString();

    /// <summary>The basic-auth user and password for a client that sets its own header, or nulls.</summary>
    public static (string? User, string? Password) Credentials(string url, string? username, string? password)
    {
        var (user, pass) = SplitUserInfo(ParseBaseUrl(url).UserInfo);
        return (username ?? user, password ?? pass);
    }

    /// <summary>The base URL without credentials, with a trailing slash.</summary>
    public static string WithoutCredentials(string url) => new UriBuilder(ParseBaseUrl(url)) { UserName = "", Password = "" }.Uri.ToString();

    /// <summary>A URL as text with any user info masked; never throws (for messages about invalid URLs too).</summary>
    public static string Redact(string? url)
    {
        if (url is null) return "";
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        return scheme > 0 && at > scheme && (slash < 0 || at < slash) ? url[..(scheme + 3)] + "***" + url[at..] : url;
    }

    /// <summary>
    /// Sends one request and reads the whole answer within the timeout. Throws <see cref="ServiceException"/>
    /// (<see cref="ErrorKind.ConnectionError"/>) when the service cannot be reached or does not answer in time, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<RestResponse> SendAsync(HttpMethod method, string relativePath, string? jsonBody, string contentType, CancellationToken cancellationToken)
    {
        var url = UrlOf(relativePath);
        using var request = new HttpRequestMessage(method, new Uri(_baseUri, relativePath));
        request.Headers.Accept.ParseAdd(_accept);
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var result = new RestResponse(method.Method, url, (int)response.StatusCode, body);
            LogCall(method.Method, url, result.Status.ToString(CultureInfo.InvariantCulture), watch.Elapsed);
            return result;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            LogCall(method.Method, url, "timed out", watch.Elapsed);
            throw TimedOut(method.Method, url, e);
        }
        catch (OperationCanceledException)
        {
            LogCall(method.Method, url, "cancelled", watch.Elapsed);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            // SocketsHttpHandler lets a bare SocketException ("Transport endpoint is not connected") through when the
            // peer resets a connection right after accepting it.
            LogCall(method.Method, url, "failed", watch.Elapsed);
            throw Unreachable(method.Method, url, e);
        }
    }

    /// <summary>Writes the verbose line of one remote call.</summary>
    public void LogCall(string method, string url, string outcome, TimeSpan elapsed) =>
        _log.Verbose(string.Create(CultureInfo.InvariantCulture, $"{method} {url} -> {outcome} ({elapsed.TotalMilliseconds:0} ms)"));

    /// <summary>The error for a service that cannot be reached.</summary>
    public ServiceException Unreachable(string method, string url, Exception e) =>
        new(_service, url, $"{method} {url} failed: cannot reach {ServiceException.Describe(_service)}: {Innermost(e)}",
            ErrorKind.ConnectionError, _hints.Unreachable, e);

    /// <summary>The error for a request that got no answer in time.</summary>
    public ServiceException TimedOut(string method, string url, Exception? e) =>
        new(_service, url, string.Create(CultureInfo.InvariantCulture, $"{method} {url} timed out after {_timeout.TotalSeconds:0.###} s"),
            ErrorKind.ConnectionError, _hints.TimedOut, e);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static Uri ParseBaseUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var withSlash = url.EndsWith('/') ? url : url + "/";
        if (!Uri.TryCreate(withSlash, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{Redact(url)}' is not an http(s) URL.", nameof(url));
        return uri;
    }

    private static (string? User, string? Password) SplitUserInfo(string userInfo)
    {
        if (string.IsNullOrEmpty(userInfo)) return (null, null);
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), null)
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }

    private static AuthenticationHeaderValue? BasicAuth(string? username, string? password) =>
        string.IsNullOrEmpty(username)
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    private static string Innermost(Exception e)
    {
        var socket = FindInner<SocketException>(e);
        if (socket is not null) return socket.Message;
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
