using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One step of a canary: the new version takes <paramref name="Percent"/> % of new requests, the stable version the
/// rest, for the analysis window; a breach (readiness, 5xx rate, p95) or too little traffic to judge ends the canary
/// with the stable version taking everything again (exit 11).
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Percent">Its share of new requests.</param>
/// <param name="Number">Which step this is, from 1.</param>
/// <param name="Of">How many steps the canary has.</param>
/// <param name="Window">How long the step is watched.</param>
/// <param name="QuietTimeout">How much longer it may wait for enough responses to judge.</param>
/// <param name="Container">The new version's container.</param>
/// <param name="Version">The new version.</param>
/// <param name="Stable">The version serving the rest, and its slot.</param>
internal sealed record CanaryStep(
    EdgeSlot Slot, int Percent, int Number, int Of, TimeSpan Window, TimeSpan QuietTimeout, string Container, string Version, (AppContainer Container, EdgeSlot Slot) Stable)
    : DeployStep
{
    public override string Description =>
        string.Create(CultureInfo.InvariantCulture,
            $"canary {Number}/{Of}: {Percent} % of new requests to {Version} ({Slot.ServerName}), {100 - Percent} % to {Stable.Container.Version}, watched for {Window.TotalSeconds:0.#} s; ") +
        $"a readiness failure, 5xx rate or p95 breach, or too little traffic to judge, sends everything back to {Stable.Container.Version}";

    public override string Phase => string.Create(CultureInfo.InvariantCulture, $"canary {Percent}%");
}
