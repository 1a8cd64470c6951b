using System.Globalization;
using System.Net;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Orchestration.MultiHost;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Performs the steps of a deploy or rollback plan in order, on the host (<see cref="DeployHost"/>) and its edge,
/// noting what it learns in the operation's record and registering what a failure must undo. Exit codes tell a
/// caller what happened: 10 aborted before the switch (the old version served throughout), 11 switched and rolled
/// back automatically.
/// </summary>
/// <remarks>
/// With <paramref name="peers"/> this host is one of several moved together (docs/deploy.md, Several hosts): it waits for
/// its turn to boot (HostsAtOnce), for every host before its switch and after its bake, and backs out when another host
/// failed.
/// </remarks>
internal sealed class DeployExecutor(DeployHost host, LockedOperation operation, TimeProvider clock, HostsCoordinator? peers = null)
{
    // How a host of several says where it backed out because another failed.
    private const string BeforeSwitch = "before the switch";

    private readonly DeployEnvironment environment = host.Environment;

    // Backups, migrations, restores and the pruning of old backups.
    private readonly MigrationRunner migrations = new(host, operation);

    // The slot this run pointed at its new colour: an abort retires it again unless it serves.
    private EdgeSlot? newColourSlot;
    private bool startedNewColour;

    // The new version's containers, replica 1 first: what a breach stops and an abort removes.
    private IReadOnlyList<string> newColour = [];

    // The old version's replicas a rolling deploy took out so far: what a failed batch puts back.
    private readonly List<AppContainer> rolledOut = [];

    // The roles besides the web role this run moved: what switching back puts back.
    private readonly RoleRunner roles = new(host);

    private EdgeClient Edge => operation.Edge;

    /// <summary>Performs every step; returns the bake's verdict when the plan baked.</summary>
    public async Task<BakeVerdict?> ExecuteAsync(IReadOnlyList<DeployStep> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        BakeVerdict? verdict = null;
        foreach (var step in steps)
        {
            verdict = await PerformAsync(step, cancellationToken) ?? verdict;
            operation.Phases.End(step.Phase);
        }

        return verdict;
    }

    private async Task<BakeVerdict?> PerformAsync(DeployStep step, CancellationToken cancellationToken)
    {
        if (step is RunNewColourStep or StartRetainedStep or MigrateStep && peers is not null)
        {
            // The host's boot: at most HostsAtOnce hosts at a time, until its gate passed (the switch barrier).
            await peers.EnterBootOrAbortAsync(host.Name, BeforeSwitch, cancellationToken);
        }

        switch (step)
        {
            case RunNewColourStep run:
                await RunNewColourAsync(run, cancellationToken);
                return null;
            case StartRetainedStep start:
                await StartRetainedAsync(start, cancellationToken);
                return null;
            case AssignSlotStep assign:
                await AssignAsync(assign, cancellationToken);
                return null;
            case MigrateStep migrate:
                await migrations.RunAsync(migrate, cancellationToken);
                return null;
            case RestoreDatabaseStep restore:
                await migrations.RestoreAsync(restore, cancellationToken);
                return null;
            case GateStep gate:
                // The abort (exit 10) removes the new colour as any abort does.
                return await UnlessAnotherHostFailsAsync<BakeVerdict?>(async token => { await GateAsync(gate, token); return null; },
                    () => throw peers!.Aborted(host.Name, BeforeSwitch), cancellationToken);
            case CanaryStep canary:
                await CanaryAsync(canary, cancellationToken);
                return null;
            case SwitchStep switchStep:
                await ArriveBeforeSwitchAsync(cancellationToken);
                await SwitchAsync(switchStep, cancellationToken);
                return null;
            case BakeStep bake:
                return await BakeAsync(bake, cancellationToken);
            case RollingStep rolling:
                await RollingAsync(rolling, cancellationToken);
                return null;
            case SmokeStep smoke:
                await SmokeAsync(smoke, cancellationToken);
                return null;
            case RoleDeployStep role:
                await RoleAsync(role, cancellationToken);
                return null;
            case RoleRollbackStep roleRollback:
                await RoleRollbackAsync(roleRollback, cancellationToken);
                return null;
            case RetireStep retire:
                // Re-checked on the host, not only by the heartbeat: retiring or pruning under a lock someone broke could stop
                // their version. Keeping a colour warm stops nothing, so it needs no check (a round trip off a warm rollback).
                if (!retire.KeepWarm)
                {
                    await operation.EnsureHeldAsync(cancellationToken);
                }

                await RetireAsync(retire, cancellationToken);
                return null;
            case PruneStep prune:
                await operation.EnsureHeldAsync(cancellationToken);
                await PruneAsync(prune, cancellationToken);
                return null;
            default:
                throw new InvalidOperationException($"No way to perform {step.GetType().Name}.");
        }
    }

