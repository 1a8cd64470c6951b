namespace Slipway.Delivery.Deploy;

/// <summary>
/// Which of an environment's app containers a deploy removes: all but the live one, the one kept warm, and the
/// <see cref="DeployEnvironment.RetainedVersions"/> most recently deployed others (each a rollback target that needs
/// no registry). Only this environment's containers are ever considered.
/// </summary>
internal static class RetentionPolicy
{
    public static IReadOnlyList<AppContainer> ToRemove(
        IReadOnlyList<AppContainer> containers, string environment, int retainedVersions, IReadOnlySet<string> protectedNames)
    {
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(protectedNames);
        ArgumentOutOfRangeException.ThrowIfNegative(retainedVersions);
        return [.. containers
            .Where(c => c.Environment == environment && !protectedNames.Contains(c.Name))
            .OrderByDescending(c => c.DeployedAt)
            .ThenByDescending(c => c.Name, StringComparer.Ordinal)
            .Skip(retainedVersions)];
    }
}
