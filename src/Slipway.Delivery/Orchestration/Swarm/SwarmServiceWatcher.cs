using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

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
