namespace Slipway.Engine;

/// <summary>
/// A <c>Requires</c> clause: either a parameter that must have a value (<see cref="ParameterMember"/> set) or a
/// boolean condition over parameters.
/// </summary>
public sealed record TargetRequirement(Func<bool> IsSatisfied, string Text, string? ParameterMember);
