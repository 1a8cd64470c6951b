using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// Which version a Swarm rollback goes to, from the environment's deploy log (pure): the newest version that went live
/// before the one the service runs, or the version (or digest) named by <c>--to</c>. The log, not Swarm's
/// <c>PreviousSpec</c>, decides: after an automatic rollback Swarm's "previous" is the version that failed.
/// </summary>
internal static class SwarmRollbackTarget
{
    /// <summary>The record that made the target version live, and the record of what is live now (null when the log does not know it).</summary>
    public static (DeployRecord Target, DeployRecord? Live) Choose(IReadOnlyList<DeployRecord> log, string environment, string serviceImage, string? to)
    {
        ArgumentNullException.ThrowIfNull(log);
        var live = log.Where(r => r.Environment == environment && r.MadeLive && r.Image is not null).ToList();
        var current = live.LastOrDefault(r => r.Image == serviceImage);
        if (to is { Length: > 0 })
        {
            var named = live.LastOrDefault(r => r.Image != serviceImage && (VersionMatch.Same(r.Version, to) || r.Digest == to || r.Image == to));
            return named is not null
                ? (named, current)
                : throw BuildFailedException.BadInput(
                    $"{environment} never served {to} under Swarm other than the version running now, or its deploy log does not show it: " +
                    $"the versions it served are {Describe(live, serviceImage)}. Nothing was changed.");
        }

        var previous = Previous(live, serviceImage);
        return previous is not null
            ? (previous, current)
            : throw BuildFailedException.BadInput(
                $"{environment}'s deploy log shows no version before the one the service runs ({current?.Version ?? serviceImage}): nothing to roll back to. Nothing was changed.");
    }

    /// <summary>Where a plain Rollback goes: the newest record that made another version than the running one live; null when there is none.</summary>
    public static DeployRecord? Previous(IReadOnlyList<DeployRecord> log, string environment, string serviceImage)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Previous([.. log.Where(r => r.Environment == environment && r.MadeLive && r.Image is not null)], serviceImage);
    }

    private static DeployRecord? Previous(List<DeployRecord> live, string serviceImage) => live.LastOrDefault(r => r.Image != serviceImage);

    private static string Describe(IReadOnlyList<DeployRecord> live, string serviceImage)
    {
        var versions = live.Where(r => r.Image != serviceImage).Select(r => r.Version ?? r.Digest ?? "?").Distinct().ToList();
        return versions.Count == 0 ? "none" : string.Join(", ", versions);
    }
}
