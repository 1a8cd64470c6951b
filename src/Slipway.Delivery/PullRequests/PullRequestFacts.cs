using Slipway.Delivery.Git;

namespace Slipway.Delivery.PullRequests;

/// <summary>What a pull request is made of, as git and the event tell it: its title (null when none was given), its own commits (merges left out) and the lines it changes.</summary>
internal sealed record PullRequestFacts(string? Title, IReadOnlyList<GitCommit> Commits, int LinesChanged);
