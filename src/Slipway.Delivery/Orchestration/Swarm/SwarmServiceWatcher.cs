using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// Reads one of an environment's Swarm services (the web service, a role's) and watches a change of it to its end:
/// the service and its tasks polled every half second and judged by <see cref="SwarmUpdateDecider"/>.
/// </summary>
internal sealed class SwarmServiceWatcher(DeployHost host, SwarmCommands commands, TimeProvider clock)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Polls the service and its tasks until the decider decides, bounded by <paramref name="timeout"/>; returns the
    /// verdict with the tasks it was made on, so what follows does not list them again.
    /// </summary>
    public async Task<(SwarmVerdict Verdict, IReadOnlyList<SwarmTask> Tasks)> WatchAsync(string service, SwarmWatch watch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var said = string.Empty;
        while (true)
        {
            var inspected = await TryInspectAsync(service, cancellationToken)
                ?? throw new BuildFailedException(ExitCodes.TargetFailed, $"The Swarm service {service} disappeared while Slipway watched its update.");
            var tasks = await TasksAsync(service, cancellationToken);
            var verdict = SwarmUpdateDecider.Decide(inspected, tasks, watch, clock.GetUtcNow() >= deadline);
            if (verdict.IsFinal)
            {
                Log.Information("{Service}: {Verdict}", service, verdict.Message);
                return (verdict, tasks);
            }

            if (verdict.Message != said)
            {
                BuildProgress.Report($"{service}: {verdict.Message}");
                said = verdict.Message;
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    /// <summary>
    /// A service back on <paramref name="before"/> after a change of it that a later step failed: Swarm's rollback to its
    /// previous spec — or <paramref name="update"/> when Swarm refuses one (none: the refusal is the error) — watched to
    /// its end. Null when there was nothing to do: the service is gone, or Swarm already rolled it back by itself.
    /// </summary>
    public async Task<SwarmVerdict?> PutBackAsync(string service, SwarmService before, int replicas, TimeSpan timeout, ToolInvocation? update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var now = await TryInspectAsync(service, cancellationToken);
        if (now is null || now.Image == before.Image && now.Update?.State == SwarmUpdateStatus.RollbackCompleted)
        {
            return null;
        }

        Log.Warning("Rolling {Service} back to {Image}", service, before.Image);
        var rollback = await host.Engine.TryRunAsync(commands.Rollback(service), cancellationToken);
        if (!rollback.Succeeded)
        {
            await host.Engine.RunAsync(update ?? throw new BuildFailedException(ExitCodes.TargetFailed,
                $"docker service rollback {service} failed: {rollback.StandardError.Trim()}"), cancellationToken);
        }

        var (verdict, _) = await WatchAsync(service, new SwarmWatch(before.Image, replicas, now.Update?.StartedAt, IsRollback: rollback.Succeeded), timeout, cancellationToken);
        return verdict;
    }

    /// <summary>The service, or null when it does not exist.</summary>
    public async Task<SwarmService?> TryInspectAsync(string service, CancellationToken cancellationToken)
    {
        var result = await host.Engine.TryRunAsync(commands.Inspect(service), cancellationToken);
        if (!result.Succeeded)
        {
            return (result.StandardError + result.StandardOutput).Contains("no such service", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new BuildFailedException(ExitCodes.TargetFailed, $"docker service inspect {service} failed: {result.StandardError.Trim()}");
        }

        return SwarmService.Parse(result.StandardOutput);
    }

    /// <summary>Every task of the service, current and past.</summary>
    public async Task<IReadOnlyList<SwarmTask>> TasksAsync(string service, CancellationToken cancellationToken) =>
        SwarmTask.ParseLines((await host.Engine.RunAsync(commands.Tasks(service), cancellationToken)).StandardOutput);
}
