using System.Globalization;
using System.Net;
using Serilog;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// Deploys and rolls back an environment that Docker Swarm runs (docs/deploy.md, Docker Swarm): under the same lock and
/// into the same deploy log as the containers path (<see cref="LockedOperation"/>, which also keeps the environment's edge
/// running — the lock and the log live in its volume), Swarm replaces the tasks with its own start-first update and
/// rolls back a failing one, and Slipway watches the update to its end (<see cref="SwarmUpdateDecider"/>) and checks the
/// version the service reports: 0 only when the new version runs everywhere, 11 when it was rolled back, 10 when it never
/// became healthy (the previous version is put back).
/// </summary>
internal sealed class SwarmOrchestrator(DeployHost host, TimeProvider? timeProvider = null) : IDeployOrchestrator
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;
    private readonly SwarmCommands commands = new(host.Engine.Cli, new SwarmServiceSpec(host.Environment));

    private SwarmServiceSpec Spec => commands.Spec;

    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireManagerAsync(cancellationToken);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Deploy, request, request.Image.Reference, clock, cancellationToken);
        try
        {
            operation.Note(r => r with
            {
                Image = request.Image.Reference,
                Digest = request.Image.Digest,
                Release = request.Release,
                VerifiedBy = request.VerifiedBy,
                Unverified = request.Unverified,
                AcceptedRisk = request.AcceptedRisk,
                Replicas = environment.Replicas,
            });
            var image = await host.EnsureImageAsync(request.Image, cancellationToken);
            operation.Note(r => r with { Version = image.Version, Commit = image.Commit, ImageCreated = image.Created, Schema = image.Schema });
            Deployer.CheckVersion(environment, image, request.Release);
            operation.Phases.End("image");

            var log = await host.ReadRecordsAsync(edgeRunning: true, cancellationToken);
            var service = await TryInspectAsync(cancellationToken);
            var live = service is null ? null : log.LastOrDefault(r => r.Environment == environment.Name && r.MadeLive && r.Image == service.Image);
            operation.Note(r => r with { PreviousVersion = live?.Version, PreviousDigest = live?.Digest ?? service?.Image });
            operation.Phases.End("plan");

            if (service is not null && service.Image == image.Reference && service.Replicas == environment.Replicas
                && SwarmUpdateDecider.Decide(service, await TasksAsync(cancellationToken), new SwarmWatch(image.Reference, environment.Replicas, null, Created: true), false)
                    .Kind == SwarmVerdictKind.Serving)
            {
                await CheckServesAsync(image.Version!, cancellationToken);
                Log.Information("{Image} already runs in every task of {Service}: nothing to update", image.Reference, Spec.ServiceName);
                return await operation.SucceedAsync($"{image.Version} already served {environment.Name} (Swarm service {Spec.ServiceName}); nothing was changed.",
                    result: DeployResults.Unchanged, cancellationToken: cancellationToken);
            }

            var watch = new SwarmWatch(image.Reference, environment.Replicas, service?.Update?.StartedAt, Created: service is null);
            Log.Information("{Action} Swarm service {Service} with {Version} ({Image}), start-first, rolled back by Swarm on failure",
                service is null ? "Creating" : "Updating", Spec.ServiceName, image.Version, image.Reference);
            await host.Engine.RunAsync(service is null ? commands.Create(image.Reference) : commands.Update(image.Reference), cancellationToken);
            var verdict = await WatchAsync(watch, cancellationToken);
            operation.Phases.End("update");
            switch (verdict.Kind)
            {
                case SwarmVerdictKind.Serving:
                    operation.MarkSwitched();
                    break;
                case SwarmVerdictKind.RolledBack:
                    throw new BuildFailedException(ExitCodes.RolledBack, verdict.Message);
                case SwarmVerdictKind.Unstable:
                    await PutBackAsync(service, cancellationToken);
                    throw new BuildFailedException(ExitCodes.RolledBack, verdict.Message + " Slipway rolled it back.");
                case SwarmVerdictKind.NeverHealthy:
                    await PutBackAsync(service, cancellationToken);
                    throw new BuildFailedException(ExitCodes.DeployAborted, verdict.Message +
                        (service is null ? $" The service was removed: nothing served {environment.Name} before, nothing does now." : $" {live?.Version ?? service.Image} serves again."));
                default:
                    throw new BuildFailedException(ExitCodes.TargetFailed, verdict.Message);
            }

            if (!await ServesAsync(image.Version!, cancellationToken))
            {
                await PutBackAsync(service, cancellationToken);
                throw new BuildFailedException(service is null ? ExitCodes.DeployAborted : ExitCodes.RolledBack,
                    $"Every task runs {image.Reference}, but {environment.StatusPath} on port {Spec.Port} does not report {image.Version}; Slipway rolled it back.");
            }

            await RouteEdgeAsync(operation, cancellationToken);
            operation.Phases.End("verify");
            return await operation.SucceedAsync(
                $"{image.Version} serves {environment.Name} in {environment.Replicas} Swarm task(s) of {Spec.ServiceName}, " +
                string.Create(CultureInfo.InvariantCulture, $"{(clock.GetUtcNow() - operation.Record.Started).TotalSeconds:0.00} s after the deploy started ({verdict.Message})"),
                cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RestoreDatabase)
        {
            throw BuildFailedException.BadInput($"--restore-database is not available for {environment.Name}, which Swarm runs: restore the backup by hand. Nothing was changed.");
        }

        await RequireManagerAsync(cancellationToken);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Rollback, request, request.To ?? "previous", clock, cancellationToken);
        try
        {
            var service = await TryInspectAsync(cancellationToken)
                ?? throw BuildFailedException.BadInput($"{environment.Name} has no Swarm service {Spec.ServiceName}: nothing to roll back. Nothing was changed.");
            var log = await host.ReadRecordsAsync(edgeRunning: true, cancellationToken);
            var (target, live) = SwarmRollbackTarget.Choose(log, environment.Name, service.Image, request.To);
            operation.Note(r => r with
            {
                Version = target.Version,
                Digest = target.Digest,
                Image = target.Image,
                Commit = target.Commit,
                RollbackOf = live?.Id,
                PreviousVersion = live?.Version,
                PreviousDigest = live?.Digest ?? service.Image,
                Replicas = environment.Replicas,
            });
            operation.Phases.End("plan");

            // Swarm's own rollback when its previous spec is the target (the common case); else an update to the target's digest.
            var bySwarm = service.PreviousImage == target.Image;
            Log.Information("Rolling {Service} back from {From} to {To} ({How})", Spec.ServiceName, live?.Version ?? service.Image, target.Version,
                bySwarm ? "docker service rollback" : "docker service update --image");
            await host.Engine.RunAsync(bySwarm ? commands.Rollback() : commands.Update(target.Image!), cancellationToken);
            var verdict = await WatchAsync(new SwarmWatch(target.Image!, environment.Replicas, service.Update?.StartedAt, IsRollback: bySwarm), cancellationToken);
            if (verdict.Kind != SwarmVerdictKind.Serving)
            {
                throw new BuildFailedException(ExitCodes.TargetFailed, $"Rollback of {environment.Name} to {target.Version} did not finish: {verdict.Message}");
            }

            operation.MarkSwitched();
            if (target.Version is { } version && !await ServesAsync(version, cancellationToken))
            {
                throw new BuildFailedException(ExitCodes.TargetFailed,
                    $"Every task runs {target.Image} again, but {environment.StatusPath} on port {Spec.Port} does not report {version}.");
            }

            await RouteEdgeAsync(operation, cancellationToken);
            var seconds = TimeSpan.FromMilliseconds(operation.Record.DurationMs ?? 0).TotalSeconds;
            var outcome = await operation.SucceedAsync(
                string.Create(CultureInfo.InvariantCulture, $"Rolled back from {live?.Version ?? service.Image} to {target.Version} (Swarm service {Spec.ServiceName}) in {seconds:0.00} s."),
                cancellationToken: cancellationToken);
            return outcome with { Log = [.. log, outcome.Record] };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    /// <summary>Polls the service and its tasks until the decider decides, bounded by <see cref="SwarmServiceSpec.WatchTimeout"/>.</summary>
    private async Task<SwarmVerdict> WatchAsync(SwarmWatch watch, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + Spec.WatchTimeout;
        var said = string.Empty;
        while (true)
        {
            var service = await TryInspectAsync(cancellationToken)
                ?? throw new BuildFailedException(ExitCodes.TargetFailed, $"The Swarm service {Spec.ServiceName} disappeared while Slipway watched its update.");
            var verdict = SwarmUpdateDecider.Decide(service, await TasksAsync(cancellationToken), watch, clock.GetUtcNow() >= deadline);
            if (verdict.IsFinal)
            {
                Log.Information("{Service}: {Verdict}", Spec.ServiceName, verdict.Message);
                return verdict;
            }

            if (verdict.Message != said)
            {
                BuildProgress.Report($"{Spec.ServiceName}: {verdict.Message}");
                said = verdict.Message;
            }

            await Task.Delay(Poll, clock, cancellationToken);
        }
    }

    /// <summary>
    /// After a failed update: the previous spec back (watched, bounded like the update), or — on a first deploy — the
    /// service removed, as nothing served before it.
    /// </summary>
    private async Task PutBackAsync(SwarmService? before, CancellationToken cancellationToken)
    {
        if (before is null)
        {
            await host.Engine.TryRunAsync(commands.Remove(), cancellationToken);
            return;
        }

        var now = await TryInspectAsync(cancellationToken);
        if (now is null || now.Image == before.Image && now.Update?.State == SwarmUpdateStatus.RollbackCompleted)
        {
            return;
        }

        Log.Warning("Rolling {Service} back to {Image}", Spec.ServiceName, before.Image);
        var rollback = await host.Engine.TryRunAsync(commands.Rollback(), cancellationToken);
        if (!rollback.Succeeded)
        {
            await host.Engine.RunAsync(commands.Update(before.Image), cancellationToken);
        }

        var verdict = await WatchAsync(new SwarmWatch(before.Image, environment.Replicas, now.Update?.StartedAt, IsRollback: rollback.Succeeded), cancellationToken);
        if (verdict.Kind != SwarmVerdictKind.Serving)
        {
            throw new BuildFailedException(ExitCodes.TargetFailed, $"Putting {before.Image} back on {Spec.ServiceName} failed too: {verdict.Message}");
        }
    }

    /// <summary>
    /// Points the environment's edge at the tasks' port on the node, once: the edge's slot has one upstream,
    /// <c>127.0.0.1:port</c>, behind which the kernel balances the connections over the tasks listening there
    /// (SO_REUSEPORT) and Swarm replaces them; later updates leave the edge alone. Gated by the edge's own readiness checks.
    /// </summary>
    private async Task RouteEdgeAsync(LockedOperation operation, CancellationToken cancellationToken)
    {
        var upstream = new IPEndPoint(IPAddress.Loopback, Spec.Port);
        var status = await operation.Edge.ReadStatusAsync(cancellationToken);
        if (status.ActiveSlot is { } active && upstream.Equals(status[active].Upstream))
        {
            return;
        }

        var slot = status.ActiveSlot?.Other ?? EdgeSlot.Blue;
        await operation.Edge.AssignAsync(slot, upstream, cancellationToken);
        await operation.Edge.SwitchToAsync(slot, cancellationToken: cancellationToken);
        Log.Information("The edge of {Environment} sends its traffic to the Swarm tasks on {Upstream}", environment.Name, upstream);
    }

    /// <summary>Exit 2 before the lock when the engine is not a Swarm manager, saying how to make it one.</summary>
    private async Task RequireManagerAsync(CancellationToken cancellationToken)
    {
        var state = (await host.Engine.RunAsync(commands.SwarmState(), cancellationToken)).StandardOutput.Trim();
        if (state != "active true")
        {
            throw BuildFailedException.BadInput(
                $"{environment.Name} declares Orchestrator = Swarm, but the engine at {host.Engine.Endpoint} is not a Swarm manager (swarm state: {state}). " +
                "Run `docker swarm init` there (or point DockerHost at a manager), or declare Orchestrator = Containers. Nothing was changed.");
        }
    }

    private async Task<SwarmService?> TryInspectAsync(CancellationToken cancellationToken)
    {
        var result = await host.Engine.TryRunAsync(commands.Inspect(), cancellationToken);
        if (!result.Succeeded)
        {
            return (result.StandardError + result.StandardOutput).Contains("no such service", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new BuildFailedException(ExitCodes.TargetFailed, $"docker service inspect {Spec.ServiceName} failed: {result.StandardError.Trim()}");
        }

        return SwarmService.Parse(result.StandardOutput);
    }

    private async Task<IReadOnlyList<SwarmTask>> TasksAsync(CancellationToken cancellationToken) =>
        SwarmTask.ParseLines((await host.Engine.RunAsync(commands.Tasks(), cancellationToken)).StandardOutput);

    /// <summary>
    /// The service's status endpoint reports <paramref name="version"/> (true when the environment declares none), asked on
    /// the tasks' port from inside the edge (the node's loopback) until it did so once per task and once more in a row:
    /// the kernel balances each connection over the tasks listening there, and a replaced task may still answer while it
    /// drains, so answers of the old version are waited out for at most <see cref="DeployEnvironment.DrainTimeout"/>.
    /// </summary>
    private async Task<bool> ServesAsync(string version, CancellationToken cancellationToken)
    {
        if (environment.StatusPath is not { } path)
        {
            return true;
        }

        var deadline = clock.GetUtcNow() + environment.DrainTimeout;
        var inARow = 0;
        string last;
        do
        {
            var response = await host.ProbeAsync(Spec.Port, path, cancellationToken);
            last = response is null ? "nothing" : $"{response.StatusCode} {response.JsonVersion()}";
            inARow = response is { StatusCode: 200 } && VersionMatch.Same(response.JsonVersion(), version) ? inARow + 1 : 0;
            if (inARow > environment.Replicas)
            {
                return true;
            }

            if (inARow == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
            }
        }
        while (clock.GetUtcNow() < deadline);

        Log.Warning("{Path} on port {Port} last answered {Answer}, not version {Version}, for {Seconds} s", path, Spec.Port, last, version,
            environment.DrainTimeout.TotalSeconds);
        return false;
    }

    private async Task CheckServesAsync(string version, CancellationToken cancellationToken)
    {
        if (!await ServesAsync(version, cancellationToken))
        {
            throw new BuildFailedException(ExitCodes.TargetFailed,
                $"Every task of {Spec.ServiceName} runs {version}'s image, but {environment.StatusPath} on port {Spec.Port} does not report it. Nothing was changed.");
        }
    }
}
