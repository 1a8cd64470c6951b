using System.Globalization;
using Serilog;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// A deploy's data steps on the host, under the operation's lock: the backup and migrations of the new image in one-off
/// containers, the restore of a backup for <c>Rollback --restore-database</c>, and the pruning of old backups — shared by
/// the containers path (<see cref="DeployExecutor"/>) and Swarm (the one-off runs on the manager's engine, before the
/// service update), so both back up, migrate, report and restore alike (docs/deploy.md: Backup and migration, Migrations under Swarm).
/// </summary>
internal sealed class MigrationRunner(DeployHost host, LockedOperation operation)
{
    private readonly DeployEnvironment environment = host.Environment;

    // A migration command that backs up writes its backup only when it has something to apply: the file is looked
    // for once, from the switch on (off the critical path, overlapping the bake), or when the deploy fails.
    private Lazy<Task<string?>>? backupCheck;

    /// <summary>Starts looking for the backup a migration command may have written, without waiting (from the switch on).</summary>
    public void CheckBackupInBackground() => _ = backupCheck?.Value;

    /// <summary>
    /// Backup and migrations of the new image, once per deploy, under the lock: one one-off container when the migration
    /// command backs up itself (the default); else the separate backup command (when a version is live), then the
    /// migration command.
    /// </summary>
    public async Task RunAsync(MigrateStep step, CancellationToken cancellationToken)
    {
        Log.Information("Migrations of {Environment}: {Reason}", environment.Name, step.Reason);
        if (environment.MigrateBacksUp)
        {
            var check = new Lazy<Task<string?>>(() => ConfirmBackupAsync(BackupLocation, CancellationToken.None));
            backupCheck = check;
            operation.OnFailure(async _ =>
            {
                var backup = await check.Value;
                operation.Note(r => r with { Backup = backup });
            });
        }
        else
        {
            var backup = await BackupAsync(step, cancellationToken);
            operation.Note(r => r with { Backup = backup });
            operation.Phases.End("backup");
        }

        var migrated = await MigrateAsync(step, cancellationToken);
        operation.Note(r => r with { Migrated = migrated });
    }

    /// <summary>Backs the data up with the new image's separate backup command; returns where the backup is.</summary>
    private async Task<string?> BackupAsync(MigrateStep step, CancellationToken cancellationToken)
    {
        // Before the first version ever served there is no data to protect (and the app's backup refuses a missing database).
        if (environment.BackupCommandFor(BackupFile) is not { } command || step.LiveVersion is null)
        {
            return null;
        }

        operation.EnsureHeld();
        Log.Information("Backing up the data of {Environment} to {Backup}", environment.Name, BackupLocation);
        var run = await host.RunOneOffAsync("backup", operation.Id, step.Image, command, cancellationToken);
        if (!run.Succeeded)
        {
            throw new BuildFailedException(ExitCodes.DeployAborted, MigrationFailure.BackupFailedMessage(run.ExitCode, step.LiveVersion) + Tail(run));
        }

        return BackupLocation;
    }

    /// <summary>The new image's migrations, after the backup; true when they ran (null: the app has none).</summary>
    private async Task<bool?> MigrateAsync(MigrateStep step, CancellationToken cancellationToken)
    {
        if (environment.MigrateCommandFor(BackupFile) is not { } migrate)
        {
            return null;
        }

        operation.EnsureHeld();
        var backsUp = environment.MigrateBacksUp;
        if (backsUp)
        {
            Log.Information("Migrating the data of {Environment} with {Version}, backing it up first to {Backup} when there is something to migrate",
                environment.Name, step.Version, BackupLocation);
        }
        else
        {
            Log.Information("Migrating the data of {Environment} with {Version}", environment.Name, step.Version);
        }

        var run = await host.RunOneOffAsync("migrate", operation.Id, step.Image, migrate, cancellationToken);
        if (run.Succeeded)
        {
            return true;
        }

        var backup = run.ExitCode == environment.BackupFailedExitCode && backsUp
            ? null
            : backupCheck is null ? operation.Record.Backup : await backupCheck.Value;
        var failure = MigrationFailure.From(run.ExitCode, backsUp, environment, step.Version, step.LiveVersion, backup);
        if (failure.DatabaseRestored is { } restored)
        {
            // Every restore goes in the deploy log: which backup, and whether it worked.
            Log.Warning("Migrations of {Environment} failed after one committed; restoring {Backup} {Result}", environment.Name, backup, restored ? "succeeded" : "FAILED");
            operation.Note(r => r with { Backup = backup, RestoredFrom = backup, DatabaseRestored = restored });
        }

        throw new BuildFailedException(failure.ExitCode, failure.Message + Tail(run));
    }

