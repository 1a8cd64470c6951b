namespace Slipway.Delivery.Versioning;

/// <summary>
/// What CI says about the ref being built, for checkouts where git itself cannot tell (GitHub Actions checks out a
/// detached HEAD for pull requests and tags). Read from the environment once, at the entry point, and handed to the pure
/// <see cref="BranchResolver"/>.
/// </summary>
/// <param name="GitHubRef">GITHUB_REF, e.g. <c>refs/heads/main</c>, <c>refs/pull/12/merge</c>, <c>refs/tags/prod/v1.4.0</c>.</param>
/// <param name="GitHubHeadRef">GITHUB_HEAD_REF: the source branch of a pull request (set only for pull_request events).</param>
public sealed record BranchHints(string? GitHubRef, string? GitHubHeadRef)
{
    /// <summary>No CI information: a developer's machine, or a test.</summary>
    public static BranchHints None { get; } = new(null, null);

    public static BranchHints FromEnvironment() =>
        new(Normalize(Environment.GetEnvironmentVariable("GITHUB_REF")), Normalize(Environment.GetEnvironmentVariable("GITHUB_HEAD_REF")));

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
