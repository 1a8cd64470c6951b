using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Rehearsal;

/// <summary>
/// What a rehearsal does to its environment, each step exactly as the pipeline's own targets do it (the deploy of
/// DeployStaging, the on-call engineer's Rollback), so the rehearsal proves those and not a copy of them.
/// </summary>
/// <param name="Deploy">Deploys an image; throws <see cref="Engine.BuildFailedException"/> with the deploy's exit code when it does not stay.</param>
/// <param name="BuildBroken">Builds and pushes the deliberately broken build of the current image.</param>
/// <param name="Rollback">Rolls back by hand: to the previous version (null) or to a named retained one (a digest); null when the environment never served an earlier version (Demo's first run), so there is nothing to roll back to by hand.</param>
internal sealed record RehearsalSteps(
    Func<DeployImage, Task<DeployOutcome?>> Deploy,
    Func<DeployImage, Task<DeployImage>> BuildBroken,
    Func<string?, Task<DeployOutcome>>? Rollback);
