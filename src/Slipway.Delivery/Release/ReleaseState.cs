using Slipway.Delivery.Git;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Versioning;

namespace Slipway.Delivery.Release;

/// <summary>
/// The facts a release decision rests on, read by <see cref="ReleaseStateReader"/> without changing anything, so the
/// decision itself (<see cref="ReleasePlanner"/>) is pure and tested for every combination.
/// </summary>
internal sealed record ReleaseState
{
    public required GitCommit Head { get; init; }

    public required BranchInfo Branch { get; init; }

    public required bool IsShallow { get; init; }

    /// <summary><c>git status --porcelain</c> lines, our own release-notes file excluded.</summary>
    public required IReadOnlyList<string> UncommittedChanges { get; init; }

    public required bool HasCommitterIdentity { get; init; }

    /// <summary>The tip of the branch on the remote, or null when the remote has no such branch.</summary>
    public required string? RemoteBranchSha { get; init; }

    /// <summary>Release tags known locally or on the remote.</summary>
    public required IReadOnlyList<VersionTag> ReleaseTags { get; init; }

    /// <summary>The object the release's tag name points at locally (null: no such tag).</summary>
    public required string? LocalTagObject { get; init; }

    /// <summary>The commit the local tag points at.</summary>
    public required GitCommit? LocalTagCommit { get; init; }

    /// <summary>The object the tag name points at on the remote (null: no such tag there).</summary>
    public required string? RemoteTagObject { get; init; }

    /// <summary>The GitHub release for the tag, when it was looked up and exists.</summary>
    public GitHubRelease? ExistingGitHubRelease { get; init; }

    /// <summary>False when GitHub could not be asked (a dry run without a token).</summary>
    public bool GitHubChecked { get; init; }
}
