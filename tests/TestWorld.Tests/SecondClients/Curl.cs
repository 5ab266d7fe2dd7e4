using System.Globalization;
using Xunit.Abstractions;

namespace KPops.TestWorld.Tests.SecondClients;

/// <summary>One HTTP exchange as curl saw it: the status, the response headers (names lower-case) and the raw body.</summary>
public sealed record CurlResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The Content-Type header, or null when the response has none.</summary>
    public string? ContentType => Headers.GetValueOrDefault("content-type");
}

/// <summary>
/// Sends requests with curl as a user's script would (curl's own defaults: <c>Accept: */*</c>, and a form content
/// type for <c>-d</c> unless one is given), and reads the raw answer.
/// </summary>
public sealed class Curl(string baseUrl, ITestOutputHelper output)
{
    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> (relative to the base URL).</summary>
    /// <param name="method">HTTP method.</param>
    /// <param name="path">Path and query, without a leading slash.</param>
    /// <param name="body">Request body for <c>--data-binary</c>, or null.</param>
    /// <param name="contentType">Content-Type of the body; null leaves curl's default.</param>
    public async Task<CurlResponse> SendAsync(string method, string path, string? body = null, string? contentType = null)
    {
        var executable = SecondClientTools.Curl ?? throw new InvalidOperationException(SecondClientTools.Missing(SecondClient.Curl));
        List<string> arguments = ["--silent", "--show-error", "--include", "--max-time", "20", "--request", method];
        if (contentType is not null) arguments.AddRange(["--header", $"Content-Type: {contentType}"]);
        if (body is not null) arguments.AddRange(["--data-binary", "@-"]);
        arguments.Add(baseUrl.TrimEnd('/') + "/" + path);
        var result = await ToolProcess.RunAsync(executable, arguments, new Dictionary<string, string?> { ["http_proxy"] = null, ["HTTP_PROXY"] = null },
            body, output, TimeSpan.FromSeconds(30));
        return Parse(result.Output);
    }

    private static CurlResponse Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        return new CurlResponse(status, headers, body);
    }
}
