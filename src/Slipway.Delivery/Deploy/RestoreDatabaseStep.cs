namespace Slipway.Delivery.Deploy;

/// <summary>
/// Restores the environment's database from a pre-migration backup with the app's restore command, in a one-off
/// container. Runs after the switch: the rolled-back-to version already serves (it works on the newer, expanded schema)
/// while the data goes back under it; queries wait on the restore's locks rather than fail.
/// </summary>
/// <param name="Image">The image whose restore command runs (the rolled-back-from version's: the newest, so the likeliest to have it).</param>
/// <param name="Backup">The backup, as recorded: <c>volume:/app/data/backups/d-….backup</c>.</param>
/// <param name="DeployId">The deploy that took it.</param>
/// <param name="DeployVersion">The version that deploy migrated to.</param>
internal sealed record RestoreDatabaseStep(string Image, string Backup, string DeployId, string DeployVersion) : DeployStep
{
    public override string Description => $"restore the database from {Backup}, taken before {DeployVersion} migrated ({DeployId})";

    public override string Phase => "restore";

    /// <summary>The file inside the app's containers (the part after the volume name).</summary>
    public string File => Backup[(Backup.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
