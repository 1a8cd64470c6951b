using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Watches the new version through the edge for the bake window; on a breach, switches back to the previous version
/// (still warm) and stops the new one (exit 11).
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Window">How long it bakes.</param>
/// <param name="Container">The new version's container.</param>
/// <param name="Version">The new version.</param>
/// <param name="SwitchBackTo">The previous version and its slot; null on a first deploy (nothing to switch back to).</param>
internal sealed record BakeStep(EdgeSlot Slot, TimeSpan Window, string Container, string Version, (AppContainer Container, EdgeSlot Slot)? SwitchBackTo) : DeployStep
{
    public override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"bake {Version} for {Window.TotalSeconds:0.#} s: ") +
        (SwitchBackTo is { } back
            ? $"on a readiness failure, 5xx rate or p95 breach, switch back to {back.Container.Version} (kept warm until then)"
            : "a breach fails the deploy, but nothing serves to switch back to (first deploy)");

    public override string Phase => "bake";
}