    /// <summary>
    /// <c>Rollback --restore-database</c>: the app's restore command puts the backup back; recorded either way. A failure
    /// exits 13: the rolled-back-to version serves, on data that may not be what it knew.
    /// </summary>
    public async Task RestoreAsync(RestoreDatabaseStep step, CancellationToken cancellationToken)
    {
        operation.EnsureHeld();
        Log.Warning("Restoring the database of {Environment} from {Backup}, taken before {Version} migrated ({Deploy})",
            environment.Name, step.Backup, step.DeployVersion, step.DeployId);
        var run = await host.RunOneOffAsync("restore", operation.Id, step.Image, environment.RestoreCommandFor(step.File)
            ?? throw BuildFailedException.BadInput($"{environment.Name} declares no RestoreCommand."), cancellationToken);
        operation.Note(r => r with { RestoredFrom = step.Backup, DatabaseRestored = run.Succeeded });
        if (!run.Succeeded)
        {
            throw new BuildFailedException(ExitCodes.DatabaseNeedsAttention, string.Create(CultureInfo.InvariantCulture,
                $"Restoring the database of {environment.Name} from {step.Backup} failed (exit {run.ExitCode}): database needs attention; the rolled-back-to version serves. ") + Tail(run));
        }

        Log.Information("Restored the database of {Environment} from {Backup}", environment.Name, step.Backup);
    }



    /// <summary>This deploy's backup file inside the app's containers.</summary>
    private string BackupFile => $"{host.Commands.BackupDirectory}/{operation.Id}.backup";

    /// <summary>Where this deploy's backup is, as recorded: <c>volume:/path</c>.</summary>
    private string BackupLocation => BackupRetention.Location(host.Commands, operation.Id);

    /// <summary>
    /// <paramref name="backup"/> when the file is there, null when not: a migration command that backs up writes no
    /// backup when it had nothing to apply or no database yet. When the check itself fails the location is kept, with a
    /// warning: a record naming a backup that may be missing beats one forgetting a backup that exists.
    /// </summary>
    private async Task<string?> ConfirmBackupAsync(string backup, CancellationToken cancellationToken)
    {
        try
        {
            switch ((await host.BackupExistsAsync(BackupFile, cancellationToken))?.ExitCode)
            {
                case 0:
                    Log.Information("Backup of {Environment} taken before migrating: {Backup}", environment.Name, backup);
                    return backup;
                case 1:
                    Log.Information("No backup of {Environment} was written ({Backup} does not exist): the migration's own output says why", environment.Name, backup);
                    return null;
                case { } other:
                    Log.Warning("Could not check the backup {Backup}: exit code {ExitCode}", backup, other);
                    return backup;
                default:
                    return backup;
            }
        }
        catch (Exception exception) when (exception is BuildFailedException or ToolException)
        {
            Log.Warning("Could not check the backup {Backup}: {Error}", backup, exception.Message);
            return backup;
        }
    }

    /// <summary>
    /// After a successful deploy: notes whether the migration command's own backup was written, and when this deploy
    /// took a backup, the backups beyond <see cref="DeployEnvironment.RetainedVersions"/> go (<see cref="BackupRetention"/>,
    /// from <paramref name="records"/>, the log before this deploy); a deploy that took none adds nothing to prune.
    /// Failing to prune only warns. The caller re-checks the lock first.
    /// </summary>
    public async Task PruneBackupsAsync(IReadOnlyList<DeployRecord> records, CancellationToken cancellationToken)
    {
        if (backupCheck is not null)
        {
            var confirmed = await backupCheck.Value;
            operation.Note(r => r with { Backup = confirmed });
        }

        if (operation.Record.Backup is not { } backup)
        {
            return;
        }

        var prune = BackupRetention.ToPrune(records, environment.Name, environment.RetainedVersions, backup);
        if (prune.Count == 0)
        {
            return;
        }

        ToolResult? run;
        try
        {
            run = await host.RemoveBackupsAsync(prune, cancellationToken);
        }
        catch (ToolException exception)
        {
            Log.Warning("Could not prune the old backups of {Environment}: {Error}", environment.Name, exception.Message);
            return;
        }

        if (run is null)
        {
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

    private static string Tail(ToolResult run)
    {
        var lines = (run.StandardOutput + "\n" + run.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(30).ToList();
        return lines.Count == 0 ? string.Empty : System.Environment.NewLine + "Its last output:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, lines);
    }
}
