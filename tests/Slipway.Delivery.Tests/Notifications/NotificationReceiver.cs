using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Slipway.Delivery.Tests.GitHub;

namespace Slipway.Delivery.Tests.Notifications;

/// <summary>
/// A local HTTP receiver shaped like a webhook endpoint (Slack's, a team's own), served by Kestrel on 127.0.0.1:
/// <c>/ok</c> answers 200 ("ok", as Slack does), <c>/fail</c> 500, <c>/hang</c> never answers, <c>/busy-once</c> 429
/// with Retry-After: 0 the first time and 200 after. Every request is recorded.
/// </summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private int busyAnswered;

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

    public async ValueTask DisposeAsync()
    {
        // A hanging request is abandoned, not waited for.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
