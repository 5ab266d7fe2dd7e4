using System.Text;
using KPops.TestWorld.Common;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.ChartRepo;

/// <summary>
/// A static Helm chart repository like <c>https://bakdata.github.io/streams-bootstrap/</c>: <c>GET /index.yaml</c>
/// and <c>GET /&lt;chart&gt;/&lt;chart&gt;-&lt;version&gt;.tgz</c> served from a package directory (see
/// <see cref="ChartPackager"/>), optionally behind HTTP basic auth.
/// </summary>
public sealed class ChartRepositoryDouble : IDouble
{
    private readonly object _gate = new();
    private HttpDoubleHost? _host;
    private (string User, string Password)? _credentials;

    private ChartRepositoryDouble(string packageDirectory, SequenceCounter? sequence)
    {
        PackageDirectory = Path.GetFullPath(packageDirectory);
        Log = new RequestLog(sequence);
    }

    /// <summary>Serves <paramref name="packageDirectory"/> (which must contain <c>index.yaml</c>) on a free loopback port.</summary>
    public static async Task<ChartRepositoryDouble> StartAsync(string packageDirectory, SequenceCounter? sequence = null)
    {
        if (!File.Exists(Path.Combine(packageDirectory, "index.yaml")))
        {
            throw new FileNotFoundException("the package directory has no index.yaml", Path.Combine(packageDirectory, "index.yaml"));
        }
        var repository = new ChartRepositoryDouble(packageDirectory, sequence);
        repository._host = await HttpDoubleHost.StartAsync(new HttpDoubleOptions { Service = repository.Name, Log = repository.Log, Faults = repository.Faults, Handler = repository.HandleAsync, WriteFault = WriteFailureAsync });
        return repository;
    }

    /// <summary>Packages the test charts (cached, see <see cref="ChartPackager.PackageCachedAsync"/>) and serves them.</summary>
    public static async Task<ChartRepositoryDouble> StartWithTestChartsAsync(HelmCli helm, IEnumerable<string>? versions = null, SequenceCounter? sequence = null) =>
        await StartAsync(await ChartPackager.PackageCachedAsync(helm, versions), sequence);

    /// <inheritdoc />
    public string Name => "ChartRepo";

    /// <inheritdoc />
    public string Endpoint => Host.Endpoint.ToString();

    /// <inheritdoc />
    public RequestLog Log { get; }

    /// <inheritdoc />
    public FaultInjector Faults { get; } = new();

    /// <summary>The directory served.</summary>
    public string PackageDirectory { get; }

    private HttpDoubleHost Host => _host ?? throw new InvalidOperationException("the repository is not started");

    /// <summary>
    /// Requires HTTP basic auth with these credentials on every request (401 otherwise); null (the default)
    /// serves anyone.
    /// </summary>
    public (string User, string Password)? RequiredCredentials
    {
        get { lock (_gate) { return _credentials; } }
        set { lock (_gate) { _credentials = value; } }
    }

    /// <inheritdoc />
    public void Reset()
    {
        RequiredCredentials = null;
        Faults.Reset();
        Log.Clear();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await TextAsync(context, 405, "method not allowed\n");
            return;
        }
        if (RequiredCredentials is { } required && !Authorized(context.Request, required))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"charts\"";
            await TextAsync(context, 401, "unauthorized\n");
            return;
        }

        var relative = Uri.UnescapeDataString(context.Request.Path.Value ?? "/").TrimStart('/');
        var file = Path.GetFullPath(Path.Combine(PackageDirectory, relative));
        // Only files inside the package directory, and only the two kinds a chart repository has.
        var inside = file.StartsWith(PackageDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var contentType = Path.GetExtension(file) switch
        {
            ".yaml" => "application/x-yaml",
            ".tgz" => "application/gzip",
            _ => null,
        };
        if (!inside || contentType is null || !File.Exists(file))
        {
            await TextAsync(context, 404, "404 page not found\n");
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = new FileInfo(file).Length;
        if (HttpMethods.IsGet(context.Request.Method)) await context.Response.SendFileAsync(file, context.RequestAborted);
    }

    private static bool Authorized(HttpRequest request, (string User, string Password) required)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            return decoded == $"{required.User}:{required.Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static Task WriteFailureAsync(HttpContext context, FaultRule rule) =>
        TextAsync(context, rule.Status, (rule.Message ?? "injected failure") + "\n");
}
