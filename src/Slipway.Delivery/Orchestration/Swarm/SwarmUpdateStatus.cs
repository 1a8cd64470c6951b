namespace Slipway.Delivery.Orchestration.Swarm;

/// <summary>
/// A service's <c>UpdateStatus</c> as <c>docker service inspect</c> shows it: <see cref="State"/> is one of
/// <c>updating</c>, <c>paused</c>, <c>completed</c>, <c>rollback_started</c>, <c>rollback_paused</c>,
/// <c>rollback_completed</c>; <see cref="StartedAt"/> tells one update from the next.
/// </summary>
internal sealed record SwarmUpdateStatus(string State, string? StartedAt, string? Message)
{
    public const string Updating = "updating";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string RollbackStarted = "rollback_started";
    public const string RollbackPaused = "rollback_paused";
    public const string RollbackCompleted = "rollback_completed";
}
