namespace Slipway.Delivery.Edge;

/// <summary>HAProxy's timeouts for one edge. Defaults suit an HTTP API behind a plain Docker host.</summary>
internal sealed record EdgeTimeouts
{
    /// <summary>How long to wait for a TCP connection to an upstream (<c>timeout connect</c>).</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Client inactivity while a request or response is in progress (<c>timeout client</c>).</summary>
    public TimeSpan Client { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Upstream inactivity while it works on a response (<c>timeout server</c>); also the longest request a drain can
    /// still see complete, so keep it above the slowest legitimate request.
    /// </summary>
    public TimeSpan Server { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time a client has to send complete request headers (<c>timeout http-request</c>, slowloris guard).</summary>
    public TimeSpan HttpRequest { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle time allowed between two requests on a client keep-alive connection.</summary>
    public TimeSpan HttpKeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a request may wait for a free upstream connection slot before it gets a 503.</summary>
    public TimeSpan Queue { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Upper bound for a graceful stop or reload of the edge itself (<c>hard-stop-after</c>): the old worker keeps serving
    /// its open connections at most this long.
    /// </summary>
    public TimeSpan HardStopAfter { get; init; } = TimeSpan.FromSeconds(120);

    internal IEnumerable<(string Name, TimeSpan Value)> All =>
    [
        ("connect", Connect),
        ("client", Client),
        ("server", Server),
        ("http-request", HttpRequest),
        ("http-keep-alive", HttpKeepAlive),
        ("queue", Queue),
        ("hard-stop-after", HardStopAfter),
    ];
}
