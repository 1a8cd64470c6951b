using System.Diagnostics;
using System.Globalization;
using Serilog;
using Slipway.Delivery.Orchestration;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Watches an environment's live version through its edge (docs/deploy.md, Monitor) — per-slot counters and health
/// about once a second, response times from the access log once per interval — and reports each interval against the
/// thresholds. A breach ends the watch: exit 14, or with <see cref="MonitorRequest.RollbackOnBreach"/> a rollback to the
/// previous version and exit 11. Changes nothing otherwise, so it takes no lock.
/// </summary>
/// <param name="host">The host whose edge is watched.</param>
/// <param name="rollback">The rollback on a breach: by default this host's, by its orchestrator; across hosts, every host's (<see cref="HostsMonitor"/>).</param>
internal sealed class EnvironmentMonitor(DeployHost host, Func<RollbackRequest, CancellationToken, Task<DeployOutcome>>? rollback = null)
{
    private static readonly TimeSpan LongestSample = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<MonitorInterval>> RunAsync(MonitorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = host.Environment;
        if (request.Problems().ToList() is { Count: > 0 } problems)
        {
            throw BuildFailedException.BadInput($"Monitor of {environment.Name}: {string.Join(" ", problems)}");
        }

        var edge = await host.Edge.TryOpenExistingAsync(cancellationToken)
            ?? throw new BuildFailedException(ExitCodes.MonitorBreached,
                $"The edge of {environment.Name} is not running: nothing serves {environment.Url}. Deploy, or Rollback, to start it.");
        var live = (await host.SnapshotAsync(edge, edgeRunning: true, cancellationToken)).Live;
        Log.Information("Monitoring {Environment} ({Version}) {For}, reporting every {Interval:0.#} s: {Thresholds}", environment.Name, live?.Version ?? "nothing live",
            request.Continuous ? "until stopped" : $"for {request.Duration!.Value.TotalSeconds:0.#} s", request.Interval.TotalSeconds, request.Thresholds.Describe());

        var intervals = new List<MonitorInterval>();
        var window = new MonitorWindow(request.Thresholds);
        var latencies = new EdgeLatencySampler(host);
        await latencies.StartAsync(cancellationToken);
        var sample = request.Interval / 4 < LongestSample ? request.Interval / 4 : LongestSample;
        var elapsed = Stopwatch.StartNew();
        var nextReport = request.Interval;
        while (request.Continuous || elapsed.Elapsed < request.Duration!.Value)
        {
            var status = await edge.ReadStatusAsync(cancellationToken);
            var servers = status.Servers;
            window.AddCounters(servers.Sum(s => s.Statistics?.ResponsesTotal ?? 0), servers.Sum(s => (s.Statistics?.Responses5xx ?? 0) + (s.Statistics?.ResponseErrors ?? 0)));
            window.AddHealth(status.ActiveSlot is { } active && status.ReplicasOf(active).Any(r => r.IsServing), status.Maintenance);
            if (elapsed.Elapsed >= nextReport)
            {
                window.AddLatencies((await latencies.ReadAsync(cancellationToken: cancellationToken)).Select(e => (double)e.ServerResponseMilliseconds));
                var interval = window.Close(elapsed.Elapsed);
                intervals.Add(interval);
                Log.Information("{Environment} {Interval}", environment.Name, interval.Describe());
                if (interval.Breached)
                {
                    await BreachAsync(request, live, interval, intervals, cancellationToken);
                }

                nextReport += request.Interval;
            }

            BuildProgress.Report($"monitor {elapsed.Elapsed.TotalSeconds:0} s");
            await Task.Delay(sample, cancellationToken);
        }

        Log.Information("{Summary}", Summarize(environment.Name, intervals));
        return intervals;
    }

    /// <summary>The totals of a watch, in a line.</summary>
    public static string Summarize(string environment, IReadOnlyList<MonitorInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var requests = intervals.Sum(i => i.Requests);
        var errors = intervals.Sum(i => i.Errors);
        var worstP95 = intervals.Max(i => i.P95Milliseconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"Monitor of {environment}: {intervals.Count} interval(s), {intervals.Count(i => i.Breached)} breached; {requests} requests, " +
            $"errors {(requests == 0 ? 0 : 100.0 * errors / requests):0.0} %, worst p95 {(worstP95 is { } p ? $"{p:0} ms" : "n/a")}, " +
            $"lowest availability {(intervals.Count == 0 ? 0 : 100 * intervals.Min(i => i.Availability)):0.0} %.");
    }

    private async Task BreachAsync(MonitorRequest request, AppContainer? live, MonitorInterval interval, List<MonitorInterval> intervals, CancellationToken cancellationToken)
    {
        var environment = host.Environment;
        var what = $"{environment.Name} ({live?.Version ?? "nothing live"}) breached in interval {interval.Number}: {string.Join("; ", interval.Breaches)}. {Summarize(environment.Name, intervals)}";
        if (!request.RollbackOnBreach)
        {
            throw new BuildFailedException(ExitCodes.MonitorBreached, what + " Nothing was changed; --rollback-on-breach rolls back on a breach.");
        }

        Log.Error("{Breach} Rolling back to the previous version", what);
        var rollbackRequest = new RollbackRequest { Who = request.Who + " (Monitor --rollback-on-breach)", CiRunUrl = request.CiRunUrl, Force = request.Force };
        // The environment's orchestrator rolls back: Slipway's containers, or a Swarm service through docker service rollback.
        var outcome = await (rollback ?? DeployOrchestrators.For(host).RollbackAsync)(rollbackRequest, cancellationToken);
        throw new BuildFailedException(ExitCodes.RolledBack, $"{what} Rolled back: {outcome.Record.Message}");
    }
}
