using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.MultiHost;

/// <summary>
/// Several hosts moved together (docs/deploy.md, Several hosts; Kamal's model: each host runs the app and its own edge,
/// a load balancer outside Slipway spreads users over the edges). Each host runs its ordinary sequence
/// (<see cref="Deployer"/>, <see cref="RollbackRunner"/>, its own lock and deploy log) side by side with the others, and
/// a <see cref="HostsCoordinator"/> holds them together: every host locked before anything changes, every host gated
/// before any switches, every bake passed before any retires; one host failing backs every other out. The outcome is
/// the primary's record when every host succeeded; else the worst host's exit code, naming the host that failed first.
/// </summary>
internal sealed class MultiHostOrchestrator(DeployHosts hosts) : IDeployOrchestrator
{
    public Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Log.Information("Deploying {Image} to {Environment} on {Count} hosts together, {AtOnce}: {Hosts} (primary {Primary}: the migrations run there)",
            request.Image.Reference, hosts.Environment.Name, hosts.All.Count, BootingAtOnce, Names, hosts.Primary.Name);
        return TogetherAsync("deploy", (host, peers) => new Deployer(host, peers: peers).DeployAsync(request, cancellationToken));
    }

    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The primary's log decides the version, so every host goes to the same one, named by its digest.
        var plan = await new RollbackRunner(hosts.Primary).PlanAsync(request.To, request.RestoreDatabase, cancellationToken);
        Log.Information("Rolling {Environment} back to {Version} ({Digest}, as {Primary}'s deploy log decides) on {Count} hosts together, {AtOnce}: {Hosts}",
            hosts.Environment.Name, plan.To.Version, plan.To.Digest, hosts.Primary.Name, hosts.All.Count, BootingAtOnce, Names);
        return await TogetherAsync("rollback", (host, peers) => new RollbackRunner(host, peers: peers).RollbackAsync(
            request with { To = plan.To.Digest, RestoreDatabase = request.RestoreDatabase && host == hosts.Primary }, cancellationToken));
    }

    /// <summary>--replicas on each host, all at once, each under its own lock (nothing in a scale waits for another host); the primary's record.</summary>
    public async Task<DeployOutcome> ScaleAsync(ScaleRequest request, CancellationToken cancellationToken = default) =>
        (await hosts.OnEachAsync("scale", host => new ScaleRunner(host).ScaleAsync(request, cancellationToken)))[0];

    /// <summary>
    /// The exit code of the whole from each failed host's: the one that needs the most attention. A host that failed
    /// before any host switched counts as aborted (10) — nothing switched anywhere — unless its code says more (2, 12, 13).
    /// </summary>
    internal static int WorstExitCode(IEnumerable<int> exitCodes, bool switched)
    {
        ArgumentNullException.ThrowIfNull(exitCodes);
        int[] severity = [ExitCodes.DatabaseNeedsAttention, ExitCodes.TargetFailed, ExitCodes.RolledBack, ExitCodes.EnvironmentLocked, ExitCodes.DeployAborted, ExitCodes.BadInvocation];
        var codes = exitCodes.Select(code => !switched && code == ExitCodes.TargetFailed ? ExitCodes.DeployAborted : code).ToList();
        return codes.Count == 0 ? ExitCodes.Success : codes.OrderBy(code => Array.IndexOf(severity, code) is var rank and >= 0 ? rank : 1).First();
    }

    private string Names => string.Join(", ", hosts.All.Select(h => h.Name));

    private string BootingAtOnce => hosts.Environment.HostsAtOnce is { } limit && limit < hosts.All.Count
        ? $"booting {limit} at a time"
        : "booting all at once";

    private async Task<DeployOutcome> TogetherAsync(string what, Func<DeployHost, HostsCoordinator, Task<DeployOutcome>> run)
    {
        using var peers = new HostsCoordinator([.. hosts.All.Select(h => h.Name)], hosts.Environment.HostsAtOnce);
        var runs = hosts.All.Select(host => RunOneAsync(host, peers, run)).ToList();
        var results = await Task.WhenAll(runs);
        var failures = results.Where(r => r.Failure is not null).ToList();
        if (failures.Count == 0)
        {
            return results[0].Outcome!;
        }

        var exitCode = WorstExitCode(failures.Select(f => BuildFailedException.ExitCodeOf(f.Failure)), peers.SwitchOpened);
        var (cause, reason) = peers.Cause ?? (failures[0].Host, failures[0].Failure!.Message.Split('\n')[0].Trim());
        var each = results.Select(r => r.Failure is null
            ? $"{r.Host}: {r.Outcome!.Record.Result} ({r.Outcome.Record.Version})"
            : $"{r.Host}: exit {BuildFailedException.ExitCodeOf(r.Failure)}");
        throw new BuildFailedException(exitCode,
            $"The {what} of {hosts.Environment.Name} failed on {cause}: {reason}{System.Environment.NewLine}" +
            $"Every host (exit {exitCode}, the worst): {string.Join("; ", each)}.",
            (failures.FirstOrDefault(f => f.Host == cause) is { Failure: { } first } ? first : failures[0].Failure!));
    }

    private static async Task<(string Host, DeployOutcome? Outcome, Exception? Failure)> RunOneAsync(
        DeployHost host, HostsCoordinator peers, Func<DeployHost, HostsCoordinator, Task<DeployOutcome>> run)
    {
        var name = host.Name;
        try
        {
            var outcome = await run(host, peers);
            peers.End(name);
            return (name, outcome, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Also what a host that failed before its own sequence began (its lock: exit 12) tells the others.
            peers.Fail(name, exception);
            Log.Error("{Host}: {Error}", name, exception.Message.Split('\n')[0].Trim());
            return (name, null, exception);
        }
    }
}
