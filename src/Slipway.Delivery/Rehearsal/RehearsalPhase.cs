namespace Slipway.Delivery.Rehearsal;

/// <summary>One phase of a rehearsal as it went: how long it took, what the load saw meanwhile, and how it ended.</summary>
/// <param name="Name">What the phase does, e.g. "deploy the broken build, expect it stopped (smoke tests) or rolled back (bake)".</param>
/// <param name="Duration">From its first step to its last.</param>
/// <param name="Requests">Requests the load completed during the phase.</param>
/// <param name="FailedRequests">Of those, the ones that failed.</param>
/// <param name="Outcome">What happened, in a few words (the versions, the exit code).</param>
internal sealed record RehearsalPhase(string Name, TimeSpan Duration, int Requests, int FailedRequests, string Outcome);
