namespace Slipway.Delivery.PullRequests;

/// <summary>What <see cref="PullRequestCheck"/> found: each problem with its fix, and the size label the lines changed earn.</summary>
internal sealed record PullRequestVerdict(IReadOnlyList<string> Problems, string SizeLabel, int LinesChanged)
{
    public bool Passed => Problems.Count == 0;
}
