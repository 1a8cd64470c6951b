using System.Globalization;
using System.Net;
using Serilog;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The deploy sequence on one environment's host (docs/deploy.md): lock, image, edge, migrations, new colour beside the
/// old one, gate, switch, bake, keep or roll back, retain, record. Exit codes tell a caller what happened:
/// 10 aborted before the switch (the old version served throughout), 11 switched and rolled back automatically,
/// 12 the environment is locked.
/// </summary>
internal sealed class Deployer(DeployHost host, TimeProvider? timeProvider = null)
{
    private const int LogTail = 30;

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly DeployEnvironment environment = host.Environment;

    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var phases = new PhaseTimer(DeployKind.Deploy);

        var started = clock.GetUtcNow();
        var edge = await host.Edge.EnsureRunningAsync(cancellationToken);
        phases.End("edge");

        await using var operation = await LockedOperation.BeginAsync(host, DeployKind.Deploy, request, request.Image.Reference, started, clock, cancellationToken);
        phases.End("lock");
        var id = operation.Id;
        var record = operation.Record with { Image = request.Image.Reference, Digest = request.Image.Digest };

        AppContainer? newColour = null;
        EdgeSlot? targetSlot = null;
        BakeVerdict? verdict = null;

        // A migration command that backs up writes its backup only when it has something to apply: the file is looked
        // for once, from the switch on (off the critical path, overlapping the bake), or when the deploy fails.
        Lazy<Task<string?>>? backupCheck = null;
        try
        {
            var image = await host.EnsureImageAsync(request.Image, cancellationToken);
            record = record with { Version = image.Version, Commit = image.Commit, ImageCreated = image.Created, Schema = image.Schema };
            CheckVersion(image);
            phases.End("image");

            var snapshot = await host.SnapshotAsync(edge, edgeRunning: true, cancellationToken);
            var live = snapshot.Live;
            record = record with { PreviousVersion = live?.Version, PreviousDigest = live?.Digest };
            if (live is { IsRunning: true } && live.Digest == image.Digest)
            {
                Log.Information("{Image} is already serving {Environment} ({Container}): nothing to switch", image.Reference, environment.Name, live.Describe());

                // Converge to where a finished deploy ends (a killed run may have left the previous colour running).
                var other = snapshot.Containers.FirstOrDefault(c => c != live && c.IsRunning && snapshot.SlotOf(c) is { } slot && slot != snapshot.Edge?.ActiveSlot);
                await RetireAsync(edge, other, snapshot, live, cancellationToken);
                record = record with { Result = DeployResults.Unchanged, Finished = clock.GetUtcNow(), Message = $"{live.Version} was already serving; nothing changed." };
                await host.AppendRecordAsync(record, cancellationToken);
                return new DeployOutcome(record, null, phases.Phases);
            }

            var migration = MigrationDecision.Decide(image.Schema, snapshot.Records, environment.Name, request.AlwaysMigrate);
            Log.Information("Migrations of {Environment}: {Reason}", environment.Name, migration.Reason);
            if (!migration.Migrate)
            {
                record = record with { Migrated = false };
            }
            else if (!environment.BootDuringMigrations)
            {
                await BackUpAndMigrateAsync();
            }

            newColour = await StartNewColourAsync(image, id, snapshot, cancellationToken);
            targetSlot = snapshot.Edge?.ActiveSlot?.Other ?? EdgeSlot.Blue;
            await edge.AssignAsync(targetSlot.Value, new IPEndPoint(IPAddress.Loopback, newColour.Port), cancellationToken);
            phases.End("start");
            if (environment.BootDuringMigrations && migration.Migrate)
            {
                // The new version boots meanwhile, taking no traffic; its readiness fails until the schema it needs is there.
                await BackUpAndMigrateAsync();
            }

            await GateAsync(edge, targetSlot.Value, newColour, image, migration.Migrate ? null : migration.Reason, cancellationToken);
            phases.End("gate");

            operation.EnsureHeld();
            await edge.SwitchToAsync(targetSlot.Value, new EdgeSwitchOptions { ConsecutiveChecks = environment.ReadinessPasses, HealthTimeout = TimeSpan.FromSeconds(10) },
                cancellationToken);
            record = record with { Switched = clock.GetUtcNow() };
            phases.End("switch");

            // Started now, awaited after the bake and the retirement it overlaps (or by a failure's record).
            _ = backupCheck?.Value;
            Log.Information("{Environment} now serves {Version} ({Slot}, 127.0.0.1:{Port}); {Previous}", environment.Name, image.Version,
                targetSlot.Value.ServerName, newColour.Port, live is null ? "first version" : $"{live.Version} stays warm during the bake");

            if (environment.BakeWindow > TimeSpan.Zero)
            {
                verdict = await new BakeMonitor(host, edge, BakeThresholds.For(environment))
                    .WatchAsync(targetSlot.Value, environment.BakeWindow, cancellationToken);
                phases.End("bake");
                if (verdict.Breached)
                {
                    await RollBackAutomaticallyAsync(edge, record, verdict, targetSlot.Value, newColour, live, snapshot, cancellationToken);
                }

                Log.Information("Bake passed: {Totals}", verdict.DescribeTotals());
            }

            await operation.EnsureHeldAsync(cancellationToken);
            await RetireAsync(edge, live, snapshot, newColour, cancellationToken);
            if (backupCheck is not null)
            {
                record = record with { Backup = await backupCheck.Value };
            }

            await operation.EnsureHeldAsync(cancellationToken);
            await PruneBackupsAsync(snapshot.Records, record.Backup, cancellationToken);
            phases.End("retire");
            record = record with
            {
                Result = DeployResults.Succeeded,
                Finished = clock.GetUtcNow(),
                Message = $"{image.Version} serves {environment.Url}" + (migration.Migrate ? string.Empty : $"; {migration.Reason}") +
                    (verdict is null ? "; no bake." : $"; bake: {verdict.DescribeTotals()}."),
            };
            await host.AppendRecordAsync(record, cancellationToken);
            return new DeployOutcome(record, verdict, phases.Phases);

            // Backup and migrations of the new image, once per deploy, under the lock: one one-off container when the
            // migration command backs up itself (the default); else the separate backup command (when a version is
            // live), then the migration command.
            async Task BackUpAndMigrateAsync()
            {
                backupCheck = BackupCheck(id);
                if (backupCheck is null)
                {
                    record = record with { Backup = await BackupAsync(image, id, live, operation, cancellationToken) };
                    phases.End("backup");
                }

                var taken = backupCheck ?? new Lazy<Task<string?>>(Task.FromResult(record.Backup));
                record = record with { Migrated = await MigrateAsync(image, id, live, taken, operation, cancellationToken) };
                phases.End("migrate");
            }
        }
        catch (BuildFailedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (exception.ExitCode == ExitCodes.DeployAborted && newColour is not null)
            {
                await RemoveNewColourAsync(edge, newColour, targetSlot);
            }

            if (backupCheck is not null)
            {
                record = record with { Backup = await backupCheck.Value };
            }

            record = record with
            {
                Result = exception.ExitCode switch
                {
                    ExitCodes.DeployAborted => DeployResults.Aborted,
                    ExitCodes.RolledBack => DeployResults.RolledBack,
                    _ => DeployResults.Failed,
                },
                Finished = clock.GetUtcNow(),
                Message = FirstLine(exception.Message),
            };
            await host.AppendRecordAsync(record, CancellationToken.None);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (backupCheck is not null)
            {
                record = record with { Backup = await backupCheck.Value };
            }

            record = record with { Result = DeployResults.Failed, Finished = clock.GetUtcNow(), Message = FirstLine(exception.Message) };
            await host.AppendRecordAsync(record, CancellationToken.None);
            throw;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private void CheckVersion(DeployImage image)
    {
        if (image.Version is null)
        {
            throw BuildFailedException.BadInput(
                $"{image.Reference} has no org.opencontainers.image.version label, so the deploy cannot check which version serves. Build it with the DockerBuild target.");
        }

        if (environment.RequiresReleaseVersion && VersionMatch.IsPreRelease(image.Version))
        {
            throw BuildFailedException.BadInput(
                $"{environment.Name} takes release versions only, and {image.Reference} is {image.Version}. Release it (./build.sh Release --version X.Y.Z) and deploy the tag's image.");
        }
    }

    /// <summary>Backs the data up with the new image's separate backup command, under the lock; returns where the backup is.</summary>
    private async Task<string?> BackupAsync(DeployImage image, string id, AppContainer? live, LockedOperation operation, CancellationToken cancellationToken)
    {
        // Before the first version ever served there is no data to protect (and the app's backup refuses a missing database).
        if (environment.BackupCommand is null || live is null)
        {
            return null;
        }

        operation.EnsureHeld();
        var backup = BackupLocation(id);
        Log.Information("Backing up the data of {Environment} to {Backup}", environment.Name, backup);
        var run = await ToolRunner.RunAsync(host.Commands.RunOneOff(
            DeployNames.OneOff(environment.Name, id, "backup"), image.Reference, environment.BackupCommandFor(BackupFile(id))!), cancellationToken);
        if (!run.Succeeded)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted, BackupFailedMessage(run.ExitCode, live.Version) + Tail(run));
        }

