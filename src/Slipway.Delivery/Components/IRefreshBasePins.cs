using Slipway.Delivery.BasePins;
using Slipway.Engine;
using Slipway.Engine.IO;

namespace Slipway.Delivery.Components;

/// <summary>
/// Keeps the Dockerfile's pinned base images (<c>ARG NAME=image:tag@sha256:…</c>) on what their tags name, which
/// Dependabot cannot do for <c>ARG</c> defaults (docs/image.md, "Keeping the pins fresh"); in CI, weekly, as a pull request.
/// </summary>
public interface IRefreshBasePins : IHazImage, IHazRegistryCredentials, IHazDryRun, IHazGitHub
{
    [Parameter("RefreshBasePins: commit the refreshed pins on deps/base-pins-<date>, push it and open a pull request (CI's base-pins workflow)")]
    bool OpenPullRequest => this.GetParameter<bool?>() ?? false;

    /// <summary>The build's Dockerfile when it builds one (<see cref="IDockerBuild.Dockerfile"/>), else the root's.</summary>
    AbsolutePath BasePinsDockerfile => this is IDockerBuild build ? build.Dockerfile : RootDirectory / "Dockerfile";

    Target RefreshBasePins => _ => _
        .Description("Re-read what the Dockerfile's pinned base image tags name and rewrite the digests that moved (--dry-run prints only; --open-pull-request opens a pull request)")
        .Executes(async () =>
        {
            // The login is for the pipeline's own registry (--registry); pins elsewhere are asked anonymously.
            var login = RegistryLogin() is { } credentials ? new ScopedRegistryLogin(Registry, credentials) : null;
            var result = await BasePinRefresher.RunAsync(new BasePinRefreshRequest(RootDirectory, BasePinsDockerfile)
            {
                DryRun = DryRun,
                OpenPullRequest = OpenPullRequest,
                RegistryLogin = login,
                GitHubToken = GitHubToken,
                GitHubRepository = GitHubRepository,
                GitHubApiUrl = GitHubApiUrl,
                EnvironmentVariable = Context.GetEnvironmentVariable,
            });
            Host.AddSummaryNote(result switch
            {
                { Changed.Count: 0 } => $"Base image pins: all {result.Pins.Count} current, nothing changed",
                { PullRequest: { } pr, PullRequestExisted: true } => $"Base image pins: {result.Changed.Count} refreshed, open pull request #{pr.Number} updated ({pr.HtmlUrl})",
                { PullRequest: { } pr } => $"Base image pins: {result.Changed.Count} refreshed, pull request #{pr.Number} opened ({pr.HtmlUrl})",
                { Written: true } => $"Base image pins: {result.Changed.Count} refreshed in the Dockerfile",
                _ => $"Base image pins: {result.Changed.Count} would change (dry run, nothing written)",
            });
        });
}
