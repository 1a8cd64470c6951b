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
/// running — the lock and the log live in its volume), the data is backed up and migrated first when the schema changed
/// (<see cref="MigrationRunner"/>, as on the containers path), Swarm replaces the tasks with its own start-first update and
/// rolls back a failing one, and Slipway watches the update to its end (<see cref="SwarmUpdateDecider"/>) and checks the
/// version the service reports: 0 only when the new version runs everywhere, 11 when it was rolled back, 10 when it never
/// became healthy (the previous version is put back).
/// </summary>
internal sealed class SwarmOrchestrator(DeployHost host, TimeProvider? timeProvider = null) : IDeployOrchestrator
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;
    private readonly SwarmCommands commands = new(host.Engine.Cli, new SwarmServiceSpec(host.Environment));

    /// <summary>How many nodes the Swarm has, as the manager said before this operation (<see cref="RequireManagerAsync"/>).</summary>
    private int nodes = 1;

    /// <summary>How many tasks this operation runs: the declared count, or one an operator scaled to since the last deploy or rollback.</summary>
    private int replicas = host.Environment.Replicas;

    private SwarmServiceSpec Spec => commands.Spec;

    private SwarmServiceWatcher Watcher => field ??= new(host, commands, clock);

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
            });
            var image = await host.EnsureImageAsync(request.Image, cancellationToken);
            operation.Note(r => r with { Version = image.Version, Commit = image.Commit, ImageCreated = image.Created, Schema = image.Schema, Platform = image.Platform });
            Deployer.CheckVersion(environment, image, request.Release);
            operation.Phases.End("image");

            var log = await host.ReadRecordsAsync(edgeRunning: true, cancellationToken);
            var service = await TryInspectAsync(cancellationToken);
            var live = service is null ? null : log.LastOrDefault(r => r.Environment == environment.Name && r.MadeLive && r.Image == service.Image);
            replicas = service is null ? environment.Replicas : DeployPlanner.ReplicasFor(environment, log);
            operation.Note(r => r with { PreviousVersion = live?.Version, PreviousDigest = live?.Digest ?? service?.Image, Replicas = replicas });
            operation.Phases.End("plan");

            var tasks = service is null ? [] : await TasksAsync(cancellationToken);
            if (service is not null && service.Image == image.Reference && service.Replicas == replicas
                && SwarmUpdateDecider.Decide(service, tasks, new SwarmWatch(image.Reference, replicas, null, Created: true), false)
                    .Kind == SwarmVerdictKind.Serving)
            {
                await CheckServesAsync(image.Version!, await TaskEndpointsAsync(tasks, cancellationToken), cancellationToken);
                Log.Information("{Image} already runs in every task of {Service}: nothing to update", image.Reference, Spec.ServiceName);
                return await operation.SucceedAsync($"{image.Version} already served {environment.Name} (Swarm service {Spec.ServiceName}); nothing was changed.",
                    result: DeployResults.Unchanged, cancellationToken: cancellationToken);
            }

            var migrations = await MigrateAsync(operation, image, log, live?.Version, request.AlwaysMigrate, cancellationToken);
            if (SmokeChecks(SmokeStages.Preview) is { Count: > 0 } previewChecks)
            {
                await new SwarmPreview(host, operation).RunAsync(image.Reference, image.Version!, previewChecks, cancellationToken);
                operation.Phases.End("smoke (preview)");
            }

            var watch = new SwarmWatch(image.Reference, replicas, service?.Update?.StartedAt, Created: service is null);
            Log.Information("{Action} Swarm service {Service} with {Version} ({Image}), start-first, rolled back by Swarm on failure",
                service is null ? "Creating" : "Updating", Spec.ServiceName, image.Version, image.Reference);
            await host.Engine.RunAsync(service is null ? commands.Create(image.Reference, nodes) : commands.Update(image.Reference, nodes, replicas), cancellationToken);
            var (verdict, watched) = await WatchAsync(watch, cancellationToken);
            operation.Phases.End("update");
            switch (verdict.Kind)
            {
                case SwarmVerdictKind.Serving:
                    operation.MarkSwitched();
                    migrations?.CheckBackupInBackground();
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

            var endpoints = await TaskEndpointsAsync(watched, cancellationToken);
            if (!await ServesAsync(image.Version!, endpoints, cancellationToken))
            {
                await PutBackAsync(service, cancellationToken);
                throw new BuildFailedException(service is null ? ExitCodes.DeployAborted : ExitCodes.RolledBack,
                    $"Every task runs {image.Reference}, but {environment.StatusPath} on port {Spec.Port} does not report {image.Version}; Slipway rolled it back.");
            }

            await RouteEdgeAsync(operation, endpoints, cancellationToken);
            operation.Phases.End("verify");
            if (SmokeChecks(SmokeStages.Public) is { Count: > 0 } publicChecks)
            {
                await SmokePublicAsync(operation, service, live?.Version, image.Version!, publicChecks, cancellationToken);
                operation.Phases.End("smoke (public)");
            }

            if (environment.Roles.Count > 0)
            {
                await MoveRolesAsync(operation, service, live?.Version, image, cancellationToken);
                operation.Phases.End("roles");
            }

            if (migrations is not null)
            {
                // As the containers path's prune: deleting backups is re-checked against the lock on the host.
                await operation.EnsureHeldAsync(cancellationToken);
                await migrations.PruneBackupsAsync(log, cancellationToken);
            }

            return await operation.SucceedAsync(
                $"{image.Version} serves {environment.Name} in {replicas} Swarm task(s) of {Spec.ServiceName}, " +
                string.Create(CultureInfo.InvariantCulture, $"{(clock.GetUtcNow() - operation.Record.Started).TotalSeconds:0.00} s after the deploy started ({verdict.Message})"),
                cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    /// <summary>
    /// The backup and migrations of the new image, before the update, in a one-off container on the manager's engine
    /// with the tasks' network, data volume and environment (<see cref="MigrationRunner"/>, as on the containers path).
    /// Always before: Swarm sends traffic to a new task as soon as it is healthy, so booting during the migration
    /// (<see cref="DeployEnvironment.BootDuringMigrations"/>) would serve the new version on the old schema. A failure
    /// leaves the service untouched (exit 10, or 13 when the app could not restore its backup). Null when the
    /// environment has no migration command or the schema is the one last migrated to.
    /// </summary>
    private async Task<MigrationRunner?> MigrateAsync(LockedOperation operation, DeployImage image, IReadOnlyList<DeployRecord> log, string? liveVersion,
        bool alwaysMigrate, CancellationToken cancellationToken)
    {
        if (environment.MigrateCommand is null && environment.BackupCommand is null)
        {
            return null;
        }

        var migration = MigrationDecision.Decide(image.Schema, log, environment.Name, alwaysMigrate);
        if (!migration.Migrate)
        {
            Log.Information("Migrations of {Environment}: {Reason}", environment.Name, migration.Reason);
            operation.Note(r => r with { Migrated = false });
            return null;
        }

        var migrations = new MigrationRunner(host, operation);
        await migrations.RunAsync(new MigrateStep(image.Reference, image.Version!, migration.Reason, WhileBooting: false, liveVersion), cancellationToken);
        operation.Phases.End("migrate");
        return migrations;
    }

    private List<SmokeCheck> SmokeChecks(SmokeStages stage) => [.. environment.SmokeTests.Where(c => c.Stages.HasFlag(stage))];

    /// <summary>
    /// The smoke suite's public stage after the update, as on the containers path after the switch: a failure rolls the
    /// web service back (<see cref="RollBackAfterUpdateAsync"/>, exit 11).
    /// </summary>
    private async Task SmokePublicAsync(LockedOperation operation, SwarmService? before, string? liveVersion, string version, IReadOnlyList<SmokeCheck> checks,
        CancellationToken cancellationToken)
    {
        if (await SmokeStageRunner.RunAsync(host, operation, checks, SmokeStages.Public, version, null, cancellationToken) is { } failure)
        {
            throw await RollBackAfterUpdateAsync(operation, before, liveVersion, $"{version} failed its smoke tests after the Swarm update: {failure}.", cancellationToken);
        }
    }

    /// <summary>
    /// The roles' services after the web service serves the new version (<see cref="SwarmRoles"/>), as the containers
    /// path moves its roles after the switch: a role that does not end healthy puts back every role this deploy moved and
    /// rolls the web service back too (exit 11), so the version never runs half.
    /// </summary>
    private async Task MoveRolesAsync(LockedOperation operation, SwarmService? before, string? liveVersion, DeployImage image, CancellationToken cancellationToken)
    {
        var roles = new SwarmRoles(host, commands, Watcher, clock);
        if (await roles.MoveAsync(image.Reference, image.Version!, cancellationToken) is not { } failure)
        {
            return;
        }

        var notBack = await roles.PutBackAsync(cancellationToken);
        throw await RollBackAfterUpdateAsync(operation, before, liveVersion,
            $"{image.Version} failed its role {failure}." + (notBack.Count > 0 ? $" These roles' services did not go back: {string.Join(", ", notBack)}." : string.Empty),
            cancellationToken);
    }

    /// <summary>
    /// After the update served and a later step failed (public smoke tests, a role): Swarm's own rollback of the web
    /// service to its spec before, watched, and the edge routed to the tasks serving it again — the error to throw, exit
    /// 11. On a first deploy there is nothing to go back to: the new version keeps serving (exit 1, fix forward), as on
    /// plain hosts.
    /// </summary>
    private async Task<BuildFailedException> RollBackAfterUpdateAsync(LockedOperation operation, SwarmService? before, string? liveVersion, string what,
        CancellationToken cancellationToken)
    {
        if (before is null)
        {
            return new BuildFailedException($"{what} There is no previous version to roll back to (first deploy), so it keeps serving; fix forward.");
        }

        Log.Error("{What} Rolling {Service} back", what, Spec.ServiceName);
        await PutBackAsync(before, cancellationToken);
        await RouteEdgeAsync(operation, await TaskEndpointsAsync(await TasksAsync(cancellationToken), cancellationToken), cancellationToken);
        return new BuildFailedException(ExitCodes.RolledBack, $"{what} Swarm rolled the service back; {liveVersion ?? before.Image} serves again.");
    }

    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RestoreDatabase)
        {
            DatabaseRestoreChoice.RequireRestoreCommand(environment);
        }

        await RequireManagerAsync(cancellationToken);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Rollback, request, request.To ?? "previous", clock, cancellationToken);
        try
        {
            var service = await TryInspectAsync(cancellationToken) ?? throw NoServiceToRollBack();
            var log = await host.ReadRecordsAsync(edgeRunning: true, cancellationToken);
            var plan = SwarmRollbackPlan.Decide(log, environment.Name, service, request.To, request.RestoreDatabase);
            var (target, live, restore, bySwarm) = (plan.Target, plan.Live, plan.Restore, plan.BySwarm);
            replicas = DeployPlanner.ReplicasFor(environment, log);
            operation.Note(r => r with
            {
                Version = target.Version,
                Digest = target.Digest,
                Image = target.Image,
                Commit = target.Commit,
                RollbackOf = live?.Id,
                PreviousVersion = live?.Version,
                PreviousDigest = live?.Digest ?? service.Image,
                Replicas = replicas,
            });
            operation.Phases.End("plan");

            // Swarm's own rollback when its previous spec is the target (the common case); else an update to the target's digest.
            Log.Information("Rolling {Service} back from {From} to {To} ({How})", Spec.ServiceName, live?.Version ?? service.Image, target.Version,
                bySwarm ? "docker service rollback" : "docker service update --image");
            await host.Engine.RunAsync(bySwarm ? commands.Rollback() : commands.Update(target.Image!, nodes, replicas), cancellationToken);
            var (verdict, watched) = await WatchAsync(new SwarmWatch(target.Image!, replicas, service.Update?.StartedAt, IsRollback: bySwarm), cancellationToken);
            if (verdict.Kind != SwarmVerdictKind.Serving)
            {
                throw new BuildFailedException(ExitCodes.TargetFailed, $"Rollback of {environment.Name} to {target.Version} did not finish: {verdict.Message}");
            }

            operation.MarkSwitched();
            var endpoints = await TaskEndpointsAsync(watched, cancellationToken);
            if (target.Version is { } version && !await ServesAsync(version, endpoints, cancellationToken))
            {
                throw new BuildFailedException(ExitCodes.TargetFailed,
                    $"Every task runs {target.Image} again, but {environment.StatusPath} on port {Spec.Port} does not report {version}.");
            }

            await RouteEdgeAsync(operation, endpoints, cancellationToken);
            if (environment.Roles.Count > 0)
            {
                // As on the containers path: the web role first (the on-call budget is about serving), then the others.
                await new SwarmRoles(host, commands, Watcher, clock).RollBackAsync(target.Image!, target.Version, cancellationToken);
                operation.Phases.End("roles");
            }

            if (restore is { } restoring)
            {
                // As on the containers path: right after the switch, with the image rolled back from (it knows the newer schema it restores from).
                await new MigrationRunner(host, operation).RestoreAsync(
                    new RestoreDatabaseStep(service.Image, restoring.Backup, restoring.Deploy.Id, restoring.Deploy.Version ?? restoring.Deploy.Id), cancellationToken);
                operation.Phases.End("restore");
            }

            var seconds = TimeSpan.FromMilliseconds(operation.Record.DurationMs ?? 0).TotalSeconds;
            var outcome = await operation.SucceedAsync(
                string.Create(CultureInfo.InvariantCulture, $"Rolled back from {live?.Version ?? service.Image} to {target.Version} (Swarm service {Spec.ServiceName}) in {seconds:0.00} s") +
                    (restore is { } restored ? $"; database restored from {restored.Backup}." : "."),
                cancellationToken: cancellationToken);
            return outcome with { Log = [.. log, outcome.Record] };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    /// <summary>
    /// <c>Rollback --list</c>: the versions the deploy log shows live, which one the service runs and where a Rollback
    /// would go (<see cref="SwarmVersionsReport"/>), and the environment's DORA figures. Reads only; takes no lock.
    /// </summary>
    public async Task<string> ListAsync(CancellationToken cancellationToken = default)
    {
        await RequireManagerAsync(cancellationToken);
        var service = await TryInspectAsync(cancellationToken);
        var log = await host.ReadLogAsync(cancellationToken);
        return SwarmVersionsReport.Render(environment.Name, Spec.ServiceName, log, service) + System.Environment.NewLine +
            DoraMetrics.Compute(environment.Name, log, clock.GetUtcNow(), TimeSpan.FromDays(30)).Describe();
    }

    /// <summary>
    /// <c>Rollback --dry-run</c>: the rollback decided as <see cref="RollbackAsync"/> decides it — the same target, the same
    /// refusals (exit 2) — and described step by step (<see cref="SwarmRollbackPlan"/>). Reads only; takes no lock.
    /// </summary>
    public async Task<string> PlanRollbackAsync(string? to, bool restoreDatabase, CancellationToken cancellationToken = default)
    {
        if (restoreDatabase)
        {
            DatabaseRestoreChoice.RequireRestoreCommand(environment);
        }

        await RequireManagerAsync(cancellationToken);
        var service = await TryInspectAsync(cancellationToken) ?? throw NoServiceToRollBack();
        var plan = SwarmRollbackPlan.Decide(await host.ReadLogAsync(cancellationToken), environment.Name, service, to, restoreDatabase);
        return plan.Describe(environment, Spec.ServiceName);
    }

    /// <summary>
    /// Scale on Swarm: the service's replica count (<c>service update --replicas</c>), under the lock and into the log as
    /// on plain hosts, watched until that many tasks of the serving image run, checked on every node that runs them and
    /// routed at the edge (on several nodes, new tasks may land on a node the edge did not list). A deploy that follows
    /// keeps the count (DeployPlanner.ReplicasFor). New tasks take connections once they listen, as in a start-first update;
    /// removed ones drain as Swarm stops them.
    /// </summary>
    public async Task<DeployOutcome> ScaleAsync(ScaleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems().ToList() is { Count: > 0 } problems)
        {
            throw BuildFailedException.BadInput($"Scale of {environment.Name}: {string.Join(" ", problems)}");
        }

        await RequireManagerAsync(cancellationToken);
        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Scale, request, $"scale to {request.Replicas}", clock, cancellationToken);
        try
        {
            var service = await TryInspectAsync(cancellationToken)
                ?? throw BuildFailedException.BadInput($"{environment.Name} has no Swarm service {Spec.ServiceName}, so there is nothing to scale: deploy a version first. Nothing was changed.");
            var log = await host.ReadRecordsAsync(edgeRunning: true, cancellationToken);
            var live = log.LastOrDefault(r => r.Environment == environment.Name && r.MadeLive && r.Image == service.Image);
            operation.Note(r => r with { Version = live?.Version, Digest = live?.Digest, Image = service.Image, Commit = live?.Commit, Replicas = request.Replicas });
            operation.Phases.End("plan");
            var what = live?.Version ?? service.Image;
            if (service.Replicas == request.Replicas)
            {
                return await operation.SucceedAsync($"{what} already runs in {request.Replicas} Swarm task(s) of {Spec.ServiceName}; nothing changed.",
                    result: DeployResults.Unchanged, cancellationToken: cancellationToken);
            }

            Log.Information("Scaling Swarm service {Service} from {From} to {To} task(s) of {Version}", Spec.ServiceName, service.Replicas, request.Replicas, what);
            await host.Engine.RunAsync(commands.Scale(request.Replicas), cancellationToken);
            // A replica count changes no UpdateStatus: the tasks alone tell, as for a service just created.
            var (verdict, watched) = await WatchAsync(new SwarmWatch(service.Image, request.Replicas, null, Created: true), cancellationToken);
            if (verdict.Kind != SwarmVerdictKind.Serving)
            {
                throw new BuildFailedException(ExitCodes.TargetFailed, $"Scaling {Spec.ServiceName} to {request.Replicas} did not finish: {verdict.Message} Look at `docker service ps {Spec.ServiceName}`.");
            }

            replicas = request.Replicas;
            var endpoints = await TaskEndpointsAsync(watched, cancellationToken);
            if (live?.Version is { } version && !await ServesAsync(version, endpoints, cancellationToken))
            {
                throw new BuildFailedException(ExitCodes.TargetFailed,
                    $"{Spec.ServiceName} runs {request.Replicas} task(s) of {service.Image}, but {environment.StatusPath} on port {Spec.Port} does not report {version}.");
            }

            await RouteEdgeAsync(operation, endpoints, cancellationToken);
            operation.Phases.End("scale");
            return await operation.SucceedAsync($"{what} scaled from {service.Replicas} to {request.Replicas} Swarm task(s) of {Spec.ServiceName}.",
                cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await operation.FailAsync(exception);
            throw;
        }
    }

    /// <summary>The web service's change, watched for at most <see cref="SwarmServiceSpec.WatchTimeout"/> (<see cref="SwarmServiceWatcher"/>).</summary>
    private Task<(SwarmVerdict Verdict, IReadOnlyList<SwarmTask> Tasks)> WatchAsync(SwarmWatch watch, CancellationToken cancellationToken) =>
        Watcher.WatchAsync(Spec.ServiceName, watch, Spec.WatchTimeout, cancellationToken);

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

        var verdict = await Watcher.PutBackAsync(Spec.ServiceName, before, replicas, Spec.WatchTimeout, commands.Update(before.Image, nodes, replicas), cancellationToken);
        if (verdict is not null && verdict.Kind != SwarmVerdictKind.Serving)
        {
            throw new BuildFailedException(ExitCodes.TargetFailed, $"Putting {before.Image} back on {Spec.ServiceName} failed too: {verdict.Message}");
        }
    }

    /// <summary>
    /// Points the environment's edge at the tasks' port on every node that runs one (<see cref="TaskEndpointsAsync"/>),
    /// when that set changed: one upstream per node, behind which the kernel balances the connections over the node's
    /// tasks listening there (SO_REUSEPORT) and Swarm replaces them; an update that keeps the nodes leaves the edge alone.
    /// The new set goes to the other slot and is switched to, gated by the edge's own readiness checks, so requests never
    /// meet a half-changed list.
    /// </summary>
    private async Task RouteEdgeAsync(LockedOperation operation, IReadOnlyList<SwarmTaskEndpoint> endpoints, CancellationToken cancellationToken)
    {
        var upstreams = endpoints.Select(e => e.Endpoint).Take(EdgeServer.MaxReplicas).ToList();
        if (endpoints.Count > upstreams.Count)
        {
            Log.Warning("Tasks of {Service} run on {Nodes} nodes; the edge has {Max} servers per slot, so it sends traffic to these only: {Upstreams}",
                Spec.ServiceName, endpoints.Count, EdgeServer.MaxReplicas, string.Join(", ", upstreams));
        }

        var status = await operation.Edge.ReadStatusAsync(cancellationToken);
        if (status.ActiveSlot is { } active && status.ReplicasOf(active).Select(r => r.Upstream).SequenceEqual(upstreams))
        {
            return;
        }

        var slot = status.ActiveSlot?.Other ?? EdgeSlot.Blue;
        await operation.Edge.AssignAsync(slot, upstreams, cancellationToken);
        await operation.Edge.SwitchToAsync(slot, cancellationToken: cancellationToken);
        Log.Information("The edge of {Environment} sends its traffic to the Swarm tasks on {Upstreams}", environment.Name, string.Join(", ", upstreams));
    }

    /// <summary>
    /// Where the edge reaches the tasks, with how many run there: on a one-node Swarm the node's loopback port and every
    /// task; on several nodes, each node that runs a task, at its address (sorted, so one set reads the same twice).
    /// </summary>
    private async Task<IReadOnlyList<SwarmTaskEndpoint>> TaskEndpointsAsync(IReadOnlyList<SwarmTask> tasks, CancellationToken cancellationToken)
    {
        var running = tasks.Where(t => t.IsRunning).Select(t => t.Id).ToList();
        if (nodes <= 1 || running.Count == 0)
        {
            return [new SwarmTaskEndpoint(new IPEndPoint(IPAddress.Loopback, Spec.Port), Math.Max(1, running.Count))];
        }

        var taskNodes = (await host.Engine.RunAsync(commands.TaskNodes(running), cancellationToken)).OutputLines;
        var perNode = taskNodes.GroupBy(n => n, StringComparer.Ordinal).ToList();
        var addresses = (await host.Engine.RunAsync(commands.NodeAddresses(perNode.Select(g => g.Key)), cancellationToken)).OutputLines;
        return
        [
            .. perNode.Select((node, index) => new SwarmTaskEndpoint(new IPEndPoint(SwarmNodeAddress.Parse(addresses[index]), Spec.Port), node.Count()))
                .OrderBy(e => e.Endpoint.Address.ToString(), StringComparer.Ordinal),
        ];
    }

    private BuildFailedException NoServiceToRollBack() =>
        BuildFailedException.BadInput($"{environment.Name} has no Swarm service {Spec.ServiceName}: nothing to roll back. Nothing was changed.");

    /// <summary>Exit 2 before the lock when the engine is not a Swarm manager, saying how to make it one; else notes how many nodes the Swarm has.</summary>
    private async Task RequireManagerAsync(CancellationToken cancellationToken)
    {
        var state = (await host.Engine.RunAsync(commands.SwarmState(), cancellationToken)).StandardOutput.Trim();
        var words = state.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 3 && words[0] == "active" && words[1] == "true" && int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            nodes = count;
        }
        else
        {
            throw BuildFailedException.BadInput(
                $"{environment.Name} declares Orchestrator = Swarm, but the engine at {host.Engine.Endpoint} is not a Swarm manager (swarm state: {state}). " +
                "Run `docker swarm init` there (or point DockerHost at a manager), or declare Orchestrator = Containers. Nothing was changed.");
        }
    }

    private Task<SwarmService?> TryInspectAsync(CancellationToken cancellationToken) => Watcher.TryInspectAsync(Spec.ServiceName, cancellationToken);

    private Task<IReadOnlyList<SwarmTask>> TasksAsync(CancellationToken cancellationToken) => Watcher.TasksAsync(Spec.ServiceName, cancellationToken);

    /// <summary>
    /// The service's status endpoint reports <paramref name="version"/> (true when the environment declares none), asked on
    /// the tasks' port of every node that runs them, from inside the edge, until each node did so once per task there and
    /// once more in a row: the kernel balances each connection over the tasks listening there, and a replaced task may
    /// still answer while it drains, so answers of the old version are waited out for at most
    /// <see cref="DeployEnvironment.DrainTimeout"/> in all.
    /// </summary>
    private async Task<bool> ServesAsync(string version, IReadOnlyList<SwarmTaskEndpoint> endpoints, CancellationToken cancellationToken)
    {
        if (environment.StatusPath is not { } path)
        {
            return true;
        }

        var deadline = clock.GetUtcNow() + environment.DrainTimeout;
        foreach (var (endpoint, tasks) in endpoints)
        {
            var inARow = 0;
            string last;
            do
            {
                var response = await host.ProbeAsync(endpoint, path, cancellationToken);
                last = response is null ? "nothing" : $"{response.StatusCode} {response.JsonVersion()}";
                inARow = response is { StatusCode: 200 } && VersionMatch.Same(response.JsonVersion(), version) ? inARow + 1 : 0;
                if (inARow == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
                }
            }
            while (inARow <= tasks && clock.GetUtcNow() < deadline);

            if (inARow <= tasks)
            {
                Log.Warning("{Path} on {Endpoint} last answered {Answer}, not version {Version}, for {Seconds} s", path, endpoint, last, version,
                    environment.DrainTimeout.TotalSeconds);
                return false;
            }
        }

        return true;
    }

    private async Task CheckServesAsync(string version, IReadOnlyList<SwarmTaskEndpoint> endpoints, CancellationToken cancellationToken)
    {
        if (!await ServesAsync(version, endpoints, cancellationToken))
        {
            throw new BuildFailedException(ExitCodes.TargetFailed,
                $"Every task of {Spec.ServiceName} runs {version}'s image, but {environment.StatusPath} on port {Spec.Port} does not report it. Nothing was changed.");
        }
    }
}
