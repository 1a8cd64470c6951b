using Slipway.Delivery.GitHub;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Release;

/// <summary>
/// What <c>./build.sh Release --version 1.4.0 [--dry-run] [--github-repository owner/name]
/// [--github-api-url URL]</c> asks for. Everything is validated by <see cref="ReleaseWorkflow.RunAsync"/> before any
/// side effect.
/// </summary>
/// <param name="RepositoryRoot">The work tree to release from.</param>
/// <param name="Version">Strict SemVer without prefix, e.g. <c>1.4.0</c> or <c>1.4.0-rc.1</c>.</param>
internal sealed record ReleaseRequest(string RepositoryRoot, string? Version)
{
    /// <summary>Print every step and change nothing, locally or remotely.</summary>
    public bool DryRun { get; init; }

    /// <summary>A token with contents:write (a secret; registered with the masker, never logged). Not needed for a dry run.</summary>
    public string? GitHubToken { get; init; }

    /// <summary><c>owner/name</c>; when null, GITHUB_REPOSITORY, then the remote's URL.</summary>
    public string? GitHubRepository { get; init; }

    /// <summary>The REST API root; GitHub Enterprise Server: <c>https://HOST/api/v3</c>.</summary>
    public string? GitHubApiUrl { get; init; }

    public string TagPrefix { get; init; } = VersioningOptions.DefaultTagPrefix;

    public string Remote { get; init; } = "origin";

    /// <summary>Relative to <see cref="RepositoryRoot"/>.</summary>
    public string ChangelogPath { get; init; } = "CHANGELOG.md";

    /// <summary>Relative to <see cref="RepositoryRoot"/>.</summary>
    public string ReleaseNotesPath { get; init; } = Path.Combine("artifacts", "release-notes.md");

    /// <summary>CI's view of the branch when HEAD is detached (<see cref="BranchHints.FromEnvironment"/> in a build).</summary>
    public BranchHints Hints { get; init; } = BranchHints.None;

    /// <summary>Reads GITHUB_REPOSITORY; replaced in tests so the machine's environment cannot leak in.</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The date in the changelog heading of a new release.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public GitHubRetryOptions GitHubRetry { get; init; } = GitHubRetryOptions.Default;

    // The token must never reach a log through a record's generated ToString.
    public override string ToString() =>
        $"ReleaseRequest {{ Version = {Version}, DryRun = {DryRun}, GitHubRepository = {GitHubRepository}, GitHubApiUrl = {GitHubApiUrl}, GitHubToken = {(GitHubToken is null ? "none" : "***")} }}";
}
