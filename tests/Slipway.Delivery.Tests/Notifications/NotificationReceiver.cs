using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Slipway.Delivery.Tests.GitHub;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>
/// A local HTTP receiver shaped like a webhook endpoint (Slack's, a team's own), served by Kestrel on 127.0.0.1:
/// <c>/ok</c> answers 200 ("ok", as Slack does), <c>/fail</c> 500, <c>/hang</c> never answers, <c>/busy-once</c> 429
/// with Retry-After: 0 the first time and 200 after. Every request is recorded. It also answers as the APIs Slipway
/// posts to do (their documented status codes and bodies, and their refusals): a Teams Workflows trigger
/// (<c>/teams</c>, 202), Grafana (<c>/grafana/api/annotations</c>, bearer <see cref="Token"/>), Sentry
/// (<c>/api/0/organizations/{org}/releases/</c>: 201 new, 208 known; <c>…/{version}/deploys/</c>: 404 for an unknown
/// release) and PagerDuty's Events API v2 (<c>/v2/enqueue</c>: 202, 400 for an invalid event).
/// </summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, bool> sentryReleases = new();
    private int busyAnswered;

    /// <summary>The token Grafana and Sentry accept.</summary>
    public const string Token = "receiver-api-token";

    private NotificationReceiver(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<NotificationReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First());
        return receiver;
    }

    public string At(string path) => new Uri(Url, path).ToString();

    public IReadOnlyList<RecordedRequest> To(string path) => [.. Requests.Where(r => r.Path == path)];

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "/";
        requests.Enqueue(new RecordedRequest(context.Request.Method, path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        if (await AnswerAsApiAsync(context, path, body))
        {
            return;
        }

        switch (path)
        {
            case "/fail":
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("server_error");
                return;
            case "/hang":
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case "/busy-once" when Interlocked.Increment(ref busyAnswered) == 1:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                await context.Response.WriteAsync("rate_limited");
                return;
            default:
                await context.Response.WriteAsync("ok");
                return;
        }
    }

    private async Task<bool> AnswerAsApiAsync(HttpContext context, string path, string body)
    {
        var authorized = context.Request.Headers.Authorization.ToString() == "Bearer " + Token;
        var sentry = System.Text.RegularExpressions.Regex.Match(path, "^/api/0/organizations/[^/]+/releases/(?:(?<version>[^/]+)/deploys/)?$");
        (int Status, object? Answer) answer = path switch
        {
            "/teams" => (202, null),
            "/grafana/api/annotations" when !authorized => (401, new { message = "Unauthorized" }),
            "/grafana/api/annotations" => (200, new { message = "Annotation added", id = requests.Count }),
            _ when sentry.Success && !authorized => (401, new { detail = "Invalid token" }),
            _ when sentry.Success && sentry.Groups["version"].Success =>
                sentryReleases.ContainsKey(Uri.UnescapeDataString(sentry.Groups["version"].Value)) ? (201, new { id = requests.Count }) : (404, new { detail = "Not found" }),
            _ when sentry.Success => JsonNode.Parse(body)?["version"]?.GetValue<string>() is { } version
                ? (sentryReleases.TryAdd(version, true) ? 201 : 208, new { version })
                : (400, new { version = new[] { "This field is required." } }),
            "/v2/enqueue" => PagerDuty(body),
            _ => (0, null),
        };
        if (answer.Status == 0)
        {
            return false;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Answer is not null)
        {
            await context.Response.WriteAsJsonAsync(answer.Answer);
        }

        return true;
    }

    private static (int, object?) PagerDuty(string body)
    {
        var json = JsonNode.Parse(body);
        var action = json?["event_action"]?.GetValue<string>();
        var valid = json?["routing_key"]?.GetValue<string>() is { Length: 32 } && action is "trigger" or "acknowledge" or "resolve"
            && json?["dedup_key"] is not null && (action != "trigger" || json?["payload"]?["summary"] is not null && json?["payload"]?["severity"] is not null);
        return valid
            ? (202, new { status = "success", message = "Event processed", dedup_key = json!["dedup_key"]!.GetValue<string>() })
            : (400, new { status = "invalid event", message = "Event object is invalid", errors = new[] { "Length of 'routing_key' is incorrect (should be 32 characters)" } });
    }

    public async ValueTask DisposeAsync()
    {
        // A hanging request is abandoned, not waited for.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
