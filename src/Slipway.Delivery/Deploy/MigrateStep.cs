namespace Slipway.Delivery.Deploy;

/// <summary>
/// Backs up and migrates the data with the new image, once, under the lock: one one-off container when the migration
/// command backs up itself, else the separate backup command (when a version is live) and then the migration.
/// </summary>
/// <param name="Image">The new image, by digest.</param>
/// <param name="Version">Its version.</param>
/// <param name="Reason">Why it migrates (<see cref="MigrationDecision.Reason"/>).</param>
/// <param name="WhileBooting">The new version boots meanwhile, taking no traffic; its readiness fails until the schema is there.</param>
/// <param name="LiveVersion">The version serving now (null before the first deploy: no data to back up yet).</param>
internal sealed record MigrateStep(string Image, string Version, string Reason, bool WhileBooting, string? LiveVersion) : DeployStep
{
    public override string Description =>
        $"back up and migrate the data with {Version} ({Reason}), " +
        (WhileBooting ? "while the new version boots taking no traffic" : "before the new version starts");

    public override string Phase => "migrate";
}
