namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// What one watched change is: the image it must end with, on how many tasks, and the <c>UpdateStatus.StartedAt</c> the
/// service showed before the change (so a status left by an earlier update is not taken for this one's). A creation has
/// no update status; a rollback is watched like an update (Swarm reports <c>rollback_*</c> states for it).
/// </summary>
internal sealed record SwarmWatch(string TargetImage, int Replicas, string? BaselineStartedAt, bool Created = false, bool IsRollback = false);
