using Slipway.Delivery.LocalInfra;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>
/// Sets this machine up as CI does before the tests talk to real engines and servers: the repository's idempotent
/// provisioning scripts (<c>.ci/provision-*.sh</c> by default), as root, through passwordless sudo, or — with neither
/// — as the user, which passes where everything is in place and otherwise stops with the one command to run. Order it
/// before Compile in the build class, so a machine that cannot be set up fails in seconds, not after a compile.
/// </summary>
public interface IProvision : ISlipwayBuild
{
    [Parameter("Do not run the provisioning scripts before the tests (a machine set up another way)")]
    bool NoProvision => this.GetParameter<bool?>() ?? false;

    /// <summary>The scripts, run in name order; each must be idempotent and quick when nothing is missing.</summary>
    IReadOnlyList<AbsolutePath> ProvisionScripts =>
        (RootDirectory / ".ci").DirectoryExists
            ? [.. Directory.EnumerateFiles(RootDirectory / ".ci", "provision-*.sh").Order(StringComparer.Ordinal).Select(AbsolutePath.Create)]
            : [];

    Target Provision => _ => _
        .Description("Install and start what the tests need: the .ci/provision-*.sh scripts CI runs (idempotent; root, sudo -n, or a check as you)")
        .OnlyWhenDynamic(() => !NoProvision, "not --no-provision")
        .Executes(() => MachineProvisioning.RunAsync(ProvisionScripts, RootDirectory));
}
