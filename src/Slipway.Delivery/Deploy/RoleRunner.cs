using System.Diagnostics;
using Serilog;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Runs the roles of a deploy or rollback on the host (docs/deploy.md, Roles), for <see cref="DeployExecutor"/>: starts a
/// version's role containers, gates them on their health, stops the previous ones with the role's grace period, and
/// remembers what it changed so a failure of the version — a role's own, or the web's bake after the roles moved —
/// puts every role's previous containers back.
/// </summary>
internal sealed class RoleRunner(DeployHost host)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly DeployEnvironment environment = host.Environment;

    // The roles moved so far, in order: what RestoreAsync undoes, newest first.
    private readonly List<Transition> done = [];

    /// <summary>
    /// Starts the new containers of one role and stops the previous ones (a singleton's first); null when the new ones
    /// passed their health, else why not — the caller then rolls the whole version back (<see cref="RestoreAsync"/>).
    /// </summary>
    public async Task<string?> DeployAsync(RoleDeployStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var role = step.Role;
        var names = step.Runs.Select(r => r.Name).ToList();
        var existing = await host.ReadRoleContainersAsync(role.Name, cancellationToken);
        foreach (var leftover in existing.Where(c => names.Contains(c.Name)))
        {
            // A redeploy of the same digest, or a crashed run's half-started container: start afresh.
            await host.RemoveAsync(leftover.Name, cancellationToken);
        }

        var previous = existing.Where(c => c.IsRunning && !names.Contains(c.Name)).ToList();
        if (!role.RunsHere)
        {
            await StopStrayAsync(role, previous, cancellationToken);
            return null;
        }

        var transition = new Transition(role, names);
        done.Add(transition);
        if (role.Singleton)
        {
            await StopAsync(role, previous, transition, "first: a singleton never runs twice", cancellationToken);
        }

        Log.Information("Starting role {Role} of {Version}: {Names}", role.Name, step.Version, string.Join(", ", names));
        var results = await Task.WhenAll(step.Runs.Select(r => host.RunRoleAsync(r, cancellationToken)));
        if (results.Select((result, index) => (result, names[index])).FirstOrDefault(r => !r.result.Succeeded) is { result: { } failed } failure)
        {
            return $"{failure.Item2} did not start: {failed.StandardError.Trim()}";
        }

        if (await GateAsync(role, names, cancellationToken) is { } unhealthy)
        {
            return unhealthy;
        }

        Log.Information("Role {Role} of {Version} is healthy ({Count} container(s))", role.Name, step.Version, names.Count);
        if (!role.Singleton)
        {
            await StopAsync(role, previous, transition, "now that the new ones are healthy", cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// Every role moved by this run back to where it was, newest first: its new containers stopped (kept for their logs)
    /// and its previous ones started again — for a singleton in that order, so it never runs twice.
    /// </summary>
    public async Task RestoreAsync()
    {
        for (var i = done.Count - 1; i >= 0; i--)
        {
            var transition = done[i];
            Log.Warning("Putting role {Role} back: stopping {New}{Previous}", transition.Role.Name, string.Join(", ", transition.Started),
                transition.Stopped.Count == 0 ? string.Empty : "; starting " + string.Join(", ", transition.Stopped));
            await Task.WhenAll(transition.Started.Select(name => host.StopAsync(name, transition.Role.StopGracePeriod, CancellationToken.None)));
            foreach (var name in transition.Stopped)
            {
                try
                {
                    await host.StartAsync(name, CancellationToken.None);
                }
                catch (Exception exception) when (exception is BuildFailedException or Slipway.Engine.Tooling.ToolException)
                {
                    Log.Error("Could not start {Name} again: {Error}. Start it by hand (docker start {Name})", name, exception.Message, name);
                }
            }
        }

        done.Clear();
    }

    /// <summary>
    /// A rollback's roles: the target version's retained role containers started again (or new ones from its image), the
    /// current version's stopped — a singleton's first. Not gated: the target version ran these containers before.
    /// </summary>
    public async Task RollbackAsync(RoleRollbackStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var target = step.Target;
        foreach (var role in step.Roles)
        {
            var existing = await host.ReadRoleContainersAsync(role.Name, cancellationToken);
            if (!role.RunsHere)
            {
                await StopStrayAsync(role, [.. existing.Where(c => c.IsRunning)], cancellationToken);
                continue;
            }

            var retained = existing.Where(c => c.Digest == target.Digest).ToList();
            var current = existing.Where(c => c.IsRunning && c.Digest != target.Digest).ToList();
            var transition = new Transition(role, []);
            if (role.Singleton)
            {
                await StopAsync(role, current, transition, "first: a singleton never runs twice", cancellationToken);
            }

            if (retained.Count > 0)
            {
                Log.Information("Starting {Version}'s retained role {Role}: {Names}", target.Version, role.Name, string.Join(", ", retained.Select(c => c.Name)));
                await Task.WhenAll(retained.Where(c => !c.IsRunning).Select(c => host.StartAsync(c.Name, cancellationToken)));
            }
            else
            {
                var runs = RoleRunSpec.For(environment.Name, role, target.Version, target.Digest, target.Image, target.DeployId);
                Log.Information("Starting {Version}'s role {Role} from its image (none retained): {Names}", target.Version, role.Name, string.Join(", ", runs.Select(r => r.Name)));
                var results = await Task.WhenAll(runs.Select(r => host.RunRoleAsync(r, cancellationToken)));
                if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
                {
                    throw new BuildFailedException(
                        $"{target.Version} serves again, but its role {role.Name} did not start: {failed.StandardError.Trim()}. Its previous containers are stopped; deploy again or start them by hand.");
                }
            }

            if (!role.Singleton)
            {
                await StopAsync(role, current, transition, "now that the rolled-back-to ones run", cancellationToken);
            }
        }
    }

    /// <summary>Stopped role containers of versions no longer retained (their app container was pruned) are removed with them.</summary>
    public async Task PruneAsync(IReadOnlyList<AppContainer> retainedVersions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retainedVersions);
        var digests = retainedVersions.Select(c => c.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var role in environment.Roles)
        {
            foreach (var old in (await host.ReadRoleContainersAsync(role.Name, cancellationToken)).Where(c => !c.IsRunning && !digests.Contains(c.Digest)))
            {
                Log.Information("Pruning {Name} (role {Role} of {Version}): its version is no longer retained", old.Name, role.Name, old.Version);
                await host.RemoveAsync(old.Name, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A singleton's containers on a host of several that is not the primary. Not remembered for <see cref="RestoreAsync"/>:
    /// whatever happens to the deploy, a singleton never comes back on this host; the primary's does.
    /// </summary>
    private Task StopStrayAsync(DeployRole role, List<RoleContainer> running, CancellationToken cancellationToken) =>
        StopAsync(role, running, new Transition(role, []), "on this host: a singleton of several hosts runs on the primary only", cancellationToken);

    private async Task StopAsync(DeployRole role, List<RoleContainer> containers, Transition transition, string why, CancellationToken cancellationToken)
    {
        if (containers.Count == 0)
        {
            return;
        }

        Log.Information("Stopping the previous role {Role} {Why}: {Names} (grace {Grace:0.#} s)", role.Name, why,
            string.Join(", ", containers.Select(c => c.Name)), role.StopGracePeriod.TotalSeconds);
        await Task.WhenAll(containers.Select(c => host.StopAsync(c.Name, role.StopGracePeriod, cancellationToken)));
        transition.Stopped.AddRange(containers.Select(c => c.Name));
    }

    /// <summary>Null when every container passed the role's health; else which one failed and how, with its last output.</summary>
    private async Task<string?> GateAsync(DeployRole role, List<string> names, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var healthy = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var name in names)
            {
                var state = await host.ContainerStateAsync(name, cancellationToken);
                if (state is not { } s)
                {
                    return $"{name} is gone";
                }

                if (s.Status is "exited" or "dead" or "restarting" || s.Restarts > 0 || s.Health == "unhealthy")
                {
                    var what = s.Health == "unhealthy" ? "failed its health check" : s.Restarts > 0 || s.Status == "restarting" ? "exited and was restarted" : "exited";
                    var logs = (await host.LastLogLinesAsync(name, cancellationToken)).Split('\n').TakeLast(5);
                    return $"{name} {what}; its last output: {string.Join(" | ", logs.Select(l => l.Trim()))}";
                }

                if (s.Health == "healthy")
                {
                    healthy.Add(name);
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (role.UseImageHealthCheck)
            {
                if (healthy.Count == names.Count)
                {
                    return null;
                }

                if (elapsed > environment.DeployTimeout)
                {
                    return $"{string.Join(", ", names.Except(healthy))} did not become healthy within {environment.DeployTimeout.TotalSeconds:0} s";
                }
            }
            else if (elapsed >= role.SettleTime)
            {
                return null;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private sealed record Transition(DeployRole Role, IReadOnlyList<string> Started)
    {
        public List<string> Stopped { get; } = [];
    }
}
