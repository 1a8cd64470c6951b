using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>Starts the new version beside the serving one, on a loopback port of its own, taking no traffic yet.</summary>
/// <param name="Run">The container to start.</param>
/// <param name="Version">The image's version.</param>
/// <param name="ReplacesLeftover">A container of that name (same digest: a redeploy, or a crashed run's) is removed first.</param>
internal sealed record RunNewColourStep(AppRunSpec Run, string Version, bool ReplacesLeftover) : DeployStep
{
    public override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"start {Version} as {Run.Name} on 127.0.0.1:{Run.Port}") +
        (ReplacesLeftover ? " (replacing the existing container of that name)" : string.Empty);

    public override string Phase => "start";
}
