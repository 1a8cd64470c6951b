using Slipway.Delivery.Orchestration;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Monitor of an environment on its one host or across its hosts (docs/deploy.md, Several hosts): every host's edge
/// watched at once by its own <see cref="EnvironmentMonitor"/>, each judging its own traffic (a version broken on one host
/// is caught there, as in a canary across hosts). The first breach ends every watch and is named with its host; with
/// <see cref="MonitorRequest.RollbackOnBreach"/> every host rolls back together (exit 11), as after a breach in a deploy's
/// bake.
/// </summary>
internal static class HostsMonitor
{
    public static async Task<IReadOnlyList<(DeployHost Host, IReadOnlyList<MonitorInterval> Intervals)>> RunAsync(
        DeployHosts hosts, MonitorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(request);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = new Lock();
        Task<DeployOutcome>? rollback = null;

        // One rollback of every host, whichever host breached first; a host that breaches while it runs shares it.
        Task<DeployOutcome> RollbackEveryHostAsync(RollbackRequest rollbackRequest, CancellationToken _)
        {
            lock (gate)
            {
                return rollback ??= StartRollbackAsync(rollbackRequest);
            }
        }

        async Task<DeployOutcome> StartRollbackAsync(RollbackRequest rollbackRequest)
        {
            await stop.CancelAsync();
            return await DeployOrchestrators.For(hosts).RollbackAsync(rollbackRequest, cancellationToken);
        }

        async Task<IReadOnlyList<MonitorInterval>> WatchAsync(DeployHost host)
        {
            try
            {
                return await new EnvironmentMonitor(host, RollbackEveryHostAsync).RunAsync(request, stop.Token);
            }
            catch (BuildFailedException)
            {
                await stop.CancelAsync();
                throw;
            }
        }

        var watches = hosts.All.Select(WatchAsync).ToList();
        try
        {
            await Task.WhenAll(watches);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && watches.Any(w => w.Exception?.InnerException is BuildFailedException))
        {
            // The host whose breach rolled every host back speaks for the others, which the rollback stopped; else the first host that failed.
            var (host, failure) = watches.Select((watch, index) => (Host: hosts.All[index], Failure: watch.Exception?.InnerException as BuildFailedException))
                .Where(f => f.Failure is not null).OrderByDescending(f => f.Failure!.ExitCode == ExitCodes.RolledBack).First();
            var everyHost = failure!.ExitCode == ExitCodes.RolledBack && hosts.All.Count > 1 ? $" Every one of the {hosts.All.Count} hosts was rolled back." : string.Empty;
            throw new BuildFailedException(failure.ExitCode, hosts.LineFor(host) + failure.Message + everyHost, failure);
        }

        return [.. hosts.All.Zip(watches, (host, watch) => (host, watch.Result))];
    }
}
