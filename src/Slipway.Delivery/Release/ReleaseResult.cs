using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Release;

/// <summary>What a release run did (or, for a dry run, would do).</summary>
internal sealed record ReleaseResult(ReleasePlan Plan, bool DryRun)
{
    /// <summary>The release commit (made now or by an earlier run); null for a dry run of a new release.</summary>
    public string? ReleaseCommitSha { get; init; }

    public GitHubRelease? GitHubRelease { get; init; }

    /// <summary>Descriptions of the steps actually performed (empty for a dry run or a complete release).</summary>
    public IReadOnlyList<string> PerformedSteps { get; init; } = [];
}
