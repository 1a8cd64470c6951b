using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which backup <c>Rollback --restore-database</c> puts back (pure, from the deploy log): the one taken just before the
/// first migration that ran after the rolled-back-to version went live — the data as that version last knew it. That
/// is the earliest later deploy of the environment whose migrations ran (<see cref="DeployRecord.Migrated"/>) after a
/// recorded backup; a deploy whose migration failed and was restored, or that backed up and applied nothing, changed
/// no schema and is passed over. None: refused with exit 2 and the reason, before anything changes.
/// </summary>
internal static class DatabaseRestoreChoice
{
    /// <summary>Exit 2 before anything changes when the environment cannot restore a backup.</summary>
    public static void RequireRestoreCommand(DeployEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.RestoreCommand is null)
        {
            throw BuildFailedException.BadInput(
                $"--restore-database: {environment.Name} declares no RestoreCommand (the image's command that restores a backup, e.g. [\"restore\", \"--from\", \"{{file}}\"]); nothing was changed.");
        }
    }

    /// <summary>The deploy whose backup to restore, and that backup (<c>volume:/path</c>).</summary>
    public static (DeployRecord Deploy, string Backup) Find(IReadOnlyList<DeployRecord> records, string environment, AppContainer target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Find(records, environment, target.Digest, target.Version);
    }

    /// <summary>The same, for the version <paramref name="targetDigest"/> (a Swarm rollback's target, from the log).</summary>
    public static (DeployRecord Deploy, string Backup) Find(IReadOnlyList<DeployRecord> records, string environment, string? targetDigest, string? targetVersion)
    {
        ArgumentNullException.ThrowIfNull(records);
        var madeLive = records.LastOrDefault(r => r.Environment == environment && r.MadeLive && r.Digest == targetDigest && r.Kind == DeployKind.Deploy)
            ?? throw BuildFailedException.BadInput(
                $"--restore-database: the deploy log of {environment} has no deploy that made {targetVersion} live, so which backup holds its data is unknown; nothing was changed.");
        var successor = records
            .SkipWhile(r => r != madeLive)
            .Skip(1)
            .FirstOrDefault(r => r.Environment == environment && r.Kind == DeployKind.Deploy && r.Migrated == true && r.Backup is not null);
        return successor is null
            ? throw BuildFailedException.BadInput(
                $"--restore-database: no deploy of {environment} after {targetVersion} ({madeLive.Id}) migrated after a backup: the database has the schema {targetVersion} knew " +
                "and no backup holds newer data to go back from; nothing was changed. Roll back without --restore-database.")
            : (successor, successor.Backup!);
    }

    /// <summary>The plan with the restore inserted right after the switch: the rolled-back-to version serves while the data is put back under it.</summary>
    public static RollbackPlan WithRestore(RollbackPlan plan, DeployRecord deploy, string backup)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(deploy);
        var restore = new RestoreDatabaseStep(plan.From?.Image ?? plan.To.Image, backup, deploy.Id, deploy.Version ?? deploy.Id);
        var switchAt = plan.Sequence.ToList().FindIndex(s => s is SwitchStep);
        List<DeployStep> steps = [.. plan.Sequence];
        steps.Insert(switchAt < 0 ? steps.Count : switchAt + 1, restore);
        return plan with { Sequence = steps, RestoreFrom = backup };
    }
}
