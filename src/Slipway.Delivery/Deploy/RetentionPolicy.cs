namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which of an environment's app containers a deploy removes: all but the live one, the one kept warm, and the
/// <see cref="DeployEnvironment.RetainedVersions"/> others kept (each a rollback target that needs no registry). The
/// rollback target — the version that served before the deploy — is always one of those kept, however old its deploy;
/// the rest of the places go to the most recently deployed. Only this environment's containers are ever considered.
/// </summary>
internal static class RetentionPolicy
{
    public static IReadOnlyList<AppContainer> ToRemove(
        IReadOnlyList<AppContainer> containers, string environment, int retainedVersions, IReadOnlySet<string> uncounted, string? rollbackTarget)
    {
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(uncounted);
        ArgumentOutOfRangeException.ThrowIfNegative(retainedVersions);
        var others = containers
            .Where(c => c.Environment == environment && !uncounted.Contains(c.Name))
            .OrderByDescending(c => c.DeployedAt)
            .ThenByDescending(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var targetKept = others.Any(c => c.Name == rollbackTarget) ? 1 : 0;
        return [.. others.Where(c => c.Name != rollbackTarget).Skip(Math.Max(0, retainedVersions - targetKept))];
    }
}
