using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Release;

/// <summary>Creates the GitHub release on the pushed tag (an existing one counts as done).</summary>
internal sealed record CreateGitHubReleaseStep(GitHubRepositoryName Repository, Uri ApiUrl, NewGitHubRelease Release, bool ExistenceChecked) : ReleaseStep
{
    public override string Description =>
        $"Create the GitHub {(Release.Prerelease ? "pre-release" : "release")} \"{Release.Name}\" for {Release.TagName} in {Repository} " +
        $"(POST {ApiUrl.AbsoluteUri.TrimEnd('/')}/repos/{Repository}/releases)" +
        (Release.MakeLatest == "false" ? ", not marked latest (a patch of an older line)" : string.Empty) +
        (ExistenceChecked ? string.Empty : "; whether it exists already was not checked (no token)");
}
