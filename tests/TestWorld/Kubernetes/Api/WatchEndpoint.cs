using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KPops.TestWorld.Kubernetes.Resources;
using KPops.TestWorld.Kubernetes.Store;
using Microsoft.AspNetCore.Http;

namespace KPops.TestWorld.Kubernetes.Api;

/// <summary>
/// <c>?watch=true</c>: newline-delimited JSON events <c>{"type":…,"object":…}</c>, flushed one by one.
/// Starting points: no resourceVersion (or "0") = ADDED for every current object first; a resourceVersion = the
/// history after it; <c>sendInitialEvents=true</c> (WatchList, on by default in helm 4's client-go) = ADDED for
/// the current objects, then a BOOKMARK annotated <c>k8s.io/initial-events-end: "true"</c> — without that
/// bookmark helm 4 waits until its timeout. With <c>allowWatchBookmarks</c> periodic bookmarks follow. A watch
/// that asks for Tables (<c>kubectl get -w</c>) gets each object as a one-row Table.
/// </summary>
internal sealed class WatchEndpoint(ObjectStore store, Func<TimeSpan> bookmarkInterval)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task HandleAsync(HttpContext context, ResourceKind kind, string? @namespace, LabelSelector labels, FieldSelector fields)
    {
        var query = context.Request.Query;
        string? resourceVersion = query["resourceVersion"];
        var sendInitialEvents = query["sendInitialEvents"] == "true";
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = long.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

        var includeCurrent = sendInitialEvents || string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0";
        long? since = null;
        if (!includeCurrent)
        {
            if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiException.BadRequest($"invalid resourceVersion \"{resourceVersion}\"");
            }
            since = parsed;
        }

        using var subscription = store.Subscribe(kind, kind.Namespaced ? @namespace : null, includeCurrent, since, endOnClear: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        var version = subscription.StartVersion;
        var tableVersion = Tables.RequestedVersion(context.Request);
        try
        {
            foreach (var e in subscription.Initial)
            {
                await WriteAsync(context, Translate(e, labels, fields), e, tableVersion is null ? null : () => Tables.For(kind, [e.Parse()], tableVersion, query["includeObject"], null, DateTimeOffset.UtcNow));
                version = Math.Max(version, e.ResourceVersion);
            }
            if (sendInitialEvents) await WriteBookmarkAsync(context, kind, subscription.StartVersion, initialEventsEnd: true);

            var reader = subscription.Events.Reader;
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                if (bookmarks) wait.CancelAfter(bookmarkInterval());
                StoreEvent e;
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token)) return;
                    if (!reader.TryRead(out e!)) continue;
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                    await WriteBookmarkAsync(context, kind, version, initialEventsEnd: false);
                    continue;
                }
                version = e.ResourceVersion;
                await WriteAsync(context, Translate(e, labels, fields), e, tableVersion is null ? null : () => Tables.For(kind, [e.Parse()], tableVersion, query["includeObject"], null, DateTimeOffset.UtcNow));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Timeout or client gone: the stream simply ends, and the client re-watches if it wants more.
        }
    }

    // With selectors an object can move into or out of the watched set; clients see that as ADDED or DELETED.
    private static string? Translate(StoreEvent e, LabelSelector labels, FieldSelector fields)
    {
        var matches = labels.Matches(e.Labels) && (ReferenceEquals(fields, FieldSelector.Everything) || fields.Matches(e.Parse()));
        if (e.Type != "MODIFIED") return matches ? e.Type : null;
        var previous = e.ParsePrevious();
        var matched = previous is not null && labels.Matches(Meta.Labels(previous)) && fields.Matches(previous);
        return (matched, matches) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    private static async Task WriteAsync(HttpContext context, string? type, StoreEvent e, Func<JsonObject>? asTable)
    {
        if (type is null) return;
        await WriteLineAsync(context, $"{{\"type\":\"{type}\",\"object\":{(asTable is null ? e.Json : Json.Serialize(asTable()))}}}");
    }

    private static Task WriteBookmarkAsync(HttpContext context, ResourceKind kind, long version, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd) metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var bookmark = new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = kind.Kind, ["apiVersion"] = kind.ApiVersion, ["metadata"] = metadata },
        };
        return WriteLineAsync(context, Json.Serialize(bookmark));
    }

    private static async Task WriteLineAsync(HttpContext context, string line)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
