using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// The pipeline's main job in one command on a machine with Docker and nothing else set up (issue 19's front door):
/// the local registry and stand-in bases (LocalInfra), the image (DockerBuild), Push, then the rehearsal on the local
/// staging — the current version deployed, a deliberately broken build of it stopped by the smoke tests or rolled back
/// by the bake, and, once staging served an earlier version, the rollbacks by hand — ending with the URL and the
/// version serving. Which gates the demo skips is the build class's decision (this repository's skips Lint, Test and
/// Scan with <c>OnlyWhenStatic</c> on <see cref="BuildContext.InvokedTargets"/>): the demo shows delivery, the tests
/// are the other front-door command.
/// </summary>
public interface IDemo : IRehearse, ILocalInfra
{
    Target Demo => _ => _
        .Description("The main job on this machine: local registry, image, push, deploy to the local staging, a broken build of it caught and rolled back, a rollback by hand once staging served an earlier version; prints the URL and the version serving")
        .Requires(() => NotificationsAreConfigured)
        .Reports("artifacts/incidents")
        .DependsOn<ILocalInfra>()
        .DependsOn<IPush>()
        .Consumes<IPush>()
        .Executes(async () => await RehearseAsync(firstDeploy: true));
}
