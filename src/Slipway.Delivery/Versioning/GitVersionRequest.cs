namespace Slipway.Delivery.Versioning;

/// <summary>Input of <see cref="GitVersion.ComputeAsync"/>.</summary>
/// <param name="RepositoryRoot">A folder inside the repository's work tree.</param>
/// <param name="Hints">CI's view of the ref (<see cref="BranchHints.FromEnvironment"/> in a build, <see cref="BranchHints.None"/> in tests).</param>
internal sealed record GitVersionRequest(string RepositoryRoot, BranchHints Hints)
{
    public VersioningOptions Options { get; init; } = VersioningOptions.Default;

    /// <summary>Where a shallow clone fetches its missing history and tags from.</summary>
    public string Remote { get; init; } = "origin";
}
