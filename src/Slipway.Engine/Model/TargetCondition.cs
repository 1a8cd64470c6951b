namespace Slipway.Engine;

/// <summary>A condition with the source text it was written as, so a skip or failure can quote it.</summary>
public sealed record TargetCondition(Func<bool> Evaluate, string Text);
