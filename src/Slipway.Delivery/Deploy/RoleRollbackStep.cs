namespace Slipway.Delivery.Deploy;

/// <summary>
/// After a rollback's switch: the target version's roles run again — its retained stopped role containers restarted, or
/// started from its image when none are retained — and the current version's role containers stop (a singleton's first).
/// </summary>
/// <param name="Roles">The environment's declared roles.</param>
/// <param name="Target">The version rolled back to.</param>
internal sealed record RoleRollbackStep(IReadOnlyList<DeployRole> Roles, AppContainer Target) : DeployStep
{
    public override string Description =>
        $"bring back {Target.Version}'s roles ({string.Join(", ", Roles.Select(r => !r.RunsHere ? r.Name + " (singleton, on the primary only: stopped here)" : r.Singleton ? r.Name + " (singleton, stop-first)" : r.Name))}): " +
        "restart its retained role containers or start them from its image, and stop the current ones";

    public override string Phase => "roles";
}
