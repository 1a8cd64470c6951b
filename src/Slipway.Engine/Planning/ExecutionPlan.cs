namespace Slipway.Engine.Planning;

/// <summary>The targets to run, in order, for one invocation.</summary>
public sealed record ExecutionPlan(IReadOnlyList<ExecutableTarget> Targets, IReadOnlyList<ExecutableTarget> Invoked);
