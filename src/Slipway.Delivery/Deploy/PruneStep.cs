using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// After a deploy: stops what a crashed run left running, removes versions beyond the retained ones (and their images
/// when nothing else uses them), and prunes old backups.
/// </summary>
/// <param name="Current">The container that serves.</param>
/// <param name="Previous">The container that served before (retired or warm); never a stray.</param>
/// <param name="KeepWarm">A container kept running warm, never pruned.</param>
/// <param name="Retained">How many versions stay.</param>
/// <param name="History">The deploy log before this deploy, which tells the backups to keep (<see cref="BackupRetention"/>).</param>
internal sealed record PruneStep(string Current, string? Previous, string? KeepWarm, int Retained, IReadOnlyList<DeployRecord> History) : DeployStep
{
    public override string Description => string.Create(CultureInfo.InvariantCulture,
        $"stop what an earlier run left running, remove versions beyond the {Retained} retained and their unused images, prune old backups");

    public override string Phase => "prune";

    /// <summary>Never pruned and not counted among the retained: the version serving and the one kept warm.</summary>
    public IReadOnlySet<string> Uncounted => new HashSet<string>(new[] { Current, KeepWarm }.OfType<string>(), StringComparer.Ordinal);

    /// <summary>
    /// Which containers go. The one that served before this deploy — the target of a plain <c>Rollback</c> — is always
    /// among the retained, whatever its age (after deploy/rollback cycles it is often the oldest).
    /// </summary>
    public IReadOnlyList<AppContainer> ToRemove(IReadOnlyList<AppContainer> containers, string environment) =>
        RetentionPolicy.ToRemove(containers, environment, Retained, Uncounted, Previous);
}
