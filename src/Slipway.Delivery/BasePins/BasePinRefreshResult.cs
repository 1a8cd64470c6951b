using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.BasePins;

/// <summary>What RefreshBasePins found and did.</summary>
/// <param name="Pins">Every pin with the digest its tag names now.</param>
/// <param name="Written">Whether the Dockerfile was rewritten.</param>
internal sealed record BasePinRefreshResult(IReadOnlyList<BasePinStatus> Pins, bool Written)
{
    public IReadOnlyList<BasePinStatus> Changed => [.. Pins.Where(p => p.Changed)];

    /// <summary>The pull request opened, or the open one the branch already had (then <see cref="PullRequestExisted"/>).</summary>
    public GitHubPullRequest? PullRequest { get; init; }

    public bool PullRequestExisted { get; init; }

    public string? Branch { get; init; }
}
