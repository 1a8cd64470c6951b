using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.BasePins;

/// <summary>Everything a pin refresh's pull request needs, checked before the Dockerfile is written.</summary>
/// <param name="GitHub">A client whose token was proven on <paramref name="Repository"/>; the plan's owner disposes it.</param>
/// <param name="Base">The branch the pull request goes into: the one checked out.</param>
/// <param name="Branch">The branch the commit is pushed to.</param>
/// <param name="Existing">The open pull request that branch already has (a re-run the same day), which is updated, not duplicated.</param>
/// <param name="CommitIdentity">GIT_AUTHOR_*/GIT_COMMITTER_* for a runner without a git identity; empty when git has one.</param>
internal sealed record BasePinPullRequestPlan(
    GitHubClient GitHub,
    GitHubRepositoryName Repository,
    string Base,
    string Branch,
    GitHubPullRequest? Existing,
    IReadOnlyDictionary<string, string> CommitIdentity);