        return backup;
    }

    /// <summary>
    /// The new image's migrations, once per deploy, under the lock, after the backup (taken by the same command when it
    /// backs up, else by <see cref="BackupAsync"/>; <paramref name="backup"/> tells where it is); true when they ran (null: the app has none).
    /// </summary>
    private async Task<bool?> MigrateAsync(
        DeployImage image, string id, AppContainer? live, Lazy<Task<string?>> backup, LockedOperation operation, CancellationToken cancellationToken)
    {
        if (environment.MigrateCommandFor(BackupFile(id)) is not { } migrate)
        {
            return null;
        }

        operation.EnsureHeld();
        var backsUp = environment.MigrateBacksUp;
        if (backsUp)
        {
            Log.Information("Migrating the data of {Environment} with {Version}, backing it up first to {Backup} when there is something to migrate",
                environment.Name, image.Version, BackupLocation(id));
        }
        else
        {
            Log.Information("Migrating the data of {Environment} with {Version}", environment.Name, image.Version);
        }

        var run = await ToolRunner.RunAsync(host.Commands.RunOneOff(DeployNames.OneOff(environment.Name, id, "migrate"), image.Reference, migrate), cancellationToken);
        if (run.Succeeded)
        {
            return true;
        }

        if (backsUp && run.ExitCode == DeployEnvironment.BackupFailedExitCode)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted, BackupFailedMessage(run.ExitCode, live?.Version) + Tail(run));
        }

        throw new BuildFailedException(ExitCodes.DeployAborted,
            MigrationFailedMessage(image.Version!, run.ExitCode, live?.Version, await backup.Value) + Tail(run));
    }

    /// <summary>The exit-10 message of a failed backup: nothing was migrated, the serving version is untouched.</summary>
    internal static string BackupFailedMessage(int exitCode, string? liveVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"The backup before migrating failed (exit {exitCode}); nothing was migrated and ") +
        (liveVersion is null ? "no version was serving yet." : $"{liveVersion} keeps serving untouched.");

    /// <summary>The exit-10 message of a failed migration: what keeps serving and where the backup taken before it is.</summary>
    internal static string MigrationFailedMessage(string version, int exitCode, string? liveVersion, string? backup) =>
        string.Create(CultureInfo.InvariantCulture, $"Migrating with {version} failed (exit {exitCode}); the deploy is aborted before the switch") +
        (liveVersion is null ? "." : $" and {liveVersion} keeps serving.") + " " +
        (backup is null ? "No backup was taken before it." : $"The backup taken just before is {backup}.");

    /// <summary>The check of the backup a migration command that backs up may have written; null when a separate backup command takes it.</summary>
    private Lazy<Task<string?>>? BackupCheck(string id) =>
        environment.MigrateBacksUp ? new Lazy<Task<string?>>(() => ConfirmBackupAsync(BackupLocation(id), CancellationToken.None)) : null;

    /// <summary>The backup file of a deploy inside the app's containers.</summary>
    private string BackupFile(string id) => $"{host.Commands.BackupDirectory}/{id}.backup";

    /// <summary>Where a deploy's backup is, as recorded: <c>volume:/path</c>.</summary>
    private string BackupLocation(string id) => BackupRetention.Location(host.Commands, id);

    /// <summary>
    /// <paramref name="backup"/> when the file is there, null when not: a migration command that backs up writes no
    /// backup when it had nothing to apply or no database yet. When the check itself fails the location is kept, with a
    /// warning: a record naming a backup that may be missing beats one forgetting a backup that exists.
    /// </summary>
    private async Task<string?> ConfirmBackupAsync(string backup, CancellationToken cancellationToken)
    {
        var file = backup[(host.Commands.DataVolume.Length + 1)..];
        try
        {
            var (_, _, edgeImage) = await host.Edge.InspectAsync(cancellationToken);
            if (edgeImage is not null)
            {
                var run = await ToolRunner.RunAsync(host.Commands.BackupExists(edgeImage, file) with { LogOutput = false }, cancellationToken);
                switch (run.ExitCode)
                {
                    case 0:
                        Log.Information("Backup of {Environment} taken before migrating: {Backup}", environment.Name, backup);
                        return backup;
                    case 1:
                        Log.Information("No backup of {Environment} was written ({Backup} does not exist): the migration's own output says why", environment.Name, backup);
                        return null;
                    default:
                        Log.Warning("Could not check the backup {Backup}: {Error}", backup, (run.StandardError + run.StandardOutput).Trim());
                        return backup;
                }
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or ToolException)
        {
            Log.Warning("Could not check the backup {Backup}: {Error}", backup, exception.Message);
        }

        return backup;
    }

    private async Task<AppContainer> StartNewColourAsync(DeployImage image, string id, EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        var name = DeployNames.AppContainer(environment.Name, image.Version!, image.Digest);
        if (snapshot.Containers.FirstOrDefault(c => c.Name == name) is { } leftover)
        {
            // A retained or half-started container of the same digest (a redeploy, or a crashed run): start afresh.
            Log.Information("Replacing the existing container {Name} ({State})", name, leftover.State);
            (await ToolRunner.RunAsync(host.Commands.Remove(name), cancellationToken)).EnsureSuccess();
        }

        var claimed = (await host.ReadClaimedPortsAsync(cancellationToken)).ToList();
        var port = PortAllocator.Choose(environment.AppPorts, claimed, snapshot.Edge is { } edge ? [edge.Blue.Upstream?.Port ?? 0, edge.Green.Upstream?.Port ?? 0] : null);
        var deployedAt = clock.GetUtcNow();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeployLabels.Role] = DeployLabels.AppRole,
            [DeployLabels.Environment] = environment.Name,
            [DeployLabels.Version] = image.Version!,
            [DeployLabels.Digest] = image.Digest,
            [DeployLabels.Image] = image.Reference,
            [DeployLabels.Port] = port.ToString(CultureInfo.InvariantCulture),
            [DeployLabels.DeployId] = id,
            [DeployLabels.DeployedAt] = deployedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (image.Commit is not null)
        {
            labels[DeployLabels.Commit] = image.Commit;
        }

        Log.Information("Starting {Version} as {Name} on 127.0.0.1:{Port}", image.Version, name, port);
        var run = await ToolRunner.RunAsync(host.Commands.RunApp(new AppRunSpec { Name = name, Image = image.Reference, Port = port, Labels = labels }), cancellationToken);
        var container = new AppContainer
        {
            Name = name,
            Id = run.StandardOutput.Trim(),
            Environment = environment.Name,
            Version = image.Version!,
            Digest = image.Digest,
            Image = image.Reference,
            Commit = image.Commit,
            Port = port,
            DeployId = id,
            DeployedAt = deployedAt,
            State = "running",
        };
        if (!run.Succeeded)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"Starting {image.Version} failed: {run.StandardError.Trim()}. The deploy is aborted before the switch; the serving version is untouched.");
        }

        return container;
    }

    /// <summary>
    /// The new colour must pass <see cref="DeployEnvironment.ReadinessPasses"/> consecutive readiness checks of the edge
    /// within the deploy timeout, and its <c>/status</c> must report the image's version. A container that exits
    /// meanwhile fails the gate at once instead of at the timeout.
    /// </summary>
    private async Task GateAsync(EdgeClient edge, EdgeSlot slot, AppContainer container, DeployImage image, string? skippedMigrations, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = edge.WaitUntilHealthyAsync(slot, environment.ReadinessPasses, environment.DeployTimeout, stop.Token);
        var exited = WatchForExitAsync(container.Name, stop.Token);
        var first = await Task.WhenAny(gate, exited);
        await stop.CancelAsync();
        if (first == exited && await exited is { } exit)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"{image.Version} ({container.Name}) {exit.Status} before it was ready; the deploy is aborted before the switch and the " +
                $"serving version is untouched. Its last log lines:{System.Environment.NewLine}{await LogsAsync(container.Name)}");
        }

        var result = await gate;
        if (!result.Passed)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted,
                $"{image.Version} ({container.Name}, 127.0.0.1:{container.Port}) did not pass {environment.ReadinessPasses} consecutive readiness checks of " +
                $"{environment.HealthPath} within {environment.DeployTimeout.TotalSeconds:0.#} s (passed {result.ConsecutivePasses}; last: {result.Slot}). " +
                "The deploy is aborted before the switch; the serving version is untouched. " +
                (skippedMigrations is null ? string.Empty : $"Migrations were skipped ({skippedMigrations}); if the database was restored or replaced since, run again with --always-migrate. ") +
                $"Its last log lines:{System.Environment.NewLine}" + await LogsAsync(container.Name));
        }

        if (environment.StatusPath is { } statusPath)
        {
            var status = await host.ProbeAsync(container.Port, statusPath, cancellationToken);
            var reported = status?.JsonVersion();
            if (status is not { StatusCode: 200 } || !VersionMatch.Same(reported, image.Version))
            {
                throw new BuildFailedException(ExitCodes.DeployAborted,
                    $"The version probe failed: {statusPath} of {container.Name} answered " +
                    $"{(status is null ? "nothing" : $"HTTP {status.StatusCode} with version '{reported ?? "(none)"}'")}, expected {image.Version}. " +
                    "The deploy is aborted before the switch; the serving version is untouched.");
            }

            Log.Information("Version probe: {Path} reports {Version}", statusPath, reported);
        }
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

    private async Task RollBackAutomaticallyAsync(
        EdgeClient edge, DeployRecord record, BakeVerdict verdict, EdgeSlot newSlot, AppContainer newContainer, AppContainer? previous,
        EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        var detectedAfter = clock.GetUtcNow() - record.Switched!.Value;
        if (previous is null || snapshot.SlotOf(previous) is not { } previousSlot)
        {
            throw new BuildFailedException(
                $"{newContainer.Version} breached its bake: {verdict.Reason}. There is no previous version to switch back to (first deploy), " +
                "so it keeps serving; fix forward.");
        }

        Log.Error("Bake breach after {Seconds:0.0} s: {Reason}. Switching back to {Previous}", detectedAfter.TotalSeconds, verdict.Reason, previous.Describe());
        try
        {
            await edge.SwitchToAsync(previousSlot, new EdgeSwitchOptions { ConsecutiveChecks = 1, HealthTimeout = TimeSpan.FromSeconds(10) }, cancellationToken);
        }
        catch (BuildFailedException exception)
        {
            throw new BuildFailedException(
                $"{newContainer.Version} breached its bake ({verdict.Reason}) and switching back to {previous.Version} failed: {exception.Message} " +
                $"{newContainer.Version} is still serving.", exception);
        }

        var backAfter = clock.GetUtcNow() - record.Switched.Value;
        Log.Warning("Switched back to {Previous} {Seconds:0.00} s after the switch; stopping {Version}", previous.Version, backAfter.TotalSeconds, newContainer.Version);
        await edge.WaitUntilDrainedAsync(newSlot, TimeSpan.FromSeconds(10), cancellationToken);
        await edge.RetireAsync(newSlot, cancellationToken);
        await ToolRunner.RunAsync(host.Commands.Stop(newContainer.Name, TimeSpan.FromSeconds(15)), cancellationToken);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{newContainer.Version} breached its bake {detectedAfter.TotalSeconds:0.0} s after the switch: {verdict.Reason}. Switched back to {previous.Version} " +
            $"{backAfter.TotalSeconds:0.00} s after the switch; {newContainer.Version} is stopped ({newContainer.Name}, kept for its logs).");
        throw new BuildFailedException(ExitCodes.RolledBack, message);
    }

    /// <summary>After the bake: the previous version drains and stops (kept for a rollback) unless it is kept warm; old versions beyond retention go.</summary>
    private async Task RetireAsync(EdgeClient edge, AppContainer? previous, EnvironmentSnapshot snapshot, AppContainer current, CancellationToken cancellationToken)
    {
        var keepWarm = environment.KeepPreviousRunning ? previous : null;
        if (previous is not null && keepWarm is null)
        {
            if (snapshot.SlotOf(previous) is { } previousSlot)
            {
                if (!await edge.WaitUntilDrainedAsync(previousSlot, environment.DrainTimeout, cancellationToken))
                {
                    Log.Warning("{Previous} still had requests in flight after {Seconds:0} s; stopping it anyway", previous.Version, environment.DrainTimeout.TotalSeconds);
                }

                await edge.RetireAsync(previousSlot, cancellationToken);
            }

            Log.Information("Stopping {Previous} ({Name}); it stays retained for a rollback", previous.Version, previous.Name);
            await ToolRunner.RunAsync(host.Commands.Stop(previous.Name, TimeSpan.FromSeconds(15)), cancellationToken);
        }

        var containers = await host.ReadContainersAsync(cancellationToken);
        foreach (var stray in containers.Where(c => c.IsRunning && c.Name != current.Name && c.Name != keepWarm?.Name && c.Name != previous?.Name))
        {
            // Left running by a crashed run: never in rotation (only the new colour and the previous one are).
            Log.Information("Stopping {Name} ({Version}), left running by an earlier run", stray.Name, stray.Version);
            await ToolRunner.RunAsync(host.Commands.Stop(stray.Name, TimeSpan.FromSeconds(15)), cancellationToken);
        }

        var keep = new HashSet<string>(StringComparer.Ordinal) { current.Name };
        if (keepWarm is not null)
        {
            keep.Add(keepWarm.Name);
        }

        var remove = RetentionPolicy.ToRemove(containers, environment.Name, environment.RetainedVersions, keep);
        foreach (var old in remove)
        {
            Log.Information("Pruning {Name} ({Version}, deployed {DeployedAt:u}): beyond the {Count} retained versions", old.Name, old.Version, old.DeployedAt, environment.RetainedVersions);
            await ToolRunner.RunAsync(host.Commands.Remove(old.Name), cancellationToken);
        }

        foreach (var image in remove.Select(c => c.Image).Distinct(StringComparer.Ordinal).Where(i => containers.Except(remove).All(c => c.Image != i)))
        {
            // Without --force: an image another environment's container still uses stays.
            await ToolRunner.RunAsync(host.Commands.RemoveImage(image), cancellationToken);
        }
    }

    /// <summary>
    /// After a deploy that took a backup, the backups beyond <see cref="DeployEnvironment.RetainedVersions"/> go
    /// (<see cref="BackupRetention"/>); a deploy that took none adds nothing to prune. Failing to prune only warns.
    /// </summary>
    private async Task PruneBackupsAsync(IReadOnlyList<DeployRecord> records, string? backup, CancellationToken cancellationToken)
    {
        if (backup is null)
        {
            return;
        }

        var prune = BackupRetention.ToPrune(records, environment.Name, environment.RetainedVersions, backup);
        if (prune.Count == 0)
        {
            return;
        }

        ToolResult run;
        try
        {
            var (_, _, edgeImage) = await host.Edge.InspectAsync(cancellationToken);
            if (edgeImage is null)
            {
                return;
            }

            run = await ToolRunner.RunAsync(host.Commands.RemoveBackups(edgeImage, prune), cancellationToken);
        }
        catch (ToolException exception)
        {
            Log.Warning("Could not prune the old backups of {Environment}: {Error}", environment.Name, exception.Message);
            return;
        }

        if (!run.Succeeded)
        {
            Log.Warning("Could not prune the old backups of {Environment}: {Error}", environment.Name, (run.StandardError + run.StandardOutput).Trim());
            return;
        }

        foreach (var file in run.OutputLines)
        {
            Log.Information("Pruned backup {Backup}: beyond the backups of the {Count} most recent deploys that took one", file, environment.RetainedVersions);
        }
    }

    private async Task RemoveNewColourAsync(EdgeClient edge, AppContainer container, EdgeSlot? slot)
    {
        try
        {
            if (slot is { } assigned)
            {
                var status = await edge.ReadStatusAsync();
                if (status.ActiveSlot != assigned)
                {
                    await edge.RetireAsync(assigned);
                }
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or EdgeRuntimeApiException or ToolException)
        {
            Log.Warning("Could not retire the aborted slot: {Error}", exception.Message);
        }

        Log.Information("Removing the aborted {Name}", container.Name);
        await ToolRunner.RunAsync(host.Commands.Remove(container.Name));
    }

    private async Task<string> LogsAsync(string container) =>
        await host.LastLogLinesAsync(container, LogTail) is { Length: > 0 } logs ? logs : "(no output)";

    private static string Tail(ToolResult run)
    {
        var lines = (run.StandardOutput + "\n" + run.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(LogTail).ToList();
        return lines.Count == 0 ? string.Empty : System.Environment.NewLine + "Its last output:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, lines);
    }
}
