using System.Text;
using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// A Swarm rollback decided (pure): the version it goes to and the one it leaves (<see cref="SwarmRollbackTarget"/>),
/// whether Swarm's own rollback reaches it (its previous spec is that image) or an update to its digest does, and the
/// backup <c>--restore-database</c> puts back. Rollback acts on it; <c>--dry-run</c> prints it.
/// </summary>
internal sealed record SwarmRollbackPlan(DeployRecord Target, DeployRecord? Live, string ServiceImage, bool BySwarm, (DeployRecord Deploy, string Backup)? Restore)
{
    /// <summary>The same refusals as the rollback itself (exit 2): no version before, a <c>--to</c> the log never showed live, no backup to restore.</summary>
    public static SwarmRollbackPlan Decide(IReadOnlyList<DeployRecord> log, string environment, SwarmService service, string? to, bool restoreDatabase)
    {
        ArgumentNullException.ThrowIfNull(service);
        var (target, live) = SwarmRollbackTarget.Choose(log, environment, service.Image, to);
        return new SwarmRollbackPlan(target, live, service.Image, service.PreviousImage == target.Image,
            restoreDatabase ? DatabaseRestoreChoice.Find(log, environment, target.Digest, target.Version) : null);
    }

    /// <summary>What <c>Rollback --dry-run</c> prints: each step, in order, as Rollback would run it.</summary>
    public string Describe(DeployEnvironment environment, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = new StringBuilder();
        text.Append($"Rollback of {environment.Name} would go from {Live?.Version ?? ServiceImage} to {Target.Version} ({Target.Image}): ");
        text.Append(BySwarm
            ? $"`docker service rollback {serviceName}` (Swarm's previous spec is that image)"
            : $"`docker service update --image {Target.Image} {serviceName}`");
        text.Append(", watched until every task runs it");
        text.Append(environment.StatusPath is { } status ? $" and {status} reports {Target.Version}" : string.Empty);
        text.Append(", then the edge routed to the tasks");
        if (environment.Roles.Count > 0)
        {
            text.Append($"; then the roles {string.Join(", ", environment.Roles.Select(r => r.Name))} updated to it with the commands declared now");
        }

        if (Restore is var (deploy, backup))
        {
            text.Append($"; then the database restored from {backup} (taken before {deploy.Version ?? deploy.Id} migrated) with {ServiceImage}");
        }

        return text.Append('.').ToString();
    }
}
