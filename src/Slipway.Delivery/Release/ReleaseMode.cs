namespace Slipway.Delivery.Release;

/// <summary>How far an earlier run for the same version got, and so what is left to do (docs/release.md, "Resuming").</summary>
internal enum ReleaseMode
{
    /// <summary>Nothing exists yet: changelog, commit, tag, push, GitHub release.</summary>
    New,

    /// <summary>The release commit is HEAD but untagged: tag, push, GitHub release.</summary>
    ResumeFromCommit,

    /// <summary>Release commit and tag exist locally only: push, GitHub release.</summary>
    ResumeFromTag,

    /// <summary>Commit and tag are on the remote: only the GitHub release is missing.</summary>
    ResumeGitHubRelease,

    /// <summary>Everything exists: nothing to do.</summary>
    Complete,
}
