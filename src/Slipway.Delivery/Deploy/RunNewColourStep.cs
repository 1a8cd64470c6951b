using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Starts the new version beside the serving one — one container per replica, each on a loopback port of its own —
/// taking no traffic yet.
/// </summary>
/// <param name="Runs">The containers to start: the version's own first, then its further replicas.</param>
/// <param name="Version">The image's version.</param>
/// <param name="Leftovers">Containers of those names (same digest: a redeploy, or a crashed run's) removed first.</param>
internal sealed record RunNewColourStep(IReadOnlyList<AppRunSpec> Runs, string Version, IReadOnlyList<string> Leftovers) : DeployStep
{
    /// <summary>The version's own container (replica 1).</summary>
    public AppRunSpec Run => Runs[0];

    public override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"start {Version} as {Run.Name} on 127.0.0.1:{Run.Port}") +
        (Runs.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $", and {Runs.Count - 1} more replica(s) on {string.Join(", ", Runs.Skip(1).Select(r => r.Port))}") : string.Empty) +
        (Leftovers.Count > 0 ? " (replacing the existing container(s) of that name)" : string.Empty);

    public override string Phase => "start";
}
