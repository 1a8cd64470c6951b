using System.Diagnostics;
using System.Globalization;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Watches a new version's slot through the edge for a window — the bake after the switch, or a canary step: its health (HAProxy's checks on the
/// readiness path), its 5xx and broken responses (per-server counters) several times a second, and its response
/// times (the edge's access log) about once a second. Returns at the first breach, or clean at the window's end.
/// </summary>
internal sealed class BakeMonitor(DeployHost host, EdgeClient edge, BakeThresholds thresholds)
{
    private static readonly TimeSpan CounterInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LatencyInterval = TimeSpan.FromSeconds(1);

    /// <param name="slot">The slot watched.</param>
    /// <param name="window">How long it is watched.</param>
    /// <param name="quietTimeout">
    /// Null: the window's end is the verdict. Otherwise the watch goes on past the window until the slot has answered the
    /// thresholds' minimum of requests, for at most this long; still short then, the verdict is inconclusive (breached).
    /// </param>
    /// <param name="cancellationToken">Stops the watch.</param>
    public async Task<BakeVerdict> WatchAsync(EdgeSlot slot, TimeSpan window, TimeSpan? quietTimeout = null, CancellationToken cancellationToken = default)
    {
        var evaluator = new BakeEvaluator(thresholds);
        var clock = Stopwatch.StartNew();
        var latencies = new EdgeLatencySampler(host);
        await latencies.StartAsync(cancellationToken);
        var nextLatencyRead = TimeSpan.Zero;
        Log.Information("Watching {Slot} for {Seconds:0.#} s: rolling back on readiness failure, 5xx rate > {Rate:0.#} % or p95 > {P95:0} ms",
            slot.ServerName, window.TotalSeconds, 100 * thresholds.MaxErrorRate, thresholds.MaxP95Latency.TotalMilliseconds);
        while (true)
        {
            var status = (await edge.ReadStatusAsync(cancellationToken)).Colour(slot);
            var now = clock.Elapsed;
            if (status.Statistics is { } stats)
            {
                evaluator.AddCounters(now, stats.ResponsesTotal, stats.Responses5xx + stats.ResponseErrors);
            }

            evaluator.AddHealth(status.IsServing, status.ToString());
            if (now >= nextLatencyRead || now >= window)
            {
                nextLatencyRead = now + LatencyInterval;
                evaluator.AddLatencies(now, (await latencies.ReadAsync(slot, cancellationToken)).Select(e => (double)e.ServerResponseMilliseconds));
            }

            var verdict = evaluator.Evaluate(now);
            if (verdict.Breached)
            {
                return verdict;
            }

            if (now >= window)
            {
                if (quietTimeout is not { } quiet || verdict.Responses >= thresholds.MinimumRequests)
                {
                    return verdict;
                }

                if (now >= window + quiet)
                {
                    return verdict with
                    {
                        Breached = true,
                        Inconclusive = true,
                        Reason = string.Create(CultureInfo.InvariantCulture,
                            $"too little traffic to judge: {verdict.Responses} responses in {now.TotalSeconds:0.0} s, {thresholds.MinimumRequests} needed"),
                    };
                }
            }

            BuildProgress.Report($"{(quietTimeout is null ? "bake" : "canary")} {now.TotalSeconds:0}/{window.TotalSeconds:0} s");
            await Task.Delay(CounterInterval, cancellationToken);
        }
    }
}