    /// <summary>
    /// A step that waits on this host alone (its gate, a canary step's or the bake's watch), stopped as soon as another
    /// host failed: no host goes on waiting once the deploy is lost. Then <paramref name="whenAnotherFailed"/> decides how
    /// this host backs out (before the switch an abort, after it a switch back).
    /// </summary>
    private async Task<T> UnlessAnotherHostFailsAsync<T>(Func<CancellationToken, Task<T>> step, Func<Task<T>> whenAnotherFailed, CancellationToken cancellationToken)
    {
        if (peers is null)
        {
            return await step(cancellationToken);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, peers.AnyFailed);
        try
        {
            return await step(either.Token);
        }
        catch (OperationCanceledException) when (peers.AnyFailed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return await whenAnotherFailed();
        }
    }

    /// <summary>Several hosts: every host has passed its gate before any switches; when one failed, this one aborts too.</summary>
    private async Task ArriveBeforeSwitchAsync(CancellationToken cancellationToken)
    {
        if (peers is null)
        {
            return;
        }

        Log.Information("{Host} is ready to switch; waiting for the other hosts", host.Name);
        await peers.ArriveOrAbortAsync(host.Name, HostBarrier.Switch, BeforeSwitch, cancellationToken);
    }

    private async Task RunNewColourAsync(RunNewColourStep step, CancellationToken cancellationToken)
    {
        var run = step.Run;
        foreach (var leftover in step.Leftovers)
        {
            // A retained or half-started container of the same digest (a redeploy, or a crashed run): start afresh.
            Log.Information("Replacing the existing container {Name}", leftover);
            if (!await host.RemoveAsync(leftover, cancellationToken))
            {
                throw new BuildFailedException(ExitCodes.DeployAborted,
                    $"Could not remove the existing container {leftover}; the deploy is aborted before the switch and the serving version is untouched.");
            }
        }

        Log.Information("Starting {Version} as {Name} on 127.0.0.1:{Port}{Replicas}", step.Version, run.Name, run.Port,
            step.Runs.Count > 1 ? $" with {step.Runs.Count - 1} more replica(s)" : string.Empty);
        var results = await Task.WhenAll(step.Runs.Select(r => host.RunAppAsync(r, cancellationToken)));
        // From here an abort removes them again (and retires their slot when the edge points at it without serving it).
        startedNewColour = true;
        newColour = [.. step.Runs.Select(r => r.Name)];
        operation.OnFailure(exception => exception is BuildFailedException { ExitCode: ExitCodes.DeployAborted or ExitCodes.DatabaseNeedsAttention }
            ? RemoveAbortedAsync(newColour)
            : Task.CompletedTask);
        if (results.Select((result, index) => (result, step.Runs[index].Name)).FirstOrDefault(r => !r.result.Succeeded) is { result: { } failed } failure)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"Starting {step.Version} ({failure.Name}) failed: {failed.StandardError.Trim()}. The deploy is aborted before the switch; the serving version is untouched.");
        }
    }

    private async Task AssignAsync(AssignSlotStep step, CancellationToken cancellationToken)
    {
        if (step.AlreadyPointed)
        {
            return;
        }

        await Edge.AssignAsync(step.Slot, [.. step.Ports.Select(port => new IPEndPoint(IPAddress.Loopback, port))], cancellationToken);
        if (startedNewColour)
        {
            newColourSlot = step.Slot;
        }
    }

    private async Task StartRetainedAsync(StartRetainedStep step, CancellationToken cancellationToken)
    {
        if (step.Container.IsRunning)
        {
            return;
        }

        Log.Information("Starting the retained {Name}", step.Container.Name);
        var names = step.Container.AllNames.ToList();
        await Task.WhenAll(names.Select(name => host.StartAsync(name, cancellationToken)));
        operation.OnFailure(_ => Task.WhenAll(names.Select(name => host.StopAsync(name, CancellationToken.None))));
    }

    /// <summary>
    /// The new colour must pass <see cref="GateStep.Passes"/> consecutive readiness checks of the edge within the deploy
    /// timeout, and its <c>/status</c> must report the image's version. A container that exits meanwhile fails the gate
    /// at once instead of at the timeout.
    /// </summary>
    private async Task GateAsync(GateStep step, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = Edge.WaitUntilHealthyAsync(step.Slot, step.Passes, environment.DeployTimeout, stop.Token);
        var watches = step.Containers.Select(async container => (Container: container, Exit: await WatchForExitAsync(container, stop.Token))).ToList();
        var exited = Task.WhenAny(watches);
        var first = await Task.WhenAny(gate, exited);
        await stop.CancelAsync();
        if (first == exited && await await exited is { Exit: { } exit } dead)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"{step.Version} ({dead.Container}) {exit.Status} before it was ready; the deploy is aborted before the switch and the " +
                $"serving version is untouched. Its last log lines:{System.Environment.NewLine}{await host.LastLogLinesAsync(dead.Container, CancellationToken.None)}");
        }

        var result = await gate;
        if (!result.Passed)
        {
            var weakest = step.Containers[Math.Clamp(result.Slot.Replica - 1, 0, step.Containers.Count - 1)];
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"{step.Version} ({weakest}, 127.0.0.1:{step.Ports[step.Containers.ToList().IndexOf(weakest)]}) did not pass {step.Passes} consecutive readiness checks of " +
                $"{environment.HealthPath} within {environment.DeployTimeout.TotalSeconds:0.#} s (passed {result.ConsecutivePasses}; last: {result.Slot}). " +
                "The deploy is aborted before the switch; the serving version is untouched. " +
                (step.SkippedMigrations is null ? string.Empty : $"Migrations were skipped ({step.SkippedMigrations}); if the database was restored or replaced since, run again with --always-migrate. ") +
                $"Its last log lines:{System.Environment.NewLine}" + await host.LastLogLinesAsync(weakest, CancellationToken.None));
        }

        var replicas = new ReplicaGate(host, Edge);
        await Task.WhenAll(step.Containers.Select((container, index) => replicas.ProbeVersionAsync(
            container, step.Ports[index], step.Version, "The deploy is aborted before the switch; the serving version is untouched.", cancellationToken)));
    }

    private async Task<(string Status, int ExitCode)?> WatchForExitAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                var state = await host.ContainerStateAsync(container, cancellationToken);
                if (state is null)
                {
                    return ("was removed", -1);
                }

                // Docker restarts a crashing container (restart policy), so "restarting" or a restart count means it died.
                if (state.Value.Status is "exited" or "dead" or "restarting" || state.Value.Restarts > 0)
                {
                    return (state.Value.Restarts > 0 && state.Value.Status != "exited"
                        ? $"crashed (Docker restarted it {state.Value.Restarts} time(s); last exit code {state.Value.ExitCode})"
                        : $"exited with code {state.Value.ExitCode}", state.Value.ExitCode);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// One canary share: the weights set at the edge, then the new version watched alone (its own counters, checks and
    /// access-log lines). A breach, or too little traffic to judge, puts every request back on the stable version in one
    /// runtime API line, stops the new one (kept for its logs) and exits 11 with the figures.
    /// </summary>
    private async Task CanaryAsync(CanaryStep step, CancellationToken cancellationToken)
    {
        operation.EnsureHeld();
        if (step.Number == 1)
        {
            // Whatever fails from here (an edge or lock error, not a judged breach, which ends the canary itself) must not leave the split.
            operation.OnFailure(exception => exception is BuildFailedException { ExitCode: ExitCodes.RolledBack }
                ? Task.CompletedTask
                : EndCanaryAsync(step.Slot));
        }

        if (peers is not null && !await peers.ArriveForCanaryStepAsync(host.Name, step.Number, cancellationToken))
        {
            throw await LeaveCanaryWithEveryHostAsync(step, shareMoved: step.Number > 1, cancellationToken);
        }

        var started = clock.GetUtcNow();
        await Edge.SetCanaryWeightAsync(step.Slot, step.Percent, cancellationToken);
        var verdict = await UnlessAnotherHostFailsAsync(
            token => new BakeMonitor(host, Edge, BakeThresholds.For(environment)).WatchAsync(step.Slot, step.Window, step.QuietTimeout, token),
            async () => throw await LeaveCanaryWithEveryHostAsync(step, shareMoved: true, cancellationToken), cancellationToken);
        var record = new CanaryStepRecord
        {
            Percent = step.Percent,
            Started = started,
            DurationMs = (long)verdict.Elapsed.TotalMilliseconds,
            Responses = verdict.Responses,
            Errors = verdict.Errors,
            P95Ms = verdict.P95Milliseconds,
            Verdict = verdict.Inconclusive ? "inconclusive" : verdict.Breached ? "breached" : "passed",
            Reason = verdict.Reason,
        };
        operation.Note(r => r with { Canary = [.. r.Canary ?? [], record] });
        if (!verdict.Breached)
        {
            Log.Information("Canary {Number}/{Of} passed at {Percent} %: {Totals}", step.Number, step.Of, step.Percent, verdict.DescribeTotals());
            return;
        }

        var breachedAt = System.Diagnostics.Stopwatch.StartNew();
        Log.Error("Canary {Number}/{Of} at {Percent} % {Outcome}: {Reason}. Sending every request back to {Stable}",
            step.Number, step.Of, step.Percent, verdict.Inconclusive ? "is inconclusive" : "breached", verdict.Reason, step.Stable.Container.Version);
        await Edge.AbortCanaryAsync(step.Slot, cancellationToken);
        var abortMs = breachedAt.Elapsed.TotalMilliseconds;
        await StopBreachedAsync(step.Slot, step.Container, cancellationToken);
        throw new BuildFailedException(ExitCodes.RolledBack, string.Create(CultureInfo.InvariantCulture,
            $"{step.Version} {(verdict.Inconclusive ? "could not be judged" : "breached")} at canary step {step.Number}/{step.Of} ({step.Percent} % of requests, " +
            $"{verdict.Elapsed.TotalSeconds:0.0} s): {verdict.Reason}; {verdict.DescribeTotals()}. {step.Stable.Container.Version} takes every request again " +
            $"({abortMs:0} ms after the verdict); {step.Version} is stopped ({step.Container}, kept for its logs).") +
            (verdict.Inconclusive ? " A service this quiet is better deployed with Strategy = BlueGreen, or a longer CanaryQuietTimeout." : string.Empty));
    }

    /// <summary>
    /// Several hosts: another host's canary breached (or it failed): this host's split ends too, so every host serves the
    /// stable version again together — before any share moved here that is an abort (exit 10), after it exit 11. Returns
    /// the failure to throw.
    /// </summary>
    private async Task<BuildFailedException> LeaveCanaryWithEveryHostAsync(CanaryStep step, bool shareMoved, CancellationToken cancellationToken)
    {
        if (!shareMoved)
        {
            return peers!.Aborted(host.Name, "before its canary");
        }

        await Edge.AbortCanaryAsync(step.Slot, cancellationToken);
        await StopBreachedAsync(step.Slot, step.Container, cancellationToken);
        return new BuildFailedException(ExitCodes.RolledBack,
            $"{step.Version} was taken out of the canary on {host.Name} at step {step.Number}/{step.Of} with every host, because {peers!.Because(host.Name)}. " +
            $"{step.Stable.Container.Version} takes every request again; {step.Version} is stopped ({step.Container}, kept for its logs).");
    }

    /// <summary>
    /// One batch of a rolling deploy: its new replicas started and gated (the first batch's were), in rotation beside the
    /// old version, then as many old replicas out. A failure once the new version took a share puts the old version's
    /// replicas back, takes the new one out and exits 11.
    /// </summary>
    private async Task RollingAsync(RollingStep step, CancellationToken cancellationToken)
    {
        operation.EnsureHeld();
        var enable = step.Enable.Select(r => new EdgeServer(step.Slot, r)).ToList();
        try
        {
            if (step.Start.Count > 0)
            {
                Log.Information("Rolling {Number}/{Of}: starting {Names}", step.Number, step.Of, string.Join(", ", step.Start.Select(r => r.Name)));
                newColour = [.. newColour, .. step.Start.Select(r => r.Name)];
                await new ReplicaGate(host, Edge).StartAsync([.. enable.Zip(step.Start)], step.Version, string.Empty, cancellationToken);
            }

            await Edge.EnableReplicasAsync(enable, cancellationToken);
            if (step.Retire.Count > 0)
            {
                var (old, oldSlot) = step.Old;
                // A short drain: while both versions serve, a client pinned by the cookie keeps a drained replica busy, and
                // HAProxy lets requests in flight finish when the server then leaves.
                await Edge.RemoveReplicasAsync([.. step.Retire.Select(r => new EdgeServer(oldSlot, r))], TimeSpan.FromSeconds(2), cancellationToken);
                var containers = old.Replicas.Where(c => step.Retire.Contains(c.Replica)).ToList();
                rolledOut.AddRange(containers);
                await Task.WhenAll(containers.Select(c => host.StopAsync(c.Name, cancellationToken)));
            }

            Log.Information("Rolling {Number}/{Of}: {Version} serves on {New}; {Old} on {Left} replica(s)", step.Number, step.Of, step.Version,
                string.Join(", ", step.Enable.Select(r => new EdgeServer(step.Slot, r).Name)), step.Old.Container.Version, 1 + step.Old.Container.Replicas.Count - rolledOut.Count);
        }
        catch (Exception exception) when (exception is BuildFailedException or EdgeRuntimeApiException or ToolException)
        {
            var notBack = await RollBackRollingAsync(step, cancellationToken);
            var replicas = 1 + step.Old.Container.Replicas.Count;
            throw new BuildFailedException(ExitCodes.RolledBack,
                $"{step.Version} failed at rolling batch {step.Number}/{step.Of}: {exception.Message.Split('\n')[0].Trim()} {step.Old.Container.Version} takes every request again " +
                $"on {replicas - notBack} replica(s)" +
                (notBack > 0 ? $" ({notBack} restarted did not pass a check in time: Scale --replicas {replicas} puts them back)" : string.Empty) +
                $"; {step.Version} is stopped (kept for its logs).", exception);
        }
    }

    /// <summary>
    /// The old version's replicas taken out so far started and gated again, then the new version out of rotation and
    /// stopped; returns how many of the old ones are not back in rotation (their restart did not pass a check in time).
    /// </summary>
    private async Task<int> RollBackRollingAsync(RollingStep step, CancellationToken cancellationToken)
    {
        var (_, oldSlot) = step.Old;
        var notBack = 0;
        if (rolledOut.Count > 0)
        {
            var servers = rolledOut.Select(c => new EdgeServer(oldSlot, c.Replica)).ToList();
            await Task.WhenAll(rolledOut.Select(c => host.StartAsync(c.Name, cancellationToken)));
            await Edge.AddReplicasAsync([.. servers.Zip(rolledOut, (server, c) => (server, new IPEndPoint(IPAddress.Loopback, c.Port)))], cancellationToken);
            if ((await Edge.WaitUntilHealthyAsync(servers, 1, environment.DeployTimeout, cancellationToken)).Passed)
            {
                await Edge.EnableReplicasAsync(servers, cancellationToken);
            }
            else
            {
                notBack = servers.Count;
                Log.Error("{Servers} of {Version} did not pass a check within {Timeout:0.#} s of their restart: they stay out of rotation", string.Join(", ", servers.Select(s => s.Name)),
                    step.Old.Container.Version, environment.DeployTimeout.TotalSeconds);
            }
        }

        await Edge.AbortCanaryAsync(step.Slot, cancellationToken);
        await StopBreachedAsync(step.Slot, newColour[0], cancellationToken);
        return notBack;
    }

    /// <summary>After a failure mid-canary: the stable slot takes every request again, and the canary drains.</summary>
    private async Task EndCanaryAsync(EdgeSlot canary)
    {
        try
        {
            if ((await Edge.ReadStatusAsync()).IsSplit)
            {
                await Edge.AbortCanaryAsync(canary);
                await Edge.WaitUntilDrainedAsync(canary, TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or EdgeRuntimeApiException or ToolException)
        {
            Log.Error("Could not end the canary: {Error}. Both versions may still share the traffic: run Rollback, or Deploy again", exception.Message);
        }
    }

    private async Task SwitchAsync(SwitchStep step, CancellationToken cancellationToken)
    {
        operation.EnsureHeld();
        // After a gate the checks only confirm it; without one (a rollback) they are the gate.
        var timeout = step.Gated ? TimeSpan.FromSeconds(10) : environment.DeployTimeout;
        await Edge.SwitchToAsync(step.Slot, new EdgeSwitchOptions { ConsecutiveChecks = step.Passes ?? environment.ReadinessPasses, HealthTimeout = timeout }, cancellationToken);
        operation.MarkSwitched();
        migrations.CheckBackupInBackground();
        Log.Information("{Environment} now serves {Version} ({Slot})", environment.Name, step.Version, step.Slot.ServerName);
    }

    private async Task<BakeVerdict> BakeAsync(BakeStep step, CancellationToken cancellationToken)
    {
        var verdict = await WatchAmongPeersAsync(step, cancellationToken);
        if (verdict is null)
        {
            await SwitchBackAsync(step.Slot, step.Container, step.Version, step.SwitchBackTo, "was switched back with every host", peers!.Because(host.Name), cancellationToken);
        }

        if (verdict!.Breached)
        {
            // Several hosts: the others switch back now, beside this one, rather than once it has drained and stopped.
            peers?.Fail(host.Name, new BuildFailedException(ExitCodes.RolledBack, $"{step.Version} breached its bake: {verdict.Reason}"));
            await SwitchBackAsync(step.Slot, step.Container, step.Version, step.SwitchBackTo, $"breached its bake", verdict.Reason, cancellationToken);
        }

        Log.Information("Bake passed: {Totals}", verdict.DescribeTotals());
        return verdict;
    }

    /// <summary>
    /// The bake on this host; with several hosts it ends early when another host failed, and a passed bake waits for every
    /// host's: null then means another host failed, so this one switches back too (exit 11).
    /// </summary>
    private async Task<BakeVerdict?> WatchAmongPeersAsync(BakeStep step, CancellationToken cancellationToken)
    {
        var monitor = new BakeMonitor(host, Edge, BakeThresholds.For(environment));
        var verdict = await UnlessAnotherHostFailsAsync<BakeVerdict?>(
            async token => await monitor.WatchAsync(step.Slot, step.Window, cancellationToken: token), () => Task.FromResult<BakeVerdict?>(null), cancellationToken);

        // A breach here is this host's own, which the others learn from its failure.
        return peers is null || verdict is null || verdict.Breached || await peers.ArriveAsync(host.Name, HostBarrier.Baked, cancellationToken) ? verdict : null;
    }

    /// <summary>
    /// After the switch the new version failed (its bake, or its public smoke tests): the previous version, still warm,
    /// takes every request again in one runtime API line, the new one stops (kept for its logs), exit 11.
    /// </summary>
    private async Task SwitchBackAsync(
        EdgeSlot slot, string container, string version, (AppContainer Container, EdgeSlot Slot)? switchBackTo, string what, string? reason, CancellationToken cancellationToken)
    {
        var switched = operation.Record.Switched!.Value;
        var detectedAfter = clock.GetUtcNow() - switched;
        if (switchBackTo is not var (previous, previousSlot))
        {
            await roles.RestoreAsync();
            throw new BuildFailedException(
                $"{version} {what}: {reason}. There is no previous version to switch back to (first deploy), " +
                "so it keeps serving; fix forward.");
        }

        Log.Error("{Version} {What} {Seconds:0.0} s after the switch: {Reason}. Switching back to {Previous}", version, what, detectedAfter.TotalSeconds, reason, previous.Describe());
        try
        {
            await Edge.SwitchToAsync(previousSlot, new EdgeSwitchOptions { ConsecutiveChecks = 1, HealthTimeout = TimeSpan.FromSeconds(10) }, cancellationToken);
        }
        catch (BuildFailedException exception)
        {
            throw new BuildFailedException(
                $"{version} {what} ({reason}) and switching back to {previous.Version} failed: {exception.Message} " +
                $"{version} is still serving.", exception);
        }

        var backAfter = clock.GetUtcNow() - switched;
        Log.Warning("Switched back to {Previous} {Seconds:0.00} s after the switch; stopping {Version}", previous.Version, backAfter.TotalSeconds, version);
        await roles.RestoreAsync();
        await StopBreachedAsync(slot, container, cancellationToken);
        throw new BuildFailedException(ExitCodes.RolledBack, string.Create(CultureInfo.InvariantCulture,
            $"{version} {what} {detectedAfter.TotalSeconds:0.0} s after the switch: {reason}. Switched back to {previous.Version} " +
            $"{backAfter.TotalSeconds:0.00} s after the switch; {version} is stopped ({container}, kept for its logs)."));
    }

    /// <summary>A role of the new version after the switch; one that fails its health rolls the whole version back (exit 11).</summary>
    private async Task RoleAsync(RoleDeployStep step, CancellationToken cancellationToken)
    {
        if (!await SingletonTurnAsync(step.Role, starting: true, cancellationToken))
        {
            await SwitchBackAsync(step.Slot, step.WebContainer, step.Version, step.SwitchBackTo, "was switched back with every host", peers!.Because(host.Name), cancellationToken);
        }

        var failure = await roles.DeployAsync(step, cancellationToken);
        await SingletonTurnAsync(step.Role, starting: false, cancellationToken);
        if (failure is not null)
        {
            await SwitchBackAsync(step.Slot, step.WebContainer, step.Version, step.SwitchBackTo, $"failed its role {step.Role.Name}", failure, cancellationToken);
        }
    }

    private async Task RoleRollbackAsync(RoleRollbackStep step, CancellationToken cancellationToken)
    {
        foreach (var role in step.Roles)
        {
            if (!await SingletonTurnAsync(role, starting: true, cancellationToken))
            {
                throw new BuildFailedException(
                    $"{step.Target.Version} serves again on {host.Name}, but its singleton role {role.Name} was not started because {peers!.Because(host.Name)}. Start it by hand, or roll back again.");
            }

            await roles.RollbackAsync(step with { Roles = [role] }, cancellationToken);
            await SingletonTurnAsync(role, starting: false, cancellationToken);
        }
    }

    /// <summary>
    /// Several hosts and a singleton role: it runs on the primary only, never twice even across hosts. Every other host
    /// stops the one it may still run, then arrives at the role's barrier (<paramref name="starting"/> false, after its
    /// move); the primary starts its own only once every host is there (<paramref name="starting"/> true, before its
    /// move). False when the primary must not start it: another host failed.
    /// </summary>
    private async Task<bool> SingletonTurnAsync(DeployRole role, bool starting, CancellationToken cancellationToken)
    {
        if (peers is null || !role.Singleton || role.RunsHere != starting)
        {
            return true;
        }

        if (starting)
        {
            Log.Information("{Host} starts singleton role {Role} once no other host runs one", host.Name, role.Name);
        }

        return await peers.ArriveForSingletonAsync(host.Name, role.Name, cancellationToken) || !starting;
    }

    /// <summary>
    /// The smoke suite of one stage against the new version. Through the preview route (before the switch) a failure
    /// aborts with the old version untouched; through the public endpoint (after it) a failure switches back.
    /// </summary>
    private async Task SmokeAsync(SmokeStep step, CancellationToken cancellationToken)
    {
        var preview = step.Stage == SmokeStages.Preview;
        if (await SmokeStageRunner.RunAsync(host, operation, step.Checks, step.Stage, step.Version, preview ? step.Slot.ServerName : null, cancellationToken) is not { } failure)
        {
            return;
        }

        if (preview)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"{step.Version} failed its smoke tests before it took traffic: {failure}. The deploy is aborted before the switch; the serving version is untouched.");
        }

        await SwitchBackAsync(step.Slot, step.Container, step.Version, step.SwitchBackTo, "failed its smoke tests", failure, cancellationToken);
    }

    /// <summary>
    /// A version that breached (its bake or a canary step) and no longer takes new requests: its requests in flight finish,
    /// its slot leaves the edge, and its container stops — kept for its logs.
    /// </summary>
    private async Task StopBreachedAsync(EdgeSlot slot, string container, CancellationToken cancellationToken)
    {
        await Edge.WaitUntilDrainedAsync(slot, TimeSpan.FromSeconds(10), cancellationToken);
        await Edge.RetireAsync(slot, cancellationToken);
        var names = newColour.Count > 0 && newColour[0] == container ? newColour : [container];
        await Task.WhenAll(names.Select(name => host.StopAsync(name, cancellationToken)));
    }

    /// <summary>The previous version drains and stops (kept for a rollback) unless it is kept warm.</summary>
    private async Task RetireAsync(RetireStep step, CancellationToken cancellationToken)
    {
        var previous = step.Previous;
        if (step.KeepWarm)
        {
            return;
        }

        if (step.Slot is { } slot)
        {
            if (!await Edge.WaitUntilDrainedAsync(slot, environment.DrainTimeout, cancellationToken))
            {
                Log.Warning("{Previous} still had requests in flight after {Seconds:0} s; stopping it anyway", previous.Version, environment.DrainTimeout.TotalSeconds);
            }

            await Edge.RetireAsync(slot, cancellationToken);
        }

        Log.Information("Stopping {Previous} ({Name}); it stays retained for a rollback", previous.Version, previous.Name);
        await Task.WhenAll(previous.AllNames.Select(name => host.StopAsync(name, cancellationToken)));
    }

    /// <summary>Strays stopped, versions beyond retention removed with their unused images, old backups pruned.</summary>
    private async Task PruneAsync(PruneStep step, CancellationToken cancellationToken)
    {
        var containers = await host.ReadContainersAsync(cancellationToken);
        foreach (var stray in containers.Where(c => c.IsRunning && c.Name != step.Current && c.Name != step.KeepWarm && c.Name != step.Previous))
        {
            // Left running by a crashed run: never in rotation (only the new colour and the previous one are).
            Log.Information("Stopping {Name} ({Version}), left running by an earlier run", stray.Name, stray.Version);
            await Task.WhenAll(stray.AllNames.Select(name => host.StopAsync(name, cancellationToken)));
        }

        var remove = step.ToRemove(containers, environment.Name);
        foreach (var old in remove)
        {
            Log.Information("Pruning {Name} ({Version}, deployed {DeployedAt:u}): beyond the {Count} retained versions", old.Name, old.Version, old.DeployedAt, step.Retained);
            await Task.WhenAll(old.AllNames.Select(name => host.RemoveAsync(name, cancellationToken)));
        }

        if (environment.Roles.Count > 0)
        {
            await roles.PruneAsync([.. containers.Except(remove)], cancellationToken);
        }

        foreach (var image in remove.Select(c => c.Image).Distinct(StringComparer.Ordinal).Where(i => containers.Except(remove).All(c => c.Image != i)))
        {
            // Without --force: an image another environment's container still uses stays.
            await host.RemoveImageAsync(image, cancellationToken);
        }

        await migrations.PruneBackupsAsync(step.History, cancellationToken);
    }

    private async Task RemoveAbortedAsync(IReadOnlyList<string> containers)
    {
        try
        {
            if (newColourSlot is { } split && (await Edge.ReadStatusAsync()).IsSplit)
            {
                await EndCanaryAsync(split);
            }

            if (newColourSlot is { } assigned && (await Edge.ReadStatusAsync()).ActiveSlot != assigned)
            {
                await Edge.RetireAsync(assigned);
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or EdgeRuntimeApiException or ToolException)
        {
            Log.Warning("Could not retire the aborted slot: {Error}", exception.Message);
        }

        Log.Information("Removing the aborted {Name}", string.Join(", ", containers));
        await Task.WhenAll(containers.Select(name => host.RemoveAsync(name)));
    }
}
