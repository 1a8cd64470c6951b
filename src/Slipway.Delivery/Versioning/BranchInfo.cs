namespace Slipway.Delivery.Versioning;

/// <summary>The branch a build is for, as <see cref="BranchResolver"/> decided it.</summary>
public sealed record BranchInfo(string Name, BranchKind Kind, int? PullRequestNumber = null);
