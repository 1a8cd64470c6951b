using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.BasePins;

/// <summary>What <c>./build.sh RefreshBasePins [--dry-run] [--open-pull-request]</c> asks for; validated before any side effect.</summary>
/// <param name="RepositoryRoot">The work tree (git runs here; the Dockerfile's name in messages is relative to it).</param>
/// <param name="Dockerfile">The Dockerfile whose pinned <c>ARG</c> lines are refreshed.</param>
internal sealed record BasePinRefreshRequest(string RepositoryRoot, string Dockerfile)
{
    /// <summary>Print the table and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Commit the change on <see cref="BasePinPullRequest.BranchName"/>, push it and open a pull request.</summary>
    public bool OpenPullRequest { get; init; }

    /// <summary>Sent only to the registry it names.</summary>
    public ScopedRegistryLogin? RegistryLogin { get; init; }

    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A token with contents and pull-requests: write (a secret; masked, never logged). Needed for a pull request.</summary>
    public string? GitHubToken { get; init; }

    /// <summary><c>owner/name</c>; when null, GITHUB_REPOSITORY, then the remote's URL.</summary>
    public string? GitHubRepository { get; init; }

    public string? GitHubApiUrl { get; init; }

    public string Remote { get; init; } = "origin";

    /// <summary>Reads GITHUB_REPOSITORY, GITHUB_REF_NAME and GITHUB_ACTIONS; replaced in tests so the machine's environment cannot leak in.</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The date in the branch name.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public GitHubRetryOptions GitHubRetry { get; init; } = GitHubRetryOptions.Default;

    // The token must never reach a log through a record's generated ToString.
    public override string ToString() =>
        $"BasePinRefreshRequest {{ Dockerfile = {Dockerfile}, DryRun = {DryRun}, OpenPullRequest = {OpenPullRequest}, GitHubRepository = {GitHubRepository}, GitHubToken = {(GitHubToken is null ? "none" : "***")} }}";
}
