using Slipway.Delivery.LocalInfra;
using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// What DockerBuild, Push and the deploys need on this machine: a registry on 127.0.0.1:5000 and, where public base
/// images cannot be pulled, local stand-ins. The recipe is .ci/provision-docker.sh; this target checks and runs it.
/// </summary>
public interface ILocalInfra : ISlipwayBuild
{
    Target LocalInfra => _ => _
        .Description("Start a local registry and build stand-in base images when missing (idempotent)")
        .Executes(async () =>
        {
            var status = await LocalDockerInfra.EnsureAsync(RootDirectory);
            Host.AddSummaryNote(status.Describe());
        });
}
