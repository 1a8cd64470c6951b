using NuGet.Versioning;
using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Release;

/// <summary>A <see cref="ReleaseRequest"/> after its own validation: typed, resolved, ready to be checked against git.</summary>
internal sealed record ReleaseTarget
{
    public required SemanticVersion Version { get; init; }

    public required string Tag { get; init; }

    public required string Remote { get; init; }

    public required bool DryRun { get; init; }

    public required bool HasToken { get; init; }

    /// <summary>Null only before the repository is resolved (it may come from the remote's URL).</summary>
    public GitHubRepositoryName? Repository { get; init; }

    public required Uri ApiUrl { get; init; }

    /// <summary>Relative to the repository root, '/'-separated.</summary>
    public required string ChangelogPath { get; init; }

    /// <summary>Relative to the repository root, '/'-separated.</summary>
    public required string ReleaseNotesPath { get; init; }

    public string VersionText => Version.ToNormalizedString();
}
