using System.Globalization;
using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// The environment's roles under Swarm (docs/deploy.md, Roles under Swarm): each a service of its own
/// (<see cref="SwarmRoleSpec"/>), moved in declaration order after the web service serves the new version — as the
/// containers path moves its role containers after the switch — and watched to its end like the web service. What a
/// failing role means for the web service is the orchestrator's; this type puts back the roles it moved.
/// </summary>
internal sealed class SwarmRoles(DeployHost host, SwarmCommands commands, SwarmServiceWatcher watcher, TimeProvider clock)
{
    private readonly DeployEnvironment environment = host.Environment;
    private readonly List<(SwarmRoleSpec Role, SwarmService? Before)> moved = [];

    /// <summary>Creates or updates each role's service to <paramref name="image"/>; returns the first role that did not end healthy (named, with why), or null.</summary>
    public async Task<string?> MoveAsync(string image, string version, CancellationToken cancellationToken)
    {
        foreach (var role in environment.Roles)
        {
            var spec = new SwarmRoleSpec(environment, role);
            var before = await watcher.TryInspectAsync(spec.ServiceName, cancellationToken);
            if (before?.Image == image && before.Replicas == role.Replicas)
            {
                Log.Information("The {Role} role's service {Service} already runs {Version}", role.Name, spec.ServiceName, version);
                continue;
            }

            Log.Information("{Action} the {Role} role's Swarm service {Service} with {Version} ({Order}, {Replicas} task(s))", before is null ? "Creating" : "Updating",
                role.Name, spec.ServiceName, version, role.Singleton ? "stop-first: never two at once" : "start-first", role.Replicas);
            moved.Add((spec, before));
            var verdict = await ApplyAsync(spec, before, image, cancellationToken);
            if (verdict.Kind != SwarmVerdictKind.Serving)
            {
                return $"{role.Name} ({spec.ServiceName}): {verdict.Message}";
            }
        }

        return null;
    }

    /// <summary>
    /// Every role <see cref="MoveAsync"/> moved back, the last first: a service it created is removed, one it updated
    /// goes back to its previous spec by Swarm's rollback (unless Swarm already rolled it back itself). A role that
    /// cannot be put back is logged and named; the others still are.
    /// </summary>
    public async Task<IReadOnlyList<string>> PutBackAsync(CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var (spec, before) in Enumerable.Reverse(moved))
        {
            if (before is null)
            {
                await host.Engine.TryRunAsync(commands.Remove(spec.ServiceName), cancellationToken);
                continue;
            }

            var verdict = await watcher.PutBackAsync(spec.ServiceName, before, before.Replicas, spec.WatchTimeout, update: null, cancellationToken);
            if (verdict is not null && verdict.Kind != SwarmVerdictKind.Serving)
            {
                Log.Error("The {Role} role's service {Service} did not go back to {Image}: {Verdict}", spec.Role.Name, spec.ServiceName, before.Image, verdict.Message);
                failed.Add(spec.ServiceName);
            }
        }

        moved.Clear();
        return failed;
    }

    /// <summary>
    /// Rollback: each role's service to the target <paramref name="image"/> after the web service, by an update with the
    /// role's declaration as it is now (a role declared since is created). Never Swarm's own rollback here: after Swarm
    /// rolled a failed update back by itself, its previous spec is that failed one — a role's broken command included.
    /// Exit 1 naming the roles that did not follow; the web service serves the target either way.
    /// </summary>
    public async Task RollBackAsync(string image, string? version, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var role in environment.Roles)
        {
            var spec = new SwarmRoleSpec(environment, role);
            var before = await watcher.TryInspectAsync(spec.ServiceName, cancellationToken);
            if (before?.Image == image)
            {
                continue;
            }

            Log.Information("Rolling the {Role} role's service {Service} back to {Version}", role.Name, spec.ServiceName, version ?? image);
            var verdict = await ApplyAsync(spec, before, image, cancellationToken);
            if (verdict.Kind != SwarmVerdictKind.Serving)
            {
                failed.Add($"{role.Name} ({verdict.Message})");
            }
        }

        if (failed.Count > 0)
        {
            throw new BuildFailedException(ExitCodes.TargetFailed,
                $"The web service serves {version ?? image} again, but these roles did not follow: {string.Join("; ", failed)}. Look at `docker service ps {SwarmRoleSpec.ServiceNameOf(environment.Name, "<role>")}`.");
        }
    }

    /// <summary>The role's service created (none yet) or updated to <paramref name="image"/> with its declaration as it is now, watched to its end.</summary>
    private async Task<SwarmVerdict> ApplyAsync(SwarmRoleSpec spec, SwarmService? before, string image, CancellationToken cancellationToken)
    {
        await host.Engine.RunAsync(before is null ? commands.CreateRole(spec, image) : commands.UpdateRole(spec, image), cancellationToken);
        return await WatchAsync(spec, new SwarmWatch(image, spec.Role.Replicas, before?.Update?.StartedAt, Created: before is null), cancellationToken);
    }

    /// <summary>
    /// The change watched to its end; a service just created has no update for Swarm to monitor, so its tasks must also
    /// stay up for the role's <see cref="DeployRole.SettleTime"/>, as the containers path's gate asks.
    /// </summary>
    private async Task<SwarmVerdict> WatchAsync(SwarmRoleSpec spec, SwarmWatch watch, CancellationToken cancellationToken)
    {
        var (verdict, _) = await watcher.WatchAsync(spec.ServiceName, watch, spec.WatchTimeout, cancellationToken);
        if (!watch.Created || verdict.Kind != SwarmVerdictKind.Serving)
        {
            return verdict;
        }

        await Task.Delay(spec.Role.SettleTime, clock, cancellationToken);
        var tasks = (await watcher.TasksAsync(spec.ServiceName, cancellationToken)).Where(t => t.Image == watch.TargetImage).ToList();
        var ended = tasks.Where(t => !t.IsRunning).ToList();
        return ended.Count == 0
            ? verdict
            : new SwarmVerdict(SwarmVerdictKind.NeverHealthy, string.Create(CultureInfo.InvariantCulture,
                $"{ended.Count} task(s) ended within {spec.Role.SettleTime.TotalSeconds:0.#} s of their start ({ended[0].State}{(ended[0].Error is { } error ? ": " + error : string.Empty)})"));
    }
}
