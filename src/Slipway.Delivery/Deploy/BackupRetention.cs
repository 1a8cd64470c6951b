using System.Text.RegularExpressions;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which pre-migration backups of an environment stay on its data volume: those of the environment's
/// <see cref="DeployEnvironment.RetainedVersions"/> most recent deploys that took one (the current deploy's among them).
/// Only a backup that a record names, and that newer records' backups have pushed out of that window, is ever
/// deleted: a backup no record accounts for — a deploy killed during its migration, a backup copied in by hand —
/// may be the only copy of the data, and stays. Another environment's backups are in its own data volume and never
/// considered.
/// </summary>
internal static partial class BackupRetention
{
    /// <summary>The backup files (names, <c>d-….backup</c>) to keep.</summary>
    public static IReadOnlyList<string> ToKeep(IReadOnlyList<DeployRecord> records, string environment, int retained, string? currentBackup)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(retained);
        return [.. NewestFirst(records, environment, currentBackup).Take(retained)];
    }

    /// <summary>
    /// The backup files (names) to delete: those named by this environment's records beyond the
    /// <paramref name="retained"/> newest, never one of those kept, and only names of the form a deploy gives its
    /// backup (the log lives in the edge's volume, so a planted record must not name another file).
    /// </summary>
    public static IReadOnlyList<string> ToPrune(IReadOnlyList<DeployRecord> records, string environment, int retained, string? currentBackup)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(retained);
        var keep = ToKeep(records, environment, retained, currentBackup);
        return [.. NewestFirst(records, environment, currentBackup).Skip(retained).Where(f => !keep.Contains(f, StringComparer.Ordinal) && DeployBackupName().IsMatch(f))];
    }

    /// <summary>Where deploy <paramref name="deployId"/>'s backup goes, as recorded: <c>volume:/app/data/backups/d-….backup</c>.</summary>
    public static string Location(DeployCommands commands, string deployId)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(deployId);
        return $"{commands.DataVolume}:{commands.BackupDirectory}/{deployId}.backup";
    }

    /// <summary>The file name of a backup location (<c>volume:/app/data/backups/d-….backup</c>).</summary>
    public static string FileName(string backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return backup[(backup.LastIndexOf('/') + 1)..];
    }

    private static IEnumerable<string> NewestFirst(IReadOnlyList<DeployRecord> records, string environment, string? currentBackup) =>
        records
            .Where(r => r.Environment == environment && r.Backup is not null)
            .Select(r => r.Backup!)
            .Reverse()
            .Prepend(currentBackup)
            .OfType<string>()
            .Select(FileName)
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex("^d-[0-9A-Za-z-]+\\.backup$")]
    private static partial Regex DeployBackupName();
}
