using Slipway.Engine;

namespace Slipway.Delivery.Components;

/// <summary>
/// Where and as whom the stages that talk to GitHub's REST API (Release, RefreshBasePins) reach it: declared once, so
/// neither reads the other's parameters by name.
/// </summary>
public interface IHazGitHub : ISlipwayBuild
{
    [Parameter("GitHub token: Release needs contents: write (a PAT or App token, so the tag starts the delivery workflow); RefreshBasePins --open-pull-request needs contents and pull-requests: write"),
     Secret, GitHubActionsSecret("GITHUB_TOKEN")]
    string? GitHubToken => this.GetParameter<string>();

    [Parameter("owner/name on GitHub (default: GITHUB_REPOSITORY, else the origin URL)")]
    string? GitHubRepository => this.GetParameter<string>();

    [Parameter("GitHub API base URL, for GitHub Enterprise (default https://api.github.com)")]
    string? GitHubApiUrl => this.GetParameter<string>();
}
