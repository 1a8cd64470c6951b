using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// A live upstream on a loopback port, standing where a deployed version's container would: answers its version,
/// a readiness endpoint that can be made to fail, requests held in flight until released, chosen status codes, the forwarding headers it got,
/// and a <c>/metrics</c> page (routed like any ASP.NET Core app: any case, percent-decoded, dot segments removed).
/// </summary>
internal sealed class UpstreamApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private volatile bool healthy;
    private TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int heldRequests;
    private int healthChecks;

    private UpstreamApp(WebApplication app, string version, bool healthy)
    {
        this.app = app;
        Version = version;
        this.healthy = healthy;
    }

    public string Version { get; }

    public IPEndPoint Endpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public bool Healthy
    {
        get => healthy;
        set => healthy = value;
    }

    /// <summary>Requests to <c>/health</c> so far (the edge's checks).</summary>
    public int HealthChecks => Volatile.Read(ref healthChecks);

    /// <summary>Requests to <c>/hold</c> waiting for <see cref="ReleaseHeldRequests"/>.</summary>
    public int HeldRequests => Volatile.Read(ref heldRequests);

    /// <summary>Lets every request waiting on <c>/hold</c> finish; later ones wait again.</summary>
    public void ReleaseHeldRequests() => Interlocked.Exchange(ref held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();

    public static async Task<UpstreamApp> StartAsync(string version, bool healthy = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new UpstreamApp(app, version, healthy);

        app.MapGet("/", () => version);
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref upstream.healthChecks);
            return upstream.Healthy ? Results.Text("ok") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/hold", async () =>
        {
            // A request that stays in flight exactly as long as the test wants, whatever the machine's load.
            var release = Volatile.Read(ref upstream.held).Task;
            Interlocked.Increment(ref upstream.heldRequests);
            await release;
            Interlocked.Decrement(ref upstream.heldRequests);
            return version;
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Text(version, statusCode: code));
        app.MapGet("/metrics", () => "upstream_metrics 1");
        app.MapGet("/headers", (HttpRequest request) => Results.Text(string.Join(
            "\n",
            request.Headers.Where(h => h.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
                .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .Select(h => $"{h.Key.ToLowerInvariant()}: {h.Value}"))));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        upstream.Endpoint = new IPEndPoint(IPAddress.Loopback, new Uri(address).Port);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
