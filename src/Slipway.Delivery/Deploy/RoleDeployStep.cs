using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// After the web switch: the new version's containers of one role start and are gated on their health, and the previous
/// version's stop with the role's grace period — a worker start-first (new up, then old stopped), a singleton stop-first
/// (old stopped, then new started: never two at once). A failure puts the role's previous containers back and rolls the
/// whole version back (exit 11).
/// </summary>
/// <param name="Role">The declared role.</param>
/// <param name="Version">The version whose containers start.</param>
/// <param name="Digest">Its digest: the role's containers of any other digest are the previous ones.</param>
/// <param name="Runs">The new containers.</param>
/// <param name="Slot">The web slot that serves the new version (what a failure drains and retires).</param>
/// <param name="WebContainer">The new version's own web container (what a failure stops).</param>
/// <param name="SwitchBackTo">The previous web version and its slot; null on a first deploy.</param>
internal sealed record RoleDeployStep(
    DeployRole Role, string Version, string Digest, IReadOnlyList<RoleRunSpec> Runs, EdgeSlot Slot, string WebContainer, (AppContainer Container, EdgeSlot Slot)? SwitchBackTo)
    : DeployStep
{
    public override string Description
    {
        get
        {
            var grace = string.Create(CultureInfo.InvariantCulture, $"grace {Role.StopGracePeriod.TotalSeconds:0.#} s");
            var health = Role.UseImageHealthCheck
                ? "its image's health check"
                : string.Create(CultureInfo.InvariantCulture, $"staying up {Role.SettleTime.TotalSeconds:0.#} s");
            var command = string.Join(' ', Role.Command);
            if (!Role.RunsHere)
            {
                return $"role {Role.Name} (singleton, on the primary only): stop any {Role.Name} still running on this host ({grace}) before the primary starts {Version}'s";
            }

            return Role.Singleton
                ? $"role {Role.Name} (singleton): stop the previous {Role.Name} first ({grace}; never two at once), then start {Version}'s ({command}), gated on {health}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"role {Role.Name}: start {Runs.Count} container(s) of {Version} ({command}), gated on {health}, then stop the previous {Role.Name} containers ({grace})");
        }
    }

    public override string Phase => "roles";
}
