namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which pre-migration backups of an environment stay on its data volume: those of the environment's
/// <see cref="DeployEnvironment.RetainedVersions"/> most recent deploys that took one (the current deploy's among them).
/// Every other deploy backup in that volume's backup folder goes — including one whose deploy died before writing its
/// record. Another environment's backups are in its own data volume and never considered.
/// </summary>
internal static class BackupRetention
{
    /// <summary>The backup files (names, <c>d-….backup</c>) to keep.</summary>
    public static IReadOnlyList<string> ToKeep(IReadOnlyList<DeployRecord> records, string environment, int retained, string? currentBackup)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(retained);
        var newestFirst = records
            .Where(r => r.Environment == environment && r.Backup is not null)
            .Select(r => r.Backup!)
            .Reverse()
            .Prepend(currentBackup)
            .OfType<string>()
            .Select(FileName)
            .Distinct(StringComparer.Ordinal);
        return [.. newestFirst.Take(retained)];
    }

    /// <summary>The file name of a backup location (<c>volume:/app/data/backups/d-….backup</c>).</summary>
    public static string FileName(string backup)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return backup[(backup.LastIndexOf('/') + 1)..];
    }
}
