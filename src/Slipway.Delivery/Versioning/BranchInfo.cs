namespace Slipway.Delivery.Versioning;

/// <summary>The branch a build is for, as <see cref="BranchResolver"/> decided it.</summary>
internal sealed record BranchInfo(string Name, BranchKind Kind, int? PullRequestNumber = null);
