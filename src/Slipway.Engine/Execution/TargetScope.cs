namespace Slipway.Engine.Execution;

/// <summary>
/// The target whose code is running on this logical flow. It follows async calls and the tasks they start (a tool's
/// output readers too), so a host can tell which target a log line belongs to while several run at once.
/// </summary>
internal static class TargetScope
{
    private static readonly AsyncLocal<ExecutableTarget?> CurrentTarget = new();

    public static ExecutableTarget? Current => CurrentTarget.Value;

    /// <summary>Sets the current target for the rest of the calling async method (an async method's changes do not leak to its caller).</summary>
    public static void Enter(ExecutableTarget target) => CurrentTarget.Value = target;
}
