using Slipway.Delivery.Edge;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>Decides a rollback from an environment's snapshot: to the previous version, or to a named retained one (pure).</summary>
internal static class RollbackPlanner
{
    /// <param name="snapshot">The environment as the host shows it.</param>
    /// <param name="to">A version (<c>1.3.2</c>, build metadata ignored) or digest; null means the previous version.</param>
    /// <param name="keepFromRunning">Keep the version rolled back from running (warm) instead of stopping it.</param>
    /// <param name="roles">The environment's roles besides the web role: the target version's come back after the switch.</param>
    public static RollbackPlan Plan(EnvironmentSnapshot snapshot, string? to, bool keepFromRunning, IReadOnlyList<DeployRole>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var live = snapshot.Live;
        var retained = snapshot.Containers.Where(c => c != live).ToList();
        if (retained.Count == 0)
        {
            throw BuildFailedException.BadInput(
                $"Environment {snapshot.Environment} has no retained version to roll back to{(live is null ? " (nothing is deployed)" : $"; only {live.Describe()} exists")}.");
        }

        AppContainer target;
        if (to is null)
        {
            target = snapshot.Previous ?? throw BuildFailedException.BadInput(
                $"Environment {snapshot.Environment} has no earlier version to roll back to (the retained ones were rolled back from): " +
                $"name one with --to ({string.Join(", ", retained.Select(c => c.Version).Distinct(StringComparer.Ordinal))}).");
        }
        else
        {
            if (live is not null && (VersionMatch.Same(live.Version, to) || live.Digest == to))
            {
                throw BuildFailedException.BadInput($"{to} is already live in {snapshot.Environment} ({live.Describe()}).");
            }

            target = retained.Where(c => VersionMatch.Same(c.Version, to) || c.Digest == to).OrderByDescending(c => c.DeployedAt).FirstOrDefault()
                ?? throw BuildFailedException.BadInput(
                    $"Version {to} is not retained in {snapshot.Environment}. Retained: {string.Join(", ", retained.Select(c => c.Version).Distinct(StringComparer.Ordinal))}" +
                    " (Rollback --list shows them).");
        }

        var warm = snapshot.IsWarm(target);
        var activeSlot = snapshot.Edge?.ActiveSlot;
        var slot = snapshot.SlotOf(target) is { } own && own != activeSlot ? own : activeSlot?.Other ?? EdgeSlot.Blue;
        var steps = new List<DeployStep>();
        if (!warm)
        {
            steps.Add(new StartRetainedStep(target));
            // Every retained replica comes back: the version returns with as many containers as it had when it served.
            var ports = new[] { target }.Concat(target.Replicas).Select(c => c.Port).ToList();
            var pointed = snapshot.SlotOf(target) == slot && snapshot.Edge!.ReplicasOf(slot).Select(r => r.Upstream?.Port).SequenceEqual(ports.Select(p => (int?)p));
            steps.Add(new AssignSlotStep(slot, ports, AlreadyPointed: pointed));
        }

        // The target served before: one passing readiness check is its gate, as kamal-proxy's is and Kubernetes'
        // successThreshold defaults to; a deploy's new, unproven version keeps the environment's ReadinessPasses.
        steps.Add(new SwitchStep(slot, target.Version, warm, Gated: false, Passes: 1));
        if (roles is { Count: > 0 })
        {
            steps.Add(new RoleRollbackStep(roles, target));
        }

        if (live is not null)
        {
            steps.Add(new RetireStep(live, snapshot.SlotOf(live), keepFromRunning));
        }

        return new RollbackPlan
        {
            Environment = snapshot.Environment,
            From = live,
            To = target,
            Warm = warm,
            RollbackOf = snapshot.LiveRecord?.Id,
            Sequence = steps,
        };
    }
}
