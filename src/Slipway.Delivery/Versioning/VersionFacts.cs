using Slipway.Delivery.Git;

namespace Slipway.Delivery.Versioning;

/// <summary>
/// Everything <see cref="VersionCalculator"/> needs, read from git by <see cref="GitVersion"/>: the facts are data, so
/// every rule is tested without a repository.
/// </summary>
/// <param name="HeadSha">The commit being versioned.</param>
/// <param name="Branch">The branch the build is for.</param>
/// <param name="ReachableTags">Release tags reachable from HEAD (including those on HEAD itself).</param>
/// <param name="CommitsSinceLatestTag">
/// Commits reachable from HEAD but not from the highest of <paramref name="ReachableTags"/> (all of history when there
/// is none), merges included: their count is the N of the pre-release label, their messages carry <c>+semver:</c>.
/// </param>
internal sealed record VersionFacts(
    string HeadSha,
    BranchInfo Branch,
    IReadOnlyList<VersionTag> ReachableTags,
    IReadOnlyList<GitCommit> CommitsSinceLatestTag);
